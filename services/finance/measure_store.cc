// SQL for measures (bch_finance.measures) (see measure_store.h).
#include "measure_store.h"

#include "bch/common/resource_names.h"

namespace bch::finance {
namespace {

v1::Measure MeasureFromRow(const common::Row& row) {
  v1::Measure measure;
  measure.set_name(common::ResourceName("measures", row.String(0)));
  measure.set_display_name(row.String(1));
  measure.set_description(row.String(2));
  return measure;
}

}  // namespace

absl::StatusOr<common::Page<v1::Measure>> MeasureStore::List(const common::PageRequest& page,
                                                             absl::Time deadline) {
  return common::FetchPageById<v1::Measure>(
      pool_, page, deadline,
      "SELECT id, display_name, description FROM measures WHERE id > ? ORDER BY id LIMIT ?",
      MeasureFromRow);
}

}  // namespace bch::finance
