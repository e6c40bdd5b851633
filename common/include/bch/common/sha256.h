// SHA-256 as lowercase hex (OpenSSL), for migration checksums and content hashes, and the
// deterministic serialisation of a message that such hashes are taken of.
#ifndef BCH_COMMON_SHA256_H_
#define BCH_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace bch::common {

std::string Sha256Hex(absl::string_view data);

// A message's deterministic serialisation: the same message gives the same bytes (in this
// build of the schema), the form content hashes are taken of.
std::string DeterministicBytes(const google::protobuf::Message& message);

}  // namespace bch::common

#endif  // BCH_COMMON_SHA256_H_
