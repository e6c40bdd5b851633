// SQL for status updates (bch_projects.status_updates): append-only dated narrative entries.
#ifndef BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
#define BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "write_context.h"

namespace bch::projects {

class StatusUpdateStore final {
 public:
  explicit StatusUpdateStore(common::DbPool& pool) : pool_(pool) {}

  // Appends an entry; a retry with the same request id returns the entry made first.
  absl::StatusOr<v1::StatusUpdate> Create(const std::string& project_id,
                                          const v1::StatusUpdate& update,
                                          const std::string& idempotency_key,
                                          const std::string& request_hash,
                                          const WriteContext& context);
  // A page of entries, newest as-of date first.
  absl::StatusOr<common::Page<v1::StatusUpdate>> List(const std::string& project_id,
                                                      const common::PageRequest& page,
                                                      absl::Time deadline);

 private:
  common::DbPool& pool_;
};

// The latest entry of one project as of a day (nullopt if none), on `db`.
absl::StatusOr<std::optional<v1::StatusUpdate>> ReadLatestStatusUpdate(
    common::DbConnection& db, const std::string& project_id, absl::CivilDay as_of);

// The latest entry of each given project as of a day (latest as-of date, then latest
// recorded), keyed by project id: one query.
absl::StatusOr<std::map<std::string, v1::StatusUpdate>> ReadLatestStatusUpdates(
    common::DbConnection& db, const std::vector<std::string>& project_ids, absl::CivilDay as_of);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
