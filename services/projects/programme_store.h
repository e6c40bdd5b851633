// SQL for programmes (bch_projects.programmes). No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
#define BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

class ProgrammeStore final {
 public:
  explicit ProgrammeStore(common::DbPool& pool) : pool_(pool) {}

  // One page of programmes ordered by (display_order, id).
  absl::StatusOr<common::Page<v1::Programme>> List(const common::PageRequest& page,
                                                   absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROGRAMME_STORE_H_
