// Page request parsing for List methods (see list_page.h).
#include "bch/common/list_page.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
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

absl::Status CheckPageKey(const PageRequest& page, std::initializer_list<KeyPart> shape) {
  if (page.after.empty()) return absl::OkStatus();
  bool well_formed = page.after.size() == shape.size();
  size_t index = 0;
  for (KeyPart part : shape) {
    if (!well_formed) break;
    const std::string& value = page.after[index++];
    switch (part) {
      case KeyPart::kText:
        break;
      case KeyPart::kInteger: {  // an optional minus, then 1 to 19 digits
        const absl::string_view digits =
            absl::string_view(value).substr(!value.empty() && value[0] == '-' ? 1 : 0);
        well_formed = !digits.empty() && digits.size() <= 19 &&
                      std::all_of(digits.begin(), digits.end(), [](char c) {
                        return absl::ascii_isdigit(static_cast<unsigned char>(c));
                      });
        break;
      }
      case KeyPart::kDay: {
        absl::CivilDay day;
        well_formed = value.size() == 10 && absl::ParseCivilTime(value, &day) &&
                      absl::FormatCivilTime(day) == value && day.year() >= kMinYear &&
                      day.year() <= kMaxYear;
        break;
      }
      case KeyPart::kStamp: {
        const size_t dot = value.find('.');
        well_formed =
            dot != std::string::npos && dot > 0 && dot + 1 < value.size() &&
            std::all_of(value.begin(), value.end(),
                        [](char c) {
                          return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.';
                        }) &&
            value.find('.', dot + 1) == std::string::npos;
        break;
      }
    }
  }
  if (well_formed) return absl::OkStatus();
  return InvalidArgumentError(
      {{"page_token", "is not a token returned by a previous call of this method"}});
}

std::string KeysetCondition(const std::vector<std::string>& columns, absl::string_view direction) {
  std::string condition;
  for (size_t i = columns.size(); i-- > 0;) {
    condition = condition.empty() ? absl::StrCat(columns[i], " ", direction, " ?")
                                  : absl::StrCat(columns[i], " ", direction, " ? OR (", columns[i],
                                                 " = ? AND (", condition, "))");
  }
  return absl::StrCat("(", condition, ")");
}

std::vector<SqlParam> KeysetParams(const std::vector<SqlParam>& last_key) {
  std::vector<SqlParam> params;
  for (size_t i = 0; i < last_key.size(); ++i) {
    params.push_back(last_key[i]);
    if (i + 1 < last_key.size()) params.push_back(last_key[i]);  // "> ?" then "= ?"
  }
  return params;
}

}  // namespace bch::common
