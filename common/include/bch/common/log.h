// Structured logging: one JSON object per line on stderr with severity, message, timestamp
// (RFC 3339, UTC), and, when known, the gRPC method and request id of the call being served.
#ifndef BCH_COMMON_LOG_H_
#define BCH_COMMON_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace bch::common {

enum class Severity { kDebug, kInfo, kWarning, kError };

// Where a log line comes from; empty fields are left out of the line.
struct LogContext {
  absl::string_view method;
  absl::string_view request_id;
};

// Extra string fields of a log line, e.g. {"code", "NOT_FOUND"}.
using LogFields = std::vector<std::pair<absl::string_view, std::string>>;

// Writes one line atomically (concurrent lines never interleave).
void Log(Severity severity, absl::string_view message, const LogContext& context = {},
         const LogFields& fields = {});

// Sends the messages protobuf and gRPC print themselves (a malformed request, a transport error)
// through Log, with their source file and line as fields, instead of as plain text on stderr.
void RouteLibraryLogsToLog();

// Formats a line without writing it (what Log writes, minus the newline); for tests.
std::string FormatLogLine(Severity severity, absl::string_view message, const LogContext& context,
                          const LogFields& fields, absl::string_view timestamp);

}  // namespace bch::common

#endif  // BCH_COMMON_LOG_H_
