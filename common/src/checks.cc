// Input checks (see checks.h).
#include "bch/common/checks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/field_mask.h"
#include "bch/common/resource_names.h"

namespace bch::common {
namespace {

size_t CodePoints(absl::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

void Violations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

bool Violations::AddFrom(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return status.ok();
  for (auto& violation : FieldViolationsOf(status)) violations_.push_back(std::move(violation));
  return true;
}

absl::Status Violations::ToStatus() && {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidArgumentError(std::move(violations_));
}

void CheckText(Violations& v, const std::string& field, absl::string_view value, size_t max,
               Required required, bool multiline) {
  if (value.empty()) {
    if (required == Required::kYes) v.Add(field, "must not be empty");
    return;
  }
  if (CodePoints(value) > max) v.Add(field, absl::StrCat("must be at most ", max, " characters"));
  for (unsigned char c : value) {
    if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7F) {
      v.Add(field, "must not contain control characters");
      return;
    }
  }
}

void CheckId(Violations& v, const std::string& field, absl::string_view id) {
  if (!IsValidResourceId(id)) {
    v.Add(field,
          "must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter and not "
          "ending with a hyphen");
  }
}

void CheckName(Violations& v, const std::string& field, absl::string_view name,
               absl::string_view collection, Required required) {
  if (name.empty() && required == Required::kNo) return;
  v.AddFrom(ParseResourceId(name, collection, field).status());
}

void CheckEnum(Violations& v, const std::string& field, int value, bool (*is_valid)(int),
               Required required) {
  if (!is_valid(value)) {
    v.Add(field, absl::StrCat(value, " is not a known value"));
  } else if (value == 0 && required == Required::kYes) {
    v.Add(field, "must be set");
  }
}

std::string IdFrom(Violations& v, absl::string_view name, absl::string_view collection,
                   const std::string& field) {
  auto id = ParseResourceId(name, collection, field);
  if (!id.ok()) {
    v.AddFrom(id.status());
    return "";
  }
  return *std::move(id);
}

std::vector<std::string> IdsFrom(Violations& v, absl::string_view name, absl::string_view pattern,
                                 const std::string& field) {
  auto ids = ParseResourceName(name, pattern, field);
  if (!ids.ok()) {
    v.AddFrom(ids.status());
    const auto segments = std::count(pattern.begin(), pattern.end(), '{');
    return std::vector<std::string>(static_cast<size_t>(segments));
  }
  return *std::move(ids);
}

std::vector<std::string> MaskFrom(Violations& v, const google::protobuf::FieldMask& mask,
                                  const google::protobuf::Message& patch,
                                  const std::set<std::string>& updatable) {
  auto paths = ResolveUpdateMask(mask, patch, updatable);
  if (!paths.ok()) {
    v.AddFrom(paths.status());
    return {};
  }
  return *std::move(paths);
}

absl::StatusOr<absl::CivilDay> CivilDayFromDate(const google::type::Date& date,
                                                absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < kMinYear || date.year() > kMaxYear || date.month() < 1 || date.month() > 12 ||
      day.month() != date.month() || day.day() != date.day()) {
    return InvalidArgumentError(
        {{std::string(field),
          absl::StrCat("is not a real calendar date between ", kMinYear, " and ", kMaxYear, " (",
                       date.year(), "-", date.month(), "-", date.day(), ")")}});
  }
  return day;
}

google::type::Date DateFromCivilDay(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::CivilDay OptionalDate(Violations& v, const std::string& field, bool has,
                            const google::type::Date& date, absl::CivilDay fallback) {
  if (!has) return fallback;
  auto day = CivilDayFromDate(date, field);
  if (!day.ok()) {
    v.AddFrom(day.status());
    return fallback;
  }
  return *day;
}

absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

}  // namespace bch::common
