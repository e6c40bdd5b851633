// The governance summary (see summary.h).
#include "summary.h"

#include <map>
#include <utility>
#include <vector>

#include "agreement_store.h"
#include "alliance_store.h"
#include "area_store.h"
#include "bch/common/checks.h"
#include "bch/common/resource_names.h"
#include "bch/common/versioned_table.h"
#include "body_store.h"
#include "force_store.h"
#include "review_store.h"

namespace bch::governance {
namespace {

// Each resource `names` names, as of `day`, into `out` in that order.
template <typename Resource>
absl::Status GetEach(common::DbConnection& db, const common::VersionedTable& table,
                     const google::protobuf::RepeatedPtrField<std::string>& names,
                     absl::CivilDay day, google::protobuf::RepeatedPtrField<Resource>& out) {
  for (const std::string& name : names) {
    if (absl::Status s = table.Get(db, {std::string(common::IdOfName(name))}, day, *out.Add());
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// The alliance's reviews with their recommendations and counts on `day`.
absl::Status ReadReviews(common::DbConnection& db, const std::string& alliance_id,
                         absl::CivilDay day, v1::GovernanceSummary& summary) {
  auto reviews = common::ReadAll<v1::Review>(db, ReviewTable(), {alliance_id}, day, "t.id");
  if (!reviews.ok()) return reviews.status();
  auto recommendations = common::ReadAll<v1::Recommendation>(
      db, RecommendationTable(), {alliance_id}, day, "t.review_id, t.display_order, t.id");
  if (!recommendations.ok()) return recommendations.status();
  std::map<std::string, v1::ReviewStatus*> by_name;
  for (v1::Review& review : *reviews) {
    v1::ReviewStatus* status = summary.add_reviews();
    *status->mutable_review() = std::move(review);
    by_name[status->review().name()] = status;
  }
  for (v1::Recommendation& recommendation : *recommendations) {
    const std::string review_name =
        recommendation.name().substr(0, recommendation.name().rfind("/recommendations/"));
    const auto review = by_name.find(review_name);
    if (review == by_name.end()) continue;  // the review itself is dated later
    v1::ReviewStatus& status = *review->second;
    if (!IsClosed(recommendation.status())) status.set_open_count(status.open_count() + 1);
    if (IsOverdue(recommendation, day)) status.set_overdue_count(status.overdue_count() + 1);
    *status.add_recommendations() = std::move(recommendation);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::GovernanceSummary> ReadGovernanceSummary(common::DbPool& pool,
                                                            const std::string& alliance_id,
                                                            absl::CivilDay day,
                                                            absl::Time deadline) {
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  v1::GovernanceSummary summary;
  *summary.mutable_as_of() = common::DateFromCivilDay(day);
  v1::Alliance& alliance = *summary.mutable_alliance();
  if (absl::Status s = AllianceTable().Get(**db, {alliance_id}, day, alliance); !s.ok()) return s;
  if (absl::Status s =
          GetEach(**db, ForceTable(), alliance.members(), day, *summary.mutable_members());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = GetEach(**db, AllianceTable(), alliance.part_of(), day,
                               *summary.mutable_wider_collaborations());
      !s.ok()) {
    return s;
  }
  auto areas = common::ReadAll<v1::CollaborationArea>(**db, AreaTable(), {alliance_id}, day,
                                                      "t.display_order, t.id");
  if (!areas.ok()) return areas.status();
  for (v1::CollaborationArea& area : *areas) *summary.add_areas() = std::move(area);
  auto agreements =
      common::ReadAll<v1::Agreement>(**db, AgreementTable(), {alliance_id}, day, "t.id");
  if (!agreements.ok()) return agreements.status();
  for (v1::Agreement& agreement : *agreements) {
    if (InForce(agreement, day)) *summary.add_agreements_in_force() = std::move(agreement);
  }
  auto model = ReadGovernanceModel(**db, alliance_id, day);
  if (!model.ok()) return model.status();
  *summary.mutable_governance_model() = *std::move(model);
  if (absl::Status s = ReadReviews(**db, alliance_id, day, summary); !s.ok()) return s;
  return summary;
}

}  // namespace bch::governance
