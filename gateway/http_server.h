// HTTP/JSON face of the gateway for portals (cpp-httplib). Its routes are the google.api.http
// annotations of the services it is given (http_routes.h): each request is made into a call of
// their gRPC server and its answer given in the proto3 JSON mapping, with an ETag
// (If-None-Match gives 304) and, for an issued report, cached as immutable. Errors are
// google.rpc.Status JSON bodies, details included, with grpc-gateway's HTTP status for their
// code. GET /healthz answers "ok". Pages may be served beside the API (server()).
#ifndef BCH_GATEWAY_HTTP_SERVER_H_
#define BCH_GATEWAY_HTTP_SERVER_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "composer.h"
#include "http_routes.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace bch::gateway {

// Requests served at once; more wait for a thread.
inline constexpr size_t kHttpThreads = 32;
// The longest request body read (a request of the gateway's API is a few hundred bytes).
inline constexpr size_t kMaxBodyBytes = 1 << 20;

class HttpServer final {
 public:
  // Serves the annotated methods of `services` by calling them on `backend`, each call with
  // `call_timeout`.
  HttpServer(std::shared_ptr<grpc::Channel> backend,
             std::vector<const google::protobuf::ServiceDescriptor*> services,
             absl::Duration call_timeout);
  ~HttpServer();

  // For pages served beside the API (the portal): what is added before Start matches first.
  httplib::Server& server() { return *server_; }

  // Reads the routes (a template it cannot read is an error), binds host:port (port 0 picks
  // one) and serves on a background thread.
  absl::Status Start(const std::string& host, int port);
  int port() const { return port_; }
  void Stop();

 private:
  void Serve(const httplib::Request& http, httplib::Response& response) const;

  std::shared_ptr<grpc::Channel> backend_;
  std::vector<const google::protobuf::ServiceDescriptor*> services_;
  const absl::Duration call_timeout_;
  std::vector<HttpRoute> routes_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Sets the ETag (a hash of `tagged`, the bytes that make the answer what it is) and
// Cache-Control (a year and immutable, or no-cache) of `response`. True when the request's
// If-None-Match holds that tag: `response` is then a 304, to be sent with no body.
bool NotModified(const httplib::Request& http, httplib::Response& response,
                 absl::string_view tagged, bool immutable);

// The options of a call made for `http`: a deadline `timeout` from now, and its X-Request-Id.
CallOptions CallOptionsOf(const httplib::Request& http, absl::Duration timeout);

// The HTTP status for a gRPC/absl status code (grpc-gateway's mapping).
int HttpStatusFor(absl::StatusCode code);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_HTTP_SERVER_H_
