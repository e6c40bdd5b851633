// Financial-year periods (see period.h).
#include "bch/common/period.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

constexpr absl::string_view kEnDash = "\u2013";

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

// One financial year: "2016/17" or "2016/2017" -> 2016; an error message otherwise.
absl::StatusOr<int> ParseYear(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  int first = 0, second = 0;
  if (parts.size() != 2 || parts[0].size() != 4 || !AllDigits(parts[0]) ||
      (parts[1].size() != 2 && parts[1].size() != 4) || !AllDigits(parts[1]) ||
      !absl::SimpleAtoi(parts[0], &first) || !absl::SimpleAtoi(parts[1], &second)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", common::ShortenUtf8(text, 40),
                     "\" is not a financial year; write it as 2016/17 (April 2016 to March 2017)"));
  }
  const int expected = parts[1].size() == 2 ? (first + 1) % 100 : first + 1;
  if (second != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" does not name consecutive years; a financial year runs April ", first,
        " to March ", first + 1, ": ", first, "/", absl::StrFormat("%02d", (first + 1) % 100)));
  }
  if (first < kFirstFinancialYear || first > kLastFinancialYear) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is outside ", kFirstFinancialYear, "/01 to ", kLastFinancialYear, "/99"));
  }
  return first;
}

}  // namespace

Period FinancialYearOf(absl::CivilDay day) {
  const int year = static_cast<int>(day.month() >= 4 ? day.year() : day.year() - 1);
  return {year, year};
}

absl::StatusOr<Period> ParsePeriod(absl::string_view text, absl::string_view field) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  std::vector<absl::string_view> years = absl::StrSplit(trimmed, kEnDash);
  if (years.size() == 1) years = absl::StrSplit(trimmed, '-');
  if (years.size() > 2) {
    return common::InvalidArgumentError(
        field, "a span names its first and last financial years, e.g. 2011/12–2013/14");
  }
  Period period;
  for (size_t i = 0; i < years.size(); ++i) {
    auto year = ParseYear(absl::StripAsciiWhitespace(years[i]));
    if (!year.ok())
      return common::InvalidArgumentError(field, std::string(year.status().message()));
    (i == 0 ? period.first_year : period.last_year) = *year;
  }
  if (years.size() == 1) {
    period.last_year = period.first_year;
  } else if (period.last_year <= period.first_year) {
    return common::InvalidArgumentError(
        field, absl::StrCat("the span ", common::ShortenUtf8(trimmed, 40),
                            " must run forward from its first year to a later one"));
  }
  return period;
}

std::string FormatPeriod(const Period& period) {
  const auto year = [](int first) { return absl::StrFormat("%d/%02d", first, (first + 1) % 100); };
  if (period.first_year == period.last_year) return year(period.first_year);
  return absl::StrCat(year(period.first_year), kEnDash, year(period.last_year));
}

}  // namespace bch::common
