// AIP-158 pagination: page size clamping and opaque keyset page tokens.
//
// A token holds the sort key of the last item served and a fingerprint of the request's other
// parameters; the next page is the rows strictly after that key, so pages stay stable while
// rows are inserted, and a token reused with a different filter is refused.
#ifndef BCH_COMMON_PAGINATION_H_
#define BCH_COMMON_PAGINATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace bch::common {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// The most bytes of items one response carries: a page stops early (with a next_page_token)
// rather than pass it, so that a response always fits the 4 MiB message limit of the suite's
// servers and clients, whatever the items hold.
inline constexpr size_t kMaxResponseItemBytes = 3 * 1024 * 1024;

// 0 -> kDefaultPageSize; above kMaxPageSize -> kMaxPageSize; negative -> INVALID_ARGUMENT on
// field "page_size".
absl::StatusOr<int> ClampPageSize(int32_t requested);

// A stable fingerprint of the request parameters a token is bound to (filter, parent, order).
uint64_t RequestFingerprint(const std::vector<std::string>& parameters);

// Encodes the last key of a page as an opaque, URL-safe token.
std::string EncodePageToken(const std::vector<std::string>& last_key, uint64_t fingerprint);

// Decodes a token from a previous page. An empty token gives an empty key (first page). A
// malformed token, or one issued for other parameters, is INVALID_ARGUMENT on "page_token".
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         uint64_t fingerprint);

}  // namespace bch::common

#endif  // BCH_COMMON_PAGINATION_H_
