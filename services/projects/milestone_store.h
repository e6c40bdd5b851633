// SQL for milestones (bch_projects.milestones, milestone_versions, milestone_timeline): a
// versioned resource on the kit (common/versioned_table.h). Dated values are stored in their
// canonical words and read back through ParseDatedValue; every write is kept, so date changes
// (slippage) are listed by folding a milestone's writes in the order they take effect.
#ifndef BCH_SERVICES_PROJECTS_MILESTONE_STORE_H_
#define BCH_SERVICES_PROJECTS_MILESTONE_STORE_H_

#include <map>
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

// The most milestones one project has (so that its milestones always fit one response).
inline constexpr int64_t kMaxMilestonesPerProject = 100;

class MilestoneStore final {
 public:
  explicit MilestoneStore(common::DbPool& pool) : pool_(pool) {}

  // NOT_FOUND if the project does not exist; ALREADY_EXISTS if the id is taken.
  absl::StatusOr<v1::Milestone> Create(const std::string& project_id, const std::string& id,
                                       const v1::Milestone& milestone, absl::CivilDay effective,
                                       const common::WriteContext& context);
  // The project's milestones now (as_of unset) or at the end of day `as_of`, in display order.
  absl::StatusOr<std::vector<v1::Milestone>> List(const std::string& project_id,
                                                  std::optional<absl::CivilDay> as_of,
                                                  absl::Time deadline);
  absl::StatusOr<v1::Milestone> Update(const std::string& project_id, const std::string& id,
                                       const v1::Milestone& patch,
                                       const std::vector<std::string>& paths,
                                       absl::CivilDay effective,
                                       const common::WriteContext& context);
  // One page of the changes of planned/forecast/actual dates, in the order they take effect.
  absl::StatusOr<common::Page<v1::MilestoneChange>> ListChanges(const std::string& project_id,
                                                                bool slipped_only,
                                                                const common::PageRequest& page,
                                                                absl::Time deadline);

 private:
  common::DbPool& pool_;
};

// Milestones of the given projects at the end of `as_of`, keyed by project id, each in display
// order: one query.
absl::StatusOr<std::map<std::string, std::vector<v1::Milestone>>> ReadPortfolioMilestones(
    common::DbConnection& db, const std::vector<std::string>& project_ids, absl::CivilDay as_of);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_MILESTONE_STORE_H_
