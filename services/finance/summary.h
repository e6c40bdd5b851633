// The finance table the paper prints, built from the figures known on a day: rows of measures,
// columns of periods, each cell the best basis known (actual, else forecast, else budget, else
// target), totals per row, a row as a share of another, one table per owner and their sum. Pure
// functions: the handler reads the figures and measures, this arranges them.
//
//   BuildFinanceSummary({"forces/cambridgeshire"}, periods, rows, known);
#ifndef BCH_SERVICES_FINANCE_SUMMARY_H_
#define BCH_SERVICES_FINANCE_SUMMARY_H_

#include <optional>
#include <string>
#include <vector>

#include "bch/common/period.h"
#include "bch/finance/v1/finance_service.pb.h"
#include "figure_store.h"

namespace bch::finance {

// A row of the table: a measure as the table shows it.
struct SummaryRow {
  std::string measure_id;
  std::string display_name;
  std::string share_of_id;  // the measure this row is also shown as a share of, or ""
};

// The tables of `owners` (one each, and a combined one when there are several) with `rows` by
// `periods`, from `known` (any basis; figures of other owners, periods or measures are ignored).
// Sums cannot overflow: each amount is within ±common::kMaxPence, and a table sums at most 1000 of
// them (owners × periods, bounded by the request's limits).
v1::FinanceSummary BuildFinanceSummary(const std::vector<std::string>& owners,
                                       const std::vector<common::Period>& periods,
                                       const std::vector<SummaryRow>& rows,
                                       const std::vector<KnownFigure>& known);

// `part` as a share of `whole` in hundredths of a percent, rounded half away from zero; nullopt
// when `whole` is zero or the share does not fit an int64.
std::optional<int64_t> ShareBasisPoints(int64_t part, int64_t whole);

// Hundredths of a percent as printed: 165 -> "1.65%", -5 -> "-0.05%".
std::string FormatShare(int64_t basis_points);

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_SUMMARY_H_
