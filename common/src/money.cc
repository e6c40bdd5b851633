// Exact money (see money.h).
#include "bch/common/money.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

constexpr int64_t kNanosPerPenny = 10'000'000;

std::string OutOfRange() {
  return absl::StrCat("must be within ±£", FormatPounds(kMaxPence), " (whole pence)");
}

}  // namespace

absl::StatusOr<int64_t> PenceFromMoney(const google::type::Money& money, absl::string_view field) {
  if (money.currency_code() != "GBP") {
    return common::InvalidArgumentError(
        field, absl::StrCat("currency_code must be GBP, not \"",
                            common::ShortenUtf8(money.currency_code(), 10), "\""));
  }
  const int64_t units = money.units();
  const int64_t nanos = money.nanos();
  if (nanos <= -1'000'000'000 || nanos >= 1'000'000'000) {
    return common::InvalidArgumentError(field,
                                        "nanos must be between -999,999,999 and 999,999,999");
  }
  if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0)) {
    return common::InvalidArgumentError(field, "units and nanos must have the same sign");
  }
  if (nanos % kNanosPerPenny != 0) {
    return common::InvalidArgumentError(
        field, "must be a whole number of pence (nanos a multiple of 10,000,000)");
  }
  if (units > kMaxPence / 100 || units < -kMaxPence / 100)
    return common::InvalidArgumentError(field, OutOfRange());
  const int64_t pence = units * 100 + nanos / kNanosPerPenny;
  if (pence > kMaxPence || pence < -kMaxPence)
    return common::InvalidArgumentError(field, OutOfRange());
  return pence;
}

google::type::Money MoneyFromPence(int64_t pence) {
  google::type::Money money;
  money.set_currency_code("GBP");
  money.set_units(pence / 100);  // truncates toward zero: units and nanos share the sign
  money.set_nanos(static_cast<int32_t>((pence % 100) * kNanosPerPenny));
  return money;
}

google::type::Money MoneyFromSum(absl::int128 pence) {
  google::type::Money money;
  money.set_currency_code("GBP");
  money.set_units(static_cast<int64_t>(pence / 100));  // truncates toward zero, as above
  money.set_nanos(static_cast<int32_t>(static_cast<int64_t>(pence % 100) * kNanosPerPenny));
  return money;
}

absl::StatusOr<int64_t> PenceFromPounds(absl::string_view text, absl::string_view field) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  const bool negative = absl::ConsumePrefix(&rest, "-");
  if (!negative) absl::ConsumePrefix(&rest, "+");
  absl::ConsumePrefix(&rest, "\u00A3");  // £
  const auto unreadable = [&] {
    return common::InvalidArgumentError(
        field, absl::StrCat("\"", common::ShortenUtf8(text, 40),
                            "\" is not an amount in pounds (e.g. 1234.56, -1,234.5, "
                            "£21998000)"));
  };
  int64_t pounds = 0;
  int digits = 0, since_comma = -1;
  while (!rest.empty() && (absl::ascii_isdigit(rest.front()) || rest.front() == ',')) {
    if (rest.front() == ',') {
      // Thousands groups: one to three digits first, then three between commas.
      if (digits == 0 || (since_comma < 0 && digits > 3) ||
          (since_comma >= 0 && since_comma != 3)) {
        return unreadable();
      }
      since_comma = 0;
    } else {
      if (pounds > kMaxPence / 100) return common::InvalidArgumentError(field, OutOfRange());
      pounds = pounds * 10 + (rest.front() - '0');
      ++digits;
      if (since_comma >= 0) ++since_comma;
    }
    rest.remove_prefix(1);
  }
  if (digits == 0 || (since_comma >= 0 && since_comma != 3)) return unreadable();
  int64_t pence = 0;
  if (absl::ConsumePrefix(&rest, ".")) {
    if (rest.empty() || rest.size() > 2 || !absl::ascii_isdigit(rest[0]) ||
        (rest.size() == 2 && !absl::ascii_isdigit(rest[1]))) {
      return rest.size() > 2 && absl::ascii_isdigit(rest[2])
                 ? common::InvalidArgumentError(
                       field, "must be a whole number of pence (at most two decimals)")
                 : unreadable();
    }
    pence = (rest[0] - '0') * 10 + (rest.size() == 2 ? rest[1] - '0' : 0);
    rest = {};
  }
  if (!rest.empty()) return unreadable();
  const int64_t total = pounds * 100 + pence;
  if (total > kMaxPence) return common::InvalidArgumentError(field, OutOfRange());
  return negative ? -total : total;
}

std::string FormatPounds(int64_t pence) {
  return absl::StrFormat("%s%d.%02d", pence < 0 ? "-" : "", std::llabs(pence) / 100,
                         std::llabs(pence) % 100);
}

std::string FormatMillions(int64_t pence) {
  // Thousands of pounds (the third decimal of £m) are 100,000 pence; round half away from zero.
  const int64_t magnitude = std::llabs(pence);
  const int64_t thousands = (magnitude + 50'000) / 100'000;
  return absl::StrFormat("%s%d.%03d", pence < 0 && thousands > 0 ? "-" : "", thousands / 1000,
                         thousands % 1000);
}

absl::StatusOr<int64_t> AddPence(int64_t a, int64_t b, absl::string_view field) {
  if (a > kMaxPence || a < -kMaxPence || b > kMaxPence || b < -kMaxPence) {
    return common::InvalidArgumentError(field, OutOfRange());
  }
  const int64_t sum = a + b;  // cannot overflow: both are within ±kMaxPence
  if (sum > kMaxPence || sum < -kMaxPence) {
    return common::InvalidArgumentError(field, absl::StrCat("the sum ", OutOfRange()));
  }
  return sum;
}

}  // namespace bch::common
