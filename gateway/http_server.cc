// HTTP/JSON endpoints of the gateway (see http_server.h).
#include "http_server.h"

#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bch/common/errors.h"
#include "bch/common/log.h"
#include "gateway_service.h"

namespace bch::gateway {
namespace {

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

// A query parameter by its proto3 JSON name or its proto field name.
std::string Param(const httplib::Request& request, const char* json_name, const char* field_name) {
  if (request.has_param(json_name)) return request.get_param_value(json_name);
  return request.get_param_value(field_name);
}

absl::StatusOr<v1::ComposeCollaborationUpdateRequest> ParseComposeRequest(
    const httplib::Request& http) {
  v1::ComposeCollaborationUpdateRequest request;
  std::vector<common::FieldViolation> violations;
  request.set_report_series(Param(http, "reportSeries", "report_series"));
  request.set_force(Param(http, "force", "force"));
  if (const std::string as_of = Param(http, "asOf", "as_of"); !as_of.empty()) {
    std::vector<absl::string_view> parts = absl::StrSplit(as_of, '-');
    int year = 0, month = 0, day = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
        !absl::SimpleAtoi(parts[1], &month) || !absl::SimpleAtoi(parts[2], &day)) {
      violations.push_back({"as_of", "must be a date written YYYY-MM-DD"});
    } else {
      request.mutable_as_of()->set_year(year);
      request.mutable_as_of()->set_month(month);
      request.mutable_as_of()->set_day(day);
    }
  }
  if (const std::string strict = Param(http, "strict", "strict"); !strict.empty()) {
    if (strict != "true" && strict != "false") {
      violations.push_back({"strict", "must be true or false"});
    }
    request.set_strict(strict == "true");
  }
  if (!violations.empty()) return common::InvalidArgumentError(std::move(violations));
  return request;
}

void SendStatus(const absl::Status& status, httplib::Response& response) {
  response.status = HttpStatusFor(status.code());
  response.set_content(ToJson(common::ToRpcStatus(status, kErrorDomain)), "application/json");
}

}  // namespace

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

HttpServer::HttpServer(Composer& composer, absl::Duration compose_timeout)
    : composer_(composer),
      compose_timeout_(compose_timeout),
      server_(std::make_unique<httplib::Server>()) {
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server_->Get("/v1/collaborationUpdate:compose", [this](const httplib::Request& http,
                                                         httplib::Response& response) {
    auto request = ParseComposeRequest(http);
    if (!request.ok()) return SendStatus(request.status(), response);
    const std::string request_id = http.get_header_value("X-Request-Id");
    auto update = ComposeRequested(
        composer_, *request,
        {.deadline = BackendDeadline(absl::Now() + compose_timeout_), .request_id = request_id});
    if (!update.ok()) return SendStatus(update.status(), response);
    response.set_content(ToJson(*update), "application/json");
  });
  server_->set_logger([](const httplib::Request& request, const httplib::Response& response) {
    common::Log(response.status < 500 ? common::Severity::kInfo : common::Severity::kWarning,
                "http request finished",
                {.method = request.path, .request_id = request.get_header_value("X-Request-Id")},
                {{"http_status", std::to_string(response.status)}});
  });
}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start(const std::string& host, int port) {
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
