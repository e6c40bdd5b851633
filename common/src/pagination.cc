// Page size clamping and keyset page tokens (see pagination.h).
#include "bch/common/pagination.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/v1/page_token.pb.h"

namespace bch::common {

absl::StatusOr<int> ClampPageSize(int32_t requested) {
  if (requested < 0) {
    return InvalidArgumentError({{"page_size", "must not be negative"}});
  }
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : static_cast<int>(requested);
}

uint64_t RequestFingerprint(const std::vector<std::string>& parameters) {
  // FNV-1a over length-prefixed parts: stable across processes and releases, unlike
  // absl::Hash, so a token survives a restart or another replica.
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 1099511628211ull;
  };
  for (const auto& part : parameters) {
    for (int shift = 0; shift < 64; shift += 8)
      mix(static_cast<unsigned char>(part.size() >> shift));
    for (char c : part) mix(static_cast<unsigned char>(c));
  }
  return hash;
}

std::string EncodePageToken(const std::vector<std::string>& last_key, uint64_t fingerprint) {
  bch::common::v1::PageToken token;
  for (const auto& part : last_key) token.add_last_key(part);
  token.set_request_fingerprint(fingerprint);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         uint64_t fingerprint) {
  if (token.empty()) return std::vector<std::string>{};
  std::string bytes;
  bch::common::v1::PageToken decoded;
  if (!absl::WebSafeBase64Unescape(token, &bytes) || !decoded.ParseFromString(bytes) ||
      decoded.last_key().empty() ||
      !std::all_of(decoded.last_key().begin(), decoded.last_key().end(), IsValidUtf8)) {
    return InvalidArgumentError(
        {{"page_token", "is not a token returned by a previous call of this method"}});
  }
  if (decoded.request_fingerprint() != fingerprint) {
    return InvalidArgumentError(
        {{"page_token",
          "was issued for a request with other parameters; keep them unchanged "
          "while paging"}});
  }
  return std::vector<std::string>(decoded.last_key().begin(), decoded.last_key().end());
}

}  // namespace bch::common
