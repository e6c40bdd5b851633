// Definitions of the shared server flags (see server_flags.h).
#include "bch/common/server_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(std::string, host, "127.0.0.1",
          "Address to listen on for gRPC and metrics; 0.0.0.0 in containers.");
ABSL_FLAG(int32_t, port, 0, "gRPC port; each binary sets its own default.");
ABSL_FLAG(int32_t, metrics_port, 0,
          "Prometheus /metrics port; each binary sets its own default; negative disables.");
ABSL_FLAG(int32_t, max_message_bytes, bch::common::kMaxMessageBytes,
          "Largest gRPC message accepted or sent, in bytes; list pages hold up to 3 MiB of items, "
          "so keep it at 4 MiB or more.");
ABSL_FLAG(int32_t, drain_seconds, 10,
          "On SIGTERM/SIGINT, how long calls in flight may run before they are cancelled.");

namespace bch::common {

GrpcServerOptions ServerOptionsFromFlags(std::vector<std::string> health_service_names) {
  GrpcServerOptions options;
  options.host = absl::GetFlag(FLAGS_host);
  options.port = absl::GetFlag(FLAGS_port);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.health_service_names = std::move(health_service_names);
  return options;
}

absl::Duration DrainTimeoutFromFlags() { return absl::Seconds(absl::GetFlag(FLAGS_drain_seconds)); }

absl::Status ServeMetricsFromFlags(ServerMetrics& metrics) {
  const int port = absl::GetFlag(FLAGS_metrics_port);
  if (port < 0) return absl::OkStatus();
  return metrics.Serve(absl::StrCat(absl::GetFlag(FLAGS_host), ":", port));
}

}  // namespace bch::common
