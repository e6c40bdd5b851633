// The diff of two collaboration updates (reporting/diff.h) on a small invented paper of two
// forces: one test per kind of change, the reading order, identical documents, and the slip of a
// key date in each precision.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/money.h"
#include "reporting/diff.h"

namespace bch::reporting {
namespace {

namespace doc = update::v1;
using projects::v1::DatedValue;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

DatedValue Dated(projects::v1::DatePrecision precision, google::type::Date start,
                 google::type::Date end, const std::string& text,
                 projects::v1::DateQualifier qualifier = projects::v1::DATE_QUALIFIER_UNSPECIFIED) {
  DatedValue value;
  value.set_precision(precision);
  value.set_qualifier(qualifier);
  *value.mutable_period_start() = start;
  *value.mutable_period_end() = end;
  value.set_text(text);
  return value;
}

DatedValue SpringSummer2018() {
  return Dated(projects::v1::DATE_PRECISION_SEASON, Day(2018, 3, 1), Day(2018, 8, 31),
               "Spring/Summer 2018");
}
DatedValue Autumn2018() {
  return Dated(projects::v1::DATE_PRECISION_SEASON, Day(2018, 9, 1), Day(2018, 11, 30),
               "Autumn 2018");
}
DatedValue OnDay(int year, int month, int day, const std::string& text) {
  return Dated(projects::v1::DATE_PRECISION_DAY, Day(year, month, day), Day(year, month, day),
               text);
}

// A cell of `thousandths` of £1m, printed from its amount.
finance::v1::FinanceCell Cell(int64_t thousandths) {
  finance::v1::FinanceCell cell;
  *cell.mutable_amount() = common::MoneyFromPence(thousandths * 100'000);
  return cell;
}

doc::KeyDate& AddKeyDate(doc::ProjectRow& row, const std::string& id, const std::string& title,
                         const DatedValue& date) {
  doc::KeyDate& key_date = *row.add_key_dates();
  key_date.set_milestone(absl::StrCat(row.project(), "/milestones/", id));
  key_date.set_title(title);
  *key_date.mutable_date() = date;
  return key_date;
}

doc::ProjectRow& AddRow(doc::ProgrammeGroup& group, const std::string& id, const std::string& title,
                        projects::v1::LifecycleState state, projects::v1::DeliveryConfidence rating,
                        const std::string& update) {
  doc::ProjectRow& row = *group.add_projects();
  row.set_project(absl::StrCat("projects/", id));
  row.set_title(title);
  row.set_lead_force("Northshire Police");
  row.set_state(state);
  row.set_rating(rating);
  row.set_update(update);
  return row;
}

doc::FinanceRow& AddFinanceRow(doc::FinanceTable& table, const std::string& key,
                               const std::string& label) {
  doc::FinanceRow& row = *table.add_rows();
  row.set_key(key);
  row.set_label(label);
  return row;
}

doc::Section& AddSection(doc::CollaborationUpdate& paper, const std::string& id,
                         const std::string& title) {
  doc::Section& section = *paper.add_sections();
  section.set_id(id);
  section.set_title(title);
  return section;
}

void AddPurpose(doc::CollaborationUpdate& paper) {
  doc::Section& purpose = AddSection(paper, "purpose", "Purpose");
  purpose.add_blocks()->mutable_paragraph()->set_text("This paper updates the committee.");
  doc::BulletList& list = *purpose.add_blocks()->mutable_list();
  list.add_items("Projects");
  list.add_items("Finance");
}

void AddProjects(doc::CollaborationUpdate& paper) {
  doc::ProjectTable& table =
      *AddSection(paper, "projects", "Project Updates").add_blocks()->mutable_project_table();
  doc::ProgrammeGroup& ops = *table.add_programmes();
  ops.set_programme("programmes/ops");
  ops.set_title("Operational Support");
  doc::ProjectRow& orion =
      AddRow(ops, "orion", "Orion Case System", projects::v1::LIFECYCLE_STATE_IN_DELIVERY,
             projects::v1::DELIVERY_CONFIDENCE_AMBER, "Testing under way.");
  AddKeyDate(orion, "go-live", "go-live", SpringSummer2018());
  AddKeyDate(
      orion, "review", "review",
      Dated(projects::v1::DATE_PRECISION_MONTH, Day(2019, 3, 1), Day(2019, 3, 31), "March 2019"));
  doc::ProjectRow& beacon =
      AddRow(ops, "beacon", "Beacon Radios", projects::v1::LIFECYCLE_STATE_PROPOSED,
             projects::v1::DELIVERY_CONFIDENCE_GREEN, "Business case drafted.");
  AddKeyDate(beacon, "go-live", "go-live", OnDay(2018, 12, 14, "14 December 2018"));
  doc::ProgrammeGroup& org = *table.add_programmes();
  org.set_programme("programmes/org");
  org.set_title("Organisational Support");
  AddRow(org, "harbour", "Harbour ERP", projects::v1::LIFECYCLE_STATE_IN_DELIVERY,
         projects::v1::DELIVERY_CONFIDENCE_UNRATED, "Supplier chosen.");
}

void AddFinance(doc::CollaborationUpdate& paper) {
  doc::FinanceTable& table =
      *AddSection(paper, "finance", "Finance").add_blocks()->mutable_finance_table();
  table.set_caption("Northshire Police");
  table.set_owner("forces/northshire");
  table.set_unit("£m");
  table.add_periods("2017/18");
  table.add_periods("2018/19");
  doc::FinanceRow& spend = AddFinanceRow(table, "measures/spend", "Spend on collaboration");
  *spend.add_cells() = Cell(37'280);
  *spend.add_cells() = Cell(38'000);
  *spend.mutable_total() = Cell(75'280);
  doc::FinanceRow& savings = AddFinanceRow(table, "measures/savings", "Savings");
  *savings.add_cells() = Cell(1'500);
  savings.add_cells();  // unknown
  *savings.mutable_total() = Cell(1'500);
}

doc::GovernanceNode& AddBody(google::protobuf::RepeatedPtrField<doc::GovernanceNode>& nodes,
                             const std::string& id, const std::string& title) {
  doc::GovernanceNode& node = *nodes.Add();
  node.set_body(absl::StrCat("alliances/ne/bodies/", id));
  node.set_title(title);
  return node;
}

void AddGovernance(doc::CollaborationUpdate& paper) {
  doc::Section& section = AddSection(paper, "governance", "Governance");
  doc::Area& jps = *section.add_blocks()->mutable_areas()->add_areas();
  jps.set_area("alliances/ne/areas/jps");
  jps.set_title("Joint Protective Services");
  jps.add_lead_forces("Northshire Police");
  jps.add_units("Firearms");
  jps.add_units("Dogs");
  doc::AgreementEntry& agreement = *section.add_blocks()->mutable_agreements()->add_agreements();
  agreement.set_agreement("alliances/ne/agreements/jps");
  agreement.set_title("JPS agreement");
  agreement.set_kind("Section 22A collaboration agreement");
  agreement.add_parties("Northshire Police");
  agreement.add_parties("Eastvale Constabulary");
  *agreement.mutable_commencement_date() = Day(2016, 4, 1);
  doc::GovernanceTree& tree = *section.add_blocks()->mutable_governance_model();
  doc::GovernanceNode& board = AddBody(*tree.mutable_roots(), "board", "Joint Chief Officer Board");
  board.set_chair("Chief Constable");
  doc::GovernanceNode& jps_board = AddBody(*board.mutable_reports(), "jps-board", "JPS Board");
  AddBody(*jps_board.mutable_reports(), "firearms", "Firearms Group");
  AddBody(*tree.mutable_roots(), "audit", "Audit Committee");
  doc::RecommendationList& review = *section.add_blocks()->mutable_recommendations();
  review.set_review("alliances/ne/reviews/2017");
  review.set_title("Governance review");
  doc::RecommendationEntry& appetite = *review.add_recommendations();
  appetite.set_recommendation("alliances/ne/reviews/2017/recommendations/1");
  appetite.set_text("Publish a risk appetite");
  appetite.set_owner("Chief Executive");
  appetite.set_status(governance::v1::RECOMMENDATION_STATUS_OPEN);
  *appetite.mutable_due_date() = Day(2018, 6, 30);
}

governance::v1::RiskCount& AddCount(doc::RegisterSummary& summary,
                                    governance::v1::RegisterLevel level,
                                    governance::v1::RiskBand band, int count) {
  governance::v1::RiskCount& risks = *summary.add_risk_counts();
  risks.set_level(level);
  risks.set_band(band);
  risks.set_count(count);
  return risks;
}

doc::RiskLine& AddRisk(doc::RegisterSummary& summary, const std::string& id,
                       const std::string& title, int score, governance::v1::RiskBand band) {
  doc::RiskLine& risk = *summary.add_top_risks();
  risk.set_risk(absl::StrCat("alliances/ne/risks/", id));
  risk.set_title(title);
  risk.set_residual_score(score);
  risk.set_band(band);
  return risk;
}

void AddRegisters(doc::CollaborationUpdate& paper) {
  doc::Section& section = AddSection(paper, "registers", "Risks and Benefits");
  doc::RegisterSummary& summary = *section.add_blocks()->mutable_register_summary();
  summary.set_open_risks(10);
  AddCount(summary, governance::v1::REGISTER_LEVEL_PROJECT, governance::v1::RISK_BAND_HIGH, 3);
  AddCount(summary, governance::v1::REGISTER_LEVEL_PROGRAMME, governance::v1::RISK_BAND_MEDIUM, 2);
  AddRisk(summary, "funding", "Funding gap", 16, governance::v1::RISK_BAND_HIGH);
  summary.set_overdue_reviews(1);
  doc::BenefitLine& jps = *summary.add_benefits();
  jps.set_area("alliances/ne/areas/jps");
  jps.set_title("Joint Protective Services");
  jps.set_benefits(4);
  *jps.mutable_expected() = common::MoneyFromPence(120'000'000);  // £1.2m
  *jps.mutable_realised() = common::MoneyFromPence(30'000'000);
  section.add_blocks()->mutable_highlights()->add_items("Orion entered testing.");
}

// The invented paper every test changes: Northshire Police and Eastvale Constabulary.
doc::CollaborationUpdate Paper() {
  doc::CollaborationUpdate paper;
  doc::Header& header = *paper.mutable_header();
  header.set_title("Collaboration Update – Northshire and Eastvale");
  header.set_audience("Joint Audit Committee");
  header.set_author("Chief Constable");
  *header.mutable_date() = Day(2018, 3, 14);
  header.set_marking("OFFICIAL");
  AddPurpose(paper);
  AddProjects(paper);
  AddFinance(paper);
  AddGovernance(paper);
  AddRegisters(paper);
  return paper;
}

doc::Section& SectionOf(doc::CollaborationUpdate& paper, int index) {
  return *paper.mutable_sections(index);
}
doc::ProgrammeGroup& Group(doc::CollaborationUpdate& paper, int index) {
  return *SectionOf(paper, 1).mutable_blocks(0)->mutable_project_table()->mutable_programmes(index);
}
doc::ProjectRow& Orion(doc::CollaborationUpdate& paper) {
  return *Group(paper, 0).mutable_projects(0);
}
doc::ProjectRow& Beacon(doc::CollaborationUpdate& paper) {
  return *Group(paper, 0).mutable_projects(1);
}
doc::FinanceTable& Table(doc::CollaborationUpdate& paper) {
  return *SectionOf(paper, 2).mutable_blocks(0)->mutable_finance_table();
}
doc::Block& GovernanceBlock(doc::CollaborationUpdate& paper, int index) {
  return *SectionOf(paper, 3).mutable_blocks(index);
}
doc::RegisterSummary& Summary(doc::CollaborationUpdate& paper) {
  return *SectionOf(paper, 4).mutable_blocks(0)->mutable_register_summary();
}

// Each change as "KIND subject field: before -> after", KIND without "CHANGE_KIND_".
std::vector<std::string> Lines(const std::vector<v1::ReportChange>& changes) {
  std::vector<std::string> lines;
  for (const v1::ReportChange& change : changes) {
    std::vector<std::string> head = {v1::ChangeKind_Name(change.kind()).substr(12)};
    if (!change.subject().empty()) head.push_back(change.subject());
    if (!change.field().empty()) head.push_back(change.field());
    lines.push_back(
        absl::StrCat(absl::StrJoin(head, " "), ": ", change.before(), " -> ", change.after()));
  }
  return lines;
}

std::vector<std::string> Descriptions(const std::vector<v1::ReportChange>& changes) {
  std::vector<std::string> descriptions;
  for (const v1::ReportChange& change : changes) descriptions.push_back(change.description());
  return descriptions;
}

std::vector<std::string> Sections(const std::vector<v1::ReportChange>& changes) {
  std::vector<std::string> sections;
  for (const v1::ReportChange& change : changes) sections.push_back(change.section());
  return sections;
}

int64_t PenceOf(const google::type::Money& money) {
  return common::PenceFromMoney(money, "difference").value();
}

TEST(DiffDocuments, IdenticalDocumentsGiveNoChanges) {
  EXPECT_THAT(DiffDocuments(Paper(), Paper()), IsEmpty());
  EXPECT_THAT(DiffDocuments(doc::CollaborationUpdate(), doc::CollaborationUpdate()), IsEmpty());
}

TEST(DiffHeader, ReportsEachChangedField) {
  doc::CollaborationUpdate target = Paper();
  target.mutable_header()->set_audience("Police and Crime Panel");
  *target.mutable_header()->mutable_date() = Day(2018, 6, 14);
  target.mutable_header()->clear_marking();
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(
      Lines(changes),
      ElementsAre("HEADER_CHANGED audience: Joint Audit Committee -> Police and Crime Panel",
                  "HEADER_CHANGED date: 14 March 2018 -> 14 June 2018",
                  "HEADER_CHANGED marking: OFFICIAL -> "));
  EXPECT_EQ(changes[2].description(), "Header: marking changed from OFFICIAL to none");
  EXPECT_EQ(changes[0].section(), "");
}

TEST(DiffHeader, ReportsWhatThePaperIsOfAndFor) {
  doc::CollaborationUpdate target = Paper();
  target.mutable_header()->set_report_series("reportSeries/other");
  target.mutable_header()->set_alliance("alliances/other");
  target.mutable_header()->set_force("forces/westshire");
  const auto changes = DiffDocuments(Paper(), target);
  std::vector<std::string> fields;
  for (const auto& change : changes) fields.push_back(change.field());
  EXPECT_THAT(fields, ElementsAre("report_series", "alliance", "force"));
}

TEST(DiffSections, AddedInPlaceAndRemovedLast) {
  doc::CollaborationUpdate target = Paper();
  target.mutable_sections()->erase(target.mutable_sections()->begin());  // purpose
  AddSection(target, "appendix", "Appendix");
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("SECTION_ADDED appendix:  -> Appendix",
                                          "SECTION_REMOVED purpose: Purpose -> "));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Section Appendix added", "Section Purpose removed"));
  EXPECT_THAT(Sections(changes), ElementsAre("appendix", "purpose"));
}

TEST(DiffSections, TitleStandingTextAndCompleteness) {
  doc::CollaborationUpdate target = Paper();
  doc::Section& purpose = SectionOf(target, 0);
  purpose.set_title("Purpose of the paper");
  purpose.mutable_blocks(1)->mutable_list()->set_items(1, "Risks");
  purpose.set_incomplete(true);
  EXPECT_THAT(Lines(DiffDocuments(Paper(), target)),
              ElementsAre("TEXT_CHANGED purpose title: Purpose -> Purpose of the paper",
                          "TEXT_CHANGED purpose text: This paper updates the committee.\n"
                          "- Projects\n- Finance -> This paper updates the committee.\n"
                          "- Projects\n- Risks",
                          "TEXT_CHANGED purpose complete: complete -> incomplete"));
}

TEST(DiffProjects, AddedAndRemoved) {
  doc::CollaborationUpdate target = Paper();
  AddRow(Group(target, 0), "nova", "Nova Drones", projects::v1::LIFECYCLE_STATE_PROPOSED,
         projects::v1::DELIVERY_CONFIDENCE_GREEN, "");
  Group(target, 1).clear_projects();  // Harbour
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("PROJECT_ADDED projects/nova:  -> Nova Drones",
                                          "PROJECT_REMOVED projects/harbour: Harbour ERP -> "));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Nova Drones added", "Harbour ERP removed"));
  EXPECT_THAT(Sections(changes), ElementsAre("projects", "projects"));
}

TEST(DiffProjects, WentLive) {
  doc::CollaborationUpdate target = Paper();
  Orion(target).set_state(projects::v1::LIFECYCLE_STATE_LIVE);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("PROJECT_WENT_LIVE projects/orion state: In delivery -> Live"));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Orion Case System went live"));
}

TEST(DiffProjects, StateChangedOtherwise) {
  doc::CollaborationUpdate target = Paper();
  Beacon(target).set_state(projects::v1::LIFECYCLE_STATE_PAUSED);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("PROJECT_STATE_CHANGED projects/beacon state: Proposed -> Paused"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Beacon Radios: state changed from Proposed to Paused"));
}

TEST(DiffProjects, TitleProgrammeAndLeadForce) {
  doc::CollaborationUpdate target = Paper();
  doc::ProjectRow beacon = Beacon(target);
  Group(target, 0).mutable_projects()->RemoveLast();
  beacon.set_title("Beacon Digital Radios");
  beacon.set_lead_force("Eastvale Constabulary");
  *Group(target, 1).add_projects() = beacon;
  EXPECT_THAT(
      Lines(DiffDocuments(Paper(), target)),
      ElementsAre(
          "PROJECT_CHANGED projects/beacon title: Beacon Radios -> Beacon Digital Radios",
          "PROJECT_CHANGED projects/beacon programme: Operational Support -> Organisational "
          "Support",
          "PROJECT_CHANGED projects/beacon lead_force: Northshire Police -> Eastvale "
          "Constabulary"));
}

TEST(DiffProjects, UpdateTextChangedInFull) {
  doc::CollaborationUpdate target = Paper();
  Orion(target).set_update("Testing complete; training starts in May.");
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("UPDATE_CHANGED projects/orion update: Testing under "
                                          "way. -> Testing complete; training starts in May."));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Orion Case System: update changed"));
}

TEST(DiffProjects, RatingChangedAndNoRatingMeansUnrated) {
  doc::CollaborationUpdate target = Paper();
  Orion(target).set_rating(projects::v1::DELIVERY_CONFIDENCE_AMBER_RED);
  Group(target, 1).mutable_projects(0)->set_rating(projects::v1::DELIVERY_CONFIDENCE_UNSPECIFIED);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("RATING_CHANGED projects/orion rating: Amber -> Amber/Red"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Orion Case System: rating changed from Amber to Amber/Red"));
}

TEST(DiffKeyDates, MovedWithSlip) {
  doc::CollaborationUpdate target = Paper();
  *Orion(target).mutable_key_dates(0)->mutable_date() = Autumn2018();
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("DATE_MOVED projects/orion/milestones/go-live date: Spring/Summer 2018 "
                          "-> Autumn 2018"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Orion Case System: go-live moved from Spring/Summer 2018 to Autumn "
                          "2018 (1 season later)"));
  EXPECT_EQ(changes[0].slip().amount(), 1);
  EXPECT_EQ(changes[0].slip().unit(), projects::v1::DATE_PRECISION_SEASON);
}

TEST(DiffKeyDates, AchievedAndAlsoMovedWhenTheValueMoved) {
  doc::CollaborationUpdate target = Paper();
  doc::KeyDate& beacon_live = *Beacon(target).mutable_key_dates(0);
  beacon_live.set_achieved(true);
  *beacon_live.mutable_date() = OnDay(2018, 12, 10, "10 December 2018");
  Orion(target).mutable_key_dates(1)->set_achieved(true);  // review: achieved as planned
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(
      Lines(changes),
      ElementsAre("DATE_ACHIEVED projects/orion/milestones/review achieved: March 2019 -> March "
                  "2019",
                  "DATE_ACHIEVED projects/beacon/milestones/go-live achieved: 14 December 2018 "
                  "-> 10 December 2018",
                  "DATE_MOVED projects/beacon/milestones/go-live date: 14 December 2018 -> 10 "
                  "December 2018"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Orion Case System: review achieved (March 2019)",
                          "Beacon Radios: go-live achieved (10 December 2018)",
                          "Beacon Radios: go-live moved from 14 December 2018 to 10 December "
                          "2018 (4 days earlier)"));
  EXPECT_EQ(changes[2].slip().amount(), -4);
}

TEST(DiffKeyDates, AddedAndRemoved) {
  doc::CollaborationUpdate target = Paper();
  Orion(target).mutable_key_dates()->RemoveLast();  // review
  AddKeyDate(
      Orion(target), "training", "training",
      Dated(projects::v1::DATE_PRECISION_MONTH, Day(2018, 5, 1), Day(2018, 5, 31), "May 2018"));
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("DATE_ADDED projects/orion/milestones/training date:  -> May 2018",
                          "DATE_REMOVED projects/orion/milestones/review date: March 2019 -> "));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Orion Case System: training added (May 2018)",
                                                 "Orion Case System: review removed"));
}

TEST(DiffFinance, FigureChangedWithExactDifference) {
  doc::CollaborationUpdate target = Paper();
  doc::FinanceRow& spend = *Table(target).mutable_rows(0);
  *spend.mutable_cells(0) = Cell(37'500);
  *spend.mutable_cells(1) = Cell(37'690);
  *spend.mutable_total() = Cell(75'190);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("FIGURE_CHANGED measures/spend 2017/18: 37.280 -> 37.500",
                                          "FIGURE_CHANGED measures/spend 2018/19: 38.000 -> 37.690",
                                          "FIGURE_CHANGED measures/spend Total: 75.280 -> 75.190"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Spend on collaboration 2017/18: 37.280 to 37.500 (+0.220)",
                          "Spend on collaboration 2018/19: 38.000 to 37.690 (-0.310)",
                          "Spend on collaboration Total: 75.280 to 75.190 (-0.090)"));
  EXPECT_EQ(PenceOf(changes[0].difference()), 22'000'000);
  EXPECT_EQ(PenceOf(changes[1].difference()), -31'000'000);
  EXPECT_EQ(PenceOf(changes[2].difference()), -9'000'000);
  EXPECT_EQ(changes[0].title(), "Spend on collaboration");
}

TEST(DiffFinance, ADifferenceTooSmallForTheTableIsInPoundsAndPence) {
  doc::CollaborationUpdate target = Paper();
  doc::FinanceRow& spend = *Table(target).mutable_rows(0);
  *spend.mutable_cells(0)->mutable_amount() = common::MoneyFromPence(3'728'000'000 - 803);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].description(), "Spend on collaboration 2017/18: 37.280 to 37.280 (-£8.03)");
  EXPECT_EQ(PenceOf(changes[0].difference()), -803);
}

TEST(DiffFinance, UnknownCellsHaveNoDifference) {
  doc::CollaborationUpdate target = Paper();
  doc::FinanceRow& savings = *Table(target).mutable_rows(1);
  *savings.mutable_cells(1) = Cell(400);
  savings.mutable_cells(0)->clear_amount();
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("FIGURE_CHANGED measures/savings 2017/18: 1.500 -> ",
                                          "FIGURE_CHANGED measures/savings 2018/19:  -> 0.400"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Savings 2017/18: 1.500 to none", "Savings 2018/19: none to 0.400"));
  EXPECT_FALSE(changes[0].has_difference());
  EXPECT_FALSE(changes[1].has_difference());
}

TEST(DiffFinance, RowsAndColumnsAddedOrRemovedPairedByLabel) {
  doc::CollaborationUpdate target = Paper();
  doc::FinanceTable& table = Table(target);
  table.mutable_periods()->erase(table.mutable_periods()->begin());  // 2017/18
  table.add_periods("2019/20");
  doc::FinanceRow& spend = *table.mutable_rows(0);
  spend.mutable_cells()->erase(spend.mutable_cells()->begin());  // 2018/19 now first
  *spend.add_cells() = Cell(39'000);
  table.mutable_rows()->RemoveLast();  // savings
  doc::FinanceRow& reinvested = AddFinanceRow(table, "measures/reinvested", "Reinvested");
  *reinvested.add_cells() = Cell(-250);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("FINANCE_ROWS_CHANGED 2019/20 period:  -> 2019/20",
                          "FINANCE_ROWS_CHANGED measures/reinvested row:  -> Reinvested",
                          "FINANCE_ROWS_CHANGED measures/savings row: Savings -> ",
                          "FINANCE_ROWS_CHANGED 2017/18 period: 2017/18 -> "));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Northshire Police: column 2019/20 added",
                                                 "Northshire Police: row Reinvested added",
                                                 "Northshire Police: row Savings removed",
                                                 "Northshire Police: column 2017/18 removed"));
}

TEST(DiffFinance, TablesPairByOwnerAndCaptionNotPosition) {
  doc::CollaborationUpdate target = Paper();
  doc::Section& finance = SectionOf(target, 2);
  doc::Block northshire = finance.blocks(0);
  doc::FinanceTable& eastvale = *finance.mutable_blocks(0)->mutable_finance_table();
  eastvale.Clear();
  eastvale.set_caption("Eastvale Constabulary");
  eastvale.set_owner("forces/eastvale");
  eastvale.add_periods("2017/18");
  *AddFinanceRow(eastvale, "measures/spend", "Spend on collaboration").add_cells() = Cell(12'000);
  *finance.add_blocks() = northshire;
  EXPECT_THAT(Lines(DiffDocuments(Paper(), target)),
              ElementsAre("FINANCE_ROWS_CHANGED 2017/18 period:  -> 2017/18",
                          "FINANCE_ROWS_CHANGED measures/spend row:  -> Spend on collaboration"));
}

TEST(DiffAreas, AddedAndRemoved) {
  doc::CollaborationUpdate target = Paper();
  doc::AreaList& areas = *GovernanceBlock(target, 0).mutable_areas();
  areas.mutable_areas(0)->set_area("alliances/ne/areas/ops");
  areas.mutable_areas(0)->set_title("Operational Support");
  EXPECT_THAT(Lines(DiffDocuments(Paper(), target)),
              ElementsAre("AREA_ADDED alliances/ne/areas/ops:  -> Operational Support",
                          "AREA_REMOVED alliances/ne/areas/jps: Joint Protective Services -> "));
}

TEST(DiffAreas, LeadForcesAndUnits) {
  doc::CollaborationUpdate target = Paper();
  doc::Area& jps = *GovernanceBlock(target, 0).mutable_areas()->mutable_areas(0);
  jps.add_lead_forces("Eastvale Constabulary");
  jps.mutable_units()->RemoveLast();  // Dogs
  jps.add_units("Roads Policing");
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("AREA_CHANGED alliances/ne/areas/jps lead_forces: Northshire Police -> "
                          "Northshire Police, Eastvale Constabulary",
                          "UNIT_ADDED alliances/ne/areas/jps units:  -> Roads Policing",
                          "UNIT_REMOVED alliances/ne/areas/jps units: Dogs -> "));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Joint Protective Services: lead forces changed from Northshire Police "
                          "to Northshire Police, Eastvale Constabulary",
                          "Joint Protective Services: unit Roads Policing added",
                          "Joint Protective Services: unit Dogs removed"));
}

TEST(DiffAgreements, AddedRemovedAndChanged) {
  doc::CollaborationUpdate target = Paper();
  doc::AgreementList& agreements = *GovernanceBlock(target, 1).mutable_agreements();
  doc::AgreementEntry& jps = *agreements.mutable_agreements(0);
  jps.mutable_parties()->RemoveLast();
  *jps.mutable_commencement_date() = Day(2016, 7, 1);
  doc::AgreementEntry& ict = *agreements.add_agreements();
  ict.set_agreement("alliances/ne/agreements/ict");
  ict.set_title("ICT agreement");
  doc::CollaborationUpdate base = Paper();
  doc::AgreementEntry& dogs = *GovernanceBlock(base, 1).mutable_agreements()->add_agreements();
  dogs.set_agreement("alliances/ne/agreements/dogs");
  dogs.set_title("Dogs agreement");
  EXPECT_THAT(Lines(DiffDocuments(base, target)),
              ElementsAre("AGREEMENT_CHANGED alliances/ne/agreements/jps parties: Northshire "
                          "Police, Eastvale Constabulary -> Northshire Police",
                          "AGREEMENT_CHANGED alliances/ne/agreements/jps commencement_date: 1 "
                          "April 2016 -> 1 July 2016",
                          "AGREEMENT_ADDED alliances/ne/agreements/ict:  -> ICT agreement",
                          "AGREEMENT_REMOVED alliances/ne/agreements/dogs: Dogs agreement -> "));
}

TEST(DiffGovernance, BodiesAddedMovedChangedAndRemovedAnywhereInTheTree) {
  doc::CollaborationUpdate target = Paper();
  doc::GovernanceTree& tree = *GovernanceBlock(target, 2).mutable_governance_model();
  doc::GovernanceNode& jps_board = *tree.mutable_roots(0)->mutable_reports(0);
  jps_board.set_chair("ACC Northshire");
  doc::GovernanceNode firearms = jps_board.reports(0);
  jps_board.clear_reports();
  AddBody(*tree.mutable_roots(0)->mutable_reports(), "ict", "ICT Board");
  tree.mutable_roots()->RemoveLast();  // Audit Committee
  *tree.add_roots() = firearms;
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("BODY_CHANGED alliances/ne/bodies/jps-board chair:  -> ACC Northshire",
                          "BODY_ADDED alliances/ne/bodies/ict:  -> ICT Board",
                          "BODY_MOVED alliances/ne/bodies/firearms parent: JPS Board -> top",
                          "BODY_REMOVED alliances/ne/bodies/audit: Audit Committee -> "));
  EXPECT_EQ(changes[2].description(), "Firearms Group moved from JPS Board to top");
}

