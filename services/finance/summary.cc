// The finance table (see summary.h).
#include "summary.h"

#include <map>
#include <tuple>

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"
#include "bch/common/money.h"

namespace bch::finance {
namespace {

// A cell while it is built: an amount and its basis, or nothing known.
struct Cell {
  std::optional<int64_t> pence;
  v1::Basis basis = v1::BASIS_UNSPECIFIED;
  bool partial = false;

  // Adds a part to a sum: the sum's basis is the least sure of its parts.
  void Add(const Cell& part) {
    if (!part.pence) {
      partial = true;
      return;
    }
    pence = pence.value_or(0) + *part.pence;
    basis = std::max(basis, part.basis);  // Basis numbers run from most to least sure
    partial = partial || part.partial;
  }
};

v1::FinanceCell ToProto(const Cell& cell) {
  v1::FinanceCell out;
  if (cell.pence) {
    *out.mutable_amount() = common::MoneyFromPence(*cell.pence);
    out.set_text(common::FormatMillions(*cell.pence));
    out.set_basis(cell.basis);
  }
  out.set_partial(cell.partial);
  return out;
}

v1::Share ShareOf(const Cell& part, const Cell& whole) {
  v1::Share share;
  if (!part.pence || !whole.pence) return share;
  if (auto points = ShareBasisPoints(*part.pence, *whole.pence)) {
    share.set_basis_points(*points);
    share.set_text(FormatShare(*points));
  }
  return share;
}

// The cells of one table: [row][period], the totals last in each row.
using Grid = std::vector<std::vector<Cell>>;

v1::FinanceTable ToTable(const std::string& owner, const std::vector<common::Period>& periods,
                         const std::vector<SummaryRow>& rows, const Grid& grid) {
  v1::FinanceTable table;
  table.set_owner(owner);
  for (const common::Period& period : periods) table.add_periods(common::FormatPeriod(period));
  std::map<std::string, size_t> row_of;
  for (size_t r = 0; r < rows.size(); ++r) row_of[rows[r].measure_id] = r;
  for (size_t r = 0; r < rows.size(); ++r) {
    v1::FinanceRow& row = *table.add_rows();
    row.set_measure("measures/" + rows[r].measure_id);
    row.set_display_name(rows[r].display_name);
    for (size_t p = 0; p < periods.size(); ++p) *row.add_cells() = ToProto(grid[r][p]);
    *row.mutable_total() = ToProto(grid[r].back());
    const auto whole = row_of.find(rows[r].share_of_id);
    if (rows[r].share_of_id.empty() || whole == row_of.end()) continue;
    row.set_share_of("measures/" + rows[r].share_of_id);
    for (size_t p = 0; p <= periods.size(); ++p) {
      v1::Share share = ShareOf(grid[r][p], grid[whole->second][p]);
      if (p < periods.size()) {
        *row.add_shares() = std::move(share);
      } else {
        *row.mutable_total_share() = std::move(share);
      }
    }
  }
  return table;
}

}  // namespace

v1::FinanceSummary BuildFinanceSummary(const std::vector<std::string>& owners,
                                       const std::vector<common::Period>& periods,
                                       const std::vector<SummaryRow>& rows,
                                       const std::vector<KnownFigure>& known) {
  // The best basis known per (owner, measure, period): the lowest Basis number.
  std::map<std::tuple<std::string, std::string, common::Period>, Cell> best;
  for (const KnownFigure& figure : known) {
    Cell& cell = best[{figure.key.owner, figure.key.measure_id, figure.key.period}];
    if (!cell.pence || figure.key.basis < cell.basis) cell = {figure.pence, figure.key.basis};
  }
  const size_t columns = periods.size() + 1;  // the periods, then the total
  Grid combined(rows.size(), std::vector<Cell>(columns));
  v1::FinanceSummary summary;
  for (const std::string& owner : owners) {
    Grid grid(rows.size(), std::vector<Cell>(columns));
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t p = 0; p < periods.size(); ++p) {
        const auto found = best.find({owner, rows[r].measure_id, periods[p]});
        if (found != best.end()) grid[r][p] = found->second;
        grid[r].back().Add(grid[r][p]);
        combined[r][p].Add(grid[r][p]);
      }
    }
    *summary.add_tables() = ToTable(owner, periods, rows, grid);
  }
  if (owners.size() > 1) {
    for (auto& row : combined) {
      for (size_t p = 0; p < periods.size(); ++p) row.back().Add(row[p]);
    }
    *summary.mutable_combined() = ToTable("", periods, rows, combined);
  }
  return summary;
}

std::optional<int64_t> ShareBasisPoints(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  // On magnitudes, so that integer division rounds toward zero, then the sign back.
  const bool negative = (part < 0) != (whole < 0);
  const absl::uint128 scaled = absl::uint128(common::Magnitude(part)) * 10'000;
  const absl::uint128 divisor = common::Magnitude(whole);
  absl::uint128 quotient = scaled / divisor;
  if (2 * (scaled % divisor) >= divisor) ++quotient;  // half away from zero
  if (quotient > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  const auto magnitude = static_cast<int64_t>(absl::Uint128Low64(quotient));
  return negative ? -magnitude : magnitude;
}

std::string FormatShare(int64_t basis_points) {
  const uint64_t magnitude = common::Magnitude(basis_points);
  return absl::StrFormat("%s%d.%02d%%", basis_points < 0 ? "-" : "", magnitude / 100,
                         magnitude % 100);
}

}  // namespace bch::finance
