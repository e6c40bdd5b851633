// HTTP/JSON face of the gateway for portals (cpp-httplib), using the proto3 JSON mapping:
//   GET /v1/collaborationUpdate:compose?reportSeries=&force=&asOf=YYYY-MM-DD&strict=true
//   GET /healthz
// Errors are google.rpc.Status JSON bodies with the matching HTTP status.
#ifndef BCH_GATEWAY_HTTP_SERVER_H_
#define BCH_GATEWAY_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "composer.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace bch::gateway {

class HttpServer final {
 public:
  HttpServer(Composer& composer, absl::Duration compose_timeout);
  ~HttpServer();

  // Binds host:port (port 0 picks one) and serves on a background thread.
  absl::Status Start(const std::string& host, int port);
  int port() const { return port_; }
  void Stop();

 private:
  Composer& composer_;
  const absl::Duration compose_timeout_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// The HTTP status for a gRPC/absl status code (google.rpc.Code mapping).
int HttpStatusFor(absl::StatusCode code);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_HTTP_SERVER_H_