TEST(DiffRecommendations, StatusChangedAddedAndRemoved) {
  doc::CollaborationUpdate target = Paper();
  doc::RecommendationList& review = *GovernanceBlock(target, 3).mutable_recommendations();
  review.mutable_recommendations(0)->set_status(governance::v1::RECOMMENDATION_STATUS_IMPLEMENTED);
  doc::RecommendationEntry& audit = *review.add_recommendations();
  audit.set_recommendation("alliances/ne/reviews/2017/recommendations/2");
  audit.set_text("Audit the benefits");
  doc::CollaborationUpdate base = Paper();
  doc::RecommendationEntry& merge =
      *GovernanceBlock(base, 3).mutable_recommendations()->add_recommendations();
  merge.set_recommendation("alliances/ne/reviews/2017/recommendations/3");
  merge.set_text("Merge the boards");
  const auto changes = DiffDocuments(base, target);
  ASSERT_THAT(
      Lines(changes),
      ElementsAre(
          "RECOMMENDATION_CHANGED alliances/ne/reviews/2017/recommendations/1 status: Open -> "
          "Implemented",
          "RECOMMENDATION_ADDED alliances/ne/reviews/2017/recommendations/2:  -> Audit the "
          "benefits",
          "RECOMMENDATION_REMOVED alliances/ne/reviews/2017/recommendations/3: Merge the boards "
          "-> "));
  EXPECT_EQ(changes[0].description(),
            "Publish a risk appetite: status changed from Open to Implemented");
}

