// Input checks of the governance service (see validation.h).
#include "validation.h"

#include <utility>

namespace bch::governance {

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

}  // namespace bch::governance
