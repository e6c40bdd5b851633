// Helpers every gRPC handler uses: run the handler body returning absl::Status within the call's
// scope (call_scope.h), refuse unknown enum numbers anywhere in the request, convert the result
// at the one conversion point (ToGrpcStatus), log internal errors with the request id, derive
// database deadlines from the call's deadline, and run a checked mutation (Mutate).
#ifndef BCH_COMMON_HANDLER_H_
#define BCH_COMMON_HANDLER_H_

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bch/common/caller.h"
#include "bch/common/checks.h"
#include "bch/common/write_context.h"

namespace bch::common {

// The metadata key carrying the request id, in both directions.
inline constexpr char kRequestIdHeader[] = "x-request-id";
// The longest request id a server keeps (the width of audit_events.request_id).
inline constexpr size_t kMaxRequestIdLength = 100;

// True for a caller's request id the server keeps and echoes: 1 to kMaxRequestIdLength visible
// ASCII characters (what a header value may hold). Any other is replaced by one the server
// makes up: echoing a tab or a byte of 0x80 or more in a response header would abort the call.
bool IsKeptRequestId(absl::string_view request_id);

// The call's request id: the caller's x-request-id, or the one the server interceptor made up.
std::string RequestIdOf(const grpc::ServerContext& context);

// The longest a call with no deadline of its own may work.
inline constexpr absl::Duration kDefaultCallTimeout = absl::Seconds(10);

// The earlier of the call's deadline and now + `cap`.
absl::Time DeadlineOf(const grpc::ServerContext& context, absl::Duration cap = kDefaultCallTimeout);

// Serves one call: refuses `request` with INVALID_ARGUMENT if any enum field in it holds a number
// the schema does not know; else runs `body` within a CallScope (request id, DeadlineOf, and the
// caller's cancellation), and converts its status for the wire with ErrorInfo domain `domain`.
// INTERNAL and UNKNOWN errors are logged with the request id (the interceptor logs the method).
grpc::Status Respond(const grpc::ServerContext& context, absl::string_view domain,
                     const google::protobuf::Message& request,
                     const std::function<absl::Status()>& body);

// Moves a store result into the response message, or passes its error on.
template <typename T>
absl::Status Answer(absl::StatusOr<T> result, T& response) {
  if (!result.ok()) return result.status();
  response = *std::move(result);
  return absl::OkStatus();
}

// A whole-resource read (a model, a summary) that is not paged: OK when `response` fits
// kMaxResponseItemBytes, else FAILED_PRECONDITION (reason RESPONSE_TOO_LARGE) naming `what`,
// rather than a message the client's 4 MiB limit would refuse without saying why.
absl::Status CheckResponseSize(const google::protobuf::Message& response, absl::string_view what);

// Who is calling, the request id and the deadline of a mutation; UNAUTHENTICATED from `callers`.
absl::StatusOr<WriteContext> WriteContextOf(const CallerResolver& callers,
                                            const grpc::ServerContext& context);

// Ends a mutation handler: refuses the request if `violations` holds any, else runs
// `write(const WriteContext&)` (returning absl::StatusOr<Response>) and answers with its result.
template <typename Response, typename Write>
absl::Status Mutate(const CallerResolver& callers, const grpc::ServerContext& context,
                    Violations violations, Write write, Response& response) {
  if (absl::Status s = std::move(violations).ToStatus(); !s.ok()) return s;
  auto write_context = WriteContextOf(callers, context);
  if (!write_context.ok()) return write_context.status();
  return Answer(write(*write_context), response);
}

}  // namespace bch::common

#endif  // BCH_COMMON_HANDLER_H_