TEST(DiffRegister, CountsWithMissingPairsCountingZero) {
  doc::CollaborationUpdate target = Paper();
  doc::RegisterSummary& summary = Summary(target);
  summary.set_open_risks(12);
  summary.mutable_risk_counts(0)->set_count(1);
  summary.mutable_risk_counts()->RemoveLast();  // Programme/Medium
  AddCount(summary, governance::v1::REGISTER_LEVEL_PORTFOLIO, governance::v1::RISK_BAND_VERY_HIGH,
           1);
  summary.set_overdue_reviews(0);
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes), ElementsAre("REGISTER_COUNT_CHANGED open_risks: 10 -> 12",
                                          "REGISTER_COUNT_CHANGED Project/High: 3 -> 1",
                                          "REGISTER_COUNT_CHANGED Portfolio/Very high: 0 -> 1",
                                          "REGISTER_COUNT_CHANGED Programme/Medium: 2 -> 0",
                                          "REGISTER_COUNT_CHANGED overdue_reviews: 1 -> 0"));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Open risks: 10 to 12 (+2)", "Project/High risks: 3 to 1 (-2)",
                          "Portfolio/Very high risks: 0 to 1 (+1)",
                          "Programme/Medium risks: 2 to 0 (-2)", "Overdue reviews: 1 to 0 (-1)"));
}

