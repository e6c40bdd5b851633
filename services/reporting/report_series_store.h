// SQL for report series (bch_reporting.report_series). No gRPC here: statuses and proto messages
// only.
#ifndef BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_
#define BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/reporting/v1/reporting_service.pb.h"

namespace bch::reporting {

class ReportSeriesStore final {
 public:
  explicit ReportSeriesStore(common::DbPool& pool) : pool_(pool) {}

  // One page of report series ordered by id.
  absl::StatusOr<common::Page<v1::ReportSeries>> List(const common::PageRequest& page,
                                                      absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_
