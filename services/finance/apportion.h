// Exact apportionment of an amount between parties by percentage shares: the parts are whole
// pence and always add up to the whole, by the largest-remainder method.
//
//   Apportion(1'000'001, {3334, 3333, 3333});  // {333'401, 333'300, 333'300}
#ifndef BCH_SERVICES_FINANCE_APPORTION_H_
#define BCH_SERVICES_FINANCE_APPORTION_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace bch::finance {

// Shares are in hundredths of a percent (33.34% is 3334), as cost-sharing agreements keep them;
// a split's shares add up to exactly kWholeShare.
inline constexpr int32_t kWholeShare = 10'000;

// Splits `pence` (either sign) by `shares`: each party first gets its exact share rounded toward
// zero; the pence left over go one each to the parties with the largest remainders, ties to the
// earlier party. So the parts sum exactly to `pence`, each is within a penny of its exact share,
// and the same input always gives the same parts. INVALID_ARGUMENT if there are no shares, a
// share is negative, or they do not add up to kWholeShare.
absl::StatusOr<std::vector<int64_t>> Apportion(int64_t pence, const std::vector<int32_t>& shares);

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_APPORTION_H_
