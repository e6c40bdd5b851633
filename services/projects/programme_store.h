// SQL for programmes (bch_projects.programmes). No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
#define BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "write_context.h"

namespace bch::projects {

class ProgrammeStore final {
 public:
  explicit ProgrammeStore(common::DbPool& pool) : pool_(pool) {}

  // ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::Programme> Create(const std::string& id, const v1::Programme& programme,
                                       const WriteContext& context);
  absl::StatusOr<v1::Programme> Get(const std::string& id, absl::Time deadline);
  // One page of programmes ordered by (display_order, id).
  absl::StatusOr<common::Page<v1::Programme>> List(const common::PageRequest& page,
                                                   absl::Time deadline);
  // Applies `paths` of `patch`; ABORTED on a stale etag.
  absl::StatusOr<v1::Programme> Update(const std::string& id, const v1::Programme& patch,
                                       const std::vector<std::string>& paths,
                                       const WriteContext& context);

 private:
  common::DbPool& pool_;
};

// Every programme in display order, on `db`.
absl::StatusOr<std::vector<v1::Programme>> ReadAllProgrammes(common::DbConnection& db);

// Reads one programme on `db` (NOT_FOUND if missing).
absl::StatusOr<v1::Programme> ReadProgramme(common::DbConnection& db, const std::string& id,
                                            bool for_update);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
