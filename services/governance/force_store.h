// SQL for forces (bch_governance.forces). No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
#define BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

class ForceStore final {
 public:
  explicit ForceStore(common::DbPool& pool) : pool_(pool) {}

  // One page of forces ordered by id.
  absl::StatusOr<common::Page<v1::Force>> List(const common::PageRequest& page,
                                               absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_FORCE_STORE_H_
