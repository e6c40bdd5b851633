// Report series (bch_reporting.report_series, report_series_versions, report_series_timeline): a
// versioned resource on the kit (common/versioned_table.h), so that every edit of a series'
// standing text and layout is kept and reads right as of any day; served through
// common::StandardMethods. The layout is stored serialized in its own column.
#ifndef BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_
#define BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_

#include "bch/common/versioned_table.h"
#include "bch/reporting/v1/reporting_service.pb.h"

namespace bch::reporting {

// The report series' versioned table (also for the issued reports' check that a series exists).
const common::VersionedTable& ReportSeriesTable();

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_REPORT_SERIES_STORE_H_