TEST(DiffRegister, TopRisksAddedRemovedAndChanged) {
  doc::CollaborationUpdate base = Paper();
  AddRisk(Summary(base), "vetting", "Vetting backlog", 12, governance::v1::RISK_BAND_MEDIUM);
  doc::CollaborationUpdate target = Paper();
  doc::RiskLine& funding = *Summary(target).mutable_top_risks(0);
  funding.set_residual_score(20);
  funding.set_band(governance::v1::RISK_BAND_VERY_HIGH);
  AddRisk(Summary(target), "staffing", "Staffing", 15, governance::v1::RISK_BAND_HIGH);
  const auto changes = DiffDocuments(base, target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("RISK_CHANGED alliances/ne/risks/funding residual_score: 16 -> 20",
                          "RISK_CHANGED alliances/ne/risks/funding band: High -> Very high",
                          "RISK_ADDED alliances/ne/risks/staffing:  -> Staffing",
                          "RISK_REMOVED alliances/ne/risks/vetting: Vetting backlog -> "));
  EXPECT_THAT(Descriptions(changes),
              ElementsAre("Funding gap: residual score changed from 16 to 20",
                          "Funding gap: band changed from High to Very high", "Staffing added",
                          "Vetting backlog removed"));
}

TEST(DiffRegister, BenefitLinesChangedAppearedAndDisappeared) {
  doc::CollaborationUpdate target = Paper();
  doc::RegisterSummary& summary = Summary(target);
  doc::BenefitLine jps = summary.benefits(0);
  *jps.mutable_expected() = common::MoneyFromPence(150'000'000);
  summary.clear_benefits();
  doc::BenefitLine& ops = *summary.add_benefits();
  ops.set_area("alliances/ne/areas/ops");
  ops.set_title("Operational Support");
  ops.set_benefits(2);
  *ops.mutable_expected() = common::MoneyFromPence(10'000'000);
  EXPECT_THAT(Lines(DiffDocuments(Paper(), target)),
              ElementsAre("BENEFITS_CHANGED alliances/ne/areas/ops benefits: 0 -> 2",
                          "BENEFITS_CHANGED alliances/ne/areas/ops expected:  -> 0.100",
                          "BENEFITS_CHANGED alliances/ne/areas/jps benefits: 4 -> 0",
                          "BENEFITS_CHANGED alliances/ne/areas/jps expected: 1.200 -> ",
                          "BENEFITS_CHANGED alliances/ne/areas/jps realised: 0.300 -> "));
  *summary.add_benefits() = jps;
  EXPECT_THAT(Lines(DiffDocuments(Paper(), target)),
              ElementsAre("BENEFITS_CHANGED alliances/ne/areas/ops benefits: 0 -> 2",
                          "BENEFITS_CHANGED alliances/ne/areas/ops expected:  -> 0.100",
                          "BENEFITS_CHANGED alliances/ne/areas/jps expected: 1.200 -> 1.500"));
}

