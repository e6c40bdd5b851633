// Measures (bch_finance.measures, measure_versions, measure_timeline): a versioned resource on
// the kit (common/versioned_table.h), served through common::StandardMethods.
#ifndef BCH_SERVICES_FINANCE_MEASURE_STORE_H_
#define BCH_SERVICES_FINANCE_MEASURE_STORE_H_

#include "bch/common/resource_store.h"
#include "bch/common/versioned_table.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

// The measures' versioned table (also for other stores' checks: a figure's measure must exist).
const common::VersionedTable& MeasureTable();

// A measure's `share_of` names a measure that exists, on every day the write governs.
common::WriteHooks MeasureHooks();

// Measures, listed in display order (the rows of the finance table).
using MeasureStore = common::ResourceStore<v1::Measure, common::ListOrder::kDisplayOrder>;

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_MEASURE_STORE_H_
