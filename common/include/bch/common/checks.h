// Input checks that collect every violation of a request (AIP-193 BadRequest), shared by every
// service and the gateway: text, ids, resource names, enums, update masks and dates, each adding
// to one Violations list so that the caller hears of every bad field at once.
//
//   Violations v;
//   const std::string id = IdFrom(v, request.name(), "projects", "name");
//   CheckText(v, "project.title", request.project().title(), 200, Required::kYes);
//   if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;  // INVALID_ARGUMENT
#ifndef BCH_COMMON_CHECKS_H_
#define BCH_COMMON_CHECKS_H_

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "bch/common/errors.h"
#include "google/type/date.pb.h"

namespace bch::common {

// Collects violations; empty means valid.
class Violations final {
 public:
  void Add(std::string field, std::string description);
  // Adds the violations an INVALID_ARGUMENT status carries; returns false (adding nothing) for
  // any other non-OK status, which the caller passes on instead.
  bool AddFrom(const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  // OK when empty, else INVALID_ARGUMENT listing every violation.
  absl::Status ToStatus() &&;

 private:
  std::vector<FieldViolation> violations_;
};

enum class Required { kNo, kYes };

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// A text field: UTF-8 of at most `max` characters (Unicode code points); when required, not
// empty and with at least one visible character (white space, zero-width characters and the
// byte-order mark alone are refused). Never C0 or C1 control characters, nor bidirectional
// embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069); line breaks and tabs only
// where `multiline`.
void CheckText(Violations& v, const std::string& field, absl::string_view value, size_t max,
               Required required, bool multiline = false);

// An AIP-122 id chosen by a caller, e.g. `project_id`.
void CheckId(Violations& v, const std::string& field, absl::string_view id);

// A resource name `collection/{id}`; empty is allowed unless `required`.
void CheckName(Violations& v, const std::string& field, absl::string_view name,
               absl::string_view collection, Required required);

// A resource name in one of `collections` (a figure's owner, `forces/{id}` or
// `alliances/{id}`); empty is allowed unless `required`. A violation names the collections.
void CheckNameIn(Violations& v, const std::string& field, absl::string_view name,
                 std::initializer_list<absl::string_view> collections, Required required);

// A required proto enum: not 0 (UNSPECIFIED). Unknown numbers never reach a handler: Respond
// refuses them first (CheckEnumsKnown).
void CheckEnumSet(Violations& v, const std::string& field, int value);

// Every enum field set anywhere in `message` (nested messages and repeated fields included)
// holds a number its enum defines: proto3 keeps unknown numbers, and a stored 99 would mean
// nothing to any reader. Fields are named by path, e.g. "project.state".
void CheckEnumsKnown(Violations& v, const google::protobuf::Message& message);

// The id of `name` in `collection` ("projects/athena" -> "athena"), recording a violation on
// `field` (and returning "") when malformed.
std::string IdFrom(Violations& v, absl::string_view name, absl::string_view collection,
                   const std::string& field);

// The ids of a name matching `pattern` ("projects/{project}/milestones/{milestone}"), recording
// a violation on `field` (and returning as many empty ids) when it does not match.
std::vector<std::string> IdsFrom(Violations& v, absl::string_view name, absl::string_view pattern,
                                 const std::string& field);

// The update mask resolved against `patch` (see field_mask.h), recording violations.
std::vector<std::string> MaskFrom(Violations& v, const google::protobuf::FieldMask& mask,
                                  const google::protobuf::Message& patch,
                                  const std::set<std::string>& updatable);

// The years every date of the suite may fall in (a request date, a dated value's period).
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2999;

// A google.type.Date that must be a real, full day within [kMinYear, kMaxYear]; INVALID_ARGUMENT
// on `field` otherwise.
absl::StatusOr<absl::CivilDay> CivilDayFromDate(const google::type::Date& date,
                                                absl::string_view field);
google::type::Date DateFromCivilDay(absl::CivilDay day);

// A date field of a resource: unset (nullopt, a violation when `required`) or a valid date (a
// violation and nullopt otherwise).
std::optional<absl::CivilDay> CheckDate(Violations& v, const std::string& field, bool has,
                                        const google::type::Date& date, Required required);

// The day of a date field already checked by CheckDate: nullopt when unset or bad, so that rules
// between dates skip it.
std::optional<absl::CivilDay> ValidDay(bool has, const google::type::Date& date);

// A request date such as `as_of` or `effective_date`: unset gives `fallback`; a bad date records
// a violation (and gives `fallback`).
absl::CivilDay OptionalDate(Violations& v, const std::string& field, bool has,
                            const google::type::Date& date, absl::CivilDay fallback);

// Today in UTC, the default day of a write and of a paper composed now.
absl::CivilDay Today();

// A write request's `effective_date`: unset means today.
template <typename Request>
absl::CivilDay EffectiveDateOf(Violations& v, const Request& request) {
  return OptionalDate(v, "effective_date", request.has_effective_date(), request.effective_date(),
                      Today());
}

// A read request's `as_of`: unset (nullopt) means the current state.
template <typename Request>
std::optional<absl::CivilDay> AsOfOf(Violations& v, const Request& request) {
  if (!request.has_as_of()) return std::nullopt;
  return OptionalDate(v, "as_of", true, request.as_of(), Today());
}

// A list request's `as_of` as a page-token parameter ("" when unset): a token is tied to the
// day its list was read on.
template <typename Request>
std::string AsOfTokenParameter(const Request& request) {
  if (!request.has_as_of()) return "";
  const google::type::Date& day = request.as_of();
  return std::to_string(day.year()) + "-" + std::to_string(day.month()) + "-" +
         std::to_string(day.day());
}

}  // namespace bch::common

#endif  // BCH_COMMON_CHECKS_H_
