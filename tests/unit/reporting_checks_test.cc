// The reporting service's pure parts under random input: documents made by corrupting the bytes
// of a valid one (fixed seeds, bounded loops) are checked, diffed and rendered. Properties:
// nothing crashes; every check answer is OK or names fields under the document; a document
// differs from itself in nothing and renders to the same bytes twice. Also the layout checks of a
// report series, each violation named by its field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"
#include "diff.h"
#include "document_checks.h"
#include "render.h"

namespace bch::reporting {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// A document holding one block of every kind.
update::v1::CollaborationUpdate EveryKindOfBlock() {
  update::v1::CollaborationUpdate document;
  document.mutable_header()->set_title("Westshire & Eastshire | Update");
  document.mutable_header()->mutable_date()->set_year(2019);
  document.mutable_header()->mutable_date()->set_month(3);
  document.mutable_header()->mutable_date()->set_day(31);
  update::v1::Section& section = *document.add_sections();
  section.set_id("everything");
  section.set_title("Everything");
  section.add_blocks()->mutable_paragraph()->set_text("A paragraph.\nTwo lines.");
  section.add_blocks()->mutable_list()->add_items("<b>item</b>");
  auto& row = *section.add_blocks()->mutable_project_table()->add_programmes()->add_projects();
  row.set_project("projects/p");
  row.set_title("P | Q");
  auto& key_date = *row.add_key_dates();
  key_date.set_milestone("projects/p/milestones/m");
  key_date.mutable_date()->set_precision(projects::v1::DATE_PRECISION_MONTH);
  key_date.mutable_date()->mutable_period_start()->set_year(2019);
  key_date.mutable_date()->mutable_period_start()->set_month(5);
  key_date.mutable_date()->mutable_period_start()->set_day(1);
  *key_date.mutable_date()->mutable_period_end() = key_date.date().period_start();
  key_date.mutable_date()->mutable_period_end()->set_day(31);
  auto& table = *section.add_blocks()->mutable_finance_table();
  table.add_periods("2018/19");
  auto& cell = *table.add_rows()->add_cells();
  cell.mutable_amount()->set_currency_code("GBP");
  cell.mutable_amount()->set_units(-1250000);
  auto& area = *section.add_blocks()->mutable_areas()->add_areas();
  area.set_area("alliances/w/areas/a");
  area.add_units("Dogs");
  section.add_blocks()->mutable_agreements()->add_agreements()->set_title("MoU");
  auto& body = *section.add_blocks()->mutable_governance_model()->add_roots();
  body.set_title("Board");
  body.add_reports()->set_title("Committee");
  section.add_blocks()->mutable_recommendations()->add_recommendations()->set_text("Do it");
  section.add_blocks()->mutable_register_summary()->add_top_risks()->set_residual_score(20);
  section.add_blocks()->mutable_highlights()->add_items("Went live");
  return document;
}

TEST(ReportingFuzzTest, CorruptedDocumentsAreCheckedDiffedAndRenderedSafely) {
  const update::v1::CollaborationUpdate valid = EveryKindOfBlock();
  {
    common::Violations v;
    CheckDocument(v, "draft", valid);
    ASSERT_TRUE(std::move(v).ToStatus().ok());
  }
  const std::string bytes = valid.SerializeAsString();
  std::mt19937_64 random(20261127);
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string corrupted = bytes;
    for (int flips = std::uniform_int_distribution<int>(1, 4)(random); flips > 0; --flips) {
      const size_t at = std::uniform_int_distribution<size_t>(0, corrupted.size() - 1)(random);
      corrupted[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
    }
    update::v1::CollaborationUpdate document;
    if (!document.ParseFromString(corrupted)) continue;
    ++parsed;
    common::Violations v;
    CheckDocument(v, "draft", document);
    const absl::Status status = std::move(v).ToStatus();
    if (!status.ok()) {
      ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
      for (const auto& violation : common::FieldViolationsOf(status)) {
        EXPECT_TRUE(absl::StartsWith(violation.field, "draft")) << violation.field;
      }
    }
    EXPECT_TRUE(DiffDocuments(document, document).empty()) << document.DebugString();
    EXPECT_EQ(RenderHtml(document), RenderHtml(document));
    EXPECT_EQ(RenderMarkdown(document), RenderMarkdown(document));
    (void)DiffDocuments(valid, document);
    (void)DiffDocuments(document, valid);
  }
  EXPECT_GT(parsed, 300);  // the loop exercised documents, not just parse failures
}

TEST(ReportingChecksTest, ADocumentsViolationsAreNamedByPath) {
  update::v1::CollaborationUpdate document = EveryKindOfBlock();
  document.mutable_header()->set_report_series("reportSeries/Not Valid");
  document.mutable_header()->mutable_date()->set_month(13);
  document.mutable_sections(0)->mutable_blocks(0)->mutable_paragraph()->set_text("bell\a");
  // Units of -1,250,000 with nanos of the other sign: not valid money.
  document.mutable_sections(0)
      ->mutable_blocks(3)
      ->mutable_finance_table()
      ->mutable_rows(0)
      ->mutable_cells(0)
      ->mutable_amount()
      ->set_nanos(1);
  *document.add_sections() = document.sections(0);
  document.add_sections()->set_id("Bad Id");
  common::Violations v;
  CheckDocument(v, "document", document);
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields,
              IsSupersetOf({"document.header.report_series", "document.header.date",
                            "document.sections[0].blocks[0].paragraph.text",
                            "document.sections[0].blocks[3].finance_table.rows[0].cells[0].amount",
                            "document.sections[1].id", "document.sections[2].id",
                            "document.sections[2].title"}));
}

