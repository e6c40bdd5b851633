// SQL for projects and their versions (bch_projects.projects, project_versions,
// project_version_forces, project_links). Every create, update and archive writes a new version
// with its effective date; reads as of a day take the latest version effective by then.
#ifndef BCH_SERVICES_PROJECTS_PROJECT_STORE_H_
#define BCH_SERVICES_PROJECTS_PROJECT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "write_context.h"

namespace bch::projects {

// Filters of ListProjects; empty strings and UNSPECIFIED mean "any".
struct ProjectFilter {
  std::string programme_id;
  std::string lead_force;
  v1::LifecycleState state = v1::LIFECYCLE_STATE_UNSPECIFIED;
  std::string participating_force;
  absl::CivilDay as_of;
  bool show_archived = false;
};

class ProjectStore final {
 public:
  explicit ProjectStore(common::DbPool& pool) : pool_(pool) {}

  // Creates version 1 effective `effective`. With an idempotency key (the request's
  // request_id), a retry of the same request returns the project created first.
  absl::StatusOr<v1::Project> Create(const std::string& id, const v1::Project& project,
                                     absl::CivilDay effective, const std::string& idempotency_key,
                                     const std::string& request_hash, const WriteContext& context);
  // NOT_FOUND if the project did not exist as of that day.
  absl::StatusOr<v1::Project> Get(const std::string& id, absl::CivilDay as_of, absl::Time deadline);
  absl::StatusOr<common::Page<v1::Project>> List(const ProjectFilter& filter,
                                                 const common::PageRequest& page,
                                                 absl::Time deadline);
  // Writes a new version with `paths` of `patch` applied; ABORTED on a stale etag.
  absl::StatusOr<v1::Project> Update(const std::string& id, const v1::Project& patch,
                                     const std::vector<std::string>& paths,
                                     absl::CivilDay effective, const WriteContext& context);
  absl::StatusOr<v1::Project> Archive(const std::string& id, const std::string& etag,
                                      absl::CivilDay effective, const WriteContext& context);

 private:
  common::DbPool& pool_;
};

// The projects (archived ones left out) of the given programmes as of a day, each with its
// latest status update by then, on `db`, ordered by programme display order, programme,
// display order and id: one query, reading only those programmes' projects.
absl::StatusOr<std::vector<v1::Project>> ReadPortfolioProjects(
    common::DbConnection& db, const std::vector<std::string>& programme_ids, absl::CivilDay as_of);

// OK if project `id` exists, else NOT_FOUND. No lock: rows that refer to the project are
// guarded by their foreign key.
absl::Status CheckProjectExists(common::DbConnection& db, const std::string& id);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROJECT_STORE_H_
