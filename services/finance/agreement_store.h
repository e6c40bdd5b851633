// SQL for cost-sharing agreements (bch_finance.cost_sharing_agreements, _versions, _timeline): a
// versioned resource on the kit (common/versioned_table.h) kept whole as one serialized body. No
// gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
#define BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

class AgreementStore final {
 public:
  explicit AgreementStore(common::DbPool& pool) : pool_(pool) {}

  // ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::CostSharingAgreement> Create(const std::string& id,
                                                  const v1::CostSharingAgreement& agreement,
                                                  absl::CivilDay effective,
                                                  const common::WriteContext& context);
  // The agreement now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<v1::CostSharingAgreement> Get(const std::string& id,
                                               std::optional<absl::CivilDay> as_of,
                                               absl::Time deadline);
  // One page of agreements by id, now or as of a day.
  absl::StatusOr<common::Page<v1::CostSharingAgreement>> List(const common::PageRequest& page,
                                                              std::optional<absl::CivilDay> as_of,
                                                              absl::Time deadline);
  // Applies `paths` of `patch` from `effective` on; ABORTED on a stale etag.
  absl::StatusOr<v1::CostSharingAgreement> Update(const std::string& id,
                                                  const v1::CostSharingAgreement& patch,
                                                  const std::vector<std::string>& paths,
                                                  absl::CivilDay effective,
                                                  const common::WriteContext& context);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
