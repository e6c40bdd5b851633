// SQL for report series (bch_reporting.report_series) (see report_series_store.h).
#include "report_series_store.h"

#include "bch/common/resource_names.h"

namespace bch::reporting {
namespace {

v1::ReportSeries ReportSeriesFromRow(const common::Row& row) {
  v1::ReportSeries series;
  series.set_name(common::ResourceName("reportSeries", row.String(0)));
  series.set_title(row.String(1));
  series.set_audience(row.String(2));
  series.set_author(row.String(3));
  return series;
}

}  // namespace

absl::StatusOr<common::Page<v1::ReportSeries>> ReportSeriesStore::List(
    const common::PageRequest& page, absl::Time deadline) {
  return common::FetchPageById<v1::ReportSeries>(
      pool_, page, deadline,
      "SELECT id, title, audience, author FROM report_series WHERE id > ? ORDER BY id LIMIT ?",
      ReportSeriesFromRow);
}

}  // namespace bch::reporting