TEST(DiffHighlights, ItemsChanged) {
  doc::CollaborationUpdate target = Paper();
  SectionOf(target, 4).mutable_blocks(1)->mutable_highlights()->add_items("Beacon approved.");
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(Lines(changes),
              ElementsAre("HIGHLIGHTS_CHANGED items: Orion entered testing. -> Orion entered "
                          "testing.\nBeacon approved."));
  EXPECT_THAT(Descriptions(changes), ElementsAre("Highlights: items changed"));
}

TEST(DiffOrder, ReadsAsTheTargetPaper) {
  doc::CollaborationUpdate target = Paper();
  target.mutable_header()->set_author("Deputy Chief Constable");
  doc::ProgrammeGroup& ops = Group(target, 0);
  ops.mutable_projects()->SwapElements(0, 1);  // Beacon now reads before Orion
  ops.mutable_projects(0)->set_update("Approved by the board.");
  doc::ProjectRow& orion = *ops.mutable_projects(1);
  *orion.mutable_key_dates(0)->mutable_date() = Autumn2018();
  orion.set_rating(projects::v1::DELIVERY_CONFIDENCE_GREEN);
  orion.set_state(projects::v1::LIFECYCLE_STATE_LIVE);
  doc::ProgrammeGroup& org = Group(target, 1);
  org.clear_projects();  // Harbour
  AddRow(org, "nova", "Nova Drones", projects::v1::LIFECYCLE_STATE_PROPOSED,
         projects::v1::DELIVERY_CONFIDENCE_GREEN, "");
  *Table(target).mutable_rows(0)->mutable_cells(0) = Cell(37'500);
  auto& sections = *target.mutable_sections();
  sections.RemoveLast();  // registers
  AddSection(target, "appendix", "Appendix");
  std::rotate(sections.begin(), sections.end() - 1, sections.end());  // appendix first
  const auto changes = DiffDocuments(Paper(), target);
  ASSERT_THAT(
      Lines(changes),
      ElementsAre("HEADER_CHANGED author: Chief Constable -> Deputy Chief Constable",
                  "SECTION_ADDED appendix:  -> Appendix",
                  "UPDATE_CHANGED projects/beacon update: Business case drafted. -> Approved by "
                  "the board.",
                  "PROJECT_WENT_LIVE projects/orion state: In delivery -> Live",
                  "RATING_CHANGED projects/orion rating: Amber -> Green",
                  "DATE_MOVED projects/orion/milestones/go-live date: Spring/Summer 2018 -> Autumn "
                  "2018",
                  "PROJECT_ADDED projects/nova:  -> Nova Drones",
                  "PROJECT_REMOVED projects/harbour: Harbour ERP -> ",
                  "FIGURE_CHANGED measures/spend 2017/18: 37.280 -> 37.500",
                  "SECTION_REMOVED registers: Risks and Benefits -> "));
  EXPECT_THAT(Sections(changes),
              ElementsAre("", "appendix", "projects", "projects", "projects", "projects",
                          "projects", "projects", "finance", "registers"));
}

// --- Slip ---

TEST(Slip, SeasonRunToTheNextSeason) {
  const v1::Slip slip = SlipBetween(SpringSummer2018(), Autumn2018());
  EXPECT_EQ(slip.amount(), 1);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_SEASON);
  EXPECT_EQ(slip.text(), "1 season later");
}

