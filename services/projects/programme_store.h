// SQL for programmes (bch_projects.programmes, programme_versions, programme_timeline): a
// versioned resource on the kit (common/versioned_table.h). No gRPC here.
#ifndef BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
#define BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

class ProgrammeStore final {
 public:
  explicit ProgrammeStore(common::DbPool& pool) : pool_(pool) {}

  // ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::Programme> Create(const std::string& id, const v1::Programme& programme,
                                       absl::CivilDay effective,
                                       const common::WriteContext& context);
  // The programme now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<v1::Programme> Get(const std::string& id, std::optional<absl::CivilDay> as_of,
                                    absl::Time deadline);
  // One page of programmes ordered by (display_order, id), now or as of a day.
  absl::StatusOr<common::Page<v1::Programme>> List(const common::PageRequest& page,
                                                   std::optional<absl::CivilDay> as_of,
                                                   absl::Time deadline);
  // Applies `paths` of `patch` from `effective` on; ABORTED on a stale etag.
  absl::StatusOr<v1::Programme> Update(const std::string& id, const v1::Programme& patch,
                                       const std::vector<std::string>& paths,
                                       absl::CivilDay effective,
                                       const common::WriteContext& context);

 private:
  common::DbPool& pool_;
};

// The programmes `ids` (empty: all) that existed at the end of `as_of`, as they stood then, in
// display order.
absl::StatusOr<std::vector<v1::Programme>> ReadProgrammesAsOf(common::DbConnection& db,
                                                              const std::vector<std::string>& ids,
                                                              absl::CivilDay as_of);

// OK if programme `id` existed on day `day`; otherwise INVALID_ARGUMENT on `field` saying so.
absl::Status CheckProgrammeExistsOn(common::DbConnection& db, const std::string& id,
                                    absl::CivilDay day, const std::string& field);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
