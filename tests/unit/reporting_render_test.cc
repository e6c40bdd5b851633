// The reporting service's renderer: a small invented update rendered to Markdown and HTML against
// golden files, the paper's numbering and wording, escaping of hostile text, a self-contained
// print-ready page, and the same bytes every time.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bch/common/money.h"
#include "render.h"

namespace bch::reporting {
namespace {

using update::v1::CollaborationUpdate;
using update::v1::Section;

constexpr const char* kScriptTitle = "<script>alert(1)</script>";
constexpr const char* kPipeTitle = "Contact | Mobilisation";

std::string Golden(const std::string& name) {
  std::ifstream file(std::string(BCH_SOURCE_DIR) + "/tests/golden/reporting/" + name);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

google::type::Date Date(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

finance::v1::FinanceCell Cell(int64_t pence, bool partial = false) {
  finance::v1::FinanceCell cell;
  *cell.mutable_amount() = common::MoneyFromPence(pence);
  cell.set_partial(partial);
  return cell;
}

void AddParagraph(Section& section, const std::string& text, bool quote = false) {
  auto* paragraph = section.add_blocks()->mutable_paragraph();
  paragraph->set_text(text);
  paragraph->set_quote(quote);
}

void AddArea(update::v1::AreaList& list, const std::string& title,
             std::initializer_list<const char*> leads, std::initializer_list<const char*> units) {
  auto* area = list.add_areas();
  area->set_title(title);
  for (const char* lead : leads) area->add_lead_forces(lead);
  for (const char* unit : units) area->add_units(unit);
}

void AddKeyDate(update::v1::ProjectRow& project, const std::string& title, const std::string& when,
                bool achieved) {
  auto* key_date = project.add_key_dates();
  key_date->set_title(title);
  key_date->mutable_date()->set_text(when);
  key_date->set_achieved(achieved);
}

void AddFinanceRow(update::v1::FinanceTable& table, const std::string& label,
                   const std::string& group, std::initializer_list<finance::v1::FinanceCell> cells,
                   const finance::v1::FinanceCell& total) {
  auto* row = table.add_rows();
  row->set_label(label);
  row->set_group(group);
  for (const auto& cell : cells) *row->add_cells() = cell;
  *row->mutable_total() = total;
}

Section& AddSection(CollaborationUpdate& document, const std::string& id,
                    const std::string& title) {
  Section& section = *document.add_sections();
  section.set_id(id);
  section.set_title(title);
  return section;
}

void AddBackground(CollaborationUpdate& document) {
  Section& section = AddSection(document, "background", "Background");
  AddParagraph(section,
               "The purpose of this report is to update the Board on collaboration between "
               "Northshire Police and Southvale Constabulary.");
  AddParagraph(section,
               "The legal requirements for police collaboration\ncan be found in sections 22A to "
               "23I of the Police Act 1996.",
               /*quote=*/true);
  AddParagraph(section,
               "The agreed objectives of the alliance are:\nto share support services; and\nto "
               "protect local policing.");
  auto* list = section.add_blocks()->mutable_list();
  list->add_items("Share support services at reduced cost.");
  list->add_items("Protect local policing.");
  auto* areas = section.add_blocks()->mutable_areas();
  AddArea(*areas, "Joint Protective Services", {"Northshire Police"},
          {"Dog Unit", "Roads Policing Unit"});
  AddArea(*areas, "Organisational Support", {"Northshire Police", "Southvale Constabulary"}, {});
  AddArea(*areas, "Operational Support", {}, {"Custody", "Criminal Justice"});
  AddArea(*areas, "Other", {}, {});
  auto* highlights = section.add_blocks()->mutable_highlights();
  *highlights->mutable_since() = Date(2023, 12, 14);
  highlights->add_items("Custody went live in January 2024.");
  highlights->add_items("ICT convergence moved to Summer 2024.");
}

void AddProjects(CollaborationUpdate& document) {
  Section& section = AddSection(document, "projects", "Projects");
  AddParagraph(section, "The table below gives the latest update on each project.");
  auto* table = section.add_blocks()->mutable_project_table();
  auto* support = table->add_programmes();
  support->set_title("Organisational Support");
  support->set_lead_force("Northshire Police");
  auto* payroll = support->add_projects();
  payroll->set_title("Payroll");
  payroll->set_lead_force("Northshire Police");
  payroll->set_rating(projects::v1::DELIVERY_CONFIDENCE_GREEN);
  payroll->set_update("Payroll went live in January 2024.\nBenefits tracking has started.");
  AddKeyDate(*payroll, "Go live", "January 2024", /*achieved=*/true);
  AddKeyDate(*payroll, "Post-implementation review", "Summer 2024", /*achieved=*/false);
  auto* unrated = support->add_projects();
  unrated->set_title(kScriptTitle);
  unrated->set_update("Options under review.");
  auto* other = table->add_programmes();
  other->set_title("Other");
  auto* contact = other->add_projects();
  contact->set_title(kPipeTitle);
  contact->set_lead_force("Southvale Constabulary");
  contact->set_rating(projects::v1::DELIVERY_CONFIDENCE_AMBER_GREEN);
  contact->set_update("Training underway.");
  AddKeyDate(*contact, "Go live", "not before 2025", /*achieved=*/false);
}

void AddFinance(CollaborationUpdate& document) {
  Section& section = AddSection(document, "finance", "Spending and savings");
  AddParagraph(section, "The table below shows spending and savings on collaboration.");
  AddParagraph(section, "Figures for 2025/26 are not yet agreed.");
  auto* table = section.add_blocks()->mutable_finance_table();
  table->set_caption("Northshire Police");
  table->set_unit("£m");
  table->add_periods("2023/24");
  table->add_periods("2024/25");
  finance::v1::FinanceCell printed = Cell(2'199'800'000);
  printed.set_text("21.998");
  AddFinanceRow(*table, "Spend on collaboration", "Joint Protective Services",
                {printed, Cell(150'000'000)}, Cell(2'349'800'000));
  AddFinanceRow(*table, "Savings from collaboration", "Joint Protective Services",
                {Cell(92'000'000), finance::v1::FinanceCell()}, Cell(92'000'000, /*partial=*/true));
  AddFinanceRow(*table, "Re-investment", "Organisational Support", {Cell(-31'000'000), Cell(0)},
                Cell(-31'000'000));
}

void AddGovernance(CollaborationUpdate& document) {
  Section& section = AddSection(document, "governance", "Collaboration governance");
  section.set_incomplete(true);
  section.set_missing_reason("registers: DEADLINE_EXCEEDED");
  auto* agreement = section.add_blocks()->mutable_agreements()->add_agreements();
  agreement->set_title("Joint Protective Services agreement");
  agreement->set_kind("Section 22A collaboration agreement");
  agreement->add_parties("Chief Constable of Northshire Police");
  agreement->add_parties("Chief Constable of Southvale Constabulary");
  *agreement->mutable_commencement_date() = Date(2019, 4, 1);

  auto* board = section.add_blocks()->mutable_governance_model()->add_roots();
  board->set_title("Joint Chief Officer Board");
  board->set_chair("Chief Constable of Northshire Police");
  auto* programme_board = board->add_reports();
  programme_board->set_title("Collaboration Programme Board");
  programme_board->set_chair("Deputy Chief Constable of Southvale Constabulary");
  programme_board->add_reports()->set_title("Joint Protective Services Board");
  board->add_reports()->set_title("Organisational Support Board");

  auto* review = section.add_blocks()->mutable_recommendations();
  review->set_title("Independent review of governance");
  auto* recommendation = review->add_recommendations();
  recommendation->set_text("Publish a single risk register.");
  recommendation->set_owner("Head of Portfolio Office");
  recommendation->set_status(governance::v1::RECOMMENDATION_STATUS_IN_PROGRESS);
  *recommendation->mutable_due_date() = Date(2024, 6, 30);

  auto* summary = section.add_blocks()->mutable_register_summary();
  summary->set_open_risks(5);
  summary->set_overdue_reviews(1);
  auto* project_high = summary->add_risk_counts();
  project_high->set_level(governance::v1::REGISTER_LEVEL_PROJECT);
  project_high->set_band(governance::v1::RISK_BAND_HIGH);
  project_high->set_count(2);
  auto* portfolio_medium = summary->add_risk_counts();
  portfolio_medium->set_level(governance::v1::REGISTER_LEVEL_PORTFOLIO);
  portfolio_medium->set_band(governance::v1::RISK_BAND_MEDIUM);
  portfolio_medium->set_count(3);
  auto* risk = summary->add_top_risks();
  risk->set_title("Athena go-live slips");
  risk->set_owner("Athena Programme Board");
  risk->set_residual_score(16);
  risk->set_band(governance::v1::RISK_BAND_HIGH);
  auto* jps = summary->add_benefits();
  jps->set_title("Joint Protective Services");
  jps->set_benefits(3);
  *jps->mutable_expected() = common::MoneyFromPence(125'000'000);
  *jps->mutable_realised() = common::MoneyFromPence(40'000'000);
  auto* no_area = summary->add_benefits();
  no_area->set_title("No area");
  no_area->set_benefits(1);
  *no_area->mutable_expected() = common::MoneyFromPence(10'000'000);
}

// An invented alliance's update with one of every kind of block.
CollaborationUpdate SmallUpdate() {
  CollaborationUpdate document;
  auto* header = document.mutable_header();
  header->set_title("Collaboration Update – Northshire Police and Southvale Constabulary");
  header->set_audience("Joint Audit Committee");
  header->set_author("Chief Constable");
  *header->mutable_date() = Date(2024, 3, 14);
  header->set_marking("OFFICIAL");
  AddBackground(document);
  AddProjects(document);
  AddFinance(document);
  AddGovernance(document);
  return document;
}

// An update whose only content is one project titled `title`.
CollaborationUpdate OneProject(const std::string& title) {
  CollaborationUpdate document;
  Section& section = AddSection(document, "projects", "Projects");
  auto* programme = section.add_blocks()->mutable_project_table()->add_programmes();
  programme->set_title("Other");
  programme->add_projects()->set_title(title);
  return document;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RenderMarkdown, MatchesGolden) {
  EXPECT_EQ(RenderMarkdown(SmallUpdate()), Golden("small_update.md"));
}

TEST(RenderHtml, MatchesGolden) {
  EXPECT_EQ(RenderHtml(SmallUpdate()), Golden("small_update.html"));
}

TEST(RenderHtml, IsOnePrintReadyPageWithNothingExternal) {
  const std::string html = RenderHtml(SmallUpdate());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\">", 0), 0u);
  EXPECT_TRUE(Contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(Contains(html, "@page { size: A4; margin: 20mm 18mm; }"));
  EXPECT_TRUE(Contains(html, "thead { display: table-header-group; }"));
  EXPECT_TRUE(Contains(html, "tr { break-inside: avoid; }"));
  // The marking at the head and foot of every printed page.
  EXPECT_TRUE(Contains(html, "@top-center { content: \"OFFICIAL\";"));
  EXPECT_TRUE(Contains(html, "@bottom-center { content: \"OFFICIAL\";"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "<link"));
  EXPECT_FALSE(Contains(html, " src="));
  EXPECT_FALSE(Contains(html, "http"));
  EXPECT_FALSE(Contains(html, "url("));
}

TEST(RenderHtml, NumbersParagraphsWithinTheirSection) {
  const std::string html = RenderHtml(SmallUpdate());
  EXPECT_TRUE(Contains(html, "<span class=\"number\">3.2</span>Figures for 2025/26"));
  EXPECT_TRUE(Contains(html,
                       "<span class=\"number\">1.7</span>Key highlights since the last "
                       "report in December 2023:"));
  EXPECT_TRUE(Contains(html, "<blockquote><p>The legal requirements for police collaboration<br>"));
}

TEST(RenderHtml, PrintsGroupRowsAndMarksPartialTotals) {
  const std::string html = RenderHtml(SmallUpdate());
  EXPECT_TRUE(Contains(html,
                       "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"4\">"
                       "Organisational Support (led by Northshire Police)</th></tr>"));
  EXPECT_TRUE(Contains(html, "<td class=\"num\">0.920*</td>"));
  EXPECT_TRUE(Contains(html, "<p class=\"table-note\">* some figures are not yet known</p>"));
  EXPECT_TRUE(Contains(html,
                       "<p class=\"incomplete\" role=\"note\">This section is incomplete: "
                       "registers: DEADLINE_EXCEEDED</p>"));
}

TEST(RenderEscaping, ProjectTitlesShowAsWrittenInHtml) {
  const std::string html = RenderHtml(OneProject(kScriptTitle));
  EXPECT_TRUE(Contains(html, "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_TRUE(Contains(RenderHtml(OneProject("a | b \"c\" & 'd'")),
                       "<th scope=\"row\">a | b &quot;c&quot; &amp; &#39;d&#39;</th>"));
}

TEST(RenderEscaping, ProjectTitlesShowAsWrittenInMarkdown) {
  EXPECT_TRUE(Contains(RenderMarkdown(OneProject(kScriptTitle)),
                       "| \\<script\\>alert(1)\\</script\\> |  |  |  |\n"));
  EXPECT_TRUE(Contains(RenderMarkdown(OneProject("a | b & c")), "| a \\| b &amp; c |  |  |  |\n"));
  EXPECT_TRUE(Contains(RenderMarkdown(OneProject("one\ntwo")), "| one<br>two |"));
  // A bare carriage return ends a line in CommonMark: it must not split the row.
  const std::string carriage = RenderMarkdown(OneProject("one\rtwo\r\nthree"));
  EXPECT_TRUE(Contains(carriage, "| one<br>two<br>three |")) << carriage;
  EXPECT_FALSE(Contains(carriage, "\r"));
  EXPECT_TRUE(Contains(RenderHtml(OneProject("one\rtwo")), "one<br>two"));
}

TEST(RenderEscaping, MarkdownTextCannotOpenBlocksOrInlineMarkup) {
  CollaborationUpdate document;
  Section& section = AddSection(document, "s", "# [link](x) *em*");
  AddParagraph(section, "1. not a list\n- not a bullet\n===\n    not code\n`tick` _u_ ~~s~~ !\\{}+",
               /*quote=*/true);
  EXPECT_EQ(RenderMarkdown(document),
            "## 1. \\# \\[link\\](x) \\*em\\*\n\n"
            "> 1\\. not a list\\\n> \\- not a bullet\\\n> \\===\\\n> not code\\\n"
            "> \\`tick\\` \\_u\\_ \\~\\~s\\~\\~ \\!\\\\\\{\\}\\+\n");
}

TEST(RenderEscaping, AMarkingCannotLeaveTheStyleSheet) {
  CollaborationUpdate document;
  document.mutable_header()->set_marking("OFFICIAL\"; } </style><script>x</script>\\");
  const std::string html = RenderHtml(document);
  EXPECT_TRUE(Contains(
      html,
      "content: \"OFFICIAL\\22 ; } \\3c /style\\3e \\3c script\\3e x\\3c /script\\3e \\5c \";"))
      << html;
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_EQ(html.find("</style>"), html.rfind("</style>"));  // the style element's own end only
}

TEST(RenderLayout, AreaSentencesFollowThePaper) {
  const std::string markdown = RenderMarkdown(SmallUpdate());
  EXPECT_TRUE(Contains(markdown,
                       "1.3 Joint Protective Services is led by Northshire Police, and "
                       "includes Dog Unit; Roads Policing Unit.\n"));
  EXPECT_TRUE(Contains(markdown,
                       "1.4 Organisational Support is led by Northshire Police and "
                       "Southvale Constabulary.\n"));
  EXPECT_TRUE(Contains(markdown, "1.5 Operational Support includes Custody; Criminal Justice.\n"));
  EXPECT_TRUE(Contains(markdown, "1.6 Other.\n"));
}

TEST(RenderLayout, HighlightsWithoutALastIssue) {
  CollaborationUpdate document;
  Section& section = AddSection(document, "s", "Background");
  section.add_blocks()->mutable_highlights()->add_items("Custody went live.");
  EXPECT_EQ(RenderMarkdown(document),
            "## 1. Background\n\n1.1 Key highlights:\n\n- Custody went live.\n");
}

TEST(RenderLayout, NoHighlightsSaySoAndEmptyRegisterTablesAreLeftOut) {
  CollaborationUpdate document;
  Section& section = AddSection(document, "s", "Background");
  *section.add_blocks()->mutable_highlights()->mutable_since() = Date(2017, 12, 14);
  section.add_blocks()->mutable_register_summary()->set_open_risks(0);
  EXPECT_EQ(RenderMarkdown(document),
            "## 1. Background\n\n1.1 There are no key highlights since the last report in "
            "December 2017.\n\nOpen risks: 0\\\nReviews overdue: 0\n");
}

TEST(RenderLayout, IncompleteSectionWithoutAReason) {
  CollaborationUpdate document;
  AddSection(document, "s", "Finance").set_incomplete(true);
  EXPECT_EQ(RenderMarkdown(document), "## 1. Finance\n\n**This section is incomplete.**\n");
}

TEST(RenderDeterminism, SameDocumentSameBytes) {
  const CollaborationUpdate document = SmallUpdate();
  CollaborationUpdate reparsed;
  ASSERT_TRUE(reparsed.ParseFromString(document.SerializeAsString()));
  EXPECT_EQ(RenderMarkdown(document), RenderMarkdown(document));
  EXPECT_EQ(RenderHtml(document), RenderHtml(document));
  EXPECT_EQ(RenderMarkdown(reparsed), RenderMarkdown(document));
  EXPECT_EQ(RenderHtml(reparsed), RenderHtml(document));
}

TEST(RenderEmpty, EmptyDocumentRendersAnEmptyPaper) {
  const CollaborationUpdate empty;
  EXPECT_EQ(RenderMarkdown(empty), "");
  const std::string html = RenderHtml(empty);
  EXPECT_TRUE(Contains(html, "<title></title>"));
  EXPECT_TRUE(Contains(html, "<main>\n</main>\n</body>\n</html>\n"));
  EXPECT_FALSE(Contains(html, "class=\"marking"));
}

}  // namespace
}  // namespace bch::reporting
