// The portal's pages and figures (gateway/portal_page.h, portal_figures.h) and its PDF printer
// (pdf_printer.h, run here with stand-in browsers written as shell scripts).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/checks.h"
#include "pdf_printer.h"
#include "portal_figures.h"
#include "portal_page.h"

namespace bch::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHostile[] = "<script>alert(\"x\")</script> & 'q'";

google::type::Date Day(int year, int month, int day) {
  return common::DateFromCivilDay(absl::CivilDay(year, month, day));
}

update::v1::KeyDate* AddKeyDate(update::v1::ProjectRow& row, const std::string& title,
                                const std::string& text, google::type::Date start,
                                google::type::Date end) {
  update::v1::KeyDate* key = row.add_key_dates();
  key->set_title(title);
  key->mutable_date()->set_text(text);
  *key->mutable_date()->mutable_period_start() = start;
  *key->mutable_date()->mutable_period_end() = end;
  return key;
}

// A paper with a project table (the given row), a finance table and the header's date.
update::v1::CollaborationUpdate PaperWith(const update::v1::ProjectRow& row) {
  update::v1::CollaborationUpdate update;
  update.mutable_header()->set_title("Collaboration Update");
  *update.mutable_header()->mutable_date() = Day(2017, 12, 14);
  update::v1::Section* projects = update.add_sections();
  projects->set_title("Projects");
  update::v1::ProgrammeGroup* group =
      projects->add_blocks()->mutable_project_table()->add_programmes();
  group->set_title("Operational Support");
  *group->add_projects() = row;
  return update;
}

TEST(PortalTimelineTest, ImpreciseDatesAreTheirPeriodsAndOpenOnesArrows) {
  update::v1::ProjectRow row;
  row.set_title("ICT");
  AddKeyDate(row, "Target operating model", "Spring/Summer 2018", Day(2018, 3, 1),
             Day(2018, 8, 31));
  AddKeyDate(row, "Go live", "not before 2019", Day(2019, 1, 1), Day(2019, 12, 31))
      ->mutable_date()
      ->set_qualifier(projects::v1::DATE_QUALIFIER_NOT_BEFORE);
  AddKeyDate(row, "Review", "by March 2018", Day(2018, 3, 1), Day(2018, 3, 31))
      ->mutable_date()
      ->set_qualifier(projects::v1::DATE_QUALIFIER_BY);
  AddKeyDate(row, "No period", "sometime", google::type::Date(), google::type::Date());
  AddKeyDate(row, "Backwards", "odd", Day(2018, 5, 1), Day(2018, 4, 1));
  row.mutable_key_dates(0)->set_achieved(true);

  const std::vector<TimelineItem> items =
      TimelineOf(PaperWith(row).sections(0).blocks(0).project_table());
  ASSERT_EQ(items.size(), 3u);  // no period, or an end before the start: not drawn
  EXPECT_EQ(items[0].label, "ICT: Target operating model");
  EXPECT_EQ(items[0].start, absl::CivilDay(2018, 3, 1));
  EXPECT_EQ(items[0].end, absl::CivilDay(2018, 8, 31));
  EXPECT_TRUE(items[0].achieved);
  EXPECT_EQ(items[0].open, TimelineItem::Open::kNo);
  EXPECT_EQ(items[1].open, TimelineItem::Open::kAfter);
  EXPECT_EQ(items[2].open, TimelineItem::Open::kBefore);

  const std::string svg = TimelineSvg(items, absl::CivilDay(2017, 12, 14), "t");
  EXPECT_THAT(svg, HasSubstr("<title id=\"t-title\">Timeline of 3 key dates</title>"));
  EXPECT_THAT(svg, HasSubstr("marker-end=\"url(#t-arrow)\""));    // not before
  EXPECT_THAT(svg, HasSubstr("marker-start=\"url(#t-arrow)\""));  // by
  // The axis runs from 2017 (the report date's year, and a year before "by March 2018") to
  // the start of 2021 (a year after "not before 2019"): a labelled line for each year.
  for (const char* year : {">2017<", ">2018<", ">2019<", ">2020<"}) {
    EXPECT_THAT(svg, HasSubstr(year));
  }
  EXPECT_THAT(svg, Not(HasSubstr(">2016<")));
  EXPECT_THAT(svg, Not(HasSubstr(">2021<")));
  EXPECT_EQ(TimelineSvg({}, absl::CivilDay(2017, 12, 14), "t"), "");
}

