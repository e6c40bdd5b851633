// The suite's single error-conversion points (AIP-193).
//
// MySQL error code -> absl::Status: StatusFromMysqlError. absl::Status -> grpc::Status:
// ToGrpcStatus, which attaches a google.rpc.Status with an ErrorInfo always and a BadRequest
// listing every violated field for bad input. Code in between only creates and passes on
// absl::Status values, using the helpers here to attach a reason or field violations.
#ifndef BCH_COMMON_ERRORS_H_
#define BCH_COMMON_ERRORS_H_

#include <grpcpp/support/status.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace bch::common {

// One violated field of a request: `field` is a path such as "project.title" or
// "milestones[2].planned.earliest"; `description` says what is wrong in words for a person.
struct FieldViolation {
  std::string field;
  std::string description;
};

// An error travels in the call's trailers, which clients refuse beyond 8 KiB by default, and its
// message goes twice (grpc-message, percent-encoded, and inside the details): so an error lists
// at most kMaxListedViolations violations and kMaxListedViolationBytes of their text (each
// field and description cut to kMaxViolationTextBytes), saying how many more there were, and any
// message is cut to kMaxErrorMessageBytes on the wire.
inline constexpr size_t kMaxListedViolations = 100;
inline constexpr size_t kMaxListedViolationBytes = 1200;
inline constexpr size_t kMaxViolationTextBytes = 200;
inline constexpr size_t kMaxErrorMessageBytes = 1400;

// `text` cut to at most `max_bytes` (at a character boundary, ending in "…") if longer.
std::string ShortenUtf8(absl::string_view text, size_t max_bytes);

// INVALID_ARGUMENT carrying the violations (the first ones, within the limits above; always at
// least one); the message summarises them. Requires at least one violation.
absl::Status InvalidArgumentError(std::vector<FieldViolation> violations);
// The same with one violation.
absl::Status InvalidArgumentError(absl::string_view field, absl::string_view description);

// Returns `status` with an AIP-193 reason (UPPER_SNAKE_CASE, e.g. "ETAG_MISMATCH") attached.
// An OK status is returned unchanged.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// The reason attached by WithReason, or the default reason for the status code (its name).
std::string ReasonOf(const absl::Status& status);

// The field violations attached by InvalidArgumentError (empty if none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// `status` with each field violation passed through `rewrite` (a field named as the caller's
// request names it, a description given context); a status without violations is unchanged.
absl::Status RewriteViolations(const absl::Status& status,
                               const std::function<void(FieldViolation&)>& rewrite);

// Maps a MySQL/MariaDB client or server error to a status: 1062 ALREADY_EXISTS;
// 1451/1452 FAILED_PRECONDITION; 1205/1213 ABORTED (reason TRANSACTION_CONFLICT, safe to
// retry the transaction); 1969 (statement timeout) DEADLINE_EXCEEDED; connection errors
// (IsConnectionError) UNAVAILABLE; anything else INTERNAL. The returned message is generic: SQL
// text and server messages never reach a caller (log `server_message` instead).
absl::Status StatusFromMysqlError(int error_code, absl::string_view server_message);

// True for errors that mean the connection is gone: 2002/2003 (cannot connect), 2006/2013/2055
// (server gone or lost), 1053 (server shutting down), 1927 (connection killed).
bool IsConnectionError(int error_code);

// The google.rpc.Status of `status`: code, message, ErrorInfo with `domain`, and BadRequest when
// field violations are attached. Used for gRPC trailers and for HTTP/JSON error bodies.
google::rpc::Status ToRpcStatus(const absl::Status& status, absl::string_view domain);

// A status received from another service, as an absl::Status: code, message, and its
// google.rpc.Status details as payloads, so that ReasonOf and FieldViolationsOf read them.
absl::Status StatusFromGrpc(const grpc::Status& status);

// A status for a person at a terminal (a command-line client's error): "INVALID_ARGUMENT:
// <message>", then one line per violated field, "  field: description".
std::string StatusForPerson(const absl::Status& status);

// Converts a status to the wire form, with google.rpc.Status details (ErrorInfo with `domain`,
// plus BadRequest when field violations are attached).
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain);

}  // namespace bch::common

#endif  // BCH_COMMON_ERRORS_H_
