// Audit events: every mutation records who changed which resource, how, when and under which
// request id, in the same transaction as the change (so a change without its event, or an
// event without its change, cannot exist). Stored in the service's own `audit_events` table.
#ifndef BCH_COMMON_AUDIT_H_
#define BCH_COMMON_AUDIT_H_

#include <string>

#include "absl/status/status.h"
#include "bch/common/caller.h"
#include "bch/common/db_pool.h"

namespace bch::common {

struct AuditEvent {
  Principal actor;
  std::string action;       // e.g. "CreateProject"
  std::string resource;     // e.g. "projects/athena"
  std::string change_json;  // the change, e.g. the fields written, as JSON
  std::string request_id;
};

// Inserts `event` on `connection`, which must be inside a transaction (INTERNAL otherwise).
absl::Status RecordAuditEvent(DbConnection& connection, const AuditEvent& event);

}  // namespace bch::common

#endif  // BCH_COMMON_AUDIT_H_
