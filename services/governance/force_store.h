// Forces (bch_governance.forces, force_versions, force_timeline): a versioned resource on the kit
// (common/versioned_table.h), so that a change of chief constable or commissioner reads right as
// of any day; served through common::StandardMethods.
#ifndef BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
#define BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_

#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

// The forces' versioned table (also for other stores' checks: an alliance's members must exist).
const common::VersionedTable& ForceTable();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
