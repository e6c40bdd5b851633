// SQL for status updates (bch_projects.status_updates): append-only dated narrative entries.
#ifndef BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
#define BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_

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

// Reading a project with its latest status update by a day in the same query. A query over
// project_versions `v` selects kStatusUpdateColumns after its own columns and adds
// LatestStatusJoin() (one `?`: the as-of day); LatestStatusFromRow then reads the entry, if any,
// from the column where kStatusUpdateColumns start.
inline constexpr char kStatusUpdateColumns[] =
    "s.project_id, s.id, s.as_of_date, s.author, s.text, s.rating, s.recorded_at";
std::string LatestStatusJoin();
std::optional<v1::StatusUpdate> LatestStatusFromRow(const common::Row& row, int first);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