TEST(Slip, MonthToMonth) {
  const v1::Slip slip = SlipBetween(
      Dated(projects::v1::DATE_PRECISION_MONTH, Day(2018, 3, 1), Day(2018, 3, 31), "March 2018"),
      Dated(projects::v1::DATE_PRECISION_MONTH, Day(2018, 5, 1), Day(2018, 5, 31), "May 2018"));
  EXPECT_EQ(slip.amount(), 2);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_MONTH);
  EXPECT_EQ(slip.text(), "2 months later");
}

TEST(Slip, MonthToSeasonCountsInSeasons) {
  const v1::Slip slip = SlipBetween(
      Dated(projects::v1::DATE_PRECISION_MONTH, Day(2018, 11, 1), Day(2018, 11, 30),
            "November 2018"),
      Dated(projects::v1::DATE_PRECISION_SEASON, Day(2019, 3, 1), Day(2019, 5, 31), "Spring 2019"));
  EXPECT_EQ(slip.amount(), 2);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_SEASON);
  EXPECT_EQ(slip.text(), "2 seasons later");
}

TEST(Slip, NotBeforeComparesFirstDays) {
  const v1::Slip slip = SlipBetween(
      Dated(projects::v1::DATE_PRECISION_YEAR, Day(2018, 1, 1), Day(2018, 12, 31), "2018"),
      Dated(projects::v1::DATE_PRECISION_YEAR, Day(2019, 1, 1), Day(2019, 12, 31),
            "not before 2019", projects::v1::DATE_QUALIFIER_NOT_BEFORE));
  EXPECT_EQ(slip.amount(), 1);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_YEAR);
  EXPECT_EQ(slip.text(), "1 year later");
  // Where one value is "not before", the first days are compared: from spring (not summer) to
  // autumn.
  const v1::Slip open_run =
      SlipBetween(Dated(projects::v1::DATE_PRECISION_SEASON, Day(2019, 3, 1), Day(2019, 8, 31),
                        "not before Spring/Summer 2019", projects::v1::DATE_QUALIFIER_NOT_BEFORE),
                  Dated(projects::v1::DATE_PRECISION_SEASON, Day(2019, 9, 1), Day(2019, 11, 30),
                        "Autumn 2019"));
  EXPECT_EQ(open_run.amount(), 2);
  EXPECT_EQ(open_run.text(), "2 seasons later");
}

