// HTTP/JSON endpoints of the gateway (see http_server.h).
#include "http_server.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bch/common/errors.h"
#include "bch/common/log.h"
#include "bch/common/sha256.h"
#include "gateway_service.h"
#include "generic_call.h"
#include "google/rpc/status.pb.h"

namespace bch::gateway {
namespace {

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void SendRpcStatus(const google::rpc::Status& status, httplib::Response& response) {
  response.status = HttpStatusFor(static_cast<absl::StatusCode>(status.code()));
  response.set_content(ToJson(status), "application/json");
}

void SendStatus(const absl::Status& status, httplib::Response& response) {
  SendRpcStatus(common::ToRpcStatus(status, kErrorDomain), response);
}

// A failed call's status as the service sent it: its google.rpc.Status details when it has
// them (reason, field violations), else its code and message.
void SendGrpcStatus(const grpc::Status& status, httplib::Response& response) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    details.set_code(status.error_code());
    details.set_message(status.error_message());
  }
  SendRpcStatus(details, response);
}

std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// The media type of the request's Content-Type, parameters aside, is application/json.
bool IsJson(const httplib::Request& http) {
  const std::string type = http.get_header_value("Content-Type");
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(type.substr(0, type.find(';'))),
                                "application/json");
}

// An issued report never changes: it may be kept as long as a cache likes.
bool IsImmutable(const google::protobuf::Descriptor& type) {
  return type.full_name() == "bch.reporting.v1.IssuedReport";
}

}  // namespace

bool NotModified(const httplib::Request& http, httplib::Response& response,
                 absl::string_view tagged, bool immutable) {
  const std::string etag = absl::StrCat("\"", common::Sha256Hex(tagged).substr(0, 32), "\"");
  response.set_header("ETag", etag);
  response.set_header("Cache-Control",
                      immutable ? "public, max-age=31536000, immutable" : "no-cache");
  // If-None-Match: "*", or a list of tags, each perhaps weak (W/"…"), compared weakly.
  for (absl::string_view tag : absl::StrSplit(http.get_header_value("If-None-Match"), ',')) {
    tag = absl::StripAsciiWhitespace(tag);
    absl::ConsumePrefix(&tag, "W/");
    if (tag == "*" || tag == etag) {
      response.status = 304;
      return true;
    }
  }
  return false;
}

CallOptions CallOptionsOf(const httplib::Request& http, absl::Duration timeout) {
  return {.deadline = absl::Now() + timeout, .request_id = http.get_header_value("X-Request-Id")};
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

HttpServer::HttpServer(std::shared_ptr<grpc::Channel> backend,
                       std::vector<const google::protobuf::ServiceDescriptor*> services,
                       absl::Duration call_timeout)
    : backend_(std::move(backend)),
      services_(std::move(services)),
      call_timeout_(call_timeout),
      server_(std::make_unique<httplib::Server>()) {
  // Enough threads that slow compositions (each holds one up to its deadline) leave some for
  // /healthz and quick reads.
  server_->new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  server_->set_payload_max_length(kMaxBodyBytes);  // longer: 413, unread
  // Headers and body go out in separate writes: without this, Nagle's algorithm holds the body
  // of every answer after the first on a kept-alive connection until the client's delayed ACK
  // (about 40 ms).
  server_->set_tcp_nodelay(true);
  server_->set_pre_routing_handler([](const httplib::Request& http, httplib::Response& response) {
    // A NUL in the decoded path would cut a file name short ("portal.css%00.txt").
    if (http.path.find('\0') != std::string::npos) {
      SendStatus(common::InvalidArgumentError("path", "holds a NUL"), response);
      return httplib::Server::HandlerResponse::Handled;
    }
    // httplib 0.11 bounds a body only by its Content-Length, and inflates a compressed one
    // before any bound: a chunked or compressed body is refused before it is read.
    if (http.has_header("Transfer-Encoding")) {
      response.set_header("Connection", "close");
      response.status = 411;  // Length Required
      return httplib::Server::HandlerResponse::Handled;
    }
    if (http.has_header("Content-Encoding") &&
        http.get_header_value("Content-Encoding") != "identity") {
      SendStatus(
          common::InvalidArgumentError("Content-Encoding", "a request body is not compressed"),
          response);
      response.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    // Ranges are ignored (RFC 9110 allows it): httplib 0.11 would build every range of a
    // request asking for thousands at once, and cut dynamic answers short under a 200.
    auto& request = const_cast<httplib::Request&>(http);
    request.ranges.clear();
    request.headers.erase("Range");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server_->set_logger([](const httplib::Request& request, const httplib::Response& response) {
    common::Log(response.status < 500 ? common::Severity::kInfo : common::Severity::kWarning,
                "http request finished",
                {.method = request.path, .request_id = request.get_header_value("X-Request-Id")},
                {{"http_status", std::to_string(response.status)}});
  });
}

void HttpServer::Serve(const httplib::Request& http, httplib::Response& response) const {
  std::vector<std::pair<std::string, std::string>> bindings;
  for (const HttpRoute& route : routes_) {
    if (!MatchRoute(route, http.method, http.path, bindings)) continue;
    const google::protobuf::MethodDescriptor& method = *route.method;
    // A request with a body must say it is JSON, even empty: a browser sends that only to its
    // own origin, or after a preflight, so another site's form cannot issue a report.
    if ((!route.body.empty() || !http.body.empty()) && !IsJson(http)) {
      return SendStatus(
          common::InvalidArgumentError("Content-Type", "a request body must be application/json"),
          response);
    }
    std::unique_ptr<google::protobuf::Message> request = NewMessage(method.input_type());
    if (absl::Status s = FillRequest(route, bindings, http.params, http.body, *request); !s.ok()) {
      return SendStatus(s, response);
    }
    grpc::ClientContext context;
    Prepare(context, CallOptionsOf(http, call_timeout_));
    std::unique_ptr<google::protobuf::Message> answer = NewMessage(method.output_type());
    const grpc::Status status = CallUnary(backend_, context, method, *request, answer.get());
    if (!status.ok()) return SendGrpcStatus(status, response);
    // The same answer has the same tag: a portal reading again with it gets 304 and no body.
    // (A write, such as an issue, is never answered 304.)
    if (http.method == "GET" && NotModified(http, response, common::DeterministicBytes(*answer),
                                            IsImmutable(*method.output_type()))) {
      return;
    }
    response.set_content(ToJson(*answer), "application/json");
    return;
  }
  SendStatus(
      absl::NotFoundError(absl::StrCat("no method is served at ", http.method, " ", http.path)),
      response);
}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start(const std::string& host, int port) {
  absl::StatusOr<std::vector<HttpRoute>> routes = RoutesOf(services_);
  if (!routes.ok()) return routes.status();
  routes_ = *std::move(routes);
  // Last, so that pages added before match first.
  const auto serve = [this](const httplib::Request& http, httplib::Response& response) {
    Serve(http, response);
  };
  server_->Get(".*", serve);
  server_->Post(".*", serve);
  server_->Put(".*", serve);
  server_->Patch(".*", serve);
  server_->Delete(".*", serve);
  port_ =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", port));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

}  // namespace bch::gateway
