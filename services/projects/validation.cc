// Input checks of the projects service (see validation.h).
#include "validation.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/dated_value.h"
#include "bch/common/resource_names.h"

namespace bch::projects {

using common::CheckName;
using common::CheckText;
using common::DatedValueFromProto;
using common::IsEmpty;
using common::Required;

void CheckProgramme(Violations& v, const v1::Programme& programme,
                    const std::set<std::string>& fields) {
  if (fields.contains("title"))
    CheckText(v, "programme.title", programme.title(), 200, Required::kYes);
  if (fields.contains("lead_force")) {
    CheckName(v, "programme.lead_force", programme.lead_force(), "forces", Required::kNo);
  }
}

void CheckProject(Violations& v, const v1::Project& project, const std::set<std::string>& fields,
                  absl::string_view self) {
  auto has = [&](const char* f) { return fields.contains(f); };
  if (has("title")) CheckText(v, "project.title", project.title(), 200, Required::kYes);
  if (has("description")) {
    CheckText(v, "project.description", project.description(), 5000, Required::kNo,
              /*multiline=*/true);
  }
  if (has("programme"))
    CheckName(v, "project.programme", project.programme(), "programmes", Required::kYes);
  if (has("lead_force"))
    CheckName(v, "project.lead_force", project.lead_force(), "forces", Required::kNo);
  if (has("participating_forces")) {
    std::set<std::string> seen;
    for (int i = 0; i < project.participating_forces_size(); ++i) {
      const std::string field = absl::StrCat("project.participating_forces[", i, "]");
      CheckName(v, field, project.participating_forces(i), "forces", Required::kYes);
      if (!seen.insert(project.participating_forces(i)).second) v.Add(field, "is repeated");
    }
    if (project.participating_forces_size() > 50) {
      v.Add("project.participating_forces", "must list at most 50 forces");
    }
  }
  if (has("consortium_note")) {
    CheckText(v, "project.consortium_note", project.consortium_note(), 1000, Required::kNo);
  }
  if (has("parent")) {
    CheckName(v, "project.parent", project.parent(), "projects", Required::kNo);
    if (!project.parent().empty() && project.parent() == self) {
      v.Add("project.parent", "a project cannot be its own parent");
    }
  }
  if (has("state")) {
    common::CheckEnumSet(v, "project.state", project.state());
  }
  if (has("dependencies")) {
    if (project.dependencies_size() > 50) {
      v.Add("project.dependencies", "must list at most 50 projects");
    }
    std::set<std::string> seen;
    for (int i = 0; i < project.dependencies_size(); ++i) {
      const auto& dependency = project.dependencies(i);
      const std::string field = absl::StrCat("project.dependencies[", i, "]");
      CheckName(v, field + ".project", dependency.project(), "projects", Required::kYes);
      CheckText(v, field + ".reason", dependency.reason(), 500, Required::kNo);
      if (dependency.project() == self) {
        v.Add(field + ".project", "a project cannot depend on itself");
      } else if (!seen.insert(dependency.project()).second) {
        v.Add(field + ".project", "is repeated");
      }
    }
  }
}

void CheckMilestone(Violations& v, const v1::Milestone& milestone,
                    const std::set<std::string>& fields) {
  if (fields.contains("title"))
    CheckText(v, "milestone.title", milestone.title(), 200, Required::kYes);
  const std::pair<const char*, const v1::DatedValue*> dates[] = {
      {"planned", &milestone.planned()},
      {"forecast", &milestone.forecast()},
      {"actual", &milestone.actual()}};
  for (const auto& [name, value] : dates) {
    if (fields.contains(name) && !IsEmpty(*value)) {
      v.AddFrom(DatedValueFromProto(*value, absl::StrCat("milestone.", name)).status());
    }
  }
}

void CheckStatusUpdate(Violations& v, const v1::StatusUpdate& update) {
  if (!update.has_as_of_date()) {
    v.Add("status_update.as_of_date", "must be set");
  } else {
    v.AddFrom(common::CivilDayFromDate(update.as_of_date(), "status_update.as_of_date").status());
  }
  CheckText(v, "status_update.author", update.author(), 200, Required::kYes);
  CheckText(v, "status_update.text", update.text(), 10000, Required::kYes, /*multiline=*/true);
}

std::vector<std::string> FindDependencyCycle(
    const std::map<std::string, std::vector<std::string>>& edges, const std::string& from) {
  std::vector<std::string> path;
  std::set<std::string> visited;
  std::function<bool(const std::string&)> visit = [&](const std::string& node) {
    path.push_back(node);
    auto it = edges.find(node);
    if (it != edges.end()) {
      for (const std::string& next : it->second) {
        if (next == from) {
          path.push_back(from);
          return true;
        }
        if (visited.insert(next).second && visit(next)) return true;
      }
    }
    path.pop_back();
    return false;
  };
  return visit(from) ? path : std::vector<std::string>{};
}

const std::set<std::string>& UpdatableProgrammeFields() {
  static const auto* const kFields =
      new std::set<std::string>{"title", "lead_force", "display_order"};
  return *kFields;
}

const std::set<std::string>& UpdatableProjectFields() {
  static const auto* const kFields = new std::set<std::string>{
      "title",           "description", "programme", "lead_force",          "participating_forces",
      "consortium_note", "parent",      "state",     "delivery_confidence", "dependencies",
      "display_order"};
  return *kFields;
}

const std::set<std::string>& UpdatableMilestoneFields() {
  static const auto* const kFields =
      new std::set<std::string>{"title", "planned", "forecast", "actual", "display_order"};
  return *kFields;
}

}  // namespace bch::projects
