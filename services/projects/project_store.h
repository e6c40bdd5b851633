// SQL for projects (bch_projects.projects, project_versions, project_timeline, project_links): a
// versioned resource on the kit (common/versioned_table.h). The current row also holds the
// project's latest status update and its programme's display order, so that a read without
// as_of is one primary-key lookup and a list page one index range scan in list order.
#ifndef BCH_SERVICES_PROJECTS_PROJECT_STORE_H_
#define BCH_SERVICES_PROJECTS_PROJECT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

// Filters of ListProjects; empty strings and UNSPECIFIED mean "any".
struct ProjectFilter {
  std::string programme_id;
  std::string lead_force;
  v1::LifecycleState state = v1::LIFECYCLE_STATE_UNSPECIFIED;
  std::string participating_force;
  std::optional<absl::CivilDay> as_of;  // unset: the current state
  bool show_archived = false;
};

class ProjectStore final {
 public:
  explicit ProjectStore(common::DbPool& pool) : pool_(pool) {}

  // Creates the project effective `effective`. With a request id, a retry of the same request
  // returns the project created first.
  absl::StatusOr<v1::Project> Create(const std::string& id, const v1::Project& project,
                                     absl::CivilDay effective, const std::string& request_id,
                                     const std::string& request_hash,
                                     const common::WriteContext& context);
  // The project now, with its latest status update (one primary-key lookup), or at the end of
  // day `as_of`, with its latest status update by then; NOT_FOUND if it did not exist.
  absl::StatusOr<v1::Project> Get(const std::string& id, std::optional<absl::CivilDay> as_of,
                                  absl::Time deadline);
  absl::StatusOr<common::Page<v1::Project>> List(const ProjectFilter& filter,
                                                 const common::PageRequest& page,
                                                 absl::Time deadline);
  // Applies `paths` of `patch` from `effective` on; ABORTED on a stale etag.
  absl::StatusOr<v1::Project> Update(const std::string& id, const v1::Project& patch,
                                     const std::vector<std::string>& paths,
                                     absl::CivilDay effective, const common::WriteContext& context);
  absl::StatusOr<v1::Project> Archive(const std::string& id, const std::string& etag,
                                      absl::CivilDay effective,
                                      const common::WriteContext& context);

 private:
  common::DbPool& pool_;
};

// The projects (archived ones left out) of the given programmes at the end of `as_of`, each with
// its latest status update by then, on `db`, in programme id, display order and id order: one
// query, reading only those programmes' projects.
absl::StatusOr<std::vector<v1::Project>> ReadPortfolioProjects(
    common::DbConnection& db, const std::vector<std::string>& programme_ids, absl::CivilDay as_of);

// OK if project `id` exists, else NOT_FOUND. No lock: rows that refer to the project are
// guarded by their foreign key.
absl::Status CheckProjectExists(common::DbConnection& db, const std::string& id);

// OK if project `id` existed at the end of `day` (a read's as_of); NOT_FOUND otherwise, saying
// whether it did not exist yet then or does not exist at all.
absl::Status CheckProjectExistedOn(common::DbConnection& db, const std::string& id,
                                   absl::CivilDay day);

// OK if project `id` existed on `day`; NOT_FOUND if it does not exist at all; INVALID_ARGUMENT on
// `field` if it exists only from a later day.
absl::Status CheckProjectExistsOn(common::DbConnection& db, const std::string& id,
                                  absl::CivilDay day, const std::string& field = "effective_date");

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROJECT_STORE_H_
