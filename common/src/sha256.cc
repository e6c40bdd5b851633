// SHA-256 hex digests via OpenSSL (see sha256.h).
#include "bch/common/sha256.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"

namespace bch::common {

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace bch::common