TEST(Slip, WinterSpansTheTurnOfTheYear) {
  const DatedValue winter = Dated(projects::v1::DATE_PRECISION_SEASON, Day(2017, 12, 1),
                                  Day(2018, 2, 28), "Winter 2017/18");
  const v1::Slip slip = SlipBetween(
      winter,
      Dated(projects::v1::DATE_PRECISION_SEASON, Day(2018, 3, 1), Day(2018, 5, 31), "Spring 2018"));
  EXPECT_EQ(slip.amount(), 1);
  EXPECT_EQ(slip.text(), "1 season later");
  // December 2017 is in the winter of 2017/18, not the autumn before it.
  const v1::Slip december = SlipBetween(Dated(projects::v1::DATE_PRECISION_MONTH, Day(2017, 12, 1),
                                              Day(2017, 12, 31), "December 2017"),
                                        winter);
  EXPECT_EQ(december.amount(), 0);
  EXPECT_EQ(december.unit(), projects::v1::DATE_PRECISION_SEASON);
  EXPECT_EQ(december.text(), "no change in seasons");
}

TEST(Slip, DaysEarlier) {
  const v1::Slip slip =
      SlipBetween(OnDay(2017, 12, 14, "14 December 2017"), OnDay(2017, 12, 10, "10 December 2017"));
  EXPECT_EQ(slip.amount(), -4);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_DAY);
  EXPECT_EQ(slip.text(), "4 days earlier");
  EXPECT_EQ(
      SlipBetween(OnDay(2017, 12, 31, "31 December 2017"), OnDay(2018, 1, 1, "1 January 2018"))
          .text(),
      "1 day later");
}

