// Input checks of the finance service: its own rules on top of the kit's (common/checks.h).
#ifndef BCH_SERVICES_FINANCE_VALIDATION_H_
#define BCH_SERVICES_FINANCE_VALIDATION_H_

#include <set>
#include <string>

#include "bch/common/checks.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

// The measure's `fields` (all updatable ones on create, the mask's on update).
void CheckMeasure(common::Violations& v, const v1::Measure& measure,
                  const std::set<std::string>& fields);

// The fields UpdateMeasure may change.
const std::set<std::string>& UpdatableMeasureFields();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_VALIDATION_H_
