// The benefits register (bch_governance.benefits, benefit_versions, benefit_timeline): benefits
// of an alliance as a child resource on the kit, so that each stage move and realisation reads
// right as of any day; and the benefits trackers, one per collaboration area, built from them.
#ifndef BCH_SERVICES_GOVERNANCE_BENEFIT_STORE_H_
#define BCH_SERVICES_GOVERNANCE_BENEFIT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"
#include "bch/governance/v1/register_service.pb.h"

namespace bch::governance {

// The most financial years a tracker shows, from the earliest.
inline constexpr int kMaxTrackerYears = 30;

const common::VersionedTable& BenefitTable();

// The rules between a benefit's fields (CheckBenefitState) on every state a write makes, and its
// area existing on each day it applies.
common::WriteHooks BenefitHooks();

// The trackers of `areas` (in their order) and of the benefits in no area (last, if any) from
// `benefits`, whose derived fields are set (DeriveBenefit).
std::vector<v1::BenefitTracker> BuildBenefitTrackers(
    const std::vector<v1::CollaborationArea>& areas, const std::vector<v1::Benefit>& benefits);

// The trackers of alliance `alliance_id` at the end of `day`: two queries on `db`.
absl::StatusOr<std::vector<v1::BenefitTracker>> ReadBenefitTrackers(common::DbConnection& db,
                                                                    const std::string& alliance_id,
                                                                    absl::CivilDay day);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_BENEFIT_STORE_H_