TEST(Slip, FinancialYears) {
  const v1::Slip slip = SlipBetween(Dated(projects::v1::DATE_PRECISION_FINANCIAL_YEAR,
                                          Day(2018, 4, 1), Day(2019, 3, 31), "2018/19"),
                                    Dated(projects::v1::DATE_PRECISION_FINANCIAL_YEAR,
                                          Day(2019, 4, 1), Day(2020, 3, 31), "2019/20"));
  EXPECT_EQ(slip.amount(), 1);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_FINANCIAL_YEAR);
  EXPECT_EQ(slip.text(), "1 financial year later");
}

TEST(Slip, YearBesideFinancialYearCountsInYears) {
  const v1::Slip slip = SlipBetween(
      Dated(projects::v1::DATE_PRECISION_FINANCIAL_YEAR, Day(2017, 4, 1), Day(2018, 3, 31),
            "2017/18"),
      Dated(projects::v1::DATE_PRECISION_YEAR, Day(2020, 1, 1), Day(2020, 12, 31), "2020"));
  EXPECT_EQ(slip.amount(), 2);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_YEAR);
  EXPECT_EQ(slip.text(), "2 years later");
}

TEST(Slip, WordsAloneAreReadForTheirPeriod) {
  DatedValue words;
  words.set_text("Summer 2018");
  const v1::Slip slip = SlipBetween(words, Autumn2018());
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_SEASON);
  EXPECT_EQ(slip.amount(), 1);
  EXPECT_EQ(slip.text(), "1 season later");
}

TEST(Slip, UnreadableWordsOrAPeriodWithoutPrecisionGiveNoSlip) {
  DatedValue words;
  words.set_text("Smarch 2018");
  EXPECT_EQ(SlipBetween(words, Autumn2018()).unit(), projects::v1::DATE_PRECISION_UNSPECIFIED);
  DatedValue period;
  *period.mutable_period_start() = Day(2018, 6, 1);
  *period.mutable_period_end() = Day(2018, 8, 31);
  const v1::Slip slip = SlipBetween(Autumn2018(), period);
  EXPECT_EQ(slip.unit(), projects::v1::DATE_PRECISION_UNSPECIFIED);
  EXPECT_EQ(slip.amount(), 0);
  EXPECT_EQ(slip.text(), "");
}

}  // namespace
}  // namespace bch::reporting
