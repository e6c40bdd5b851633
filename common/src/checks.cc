// Input checks (see checks.h).
#include "bch/common/checks.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bch/common/field_mask.h"
#include "bch/common/resource_names.h"

namespace bch::common {
namespace {

// Decodes UTF-8 into code points; false if `text` is not well-formed UTF-8.
bool DecodeUtf8(absl::string_view text, std::vector<char32_t>& out) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
    if (length == 0 || i + length > text.size()) return false;
    char32_t point = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      point = (point << 6) | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (point < kSmallest[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) {
      return false;  // overlong, out of range or a surrogate
    }
    out.push_back(point);
    i += static_cast<size_t>(length);
  }
  return true;
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Bidirectional embeddings, overrides and isolates: they reorder how the text around them is
// shown, so that what a reader sees is not what is stored.
bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Characters that show nothing on their own: Unicode white space, the default-ignorable format
// characters (zero-width space and joiners, byte-order mark, soft hyphen, invisible operators,
// variation selectors, fillers, tags), combining marks (they only change the character before
// them), the blank Braille pattern, private-use characters (no agreed glyph), noncharacters and
// the interlinear annotation controls.
bool IsInvisible(char32_t c) {
  return IsControl(c) || c == 0x20 || c == 0xA0 || c == 0xAD || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x2800 ||
         (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || (c >= 0xFDD0 && c <= 0xFDEF) ||
         (c & 0xFFFE) == 0xFFFE || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0x34F || c == 0x61C ||
         c == 0x115F || c == 0x1160 || c == 0x1680 || c == 0x17B4 || c == 0x17B5 ||
         (c >= 0x180B && c <= 0x180F) || (c >= 0x2000 && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 ||
         c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
}

std::string CodePointName(char32_t c) {
  return absl::StrFormat("U+%04X", static_cast<uint32_t>(c));
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  std::vector<char32_t> points;
  return DecodeUtf8(text, points);
}

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
  std::vector<char32_t> points;
  if (!DecodeUtf8(value, points)) return v.Add(field, "must be UTF-8");
  if (points.size() > max) v.Add(field, absl::StrCat("must be at most ", max, " characters"));
  for (size_t i = 0; i < points.size(); ++i) {
    const char32_t c = points[i];
    const bool line_break = c == '\n' || c == '\r' || c == '\t' || c == 0x2028 || c == 0x2029;
    if ((IsControl(c) || line_break) && !(multiline && line_break)) {
      return v.Add(field, absl::StrCat("must not contain control characters",
                                       multiline ? "" : " or line breaks", " (", CodePointName(c),
                                       " at character ", i + 1, ")"));
    }
    if (IsBidiControl(c)) {
      return v.Add(field, absl::StrCat("must not contain bidirectional overrides or isolates (",
                                       CodePointName(c), " at character ", i + 1, ")"));
    }
  }
  if (required == Required::kYes && std::all_of(points.begin(), points.end(), IsInvisible)) {
    v.Add(field, "must contain a visible character");
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

void CheckNameIn(Violations& v, const std::string& field, absl::string_view name,
                 std::initializer_list<absl::string_view> collections, Required required) {
  if (name.empty() && required == Required::kNo) return;
  for (absl::string_view collection : collections) {
    if (absl::StartsWith(name, absl::StrCat(collection, "/"))) {
      CheckName(v, field, name, collection, Required::kYes);
      return;
    }
  }
  v.Add(field, absl::StrCat("must be ", absl::StrJoin(collections, " or ",
                                                      [](std::string* out, absl::string_view c) {
                                                        absl::StrAppend(out, c, "/{id}");
                                                      })));
}

void CheckEnumSet(Violations& v, const std::string& field, int value) {
  if (value == 0) v.Add(field, "must be set");
}

namespace {

void CheckEnumsKnownUnder(Violations& v, const google::protobuf::Message& message,
                          const std::string& prefix) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path =
        prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
    if (field->is_map()) continue;  // no enum-valued maps in the suite's APIs
    const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string item = field->is_repeated() ? absl::StrCat(path, "[", i, "]") : path;
      if (field->type() == FieldDescriptor::TYPE_ENUM) {
        const int number = field->is_repeated() ? reflection.GetRepeatedEnumValue(message, field, i)
                                                : reflection.GetEnumValue(message, field);
        if (field->enum_type()->FindValueByNumber(number) == nullptr) {
          v.Add(item, absl::StrCat(number, " is not a known value"));
        }
      } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        CheckEnumsKnownUnder(v,
                             field->is_repeated() ? reflection.GetRepeatedMessage(message, field, i)
                                                  : reflection.GetMessage(message, field),
                             item);
      }
    }
  }
}

}  // namespace

void CheckEnumsKnown(Violations& v, const google::protobuf::Message& message) {
  CheckEnumsKnownUnder(v, message, "");
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

std::optional<absl::CivilDay> CheckDate(Violations& v, const std::string& field, bool has,
                                        const google::type::Date& date, Required required) {
  if (!has) {
    if (required == Required::kYes) v.Add(field, "is required");
    return std::nullopt;
  }
  auto day = CivilDayFromDate(date, field);
  if (!day.ok()) {
    v.AddFrom(day.status());
    return std::nullopt;
  }
  return *day;
}

std::optional<absl::CivilDay> ValidDay(bool has, const google::type::Date& date) {
  if (!has) return std::nullopt;
  auto day = CivilDayFromDate(date, "");
  return day.ok() ? std::optional(*day) : std::nullopt;
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
