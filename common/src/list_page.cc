// Page request parsing for List methods (see list_page.h).
#include "bch/common/list_page.h"

#include "bch/common/errors.h"

namespace bch::common {

absl::StatusOr<PageRequest> ParsePageRequest(int32_t page_size, absl::string_view page_token,
                                             const std::vector<std::string>& bound_parameters) {
  PageRequest request;
  request.fingerprint = RequestFingerprint(bound_parameters);
  auto size = ClampPageSize(page_size);
  auto after = DecodePageToken(page_token, request.fingerprint);
  if (!size.ok() || !after.ok()) {  // report both fields when both are wrong
    std::vector<FieldViolation> violations = FieldViolationsOf(size.status());
    for (auto& v : FieldViolationsOf(after.status())) violations.push_back(std::move(v));
    return InvalidArgumentError(std::move(violations));
  }
  request.size = *size;
  request.after = *std::move(after);
  return request;
}

}  // namespace bch::common
