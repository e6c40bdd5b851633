// AIP-155 request ids for creates. Inside the create's transaction, ClaimRequestId records the
// id before the resource is written; a retry with the same id and the same request finds the
// resource the first attempt created and returns it instead of creating a second one. Because
// the key is written in the same transaction, a create that failed leaves no key behind.
#ifndef BCH_COMMON_IDEMPOTENCY_H_
#define BCH_COMMON_IDEMPOTENCY_H_

#include <google/protobuf/message.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "bch/common/db_pool.h"

namespace bch::common {

// A fingerprint of what a request asks for (deterministic serialization, SHA-256): the field
// `request_id` and every field the server ignores or fills in (OUTPUT_ONLY or IDENTIFIER, at any
// depth) are left out, so a retry that differs only there is recognised.
std::string RequestHash(const google::protobuf::Message& request);

// OK for an empty id or one the server keeps (1 to kMaxRequestIdLength visible ASCII
// characters); else INVALID_ARGUMENT on "request_id", for a handler's list of violations.
absl::Status CheckRequestIdFormat(const std::string& request_id);

// Claims `request_id` for `method` and the resource about to be created. Returns nullopt when
// the id is new (go ahead and create), or the resource name recorded by the earlier call with
// the same id and request. The same id with a different request is INVALID_ARGUMENT on
// "request_id". An empty id claims nothing (returns nullopt). Must run inside a transaction.
absl::StatusOr<std::optional<std::string>> ClaimRequestId(DbConnection& db,
                                                          const std::string& request_id,
                                                          const std::string& method,
                                                          const std::string& request_hash,
                                                          const std::string& resource);

}  // namespace bch::common

#endif  // BCH_COMMON_IDEMPOTENCY_H_
