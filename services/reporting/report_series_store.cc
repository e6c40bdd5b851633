// The report series' table (see report_series_store.h).
#include "report_series_store.h"

namespace bch::reporting {
namespace {

common::SqlParam CoveredForceOf(const v1::ReportSeries& series) { return series.force(); }

void ReadCoveredForce(const common::Row& row, int column, v1::ReportSeries& series) {
  series.set_force(row.String(column));
}

common::SqlParam LayoutOf(const v1::ReportSeries& series) {
  v1::SeriesLayout layout = series.layout();
  layout.DiscardUnknownFields();  // what the schema does not know is not stored
  return layout.SerializeAsString();
}

void ReadLayout(const common::Row& row, int column, v1::ReportSeries& series) {
  (void)series.mutable_layout()->ParseFromString(row.String(column));
}

}  // namespace

const common::VersionedTable& ReportSeriesTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "reportSeries/{report_series}",
       .kind = "ReportSeries",
       .current_table = "report_series",
       .versions_table = "report_series_versions",
       .timeline_table = "report_series_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("title"), common::FieldColumn("audience"),
                   common::FieldColumn("author"), common::FieldColumn("alliance"),
                   common::Column<v1::ReportSeries>("covered_force", CoveredForceOf,
                                                    ReadCoveredForce),
                   common::FieldColumn("marking"),
                   common::Column<v1::ReportSeries>("layout", LayoutOf, ReadLayout)}},
      v1::ReportSeries::default_instance());
  return *kTable;
}

}  // namespace bch::reporting
