// Handler helpers (see handler.h).
#include "bch/common/handler.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/call_scope.h"
#include "bch/common/errors.h"
#include "bch/common/log.h"
#include "bch/common/pagination.h"

namespace bch::common {

std::string RequestIdOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kRequestIdHeader);
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

absl::Time DeadlineOf(const grpc::ServerContext& context, absl::Duration cap) {
  const absl::Time capped = absl::Now() + cap;
  const absl::Time call = absl::FromChrono(context.deadline());
  return call < capped ? call : capped;
}

bool IsKeptRequestId(absl::string_view request_id) {
  if (request_id.empty() || request_id.size() > kMaxRequestIdLength) return false;
  for (unsigned char c : request_id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

absl::StatusOr<WriteContext> WriteContextOf(const CallerResolver& callers,
                                            const grpc::ServerContext& context) {
  auto principal = callers.Resolve(context);
  if (!principal.ok()) return principal.status();
  return WriteContext{*std::move(principal), RequestIdOf(context), DeadlineOf(context)};
}

grpc::Status Respond(const grpc::ServerContext& context, absl::string_view domain,
                     const google::protobuf::Message& request,
                     const std::function<absl::Status()>& body) {
  const std::string request_id = RequestIdOf(context);
  absl::Status status;
  Violations unknown_enums;
  CheckEnumsKnown(unknown_enums, request);
  if (unknown_enums.empty()) {
    CallScope call(request_id, DeadlineOf(context), [&context] { return context.IsCancelled(); });
    status = body();
  } else {
    status = std::move(unknown_enums).ToStatus();
  }
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    Log(Severity::kError, status.ToString(), {.method = {}, .request_id = request_id});
  }
  return ToGrpcStatus(status, domain);
}

absl::Status CheckResponseSize(const google::protobuf::Message& response, absl::string_view what) {
  const size_t bytes = response.ByteSizeLong();
  if (bytes <= kMaxResponseItemBytes) return absl::OkStatus();
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        what, " is ", bytes, " bytes, more than the ", kMaxResponseItemBytes,
                        " one response may carry; read its parts with their List methods")),
                    "RESPONSE_TOO_LARGE");
}

}  // namespace bch::common
