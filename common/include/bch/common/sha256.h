// SHA-256 as lowercase hex (OpenSSL), for migration checksums and content hashes.
#ifndef BCH_COMMON_SHA256_H_
#define BCH_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace bch::common {

std::string Sha256Hex(absl::string_view data);

}  // namespace bch::common

#endif  // BCH_COMMON_SHA256_H_