// Field paths of the violations CheckDocument finds in `document`.
std::vector<std::string> ViolatedFields(const update::v1::CollaborationUpdate& document) {
  common::Violations v;
  CheckDocument(v, "document", document);
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  return fields;
}

TEST(ReportingChecksTest, AFinanceTableMustAddUpAsPrinted) {
  update::v1::CollaborationUpdate document = EveryKindOfBlock();
  auto& table = *document.mutable_sections(0)->mutable_blocks(3)->mutable_finance_table();
  table.add_periods("2018/19");        // named twice
  table.add_periods("not a year");     // not a period
  auto& row = *table.mutable_rows(0);  // one cell of -£1.25m
  row.mutable_cells(0)->set_text("999.999");
  *row.mutable_total()->mutable_amount() = row.cells(0).amount();
  row.mutable_total()->mutable_amount()->set_units(-1);  // not the sum of a known row...
  *row.add_cells() = row.cells(0);
  row.mutable_cells(1)->clear_text();
  *row.add_cells() = row.cells(1);
  *row.add_cells() = row.cells(1);  // 4 cells for 3 periods
  *table.add_rows() = row;          // the same key twice
  EXPECT_THAT(ViolatedFields(document),
              IsSupersetOf({"document.sections[0].blocks[3].finance_table.periods[1]",
                            "document.sections[0].blocks[3].finance_table.periods[2]",
                            "document.sections[0].blocks[3].finance_table.rows[0].cells",
                            "document.sections[0].blocks[3].finance_table.rows[0].cells[0].text",
                            "document.sections[0].blocks[3].finance_table.rows[1].key"}));

  // A known row whose total is not its sum; then the same with the right total.
  auto& sound = *document.mutable_sections(0)->mutable_blocks(3)->mutable_finance_table();
  sound.mutable_periods()->DeleteSubrange(1, 2);
  sound.mutable_rows()->DeleteSubrange(1, 1);
  auto& known = *sound.mutable_rows(0);
  known.mutable_cells()->DeleteSubrange(1, 3);
  known.mutable_cells(0)->set_text("-1.250");
  EXPECT_THAT(ViolatedFields(document),
              ElementsAre("document.sections[0].blocks[3].finance_table.rows[0].total"));
  known.mutable_total()->mutable_amount()->set_units(-1250000);
  EXPECT_THAT(ViolatedFields(document), ElementsAre());
}

// The first project row of `document`.
update::v1::ProjectRow& FirstRow(update::v1::CollaborationUpdate& document) {
  return *document.mutable_sections(0)
              ->mutable_blocks(2)
              ->mutable_project_table()
              ->mutable_programmes(0)
              ->mutable_projects(0);
}

constexpr char kKeyDates[] =
    "document.sections[0].blocks[2].project_table.programmes[0].projects[0].key_dates";

// A key date is a dated value the projects API would accept (common/dated_value.h). (Two
// documents: a status lists at most about 1,200 bytes of violations.)
TEST(ReportingChecksTest, AKeyDatesPeriodIsOneRealPeriodOfItsPrecision) {
  update::v1::CollaborationUpdate document = EveryKindOfBlock();
  update::v1::ProjectRow& row = FirstRow(document);
  auto& backwards = *row.mutable_key_dates(0)->mutable_date();
  backwards.mutable_period_end()->set_year(2018);  // before its start in May 2019
  auto& unprecise = *row.add_key_dates()->mutable_date();
  *unprecise.mutable_period_start() = backwards.period_start();
  auto& half = *row.add_key_dates()->mutable_date();
  half.set_precision(projects::v1::DATE_PRECISION_YEAR);
  document.mutable_header()->set_force("alliances/bch");
  const std::string dates = kKeyDates;
  EXPECT_THAT(ViolatedFields(document),
              ElementsAre("document.header.force", dates + "[0].date", dates + "[1].date.precision",
                          dates + "[2].date.period_start", dates + "[2].date.period_end"));
}

