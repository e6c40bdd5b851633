// Parsing, checking and rendering of dated values (see dated_value.h).
#include "bch/common/dated_value.h"

#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
// Meteorological seasons: index 0 starts in March; Winter runs December to February.
constexpr std::array<const char*, 4> kSeasons = {"Spring", "Summer", "Autumn", "Winter"};

absl::Status Unreadable(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", text, "\" is not a date this service reads (", why,
      "); write e.g. \"14 December 2017\", \"November 2018\", \"Spring/Summer 2018\", "
      "\"Winter 2018/19\", \"2018\", \"2018/19\", \"throughout 2018\", \"not before 2019\", "
      "\"by March 2018\""));
}

absl::CivilDay LastDayOfMonth(absl::CivilYear year, int month) {
  return absl::CivilDay(absl::CivilMonth(year.year(), month) + 1) - 1;
}

std::optional<int> MonthNumber(absl::string_view word) {
  for (int i = 0; i < 12; ++i) {
    const absl::string_view name = kMonths[i];
    if (absl::EqualsIgnoreCase(word, name) ||
        (word.size() == 3 && absl::EqualsIgnoreCase(word, name.substr(0, 3)))) {
      return i + 1;
    }
  }
  if (absl::EqualsIgnoreCase(word, "Sept")) return 9;
  return std::nullopt;
}

std::optional<int> SeasonIndex(absl::string_view word) {
  for (int i = 0; i < 4; ++i) {
    if (absl::EqualsIgnoreCase(word, kSeasons[i])) return i;
  }
  if (absl::EqualsIgnoreCase(word, "Fall")) return 2;
  return std::nullopt;
}

// First month of season `index` in `year` (Winter 2018 starts December 2018).
absl::CivilMonth SeasonStart(int64_t year, int index) {
  return absl::CivilMonth(year, 3 + 3 * index);
}

constexpr int64_t kFirstYear = common::kMinYear;
constexpr int64_t kLastYear = common::kMaxYear;

bool ParseYear(absl::string_view word, int64_t& year) {
  return word.size() == 4 && absl::ascii_isdigit(word[0]) && absl::SimpleAtoi(word, &year) &&
         year >= kFirstYear && year <= kLastYear;
}

// Why `word` is not a year ParseYear reads.
std::string YearProblem(absl::string_view word) {
  int64_t number = 0;
  if (absl::SimpleAtoi(word, &number) && absl::ascii_isdigit(word[0])) {
    return absl::StrCat("the year must be from ", kFirstYear, " to ", kLastYear, ", not ", word);
  }
  return "expected a four-digit year";
}

// "2018/19" -> 2018 (the second part must be the next year, two or four digits).
bool ParseSplitYear(absl::string_view word, int64_t& first) {
  const std::vector<absl::string_view> parts = absl::StrSplit(word, '/');
  int64_t second = 0;
  if (parts.size() != 2 || !ParseYear(parts[0], first) || !absl::SimpleAtoi(parts[1], &second)) {
    return false;
  }
  if (parts[1].size() == 2) return second == (first + 1) % 100;
  return parts[1].size() == 4 && second == first + 1;
}

std::string SplitYearLabel(int64_t first) {
  const int64_t next = (first + 1) % 100;
  return absl::StrCat(first, "/", next < 10 ? "0" : "", next);
}