TEST(PortalTimelineTest, LongLabelsAreCutOnCharactersAndKeptWholeInTheirTitle) {
  const std::string label = "Ä" + std::string(60, 'x');  // a two-byte character first
  const std::string svg = TimelineSvg({{.label = label,
                                        .when = "2018",
                                        .start = absl::CivilDay(2018, 1, 1),
                                        .end = absl::CivilDay(2018, 12, 31),
                                        .open = TimelineItem::Open::kNo,
                                        .achieved = false}},
                                      absl::CivilDay(2017, 12, 14), "t");
  EXPECT_THAT(svg, HasSubstr("Ä" + std::string(45, 'x') + "…</text>"));
  EXPECT_THAT(svg, HasSubstr("<title>" + label + ": 2018</title>"));
}

update::v1::FinanceTable Figures(std::vector<int64_t> pounds) {
  update::v1::FinanceTable table;
  table.set_caption("Tri-Force <Alliance>");
  table.set_unit("£m");
  update::v1::FinanceRow* row = table.add_rows();
  row->set_label("Savings");
  for (size_t i = 0; i < pounds.size(); ++i) {
    table.add_periods("201" + std::to_string(i) + "/1" + std::to_string(i + 1));
    finance::v1::FinanceCell* cell = row->add_cells();
    cell->mutable_amount()->set_currency_code("GBP");
    cell->mutable_amount()->set_units(pounds[i]);
    cell->set_basis(i == 0 ? finance::v1::BASIS_ACTUAL : finance::v1::BASIS_BUDGET);
  }
  return table;
}

TEST(PortalChartTest, BarsAreInProportionAndNegativeOnesHangBelowTheLine) {
  const std::string svg = FinanceChartSvg(Figures({1'000'000, 500'000, -250'000}), "c");
  EXPECT_THAT(svg, HasSubstr("<title id=\"c-title\">Tri-Force &lt;Alliance&gt; per period (£m)"));
  EXPECT_THAT(svg, HasSubstr("Savings: 2010/11 1.000 (actual), 2011/12 0.500 (budget), 2012/13 "
                             "-0.250 (budget)."));
  // Bars: wider than the legend's 24-unit swatches. Heights 1 : 0.5 : 0.25, and the negative
  // bar starts where the positive ones end (the zero line).
  std::regex bar("<rect x=\"[0-9.]+\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
  std::vector<std::pair<double, double>> bars;  // (y, height)
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator();
       ++it) {
    if (std::stod((*it)[2]) > 24) bars.emplace_back(std::stod((*it)[1]), std::stod((*it)[3]));
  }
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_NEAR(bars[1].second / bars[0].second, 0.5, 0.01);
  EXPECT_NEAR(bars[2].second / bars[0].second, 0.25, 0.01);
  EXPECT_NEAR(bars[2].first, bars[0].first + bars[0].second, 0.1);
  EXPECT_THAT(svg, HasSubstr(">Actual<"));
  EXPECT_THAT(svg, HasSubstr(">Budget<"));
  EXPECT_THAT(svg, Not(HasSubstr(">Forecast<")));  // only the bases drawn are in the legend

  update::v1::FinanceTable empty = Figures({});
  EXPECT_EQ(FinanceChartSvg(empty, "c"), "");
}

