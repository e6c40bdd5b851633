// Error conversion: MySQL error codes to absl::Status, and absl::Status to grpc::Status with
// google.rpc.Status details. Reasons and field violations travel inside absl::Status payloads
// as serialized google.rpc.ErrorInfo and google.rpc.BadRequest messages.
#include "bch/common/errors.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace bch::common {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

std::string TypeUrl(const google::protobuf::Message& message) {
  return absl::StrCat(kTypeUrlPrefix, message.GetDescriptor()->full_name());
}

template <typename Proto>
bool ReadPayload(const absl::Status& status, Proto& out) {
  auto payload = status.GetPayload(TypeUrl(out));
  return payload.has_value() && out.ParseFromString(std::string(*payload));
}

}  // namespace

absl::Status InvalidArgumentError(std::vector<FieldViolation> violations) {
  google::rpc::BadRequest bad_request;
  std::vector<std::string> parts;
  size_t listed = 0, bytes = 0;
  for (const FieldViolation& v : violations) {
    // A violation may quote the request (an unknown mask path, a date's text): each is cut short.
    const std::string field = ShortenUtf8(v.field, kMaxViolationTextBytes);
    const std::string description = ShortenUtf8(v.description, kMaxViolationTextBytes);
    bytes += field.size() + description.size() + 4;  // with ": " and "; " in the message
    if (listed == kMaxListedViolations || (listed > 0 && bytes > kMaxListedViolationBytes)) break;
    auto* proto = bad_request.add_field_violations();
    proto->set_field(field);
    proto->set_description(description);
    parts.push_back(absl::StrCat(field, ": ", description));
    ++listed;
  }
  if (violations.size() > listed) {
    parts.push_back(
        absl::StrCat("and ", violations.size() - listed, " more violations not listed"));
  }
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat("invalid request: ", absl::StrJoin(parts, "; ")));
  status.SetPayload(TypeUrl(bad_request), absl::Cord(bad_request.SerializeAsString()));
  return WithReason(std::move(status), "INVALID_FIELDS");
}

absl::Status InvalidArgumentError(absl::string_view field, absl::string_view description) {
  return InvalidArgumentError({{std::string(field), std::string(description)}});
}

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  status.SetPayload(TypeUrl(info), absl::Cord(info.SerializeAsString()));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  if (ReadPayload(status, info) && !info.reason().empty()) return info.reason();
  return absl::StatusCodeToString(status.code());
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  std::vector<FieldViolation> out;
  if (!ReadPayload(status, bad_request)) return out;
  for (const auto& v : bad_request.field_violations()) {
    out.push_back({v.field(), v.description()});
  }
  return out;
}

absl::Status RewriteViolations(const absl::Status& status,
                               const std::function<void(FieldViolation&)>& rewrite) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return status;
  for (FieldViolation& violation : violations) rewrite(violation);
  return InvalidArgumentError(std::move(violations));
}

bool IsConnectionError(int error_code) {
  switch (error_code) {
    case 2002:  // CR_CONNECTION_ERROR: cannot connect through the socket
    case 2003:  // CR_CONN_HOST_ERROR: cannot connect to the host
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1053:  // ER_SERVER_SHUTDOWN: the server is shutting down
    case 1927:  // ER_CONNECTION_KILLED
      return true;
    default:
      return false;
  }
}

absl::Status StatusFromMysqlError(int error_code, absl::string_view /*server_message*/) {
  switch (error_code) {
    case 1062:  // ER_DUP_ENTRY
      return WithReason(absl::AlreadyExistsError("the resource already exists"),
                        "RESOURCE_ALREADY_EXISTS");
    case 1451:  // ER_ROW_IS_REFERENCED_2: still referenced by another resource
    case 1452:  // ER_NO_REFERENCED_ROW_2: refers to a resource that does not exist
      return WithReason(
          absl::FailedPreconditionError("the change conflicts with a related resource"),
          "REFERENCE_CONSTRAINT");
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1213:  // ER_LOCK_DEADLOCK
      return WithReason(absl::AbortedError("the transaction conflicted with another; retry"),
                        "TRANSACTION_CONFLICT");
    case 1969:  // ER_STATEMENT_TIMEOUT: the session's max_statement_time passed
      return WithReason(absl::DeadlineExceededError("the database did not answer in time"),
                        "DATABASE_TIMEOUT");
    default:
      break;
  }
  if (IsConnectionError(error_code)) {
    return WithReason(absl::UnavailableError("the database is unavailable; retry later"),
                      "DATABASE_UNAVAILABLE");
  }
  return WithReason(absl::InternalError("internal database error"), "DATABASE_ERROR");
}

std::string ShortenUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes - 3;  // room for "…" (three bytes)
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "\u2026");
}

google::rpc::Status ToRpcStatus(const absl::Status& status, absl::string_view domain) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(ShortenUtf8(status.message(), kMaxErrorMessageBytes));

  google::rpc::ErrorInfo info;
  ReadPayload(status, info);
  if (info.reason().empty()) info.set_reason(absl::StatusCodeToString(status.code()));
  info.set_domain(std::string(domain));
  rpc_status.add_details()->PackFrom(info);

  google::rpc::BadRequest bad_request;
  if (ReadPayload(status, bad_request)) rpc_status.add_details()->PackFrom(bad_request);
  return rpc_status;
}

absl::Status StatusFromGrpc(const grpc::Status& status) {
  absl::Status converted(static_cast<absl::StatusCode>(status.error_code()),
                         status.error_message());
  google::rpc::Status details;
  if (converted.ok() || !details.ParseFromString(status.error_details())) return converted;
  for (const google::protobuf::Any& detail : details.details()) {
    converted.SetPayload(detail.type_url(), absl::Cord(detail.value()));
  }
  return converted;
}

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain) {
  if (status.ok()) return grpc::Status::OK;
  const google::rpc::Status rpc_status = ToRpcStatus(status, domain);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), rpc_status.message(),
                      rpc_status.SerializeAsString());
}

std::string StatusForPerson(const absl::Status& status) {
  std::string text = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
  for (const FieldViolation& violation : FieldViolationsOf(status)) {
    absl::StrAppend(&text, "\n  ", violation.field, ": ", violation.description);
  }
  return text;
}

}  // namespace bch::common
