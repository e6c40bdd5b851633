// Input checks of the governance service (see validation.h).
#include "validation.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bch/common/resource_names.h"

namespace bch::governance {
namespace {

// A repeated field of resource names: `min` to `max` of them, each a name in `collection`,
// each once.
void CheckNames(common::Violations& v, const std::string& field,
                const google::protobuf::RepeatedPtrField<std::string>& names,
                const std::string& collection, int min, int max) {
  if (names.size() < min || names.size() > max) {
    v.Add(field, absl::StrCat("must name ", min, " to ", max, " (names ", names.size(), ")"));
    return;
  }
  for (int i = 0; i < names.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    common::CheckName(v, item, names[i], collection, common::Required::kYes);
    if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i) {
      v.Add(item, "is named twice");
    }
  }
}

}  // namespace

void CheckForce(common::Violations& v, const v1::Force& force,
                const std::set<std::string>& fields) {
  using common::Required;
  const std::pair<const char*, std::pair<const std::string*, size_t>> texts[] = {
      {"display_name", {&force.display_name(), 200}},
      {"short_name", {&force.short_name(), 100}},
      {"policing_body", {&force.policing_body(), 200}},
      {"commissioner", {&force.commissioner(), 200}},
      {"chief_officer", {&force.chief_officer(), 200}},
      {"chief_officer_title", {&force.chief_officer_title(), 100}}};
  for (const auto& [field, text] : texts) {
    if (!fields.contains(field)) continue;
    common::CheckText(v, std::string("force.") + field, *text.first, text.second,
                      std::string(field) == "display_name" ? Required::kYes : Required::kNo);
  }
}

const std::set<std::string>& UpdatableForceFields() {
  static const auto* const kFields =
      new std::set<std::string>{"display_name", "short_name",    "policing_body",
                                "commissioner", "chief_officer", "chief_officer_title"};
  return *kFields;
}

void CheckAlliance(common::Violations& v, const v1::Alliance& alliance,
                   const std::set<std::string>& fields, const std::string& id) {
  using common::Required;
  if (fields.contains("display_name")) {
    common::CheckText(v, "alliance.display_name", alliance.display_name(), 200, Required::kYes);
  }
  if (fields.contains("short_name")) {
    common::CheckText(v, "alliance.short_name", alliance.short_name(), 100, Required::kNo);
  }
  if (fields.contains("type")) common::CheckEnumSet(v, "alliance.type", alliance.type());
  if (fields.contains("members")) {
    CheckNames(v, "alliance.members", alliance.members(), "forces", 1, 50);
  }
  if (fields.contains("aim")) {
    common::CheckText(v, "alliance.aim", alliance.aim(), 2000, Required::kNo, /*multiline=*/true);
  }
  if (fields.contains("objectives")) {
    if (alliance.objectives_size() > 50) v.Add("alliance.objectives", "must be at most 50");
    for (int i = 0; i < alliance.objectives_size() && i < 50; ++i) {
      common::CheckText(v, absl::StrCat("alliance.objectives[", i, "]"), alliance.objectives(i),
                        1000, Required::kYes, /*multiline=*/true);
    }
  }
  if (fields.contains("legal_basis")) {
    common::CheckText(v, "alliance.legal_basis", alliance.legal_basis(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("part_of")) {
    CheckNames(v, "alliance.part_of", alliance.part_of(), "alliances", 0, 20);
    const std::string self = common::ResourceName("alliances", id);
    for (int i = 0; i < alliance.part_of_size(); ++i) {
      if (!id.empty() && alliance.part_of(i) == self) {
        v.Add(absl::StrCat("alliance.part_of[", i, "]"), "names the alliance itself");
      }
    }
  }
  if (fields.contains("delivers")) {
    CheckNames(v, "alliance.delivers", alliance.delivers(), "projects", 0, 50);
  }
}

const std::set<std::string>& UpdatableAllianceFields() {
  static const auto* const kFields =
      new std::set<std::string>{"display_name", "short_name",  "type",    "members", "aim",
                                "objectives",   "legal_basis", "part_of", "delivers"};
  return *kFields;
}

}  // namespace bch::governance
