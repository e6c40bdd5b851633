// Conversion of SQL DATE text to days, and of DATETIME/TIMESTAMP text (UTC, as the pool's
// sessions use) to protobuf Timestamps.
#ifndef BCH_COMMON_SQL_TIME_H_
#define BCH_COMMON_SQL_TIME_H_

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace bch::common {

// "2017-12-14 09:30:00.250000" (UTC) -> Timestamp; leaves `out` unset for unparsable text.
void SetTimestamp(absl::string_view sql_text, google::protobuf::Timestamp& out);

// SQL DATE text ("2017-12-14") -> the day; 1970-01-01 for unparsable text (a DATE column
// never holds any).
absl::CivilDay DayFromSql(absl::string_view sql_date);

// A time as SQL TIMESTAMP(6) text in UTC, to the microsecond (what the column keeps), so that a
// value written with it and read back with SetTimestamp is the same.
std::string SqlTimestamp(absl::Time time);

}  // namespace bch::common

#endif  // BCH_COMMON_SQL_TIME_H_