TEST(PortalPageTest, EveryTextFromTheRecordOrTheCallerIsEscaped) {
  update::v1::ProjectRow row;
  row.set_title(kHostile);
  row.set_update(kHostile);
  row.set_lead_force(kHostile);
  row.set_rating(projects::v1::DELIVERY_CONFIDENCE_AMBER_GREEN);
  AddKeyDate(row, kHostile, kHostile, Day(2018, 3, 1), Day(2018, 8, 31));
  update::v1::CollaborationUpdate update = PaperWith(row);
  update.mutable_header()->set_title(kHostile);
  update.mutable_header()->set_audience(kHostile);
  update::v1::Section* section = update.add_sections();
  section->set_title(kHostile);
  section->set_incomplete(true);
  section->set_missing_reason(kHostile);
  section->add_blocks()->mutable_paragraph()->set_text(kHostile);
  *section->add_blocks()->mutable_finance_table() = Figures({1'000'000});
  section->mutable_blocks(1)->mutable_finance_table()->mutable_rows(0)->set_label(kHostile);
  section->add_blocks()->mutable_highlights()->add_items(kHostile);

  PortalView view;
  view.series = {{kHostile, kHostile}};
  view.forces = {{kHostile, kHostile}};
  view.chosen_day = "\"><script>x</script>";
  view.error = kHostile;
  view.update = update;
  reporting::v1::IssuedReport issued;
  issued.set_name("reportSeries/a/issuedReports/1");
  issued.set_sequence(1);
  view.issued = {issued};
  const std::string page = RenderUpdatePage(view);
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, Not(HasSubstr("'q'")));
  EXPECT_THAT(page,
              HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
  EXPECT_THAT(page, HasSubstr("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
  EXPECT_THAT(page,
              HasSubstr("<strong class=\"govuk-tag govuk-tag--yellow\">Amber/Green</strong>"));
}

TEST(PortalPageTest, IssuedReportsLinkTheirPaperPdfAndChanges) {
  PortalView view;
  view.update.emplace();
  for (int n : {2, 1}) {
    reporting::v1::IssuedReport issued;
    issued.set_name("reportSeries/s/issuedReports/" + std::to_string(n));
    issued.set_sequence(n);
    *issued.mutable_issue_date() = Day(2017, 12, 14);
    view.issued.push_back(issued);
  }
  std::string page = RenderUpdatePage(view);
  EXPECT_THAT(page, HasSubstr("href=\"/reportSeries/s/issuedReports/2\">HTML<span "
                              "class=\"govuk-visually-hidden\"> of issue 2, 14 December 2017"));
  EXPECT_THAT(page, HasSubstr("href=\"/reportSeries/s/issuedReports/2/changes\">Changes"));
  EXPECT_THAT(page, Not(HasSubstr("/reportSeries/s/issuedReports/1/changes")));
  EXPECT_THAT(page, HasSubstr("First issue"));
  EXPECT_THAT(page, Not(HasSubstr(".pdf")));  // no browser to print with
  view.pdf = true;
  page = RenderUpdatePage(view);
  EXPECT_THAT(page, HasSubstr("href=\"/reportSeries/s/issuedReports/1.pdf\">PDF"));

  view.issued.clear();
  EXPECT_THAT(RenderUpdatePage(view), HasSubstr("No report of this series has been issued."));
  view.issued_unavailable = true;
  EXPECT_THAT(RenderUpdatePage(view), HasSubstr("The issued reports could not be listed."));
}

TEST(PortalPageTest, ALeadForceColumnOnlyWhereAProjectNamesOne) {
  update::v1::ProjectRow row;
  row.set_title("Athena");
  PortalView view;
  view.update = PaperWith(row);
  EXPECT_THAT(RenderUpdatePage(view), Not(HasSubstr(">Lead force<")));
  row.set_lead_force("Kent Police");
  view.update = PaperWith(row);
  EXPECT_THAT(RenderUpdatePage(view), HasSubstr(">Lead force<"));
}

TEST(PortalPageTest, ChangesPageNamesBothIssues) {
  reporting::v1::DiffReportsResponse diff;
  diff.set_base("reportSeries/s/issuedReports/1");
  diff.set_target("reportSeries/s/issuedReports/2");
  EXPECT_THAT(RenderChangesPage(diff), HasSubstr("Changes from issue 1 to issue 2"));
  EXPECT_THAT(RenderChangesPage(diff), HasSubstr("Nothing changed."));
  reporting::v1::ReportChange* change = diff.add_changes();
  change->set_description(kHostile);
  EXPECT_THAT(RenderChangesPage(diff), Not(HasSubstr("<script")));
}

// A stand-in browser: a shell script in a temporary folder.
class FakeBrowser {
 public:
  explicit FakeBrowser(const std::string& body)
      : folder_(std::filesystem::temp_directory_path() /
                ("bch-fake-browser-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(folder_);
    std::ofstream(path()) << "#!/bin/sh\n" << body << "\n";
    chmod(path().c_str(), 0700);
  }
  ~FakeBrowser() { std::filesystem::remove_all(folder_); }
  std::string path() const { return (folder_ / "browser").string(); }
  // How many times it ran (each run adds a line to "runs").
  long Runs() const {
    std::ifstream runs(folder_ / "runs");
    return std::count(std::istreambuf_iterator<char>(runs), std::istreambuf_iterator<char>(), '\n');
  }

 private:
  std::filesystem::path folder_;
};

// Writes a minimal PDF where --print-to-pdf says, and counts its runs.
constexpr char kPrints[] =
    "echo run >> \"$(dirname \"$0\")/runs\"\n"
    "for a; do case $a in --print-to-pdf=*) printf '%%PDF-1.4 made' > \"${a#--print-to-pdf=}\";; "
    "esac; done";

TEST(PdfPrinterTest, PrintsOnceAndKeepsThePdf) {
  FakeBrowser browser(kPrints);
  PdfPrinter printer(browser.path());
  absl::StatusOr<std::string> pdf = printer.Print("<p>paper</p>", absl::Seconds(10));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(*pdf, "%PDF-1.4 made");
  ASSERT_TRUE(printer.Print("<p>paper</p>", absl::Seconds(10)).ok());
  ASSERT_TRUE(printer.Print("<p>another</p>", absl::Seconds(10)).ok());
  EXPECT_EQ(browser.Runs(), 2);  // the same page was printed once
}

TEST(PdfPrinterTest, ThePagePrintingForOthersIsNotPrintedAgain) {
  FakeBrowser browser(absl::StrCat("sleep 1\n", kPrints));
  PdfPrinter printer(browser.path());
  std::vector<std::thread> askers;
  std::atomic<int> printed = 0;
  for (int i = 0; i < 4; ++i) {
    askers.emplace_back([&] { printed += printer.Print("<p>paper</p>", absl::Seconds(30)).ok(); });
  }
  for (std::thread& asker : askers) asker.join();
  EXPECT_EQ(printed, 4);
  EXPECT_EQ(browser.Runs(), 1);
}

TEST(PdfPrinterTest, ALateBrowserIsKilledAtTheDeadline) {
  FakeBrowser browser("sleep 30");
  PdfPrinter printer(browser.path());
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> pdf = printer.Print("<p>paper</p>", absl::Milliseconds(300));
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(PdfPrinterTest, AFailingBrowserIsAnInternalErrorWithItsOutput) {
  FakeBrowser browser("echo cannot open display >&2; exit 3");
  PdfPrinter printer(browser.path());
  absl::StatusOr<std::string> pdf = printer.Print("<p>paper</p>", absl::Seconds(10));
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(pdf.status().message(), HasSubstr("cannot open display"));
  EXPECT_EQ(PdfPrinter("/nonexistent/chromium").Print("x", absl::Seconds(1)).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace bch::gateway
