// Collaboration areas of an alliance (bch_governance.areas, area_versions, area_timeline): a
// child resource on the kit, so that an area's lead force and units read right as of any day.
#ifndef BCH_SERVICES_GOVERNANCE_AREA_STORE_H_
#define BCH_SERVICES_GOVERNANCE_AREA_STORE_H_

#include <string>

#include "absl/status/status.h"
#include "bch/common/db_pool.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

const common::VersionedTable& AreaTable();

// An area's lead force is a member of its alliance on every day both apply (see
// CheckLeadForcesAreMembers).
common::WriteHooks AreaHooks();

// INVALID_ARGUMENT on `field` if, on any day, an area of alliance `alliance_id` is led by a
// force that is not a member of the alliance that day. Runs under the alliance row's lock (taken
// by the alliance's own write, or by an area's parent check: common::ParentOf), so that an
// area's write and an alliance's change of members never pass it side by side.
absl::Status CheckLeadForcesAreMembers(common::DbConnection& db, const std::string& alliance_id,
                                       const std::string& field);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_AREA_STORE_H_
