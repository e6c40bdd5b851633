// SQL for measures (bch_finance.measures). No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_FINANCE_MEASURE_STORE_H_
#define BCH_SERVICES_FINANCE_MEASURE_STORE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

class MeasureStore final {
 public:
  explicit MeasureStore(common::DbPool& pool) : pool_(pool) {}

  // One page of measures ordered by id.
  absl::StatusOr<common::Page<v1::Measure>> List(const common::PageRequest& page,
                                                 absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_MEASURE_STORE_H_
