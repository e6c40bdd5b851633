// SQL time text -> protobuf Timestamp (see sql_time.h).
#include "bch/common/sql_time.h"

#include <string>

#include "absl/time/time.h"

namespace bch::common {

void SetTimestamp(absl::string_view sql_text, google::protobuf::Timestamp& out) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(sql_text), absl::UTCTimeZone(), &time,
                       &error)) {
    return;
  }
  const absl::Duration since_epoch = time - absl::UnixEpoch();
  const int64_t seconds = absl::ToInt64Seconds(since_epoch);
  out.set_seconds(seconds);
  out.set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(seconds))));
}

absl::CivilDay DayFromSql(absl::string_view sql_date) {
  absl::CivilDay day;
  (void)absl::ParseCivilTime(sql_date, &day);
  return day;
}

std::string SqlTimestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone());
}

}  // namespace bch::common
