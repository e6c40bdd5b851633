// Flags every server process shares (each also settable as BCH_<NAME>, see config.h):
// --host, --port, --metrics_port, --max_message_bytes, --drain_seconds.
#ifndef BCH_COMMON_SERVER_FLAGS_H_
#define BCH_COMMON_SERVER_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"
#include "bch/common/server.h"

ABSL_DECLARE_FLAG(std::string, host);
ABSL_DECLARE_FLAG(int32_t, port);
ABSL_DECLARE_FLAG(int32_t, metrics_port);
ABSL_DECLARE_FLAG(int32_t, max_message_bytes);
ABSL_DECLARE_FLAG(int32_t, drain_seconds);

namespace bch::common {

// The server options the flags describe, with `health_service_names` as given.
GrpcServerOptions ServerOptionsFromFlags(std::vector<std::string> health_service_names);
absl::Duration DrainTimeoutFromFlags();
// Starts serving metrics on --host:--metrics_port unless --metrics_port is negative.
absl::Status ServeMetricsFromFlags(ServerMetrics& metrics);

}  // namespace bch::common

#endif  // BCH_COMMON_SERVER_FLAGS_H_
