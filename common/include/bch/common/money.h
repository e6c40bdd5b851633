// Exact money: amounts are whole pence in an int64_t everywhere on the money path (storage,
// sums, apportionment), google.type.Money in GBP on the wire, and text only where a person reads
// or writes it. No floating point.
//
//   auto pence = PenceFromMoney(request.amount(), "figures[3].amount");  // 21998000.00 GBP
//   FormatMillions(*pence);                                             // "21.998"
#ifndef BCH_COMMON_MONEY_H_
#define BCH_COMMON_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/type/money.pb.h"

namespace bch::common {

// The largest amount the suite holds either way: about £92 trillion, so that a sum of a
// thousand such amounts still fits an int64_t of pence.
inline constexpr int64_t kMaxPence = INT64_MAX / 1000;

// Whole pence of a google.type.Money: currency "GBP", units and nanos of the same sign, nanos a
// whole number of pence (a multiple of 10,000,000), within ±kMaxPence. INVALID_ARGUMENT on
// `field` (naming what is wrong) otherwise.
absl::StatusOr<int64_t> PenceFromMoney(const google::type::Money& money, absl::string_view field);

// The google.type.Money (GBP) of `pence`.
google::type::Money MoneyFromPence(int64_t pence);

// The google.type.Money (GBP) of a sum of amounts, which may pass kMaxPence: a sum of up to
// 100,000 amounts each within ±kMaxPence still fits its whole pounds in `units`.
google::type::Money MoneyFromSum(absl::int128 pence);

// Pounds as a person or a spreadsheet writes them: an optional sign, an optional "£", digits
// with optional thousands commas, and up to two decimals ("-1,234.5", "£21998000", "0.07").
// INVALID_ARGUMENT on `field` for anything else (three decimals, "1e6", "12.3.4", empty).
absl::StatusOr<int64_t> PenceFromPounds(absl::string_view text, absl::string_view field);

// Pounds and pence for a person: "-1234.50".
std::string FormatPounds(int64_t pence);

// Millions of pounds to three decimals, as the paper prints its tables ("21.998", "-0.250",
// "0.000"), rounded half away from zero.
std::string FormatMillions(int64_t pence);

// |n| without overflow, even for INT64_MIN.
constexpr uint64_t Magnitude(int64_t n) {
  return n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
}

// a + b, or INVALID_ARGUMENT on `field` when the sum would pass ±kMaxPence.
absl::StatusOr<int64_t> AddPence(int64_t a, int64_t b, absl::string_view field);

}  // namespace bch::common

#endif  // BCH_COMMON_MONEY_H_
