// A gRPC server as every process of the suite runs it: server reflection (v1 and v1alpha), the
// grpc.health.v1 health service (visible through reflection), an interceptor that writes a JSON log
// line and Prometheus metrics per call and gives every call a request id, explicit message-size
// limits, and graceful shutdown with a drain deadline.
#ifndef BCH_COMMON_SERVER_H_
#define BCH_COMMON_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/metrics.h"

namespace bch::common {

// The largest message a server of the suite accepts or sends, and a client of it (the gateway)
// receives. List pages and other many-item reads fill at most kMaxResponseItemBytes
// (pagination.h) of it.
inline constexpr int kMaxMessageBytes = 4 * 1024 * 1024;

struct GrpcServerOptions {
  std::string host = "127.0.0.1";  // "0.0.0.0" in containers
  int port = 0;                    // 0 picks a free port (tests)
  int max_message_bytes = kMaxMessageBytes;
  // Threads kept waiting for calls between bursts (the sync server's MAX_POLLERS): about the
  // number of calls served at once, so that no thread is created per call.
  int idle_threads = 32;
  // Fully qualified names of the services whose health is reported (besides "").
  std::vector<std::string> health_service_names;
};

class GrpcServer final {
 public:
  // Starts serving `services` (not owned; they must outlive the server). Every health status
  // starts NOT_SERVING; call SetServing(true) once the dependencies answer.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const GrpcServerOptions& options, const std::vector<grpc::Service*>& services,
      ServerMetrics* metrics);
  ~GrpcServer();

  int port() const { return port_; }
  void SetServing(bool serving);
  // Reports NOT_SERVING, stops accepting calls, lets calls in flight finish until `drain`
  // has passed, then cancels the rest. Idempotent.
  void Shutdown(absl::Duration drain);

 private:
  GrpcServer(std::unique_ptr<grpc::Server> server, int port, std::vector<std::string> names);
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::vector<std::string> health_service_names_;
  bool shut_down_ = false;
};

// Process-wide settings every server makes first thing in main: turns off Abseil's mutex
// deadlock detection (a debugging aid that Debian's Abseil leaves on, and that gRPC's own
// mutexes pay for on every call), sends protobuf's and gRPC's own messages through Log (so that
// every line on stderr is JSON), then blocks SIGINT/SIGTERM as BlockShutdownSignals does.
void PrepareServerProcess();

// Blocks SIGINT and SIGTERM in the calling thread (and threads it creates later), so that
// WaitForShutdownSignal receives them. Call first thing in main.
void BlockShutdownSignals();
// Waits for SIGINT or SIGTERM (blocked beforehand) and returns its name.
std::string WaitForShutdownSignal();

}  // namespace bch::common

#endif  // BCH_COMMON_SERVER_H_