// The period part, without qualifier.
absl::StatusOr<DatedValue> ParsePeriod(absl::string_view text, absl::string_view whole) {
  const std::vector<absl::string_view> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
  DatedValue value;
  int64_t year = 0;
  if (words.size() == 1 && ParseYear(words[0], year)) {
    value.precision = Precision::kYear;
    value.start = absl::CivilDay(year, 1, 1);
    value.end = absl::CivilDay(year, 12, 31);
    return value;
  }
  if (words.size() == 1 && ParseSplitYear(words[0], year)) {
    value.precision = Precision::kFinancialYear;
    value.start = absl::CivilDay(year, 4, 1);
    value.end = absl::CivilDay(year + 1, 3, 31);
    return value;
  }
  if (words.size() == 1 && words[0].size() == 10 && words[0][4] == '-' && words[0][7] == '-') {
    int64_t y = 0;
    int m = 0, d = 0;
    if (!ParseYear(words[0].substr(0, 4), y) || !absl::SimpleAtoi(words[0].substr(5, 2), &m) ||
        !absl::SimpleAtoi(words[0].substr(8, 2), &d)) {
      return Unreadable(whole, "malformed ISO date");
    }
    if (m < 1 || m > 12) return Unreadable(whole, absl::StrCat("there is no month ", m));
    const absl::CivilDay day(y, m, d);
    if (day.day() != d) return Unreadable(whole, absl::StrCat(kMonths[m - 1], " has no day ", d));
    value.start = value.end = day;
    return value;
  }
  int d = 0;
  if (words.size() == 3 && absl::SimpleAtoi(words[0], &d)) {  // "14 December 2017"
    const auto month = MonthNumber(words[1]);
    if (!month) return Unreadable(whole, absl::StrCat("\"", words[1], "\" is not a month"));
    if (!ParseYear(words[2], year)) return Unreadable(whole, YearProblem(words[2]));
    const absl::CivilDay day(year, *month, d);
    if (d < 1 || day.day() != d) {
      return Unreadable(whole, absl::StrCat(kMonths[*month - 1], " ", year, " has no day ", d));
    }
    value.start = value.end = day;
    return value;
  }
  if (words.size() == 2) {
    if (const auto month = MonthNumber(words[0])) {  // "November 2018"
      if (!ParseYear(words[1], year)) return Unreadable(whole, YearProblem(words[1]));
      value.precision = Precision::kMonth;
      value.start = absl::CivilDay(year, *month, 1);
      value.end = LastDayOfMonth(absl::CivilYear(year), *month);
      return value;
    }
    // "Spring/Summer 2018", "Winter 2018/19", "Autumn/Winter 2018/19"
    std::vector<int> seasons;
    for (absl::string_view word : absl::StrSplit(words[0], '/')) {
      const auto index = SeasonIndex(word);
      if (!index) return Unreadable(whole, absl::StrCat("\"", word, "\" is not a month or season"));
      seasons.push_back(*index);
    }
    for (size_t i = 1; i < seasons.size(); ++i) {
      if (seasons[i] != seasons[i - 1] + 1) {
        return Unreadable(whole,
                          "seasons must follow each other within one year, e.g. "
                          "Spring/Summer");
      }
    }
    const bool reaches_winter = seasons.back() == 3;
    if (!ParseYear(words[1], year) && !(reaches_winter && ParseSplitYear(words[1], year))) {
      return Unreadable(whole, reaches_winter ? "expected a year such as 2018 or 2018/19"
                                              : YearProblem(words[1]));
    }
    value.precision = Precision::kSeason;
    value.start = absl::CivilDay(SeasonStart(year, seasons.front()));
    value.end = absl::CivilDay(SeasonStart(year, seasons.back()) + 3) - 1;
    return value;
  }
  return Unreadable(whole, "unrecognised form");
}

// The period part, within the years every date of the suite falls in (a financial year or a
// winter starting in the last year would end after it).
absl::StatusOr<DatedValue> ParsePeriodInRange(absl::string_view text, absl::string_view whole) {
  auto value = ParsePeriod(text, whole);
  if (value.ok() && value->end.year() > kLastYear) {
    return Unreadable(whole, absl::StrCat("it runs past ", kLastYear));
  }
  return value;
}

}  // namespace

std::optional<absl::CivilDay> DatedValue::earliest() const {
  if (qualifier == Qualifier::kBy) return std::nullopt;
  return start;
}

std::optional<absl::CivilDay> DatedValue::latest() const {
  if (qualifier == Qualifier::kNotBefore) return std::nullopt;
  return end;
}

