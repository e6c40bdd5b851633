// Periods of finance figures and realised benefits: a UK financial year (April to March),
// written "2016/17", or a named span of consecutive financial years such as a spending-review
// period, written "2011/12–2013/14" (an en dash; a hyphen is read too). A period is its first and
// last year's starting years, so it sorts and compares as a pair of integers.
#ifndef BCH_COMMON_PERIOD_H_
#define BCH_COMMON_PERIOD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace bch::common {

// The financial years a period may name: from 1900/01 to 2998/99, so that each ends within the
// years every date of the suite falls in (1900 to 2999).
inline constexpr int kFirstFinancialYear = 1900;
inline constexpr int kLastFinancialYear = 2998;

struct Period {
  int first_year = 0;  // 2011 for 2011/12
  int last_year = 0;   // 2013 for 2013/14; equal to first_year for one financial year
  auto operator<=>(const Period&) const = default;

  // 1 April of the first year to 31 March after the last.
  absl::CivilDay start() const { return absl::CivilDay(first_year, 4, 1); }
  absl::CivilDay end() const { return absl::CivilDay(last_year + 1, 3, 31); }
};

// The financial year `day` falls in: 2017/18 for any day from 1 April 2017 to 31 March 2018.
Period FinancialYearOf(absl::CivilDay day);

// Reads "2016/17", "2016/2017", "2011/12–2013/14" or "2011/12-2013/14". INVALID_ARGUMENT on
// `field`, saying what is wrong, for anything else: "2016/18" (not consecutive years), a span
// that runs backwards or names one year twice, years outside the range above.
absl::StatusOr<Period> ParsePeriod(absl::string_view text, absl::string_view field);

// The canonical words: "2016/17", or "2011/12–2013/14" with an en dash.
std::string FormatPeriod(const Period& period);

}  // namespace bch::common

#endif  // BCH_COMMON_PERIOD_H_
