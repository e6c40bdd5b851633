// SQL for forces (bch_governance.forces, force_versions, force_timeline): a versioned resource on
// the kit (common/versioned_table.h), so that a change of chief constable or commissioner reads
// right as of any day. No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
#define BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/versioned_table.h"
#include "bch/common/write_context.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

// The forces' versioned table, for other stores' checks (an alliance's members must exist).
const common::VersionedTable& ForceTable();

class ForceStore final {
 public:
  explicit ForceStore(common::DbPool& pool) : pool_(pool) {}

  // ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::Force> Create(const std::string& id, const v1::Force& force,
                                   absl::CivilDay effective, const common::WriteContext& context);
  // The force now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<v1::Force> Get(const std::string& id, std::optional<absl::CivilDay> as_of,
                                absl::Time deadline);
  // One page of forces ordered by id, now or as of a day.
  absl::StatusOr<common::Page<v1::Force>> List(const common::PageRequest& page,
                                               std::optional<absl::CivilDay> as_of,
                                               absl::Time deadline);
  // Applies `paths` of `patch` from `effective` on; ABORTED on a stale etag.
  absl::StatusOr<v1::Force> Update(const std::string& id, const v1::Force& patch,
                                   const std::vector<std::string>& paths, absl::CivilDay effective,
                                   const common::WriteContext& context);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
