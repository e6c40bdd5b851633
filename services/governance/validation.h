// Input checks of the governance service: its own rules on top of the kit's (common/checks.h).
#ifndef BCH_SERVICES_GOVERNANCE_VALIDATION_H_
#define BCH_SERVICES_GOVERNANCE_VALIDATION_H_

#include <set>
#include <string>

#include "bch/common/checks.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

// The force's `fields` (all updatable ones on create, the mask's on update).
void CheckForce(common::Violations& v, const v1::Force& force, const std::set<std::string>& fields);

// The fields UpdateForce may change.
const std::set<std::string>& UpdatableForceFields();

// The alliance's `fields` (all updatable ones on create, the mask's on update); `id` is its own
// id (an alliance is not part of itself).
void CheckAlliance(common::Violations& v, const v1::Alliance& alliance,
                   const std::set<std::string>& fields, const std::string& id);

// The fields UpdateAlliance may change.
const std::set<std::string>& UpdatableAllianceFields();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_VALIDATION_H_
