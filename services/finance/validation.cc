// Input checks of the finance service (see validation.h).
#include "validation.h"

namespace bch::finance {

void CheckMeasure(common::Violations& v, const v1::Measure& measure,
                  const std::set<std::string>& fields) {
  using common::Required;
  if (fields.contains("display_name")) {
    common::CheckText(v, "measure.display_name", measure.display_name(), 200, Required::kYes);
  }
  if (fields.contains("description")) {
    common::CheckText(v, "measure.description", measure.description(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("unit")) common::CheckEnumSet(v, "measure.unit", measure.unit());
}

const std::set<std::string>& UpdatableMeasureFields() {
  static const auto* const kFields =
      new std::set<std::string>{"display_name", "description", "display_order", "unit"};
  return *kFields;
}

}  // namespace bch::finance
