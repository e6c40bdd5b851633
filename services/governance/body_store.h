// Governance bodies of an alliance (bch_governance.bodies, body_versions, body_timeline): a child
// resource on the kit whose reporting lines form a tree on every day, read as a whole model as
// of any day.
#ifndef BCH_SERVICES_GOVERNANCE_BODY_STORE_H_
#define BCH_SERVICES_GOVERNANCE_BODY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

const common::VersionedTable& BodyTable();

// On every day, each body reports to one that exists that day and never, through any chain,
// to itself (INVALID_ARGUMENT on body.reports_to). Runs under the alliance row's lock (the
// parent check's: common::ParentOf), so that two writes never pass it side by side.
common::WriteHooks BodyHooks();

// The governance model of alliance `alliance_id` now (as_of unset) or at the end of `as_of`: one
// query (the caller has read the alliance).
absl::StatusOr<v1::GovernanceModel> ReadGovernanceModel(common::DbConnection& db,
                                                        const std::string& alliance_id,
                                                        std::optional<absl::CivilDay> as_of);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_BODY_STORE_H_
