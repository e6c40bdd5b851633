// Independent reviews of an alliance and their recommendations (bch_governance.reviews,
// recommendations, with their versions and timelines): child resources on the kit, so that a
// recommendation's status reads right as of any day; open and overdue ones are found in SQL.
#ifndef BCH_SERVICES_GOVERNANCE_REVIEW_STORE_H_
#define BCH_SERVICES_GOVERNANCE_REVIEW_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

const common::VersionedTable& ReviewTable();
const common::VersionedTable& RecommendationTable();

// Implemented or not accepted.
bool IsClosed(v1::RecommendationStatus status);
// Not closed, and due before `day`.
bool IsOverdue(const v1::Recommendation& recommendation, absl::CivilDay day);

// Which recommendations ListRecommendations returns.
struct RecommendationFilter {
  std::string alliance_id;
  std::string review_id;  // "" for every review of the alliance
  std::optional<absl::CivilDay> as_of;
  absl::CivilDay overdue_on;  // the day "overdue" is judged on
  bool open_only = false;
  bool overdue_only = false;
};

// One page of the recommendations matching `filter`, by review, then display order; NOT_FOUND if
// the review (or, for every review, the alliance) does not exist.
absl::StatusOr<common::Page<v1::Recommendation>> ListRecommendations(
    common::DbPool& pool, const RecommendationFilter& filter, const common::PageRequest& page,
    absl::Time deadline);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_REVIEW_STORE_H_
