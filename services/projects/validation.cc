// Input checks of the projects service (see validation.h).
#include "validation.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/resource_names.h"
#include "dated_value.h"

namespace bch::projects {
namespace {

size_t CodePoints(absl::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

void CheckEnum(Violations& v, const std::string& field, int value, bool (*is_valid)(int),
               bool allow_unspecified) {
  if (!is_valid(value)) {
    v.Add(field, absl::StrCat(value, " is not a known value"));
  } else if (value == 0 && !allow_unspecified) {
    v.Add(field, "must be set");
  }
}

}  // namespace

void Violations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void Violations::AddFrom(const absl::Status& status) {
  for (auto& violation : common::FieldViolationsOf(status)) {
    violations_.push_back(std::move(violation));
  }
}

absl::Status Violations::ToStatus() && {
  if (violations_.empty()) return absl::OkStatus();
  return common::InvalidArgumentError(std::move(violations_));
}

void CheckText(Violations& v, const std::string& field, absl::string_view value, size_t max,
               bool required, bool multiline) {
  if (value.empty()) {
    if (required) v.Add(field, "must not be empty");
    return;
  }
  if (CodePoints(value) > max) v.Add(field, absl::StrCat("must be at most ", max, " characters"));
  for (unsigned char c : value) {
    if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7F) {
      v.Add(field, "must not contain control characters");
      return;
    }
  }
}

void CheckId(Violations& v, const std::string& field, absl::string_view id) {
  if (!common::IsValidResourceId(id)) {
    v.Add(field,
          "must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter and not "
          "ending with a hyphen");
  }
}

void CheckName(Violations& v, const std::string& field, absl::string_view name,
               absl::string_view collection, bool required) {
  if (name.empty() && !required) return;
  v.AddFrom(common::ParseResourceId(name, collection, field).status());
}

void CheckProgramme(Violations& v, const v1::Programme& programme,
                    const std::set<std::string>& fields) {
  if (fields.contains("title")) CheckText(v, "programme.title", programme.title(), 200, true);
  if (fields.contains("lead_force")) {
    CheckName(v, "programme.lead_force", programme.lead_force(), "forces", true);
  }
}

void CheckProject(Violations& v, const v1::Project& project, const std::set<std::string>& fields,
                  absl::string_view self) {
  auto has = [&](const char* f) { return fields.contains(f); };
  if (has("title")) CheckText(v, "project.title", project.title(), 200, true);
  if (has("description")) {
    CheckText(v, "project.description", project.description(), 5000, false, true);
  }
  if (has("programme")) CheckName(v, "project.programme", project.programme(), "programmes", true);
  if (has("lead_force")) CheckName(v, "project.lead_force", project.lead_force(), "forces", true);
  if (has("participating_forces")) {
    std::set<std::string> seen;
    for (int i = 0; i < project.participating_forces_size(); ++i) {
      const std::string field = absl::StrCat("project.participating_forces[", i, "]");
      CheckName(v, field, project.participating_forces(i), "forces", true);
      if (!seen.insert(project.participating_forces(i)).second) v.Add(field, "is repeated");
    }
    if (project.participating_forces_size() > 50) {
      v.Add("project.participating_forces", "must list at most 50 forces");
    }
  }
  if (has("consortium_note")) {
    CheckText(v, "project.consortium_note", project.consortium_note(), 1000, false);
  }
  if (has("parent")) {
    CheckName(v, "project.parent", project.parent(), "projects", false);
    if (!project.parent().empty() && project.parent() == self) {
      v.Add("project.parent", "a project cannot be its own parent");
    }
  }
  if (has("state")) {
    CheckEnum(v, "project.state", project.state(), v1::LifecycleState_IsValid, false);
  }
  if (has("delivery_confidence")) {
    CheckEnum(v, "project.delivery_confidence", project.delivery_confidence(),
              v1::DeliveryConfidence_IsValid, true);
  }
  if (has("dependencies")) {
    std::set<std::string> seen;
    for (int i = 0; i < project.dependencies_size(); ++i) {
      const auto& dependency = project.dependencies(i);
      const std::string field = absl::StrCat("project.dependencies[", i, "]");
      CheckName(v, field + ".project", dependency.project(), "projects", true);
      CheckText(v, field + ".reason", dependency.reason(), 1000, false);
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
  if (fields.contains("title")) CheckText(v, "milestone.title", milestone.title(), 200, true);
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
    v.AddFrom(CivilDayFromDate(update.as_of_date(), "status_update.as_of_date").status());
  }
  CheckText(v, "status_update.author", update.author(), 200, true);
  CheckText(v, "status_update.text", update.text(), 10000, true, true);
  CheckEnum(v, "status_update.rating", update.rating(), v1::DeliveryConfidence_IsValid, true);
}

absl::CivilDay CheckOptionalDate(Violations& v, const std::string& field, bool has,
                                 const google::type::Date& date, absl::CivilDay fallback) {
  if (!has) return fallback;
  auto day = CivilDayFromDate(date, field);
  if (!day.ok()) {
    v.AddFrom(day.status());
    return fallback;
  }
  return *day;
}

absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

absl::CivilDay LatestRecorded() { return absl::CivilDay(9999, 12, 31); }

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
