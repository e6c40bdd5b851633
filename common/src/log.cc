// JSON log lines on stderr (see log.h).
#include "bch/common/log.h"

#include <google/protobuf/stubs/logging.h>
#include <grpc/support/log.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace bch::common {
namespace {

absl::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kDebug:
      return "DEBUG";
    case Severity::kInfo:
      return "INFO";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kError:
      return "ERROR";
  }
  return "DEFAULT";
}

void LogProtobufMessage(google::protobuf::LogLevel level, const char* file, int line,
                        const std::string& message) {
  const Severity severity = level == google::protobuf::LOGLEVEL_INFO      ? Severity::kInfo
                            : level == google::protobuf::LOGLEVEL_WARNING ? Severity::kWarning
                                                                          : Severity::kError;
  Log(severity, message, {},
      {{"source", "protobuf"}, {"file", file}, {"line", std::to_string(line)}});
}

void LogGrpcMessage(gpr_log_func_args* args) {
  const Severity severity = args->severity == GPR_LOG_SEVERITY_DEBUG  ? Severity::kDebug
                            : args->severity == GPR_LOG_SEVERITY_INFO ? Severity::kInfo
                                                                      : Severity::kError;
  Log(severity, args->message, {},
      {{"source", "grpc"}, {"file", args->file}, {"line", std::to_string(args->line)}});
}

}  // namespace

void RouteLibraryLogsToLog() {
  google::protobuf::SetLogHandler(&LogProtobufMessage);
  gpr_set_log_function(&LogGrpcMessage);
}

std::string FormatLogLine(Severity severity, absl::string_view message, const LogContext& context,
                          const LogFields& fields, absl::string_view timestamp) {
  nlohmann::ordered_json line;
  line["severity"] = std::string(SeverityName(severity));
  line["message"] = std::string(message);
  line["timestamp"] = std::string(timestamp);
  if (!context.method.empty()) line["method"] = std::string(context.method);
  if (!context.request_id.empty()) line["request_id"] = std::string(context.request_id);
  for (const auto& [key, value] : fields) line[std::string(key)] = value;
  // Replace invalid UTF-8 rather than throw: a log call must never fail.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Log(Severity severity, absl::string_view message, const LogContext& context,
         const LogFields& fields) {
  const std::string timestamp =
      absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  std::string line = FormatLogLine(severity, message, context, fields, timestamp);
  line.push_back('\n');
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace bch::common
