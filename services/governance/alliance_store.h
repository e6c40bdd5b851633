// SQL for alliances and consortia (bch_governance.alliances, alliance_versions,
// alliance_timeline): a versioned resource on the kit kept whole as one serialized body, so that
// membership, aims and relations read right as of any day. No gRPC here.
#ifndef BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_
#define BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

class AllianceStore final {
 public:
  explicit AllianceStore(common::DbPool& pool) : pool_(pool) {}

  // ALREADY_EXISTS if the id is taken; INVALID_ARGUMENT on members or part_of when a force or
  // alliance named does not exist on the day.
  absl::StatusOr<v1::Alliance> Create(const std::string& id, const v1::Alliance& alliance,
                                      absl::CivilDay effective,
                                      const common::WriteContext& context);
  // The alliance now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<v1::Alliance> Get(const std::string& id, std::optional<absl::CivilDay> as_of,
                                   absl::Time deadline);
  // One page of alliances ordered by id, now or as of a day.
  absl::StatusOr<common::Page<v1::Alliance>> List(const common::PageRequest& page,
                                                  std::optional<absl::CivilDay> as_of,
                                                  absl::Time deadline);
  // Applies `paths` of `patch` from `effective` on; ABORTED on a stale etag; the references are
  // checked on every day the change governs.
  absl::StatusOr<v1::Alliance> Update(const std::string& id, const v1::Alliance& patch,
                                      const std::vector<std::string>& paths,
                                      absl::CivilDay effective,
                                      const common::WriteContext& context);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_
