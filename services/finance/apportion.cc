// Largest-remainder apportionment (see apportion.h).
#include "apportion.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_format.h"
#include "bch/common/money.h"

namespace bch::finance {

absl::StatusOr<std::vector<int64_t>> Apportion(int64_t pence, const std::vector<int32_t>& shares) {
  if (shares.empty()) return absl::InvalidArgumentError("there are no shares to split between");
  int64_t total = 0;
  for (int32_t share : shares) {
    if (share < 0) return absl::InvalidArgumentError("a share cannot be negative");
    total += share;
  }
  if (total != kWholeShare) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the shares add up to %d.%02d%%, not 100.00%%", total / 100, total % 100));
  }
  // Work on the magnitude (so that rounding toward zero is flooring), then give the sign back.
  // magnitude * share / kWholeShare is computed as q * share + r * share / kWholeShare, with
  // magnitude = q * kWholeShare + r, so that nothing overflows 64 bits.
  const bool negative = pence < 0;
  const uint64_t magnitude = common::Magnitude(pence);
  const uint64_t q = magnitude / kWholeShare, r = magnitude % kWholeShare;
  std::vector<int64_t> parts(shares.size());
  std::vector<int64_t> remainders(shares.size());
  uint64_t given = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    const uint64_t share = static_cast<uint64_t>(shares[i]);
    parts[i] = static_cast<int64_t>(q * share + r * share / kWholeShare);
    remainders[i] = static_cast<int64_t>(r * share % kWholeShare);
    given += static_cast<uint64_t>(parts[i]);
  }
  std::vector<size_t> order(shares.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  // Fewer than shares.size() pence are left: the floors lose less than a penny each.
  const int64_t left = static_cast<int64_t>(magnitude - given);
  for (int64_t k = 0; k < left; ++k) ++parts[order[static_cast<size_t>(k)]];
  if (negative) {
    for (int64_t& part : parts) part = -part;
  }
  return parts;
}

}  // namespace bch::finance
