// AIP-154 etags over an integer revision that every write of a resource increments.
#ifndef BCH_COMMON_ETAG_H_
#define BCH_COMMON_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace bch::common {

// The etag of a revision: "\"7\"".
std::string FormatEtag(int64_t revision);

// OK when `given` is empty (no concurrency check asked for) or equals the `current` etag, with
// or without its quotes (3 is "3"); otherwise ABORTED with reason ETAG_MISMATCH: re-read the
// resource and retry the change.
absl::Status CheckEtag(absl::string_view given, absl::string_view current);

}  // namespace bch::common

#endif  // BCH_COMMON_ETAG_H_