absl::StatusOr<DatedValue> ParseDatedValue(absl::string_view text) {
  const std::string normalised = absl::StrJoin(
      absl::StrSplit(absl::StripAsciiWhitespace(text), absl::ByAnyChar(" \t\n"), absl::SkipEmpty()),
      " ");
  if (normalised.empty()) return Unreadable(text, "it is empty");
  if (normalised.size() > 100) return Unreadable(normalised.substr(0, 40), "too long");
  absl::string_view rest = normalised;
  Qualifier qualifier = Qualifier::kWithin;
  const std::string lower = absl::AsciiStrToLower(normalised);
  static constexpr std::pair<absl::string_view, Qualifier> kQualifiers[] = {
      {"throughout ", Qualifier::kThroughout},
      {"not before ", Qualifier::kNotBefore},
      {"by ", Qualifier::kBy}};
  for (const auto& [prefix, q] : kQualifiers) {
    if (absl::StartsWith(lower, prefix)) {
      qualifier = q;
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  const std::string rest_lower = absl::AsciiStrToLower(rest);
  for (const auto& [prefix, q] : kQualifiers) {
    if (qualifier != Qualifier::kWithin && absl::StartsWith(rest_lower, prefix)) {
      return Unreadable(normalised, "give one of \"throughout\", \"not before\" or \"by\", once");
    }
  }
  auto value = ParsePeriodInRange(rest, normalised);
  if (!value.ok()) return value.status();
  value->qualifier = qualifier;
  return value;
}

absl::Status CheckDatedValue(const DatedValue& value) {
  if (value.end < value.start) {
    return absl::InvalidArgumentError("the period ends before it starts (latest before earliest)");
  }
  // The period must be exactly the one its precision names: render and re-read it.
  auto reread = ParseDatedValue(RenderDatedValue(value));
  if (!reread.ok() || reread->start != value.start || reread->end != value.end) {
    return absl::InvalidArgumentError(
        "period_start and period_end do not bound one period of the given precision (e.g. a "
        "MONTH runs from its 1st to its last day)");
  }
  return absl::OkStatus();
}

std::string RenderDatedValue(const DatedValue& value) {
  std::string period;
  switch (value.precision) {
    case Precision::kDay:
      period = absl::StrCat(value.start.day(), " ", kMonths[value.start.month() - 1], " ",
                            value.start.year());
      break;
    case Precision::kMonth:
      period = absl::StrCat(kMonths[value.start.month() - 1], " ", value.start.year());
      break;
    case Precision::kYear:
      period = absl::StrCat(value.start.year());
      break;
    case Precision::kFinancialYear:
      period = SplitYearLabel(value.start.year());
      break;
    case Precision::kSeason: {
      // Seasons from the start month to the end month, 3 months each.
      const absl::CivilMonth first(value.start);
      const int64_t season_year = first.month() <= 2 ? first.year() - 1 : first.year();
      const int first_index = static_cast<int>(((first.month() + 9) % 12) / 3);
      const int count = static_cast<int>((absl::CivilMonth(value.end) - first + 1) / 3);
      std::vector<std::string> names;
      for (int i = 0; i < count && first_index + i < 4; ++i)
        names.push_back(kSeasons[first_index + i]);
      const bool reaches_winter = first_index + count - 1 >= 3;
      period =
          absl::StrCat(absl::StrJoin(names, "/"), " ",
                       reaches_winter ? SplitYearLabel(season_year) : absl::StrCat(season_year));
      break;
    }
  }
  switch (value.qualifier) {
    case Qualifier::kWithin:
      return period;
    case Qualifier::kThroughout:
      return absl::StrCat("throughout ", period);
    case Qualifier::kNotBefore:
      return absl::StrCat("not before ", period);
    case Qualifier::kBy:
      return absl::StrCat("by ", period);
  }
  return period;
}

bool IsEmpty(const projects::v1::DatedValue& proto) {
  return proto.text().empty() && proto.precision() == projects::v1::DATE_PRECISION_UNSPECIFIED &&
         proto.qualifier() == projects::v1::DATE_QUALIFIER_UNSPECIFIED &&
         !proto.has_period_start() && !proto.has_period_end();
}

namespace {

absl::Status Invalid(absl::string_view field, absl::string_view subfield, absl::string_view why) {
  return common::InvalidArgumentError(
      {{absl::StrCat(field, subfield.empty() ? "" : ".", subfield), std::string(why)}});
}

// The value the structured fields describe (precision, qualifier, period_start, period_end).
absl::StatusOr<DatedValue> FromStructuredFields(const projects::v1::DatedValue& proto,
                                                absl::string_view field) {
  auto invalid = [&](absl::string_view subfield, absl::string_view why) {
    return Invalid(field, subfield, why);
  };
  DatedValue value;
  switch (proto.precision()) {
    case projects::v1::DATE_PRECISION_DAY:
      value.precision = Precision::kDay;
      break;
    case projects::v1::DATE_PRECISION_MONTH:
      value.precision = Precision::kMonth;
      break;
    case projects::v1::DATE_PRECISION_SEASON:
      value.precision = Precision::kSeason;
      break;
    case projects::v1::DATE_PRECISION_YEAR:
      value.precision = Precision::kYear;
      break;
    case projects::v1::DATE_PRECISION_FINANCIAL_YEAR:
      value.precision = Precision::kFinancialYear;
      break;
    default:
      return invalid("precision",
                     "must be set when there is no text: give text, or precision, period_start "
                     "and period_end (and a qualifier where one applies)");
  }
  switch (proto.qualifier()) {
    case projects::v1::DATE_QUALIFIER_UNSPECIFIED:
      value.qualifier = Qualifier::kWithin;
      break;
    case projects::v1::DATE_QUALIFIER_THROUGHOUT:
      value.qualifier = Qualifier::kThroughout;
      break;
    case projects::v1::DATE_QUALIFIER_NOT_BEFORE:
      value.qualifier = Qualifier::kNotBefore;
      break;
    case projects::v1::DATE_QUALIFIER_BY:
      value.qualifier = Qualifier::kBy;
      break;
    default:
      return invalid("qualifier", "is not a known qualifier");
  }
  const std::string start_field = absl::StrCat(field, ".period_start");
  const std::string end_field = absl::StrCat(field, ".period_end");
  auto start = common::CivilDayFromDate(proto.period_start(), start_field);
  auto end = common::CivilDayFromDate(proto.period_end(), end_field);
  if (!start.ok() || !end.ok()) {
    std::vector<common::FieldViolation> violations = common::FieldViolationsOf(start.status());
    for (auto& v : common::FieldViolationsOf(end.status())) violations.push_back(std::move(v));
    return common::InvalidArgumentError(std::move(violations));
  }
  value.start = *start;
  value.end = *end;
  if (absl::Status s = CheckDatedValue(value); !s.ok()) return invalid("", s.message());
  return value;
}

}  // namespace

absl::StatusOr<DatedValue> DatedValueFromProto(const projects::v1::DatedValue& proto,
                                               absl::string_view field) {
  if (proto.text().empty()) return FromStructuredFields(proto, field);
  auto value = ParseDatedValue(proto.text());
  if (!value.ok()) return Invalid(field, "text", value.status().message());
  // Each structured field given beside the text must say what the text says.
  const projects::v1::DatedValue read = DatedValueToProto(*value);
  const auto same_day = [](const google::type::Date& a, const google::type::Date& b) {
    return a.year() == b.year() && a.month() == b.month() && a.day() == b.day();
  };
  const auto day_text = [](const google::type::Date& d) {
    return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
  };
  std::vector<std::string> disagreeing;  // "precision is YEAR where the text's is MONTH"
  const auto differs = [&](const char* name, const std::string& given, const std::string& text) {
    disagreeing.push_back(absl::StrCat(name, " is ", given, " where the text's is ", text));
  };
  if (proto.precision() != projects::v1::DATE_PRECISION_UNSPECIFIED &&
      proto.precision() != read.precision()) {
    differs("precision", projects::v1::DatePrecision_Name(proto.precision()),
            projects::v1::DatePrecision_Name(read.precision()));
  }
  if (proto.qualifier() != projects::v1::DATE_QUALIFIER_UNSPECIFIED &&
      proto.qualifier() != read.qualifier()) {
    differs("qualifier", projects::v1::DateQualifier_Name(proto.qualifier()),
            projects::v1::DateQualifier_Name(read.qualifier()));
  }
  if (proto.has_period_start() && !same_day(proto.period_start(), read.period_start())) {
    differs("period_start", day_text(proto.period_start()), day_text(read.period_start()));
  }
  if (proto.has_period_end() && !same_day(proto.period_end(), read.period_end())) {
    differs("period_end", day_text(proto.period_end()), day_text(read.period_end()));
  }
  if (!disagreeing.empty()) {
    return Invalid(
        field, "",
        absl::StrCat("the text \"", RenderDatedValue(*value),
                     "\" and the structured fields disagree: ", absl::StrJoin(disagreeing, "; "),
                     "; give the text or the structured fields, or both agreeing"));
  }
  return value;
}

projects::v1::DatedValue DatedValueToProto(const DatedValue& value) {
  projects::v1::DatedValue proto;
  proto.set_text(RenderDatedValue(value));
  static constexpr projects::v1::DatePrecision kPrecisions[] = {
      projects::v1::DATE_PRECISION_DAY, projects::v1::DATE_PRECISION_MONTH,
      projects::v1::DATE_PRECISION_SEASON, projects::v1::DATE_PRECISION_YEAR,
      projects::v1::DATE_PRECISION_FINANCIAL_YEAR};
  static constexpr projects::v1::DateQualifier kQualifiers[] = {
      projects::v1::DATE_QUALIFIER_UNSPECIFIED, projects::v1::DATE_QUALIFIER_THROUGHOUT,
      projects::v1::DATE_QUALIFIER_NOT_BEFORE, projects::v1::DATE_QUALIFIER_BY};
  proto.set_precision(kPrecisions[static_cast<int>(value.precision)]);
  proto.set_qualifier(kQualifiers[static_cast<int>(value.qualifier)]);
  *proto.mutable_period_start() = common::DateFromCivilDay(value.start);
  *proto.mutable_period_end() = common::DateFromCivilDay(value.end);
  if (auto earliest = value.earliest())
    *proto.mutable_earliest() = common::DateFromCivilDay(*earliest);
  if (auto latest = value.latest()) *proto.mutable_latest() = common::DateFromCivilDay(*latest);
  return proto;
}

}  // namespace bch::common
