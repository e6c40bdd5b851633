// Request id claims (see idempotency.h).
#include "bch/common/idempotency.h"

#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/sha256.h"
#include "google/api/field_behavior.pb.h"

namespace bch::common {

namespace {

// Clears what the server ignores or fills in: fields marked OUTPUT_ONLY or IDENTIFIER, in
// `message` and every message inside it.
void ClearServerFields(google::protobuf::Message& message) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    bool server_field = false;
    for (int behavior : field->options().GetRepeatedExtension(google::api::field_behavior)) {
      server_field |= behavior == google::api::OUTPUT_ONLY || behavior == google::api::IDENTIFIER;
    }
    if (server_field) {
      reflection->ClearField(&message, field);
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          ClearServerFields(*reflection->MutableRepeatedMessage(&message, field, k));
        }
      } else if (reflection->HasField(message, field)) {
        ClearServerFields(*reflection->MutableMessage(&message, field));
      }
    }
  }
}

}  // namespace

std::string RequestHash(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  ClearServerFields(*copy);
  copy->DiscardUnknownFields();  // the server ignores them too (stored bodies drop them)
  return Sha256Hex(DeterministicBytes(*copy));
}

absl::Status CheckRequestIdFormat(const std::string& request_id) {
  // The same rule as a request id in the x-request-id header. Stored ids compare as the schemas'
  // collation does, which ignores trailing spaces: with no spaces, two different ids never
  // compare equal.
  if (request_id.empty() || IsKeptRequestId(request_id)) return absl::OkStatus();
  return InvalidArgumentError(
      {{"request_id", absl::StrCat("must be 1 to ", kMaxRequestIdLength,
                                   " visible ASCII characters, no spaces (a UUID is ideal)")}});
}

absl::StatusOr<std::optional<std::string>> ClaimRequestId(DbConnection& db,
                                                          const std::string& request_id,
                                                          const std::string& method,
                                                          const std::string& request_hash,
                                                          const std::string& resource) {
  if (request_id.empty()) return std::nullopt;
  if (absl::Status s = CheckRequestIdFormat(request_id); !s.ok()) return s;
  if (!db.in_transaction()) {
    return absl::InternalError("request ids must be claimed in the create's transaction");
  }
  auto inserted = db.Execute(
      "INSERT INTO idempotency_keys (request_id, method, request_hash, resource) "
      "VALUES (?, ?, ?, ?)",
      {request_id, method, request_hash, resource});
  if (inserted.ok()) return std::nullopt;
  if (inserted.status().code() != absl::StatusCode::kAlreadyExists) return inserted.status();
  std::string earlier_hash, earlier_resource;
  absl::Status found = db.Query(
      "SELECT request_hash, resource FROM idempotency_keys WHERE method = ? AND request_id = ?",
      {method, request_id}, [&](const Row& row) {
        earlier_hash = row.String(0);
        earlier_resource = row.String(1);
      });
  if (!found.ok()) return found;
  if (earlier_hash != request_hash) {
    return InvalidArgumentError(
        {{"request_id", "was already used for a different request; use a new request id"}});
  }
  return earlier_resource;
}

}  // namespace bch::common
