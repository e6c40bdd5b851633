// Dates of stated precision, as papers write them: an exact day, a month, a season or run of
// seasons, a year, a UK financial year, each possibly "throughout", "not before" or "by". A
// value is a named period [start, end] with a precision and a qualifier; from them follow the
// earliest and latest possible days (open for the bounds) used to sort, compare and spot slips,
// and the words a person would write, which parse back to the same value.
#ifndef BCH_COMMON_DATED_VALUE_H_
#define BCH_COMMON_DATED_VALUE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::common {

enum class Precision { kDay, kMonth, kSeason, kYear, kFinancialYear };
enum class Qualifier { kWithin, kThroughout, kNotBefore, kBy };

struct DatedValue {
  Precision precision = Precision::kDay;
  Qualifier qualifier = Qualifier::kWithin;
  absl::CivilDay start;  // first day of the named period
  absl::CivilDay end;    // last day of the named period

  // First and last possible days; nullopt where the value is open-ended.
  std::optional<absl::CivilDay> earliest() const;
  std::optional<absl::CivilDay> latest() const;
  bool operator==(const DatedValue&) const = default;
};

// Parses the words ("Spring/Summer 2018", "not before 2019", …). INVALID_ARGUMENT with a
// description meant for a person (the caller adds the field path).
absl::StatusOr<DatedValue> ParseDatedValue(absl::string_view text);

// Checks a value built from structured fields: the period must be exactly one period of its
// precision (e.g. a MONTH runs from the 1st to the month's last day), start not after end.
absl::Status CheckDatedValue(const DatedValue& value);

// The words for a value: "14 December 2017", "Spring/Summer 2018", "throughout 2018", …
std::string RenderDatedValue(const DatedValue& value);

// Wire form <-> value. FromProto takes `text` (with any structured field given beside it saying
// the same), or else the structured fields (precision, period_start and period_end, and the
// qualifier); errors (including a field that disagrees with the text) are INVALID_ARGUMENT with
// violations on `field`, e.g. "milestone.planned". The output-only earliest and latest are
// ignored.
absl::StatusOr<DatedValue> DatedValueFromProto(const projects::v1::DatedValue& proto,
                                               absl::string_view field);
projects::v1::DatedValue DatedValueToProto(const DatedValue& value);

// True when `proto` carries no value at all: no text and no structured field.
bool IsEmpty(const projects::v1::DatedValue& proto);

}  // namespace bch::common

#endif  // BCH_COMMON_DATED_VALUE_H_
