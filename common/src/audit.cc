// Audit event insertion (see audit.h).
#include "bch/common/audit.h"

namespace bch::common {

absl::Status RecordAuditEvent(DbConnection& connection, const AuditEvent& event) {
  if (!connection.in_transaction()) {
    return absl::InternalError("audit events must be written in the mutation's transaction");
  }
  auto inserted = connection.Execute(
      "INSERT INTO audit_events (actor, actor_force, action, resource, change_json, request_id) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {event.actor.subject, event.actor.force, event.action, event.resource, event.change_json,
       event.request_id});
  return inserted.status();
}

}  // namespace bch::common
