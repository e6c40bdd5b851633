// SQL for status updates (bch_projects.status_updates): append-only dated narrative entries. A
// project's latest entry is also kept on its current row (latest_status_* columns), in the
// transaction that appends it, so that reading a project now needs no second lookup.
#ifndef BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
#define BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

class StatusUpdateStore final {
 public:
  explicit StatusUpdateStore(common::DbPool& pool) : pool_(pool) {}

  // Appends an entry (and makes it the project's latest when it is); a retry with the same
  // request id returns the entry made first. NOT_FOUND if the project does not exist.
  absl::StatusOr<v1::StatusUpdate> Create(const std::string& project_id,
                                          const v1::StatusUpdate& update,
                                          const std::string& request_id,
                                          const std::string& request_hash,
                                          const common::WriteContext& context);
  // A page of entries, newest as-of date first; NOT_FOUND if the project does not exist.
  absl::StatusOr<common::Page<v1::StatusUpdate>> List(const std::string& project_id,
                                                      const common::PageRequest& page,
                                                      absl::Time deadline);

 private:
  common::DbPool& pool_;
};

// The columns of a project's latest status update, as its current row holds them and as
// LatestStatusByDay selects them: latest_status_id, latest_status_date, ...
const std::vector<std::string>& LatestStatusColumns();

// SQL selecting LatestStatusColumns for each row of a project query whose project id is
// `project_id_column`: a LEFT JOIN with one `?`, the day by which the entry is the latest, and
// the columns to add to the SELECT list.
std::string LatestStatusByDayJoin(const std::string& project_id_column);
std::string LatestStatusByDayColumns();

// Sets `project.latest_status` from LatestStatusColumns of `row`, if it holds an entry.
void ReadLatestStatus(const common::Row& row, v1::Project& project);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_STATUS_UPDATE_STORE_H_
