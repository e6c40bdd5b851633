// The blocks of a composed paper, built from the backends' answers: one function per kind of
// content slot in a series layout (bch.reporting.v1.ContentKind). Values are copied as the
// document holds them (resource names beside what is printed); forces are printed by their
// display names. Pure: no I/O; the composer makes the calls and marks what is missing.
#ifndef BCH_GATEWAY_PAPER_CONTENT_H_
#define BCH_GATEWAY_PAPER_CONTENT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "bch/finance/v1/finance_service.pb.h"
#include "bch/governance/v1/governance_service.pb.h"
#include "bch/governance/v1/register_service.pb.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::gateway {

// How forces and alliances are printed: their display names, from the governance summary.
class PrintedNames {
 public:
  PrintedNames() = default;
  explicit PrintedNames(const governance::v1::GovernanceSummary& summary);

  // The display name of `forces/{force}` or `alliances/{alliance}`; the id where unknown (a
  // force outside the alliance, or governance unavailable); "" for "".
  std::string Of(const std::string& name) const;

 private:
  absl::flat_hash_map<std::string, std::string> display_names_;
};

// The project table: one group per programme in the portfolio's order, one row per top-level
// project with its latest update and rating; each row's key dates are its milestones' and then
// its sub-projects' (titled "Sub-project: Milestone"), the actual date where achieved, else the
// forecast, else the plan. A sub-project whose parent is not in the table (archived) has a row
// of its own.
update::v1::ProjectTable ProjectTableOf(const projects::v1::Portfolio& portfolio,
                                        const PrintedNames& names);

// A finance table from one summary table per scope (a single unscoped one when `scope_titles`
// is empty): rows keyed by measure, or by scope and measure under the scope's title.
update::v1::FinanceTable FinanceTableOf(const std::vector<finance::v1::FinanceTable>& tables,
                                        const std::vector<std::string>& scope_titles,
                                        const std::string& owner, const std::string& caption);

// The alliance's aim as a paragraph and its objectives as a list (either left out when empty).
std::vector<update::v1::Block> AimAndObjectivesOf(const governance::v1::Alliance& alliance);

update::v1::AreaList AreasOf(const governance::v1::GovernanceSummary& summary,
                             const PrintedNames& names);
update::v1::AgreementList AgreementsOf(const governance::v1::GovernanceSummary& summary,
                                       const PrintedNames& names);
update::v1::GovernanceTree GovernanceTreeOf(const governance::v1::GovernanceModel& model);
// One list per review of the alliance, in the summary's order.
std::vector<update::v1::RecommendationList> RecommendationsOf(
    const governance::v1::GovernanceSummary& summary);
update::v1::RegisterSummary RegisterSummaryOf(const governance::v1::RegisterSummary& summary);

// The milestones achieved after `since` and by `as_of` (their actual period overlapping that
// window: "December 2017" counts in a paper after one of 14 December 2017), as sentences:
// "Information Management: Go live, March 2017".
std::vector<std::string> MilestonesAchieved(const projects::v1::Portfolio& portfolio,
                                            absl::CivilDay since, absl::CivilDay as_of);

// The highlights since `since` (the previous issue's date, or the layout's for a first issue):
// the milestones achieved, then what `changes` (the diff of the previous issue against this
// paper) say went live, slipped, or was added or removed.
update::v1::Highlights HighlightsOf(const google::type::Date& since,
                                    std::vector<std::string> achieved,
                                    const std::vector<reporting::v1::ReportChange>& changes);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_PAPER_CONTENT_H_