TEST(ReportingChecksTest, AKeyDatesWordsParseAndAgreeWithItsPeriod) {
  update::v1::CollaborationUpdate document = EveryKindOfBlock();
  update::v1::ProjectRow& row = FirstRow(document);
  row.mutable_key_dates(0)->mutable_date()->set_text("Smarch 2018");
  auto& contradicted = *row.add_key_dates()->mutable_date();  // "Spring 2018" said of summer
  contradicted.set_text("Spring 2018");
  contradicted.set_precision(projects::v1::DATE_PRECISION_SEASON);
  contradicted.mutable_period_start()->set_year(2018);
  contradicted.mutable_period_start()->set_month(6);
  contradicted.mutable_period_start()->set_day(1);
  *contradicted.mutable_period_end() = contradicted.period_start();
  contradicted.mutable_period_end()->set_month(8);
  contradicted.mutable_period_end()->set_day(31);
  row.add_key_dates()->mutable_date()->set_text("Spring/Summer 2018");  // words alone are fine
  const std::string dates = kKeyDates;
  EXPECT_THAT(ViolatedFields(document),
              ElementsAre(dates + "[0].date.text", ::testing::StartsWith(dates + "[1].date")));
}

// A series of one section, "money", holding one finance table.
v1::ReportSeries MoneySeries() {
  v1::ReportSeries series;
  series.set_title("Board report");
  auto& section = *series.mutable_layout()->add_sections();
  section.set_id("money");
  section.set_title("Money");
  section.add_items()->mutable_content()->set_kind(v1::CONTENT_KIND_FINANCE_TABLE);
  return series;
}

TEST(ReportingChecksTest, ALayoutIsBoundedAndNamesEachSettingOnce) {
  v1::ReportSeries series = MoneySeries();
  auto& spec = *series.mutable_layout()->mutable_sections(0)->mutable_items(0)->mutable_content();
  spec.add_periods("2016/17");
  spec.add_periods("2016/17");
  spec.add_measures("measures/spend");
  spec.add_measures("measures/spend");
  common::Violations v;
  CheckReportSeries(v, series, UpdatableReportSeriesFields(), {});
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields, ElementsAre("report_series.layout.sections[0].items[0].content.periods[1]",
                                  "report_series.layout.sections[0].items[0].content.measures[1]"));

  // Forty sections of 10,000 characters each: within every bound but the layout's size.
  spec.mutable_periods()->RemoveLast();
  spec.mutable_measures()->RemoveLast();
  for (int i = 0; i < 40; ++i) {
    auto& text = *series.mutable_layout()->add_sections();
    text.set_id(absl::StrCat("text-", i));
    text.set_title("Text");
    for (int j = 0; j < 3; ++j)
      text.add_items()->mutable_paragraph()->set_text(std::string(10000, 'x'));
  }
  common::Violations big;
  CheckReportSeries(big, series, UpdatableReportSeriesFields(), {});
  const auto violations = common::FieldViolationsOf(std::move(big).ToStatus());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "report_series.layout");
}

TEST(ReportingChecksTest, ALayoutCallsForAtMostFiftyBackendCalls) {
  v1::ReportSeries series = MoneySeries();
  auto& section = *series.mutable_layout()->mutable_sections(0);
  auto& spec = *section.mutable_items(0)->mutable_content();
  spec.add_periods("2016/17");
  for (int i = 0; i < 45; ++i) spec.add_scopes(absl::StrCat("businessAreas/area-", i));
  for (int i = 0; i < 5; ++i) {  // 45 + 5: at the bound
    section.add_items()->mutable_content()->set_kind(v1::CONTENT_KIND_PROJECT_TABLE);
  }
  common::Violations within;
  CheckReportSeries(within, series, UpdatableReportSeriesFields(), {});
  EXPECT_TRUE(std::move(within).ToStatus().ok());

  section.add_items()->mutable_content()->set_kind(v1::CONTENT_KIND_AREAS);  // 51
  common::Violations over;
  CheckReportSeries(over, series, UpdatableReportSeriesFields(), {});
  const auto violations = common::FieldViolationsOf(std::move(over).ToStatus());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "report_series.layout");
  EXPECT_NE(violations[0].description.find("number 51; at most 50"), std::string::npos);
}

TEST(ReportingChecksTest, AnEmptyDocumentIsRefused) {
  common::Violations v;
  CheckDocument(v, "document", update::v1::CollaborationUpdate());
  const auto violations = common::FieldViolationsOf(std::move(v).ToStatus());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "document.sections");
}

}  // namespace
}  // namespace bch::reporting
