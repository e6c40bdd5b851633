// Etags (see etag.h).
#include "bch/common/etag.h"

#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"

namespace bch::common {

std::string FormatEtag(int64_t revision) { return absl::StrCat("\"", revision, "\""); }

absl::Status CheckEtag(absl::string_view given, absl::string_view current) {
  if (given.empty() || given == current) return absl::OkStatus();
  // The same etag without its quotes (as a shell or a JSON tool may pass it) is the same etag.
  if (current.size() == given.size() + 2 && current.front() == '"' && current.back() == '"' &&
      current.substr(1, given.size()) == given) {
    return absl::OkStatus();
  }
  return WithReason(absl::AbortedError(absl::StrCat(
                        "etag ", given, " is stale: the resource changed since it was read (now ",
                        current, "); read it again and reapply the change")),
                    "ETAG_MISMATCH");
}

}  // namespace bch::common
