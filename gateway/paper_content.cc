// The blocks of a composed paper (see paper_content.h).
#include "paper_content.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "bch/common/dated_value.h"
#include "bch/common/resource_names.h"
#include "printed.h"

namespace bch::gateway {
namespace {

namespace uv1 = update::v1;
namespace pv1 = projects::v1;
namespace gv1 = governance::v1;

// A milestone's key date: achieved when it has an actual date, else forecast, else planned.
uv1::KeyDate KeyDateOf(const pv1::Milestone& milestone, const std::string& title_prefix) {
  uv1::KeyDate key_date;
  key_date.set_milestone(milestone.name());
  key_date.set_title(absl::StrCat(title_prefix, milestone.title()));
  if (!common::IsEmpty(milestone.actual())) {
    *key_date.mutable_date() = milestone.actual();
    key_date.set_achieved(true);
  } else if (!common::IsEmpty(milestone.forecast())) {
    *key_date.mutable_date() = milestone.forecast();
  } else {
    *key_date.mutable_date() = milestone.planned();
  }
  // The document holds a date as stated; the service's derived bounds are not part of it.
  key_date.mutable_date()->clear_earliest();
  key_date.mutable_date()->clear_latest();
  return key_date;
}

uv1::ProjectRow RowOf(const pv1::Project& project, const PrintedNames& names) {
  uv1::ProjectRow row;
  row.set_project(project.name());
  row.set_title(project.title());
  row.set_lead_force(names.Of(project.lead_force()));
  row.set_state(project.state());
  if (project.has_latest_status()) {
    const pv1::StatusUpdate& status = project.latest_status();
    row.set_update(status.text());
    *row.mutable_update_date() = status.as_of_date();
    row.set_rating(status.rating() != pv1::DELIVERY_CONFIDENCE_UNSPECIFIED
                       ? status.rating()
                       : project.delivery_confidence());
  } else {
    row.set_rating(project.delivery_confidence());
  }
  return row;
}

bool IsHighlight(const reporting::v1::ReportChange& change) {
  switch (change.kind()) {
    case reporting::v1::CHANGE_KIND_PROJECT_ADDED:
    case reporting::v1::CHANGE_KIND_PROJECT_REMOVED:
    case reporting::v1::CHANGE_KIND_PROJECT_WENT_LIVE:
    case reporting::v1::CHANGE_KIND_PROJECT_STATE_CHANGED:
      return true;
    case reporting::v1::CHANGE_KIND_DATE_MOVED:  // a slip, not a date restated more precisely
      return change.slip().amount() != 0;
    case reporting::v1::CHANGE_KIND_AREA_ADDED:
    case reporting::v1::CHANGE_KIND_AREA_REMOVED:
    case reporting::v1::CHANGE_KIND_UNIT_ADDED:
    case reporting::v1::CHANGE_KIND_UNIT_REMOVED:
    case reporting::v1::CHANGE_KIND_AGREEMENT_ADDED:
    case reporting::v1::CHANGE_KIND_AGREEMENT_REMOVED:
      return true;
    default:  // achieved dates come from the record; the rest is detail, not a highlight
      return false;
  }
}

}  // namespace

PrintedNames::PrintedNames(const gv1::GovernanceSummary& summary) {
  display_names_[summary.alliance().name()] = summary.alliance().display_name();
  for (const gv1::Force& force : summary.members()) {
    display_names_[force.name()] = force.display_name();
  }
  for (const gv1::Alliance& wider : summary.wider_collaborations()) {
    display_names_[wider.name()] = wider.display_name();
  }
}

std::string PrintedNames::Of(const std::string& name) const {
  if (name.empty()) return "";
  auto it = display_names_.find(name);
  return it != display_names_.end() ? it->second : std::string(common::IdOfName(name));
}

uv1::ProjectTable ProjectTableOf(const pv1::Portfolio& portfolio, const PrintedNames& names) {
  uv1::ProjectTable table;
  absl::flat_hash_map<std::string, uv1::ProgrammeGroup*> groups;
  for (const pv1::Programme& programme : portfolio.programmes()) {
    uv1::ProgrammeGroup* group = table.add_programmes();
    group->set_programme(programme.name());
    group->set_title(programme.title());
    group->set_lead_force(names.Of(programme.lead_force()));
    groups[programme.name()] = group;
  }
  // Rows first (entries come ordered by programme and display order), then sub-projects'
  // dates under their parents, wherever the parent is.
  absl::flat_hash_map<std::string, uv1::ProjectRow*> rows;
  for (const pv1::PortfolioEntry& entry : portfolio.entries()) {
    const pv1::Project& project = entry.project();
    auto group = groups.find(project.programme());
    if (!project.parent().empty() || group == groups.end()) continue;
    uv1::ProjectRow* row = group->second->add_projects();
    *row = RowOf(project, names);
    for (const pv1::Milestone& milestone : entry.milestones()) {
      *row->add_key_dates() = KeyDateOf(milestone, "");
    }
    rows[project.name()] = row;
  }
  for (const pv1::PortfolioEntry& entry : portfolio.entries()) {
    const pv1::Project& project = entry.project();
    if (project.parent().empty()) continue;
    auto parent = rows.find(project.parent());
    if (parent != rows.end()) {
      for (const pv1::Milestone& milestone : entry.milestones()) {
        *parent->second->add_key_dates() =
            KeyDateOf(milestone, absl::StrCat(project.title(), ": "));
      }
      continue;
    }
    auto group = groups.find(project.programme());
    if (group == groups.end()) continue;
    uv1::ProjectRow* row = group->second->add_projects();
    *row = RowOf(project, names);
    for (const pv1::Milestone& milestone : entry.milestones()) {
      *row->add_key_dates() = KeyDateOf(milestone, "");
    }
  }
  return table;
}

uv1::FinanceTable FinanceTableOf(const std::vector<finance::v1::FinanceTable>& tables,
                                 const std::vector<std::string>& scope_titles,
                                 const std::string& owner, const std::string& caption) {
  uv1::FinanceTable out;
  out.set_caption(caption);
  out.set_owner(owner);
  out.set_unit("£m");
  if (!tables.empty()) *out.mutable_periods() = tables.front().periods();
  for (size_t t = 0; t < tables.size(); ++t) {
    const bool scoped = t < scope_titles.size();
    for (const finance::v1::FinanceRow& row : tables[t].rows()) {
      uv1::FinanceRow* line = out.add_rows();
      line->set_key(scoped ? absl::StrCat(scope_titles[t], "/", row.measure()) : row.measure());
      line->set_label(row.display_name());
      if (scoped) line->set_group(scope_titles[t]);
      *line->mutable_cells() = row.cells();
      *line->mutable_total() = row.total();
    }
  }
  return out;
}

std::vector<uv1::Block> AimAndObjectivesOf(const gv1::Alliance& alliance) {
  std::vector<uv1::Block> blocks;
  if (!alliance.aim().empty()) {
    blocks.emplace_back().mutable_paragraph()->set_text(alliance.aim());
  }
  if (!alliance.objectives().empty()) {
    *blocks.emplace_back().mutable_list()->mutable_items() = alliance.objectives();
  }
  return blocks;
}

uv1::AreaList AreasOf(const gv1::GovernanceSummary& summary, const PrintedNames& names) {
  uv1::AreaList list;
  for (const gv1::CollaborationArea& area : summary.areas()) {
    uv1::Area* out = list.add_areas();
    out->set_area(area.name());
    out->set_title(area.display_name());
    if (!area.lead_force().empty()) out->add_lead_forces(names.Of(area.lead_force()));
    *out->mutable_units() = area.units();
  }
  return list;
}

uv1::AgreementList AgreementsOf(const gv1::GovernanceSummary& summary, const PrintedNames& names) {
  uv1::AgreementList list;
  for (const gv1::Agreement& agreement : summary.agreements_in_force()) {
    uv1::AgreementEntry* out = list.add_agreements();
    out->set_agreement(agreement.name());
    out->set_title(agreement.title());
    out->set_kind(reporting::PrintAgreementType(agreement.type()));
    absl::flat_hash_set<std::string> printed;
    for (const gv1::AgreementParty& party : agreement.parties()) {
      // A force that is party in two roles (PCC and chief constable) is printed once.
      if (printed.insert(party.force()).second) out->add_parties(names.Of(party.force()));
    }
    *out->mutable_commencement_date() = agreement.commencement_date();
    out->set_objective(agreement.objective());
  }
  return list;
}

namespace {
void AddNode(const gv1::GovernanceModelNode& node, uv1::GovernanceNode& out) {
  out.set_body(node.body().name());
  out.set_title(node.body().display_name());
  out.set_chair(node.body().chair());
  for (const gv1::GovernanceModelNode& child : node.reports()) AddNode(child, *out.add_reports());
}
}  // namespace

uv1::GovernanceTree GovernanceTreeOf(const gv1::GovernanceModel& model) {
  uv1::GovernanceTree tree;
  for (const gv1::GovernanceModelNode& root : model.roots()) AddNode(root, *tree.add_roots());
  return tree;
}

std::vector<uv1::RecommendationList> RecommendationsOf(const gv1::GovernanceSummary& summary) {
  std::vector<uv1::RecommendationList> lists;
  for (const gv1::ReviewStatus& review : summary.reviews()) {
    uv1::RecommendationList& list = lists.emplace_back();
    list.set_review(review.review().name());
    list.set_title(review.review().title());
    for (const gv1::Recommendation& recommendation : review.recommendations()) {
      uv1::RecommendationEntry* out = list.add_recommendations();
      out->set_recommendation(recommendation.name());
      out->set_text(recommendation.text());
      out->set_owner(recommendation.owner());
      out->set_status(recommendation.status());
      if (recommendation.has_due_date()) *out->mutable_due_date() = recommendation.due_date();
    }
  }
  return lists;
}

uv1::RegisterSummary RegisterSummaryOf(const gv1::RegisterSummary& summary) {
  uv1::RegisterSummary out;
  out.set_open_risks(summary.open_risks());
  *out.mutable_risk_counts() = summary.risk_counts();
  for (const gv1::Risk& risk : summary.top_risks()) {
    uv1::RiskLine* line = out.add_top_risks();
    line->set_risk(risk.name());
    line->set_title(risk.title());
    line->set_owner(risk.owner());
    line->set_residual_score(risk.residual().score());
    line->set_band(risk.residual_band());
  }
  out.set_overdue_reviews(summary.overdue_review_count());
  for (const gv1::BenefitTracker& tracker : summary.benefit_trackers()) {
    uv1::BenefitLine* line = out.add_benefits();
    line->set_area(tracker.area());
    line->set_title(tracker.area_title());
    int32_t benefits = 0;
    for (const gv1::StageTotal& stage : tracker.stages()) benefits += stage.count();
    line->set_benefits(benefits);
    *line->mutable_expected() = tracker.expected();
    *line->mutable_realised() = tracker.realised();
  }
  return out;
}

std::vector<std::string> MilestonesAchieved(const pv1::Portfolio& portfolio, absl::CivilDay since,
                                            absl::CivilDay as_of) {
  std::vector<std::string> achieved;
  for (const pv1::PortfolioEntry& entry : portfolio.entries()) {
    for (const pv1::Milestone& milestone : entry.milestones()) {
      if (common::IsEmpty(milestone.actual())) continue;
      absl::StatusOr<common::DatedValue> actual =
          common::DatedValueFromProto(milestone.actual(), "actual");
      if (!actual.ok() || actual->end <= since || actual->start > as_of) continue;
      achieved.push_back(absl::StrCat(entry.project().title(), ": ", milestone.title(), ", ",
                                      reporting::PrintDatedValue(milestone.actual())));
    }
  }
  return achieved;
}

uv1::Highlights HighlightsOf(const google::type::Date& since, std::vector<std::string> achieved,
                             const std::vector<reporting::v1::ReportChange>& changes) {
  uv1::Highlights highlights;
  *highlights.mutable_since() = since;
  for (std::string& item : achieved) highlights.add_items(std::move(item));
  for (const reporting::v1::ReportChange& change : changes) {
    if (IsHighlight(change)) highlights.add_items(change.description());
  }
  return highlights;
}

}  // namespace bch::gateway
