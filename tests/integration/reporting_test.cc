// The reporting service over real gRPC against a real MariaDB: report series whose every edit is
// kept and read as of a day; issued reports stored immutable and chained by hash, where an
// attempt to change one fails and a row altered behind the service's back is named by
// verification; diffs between issues and of a draft against the latest issue; rendering of
// issued reports and drafts; and a second series with another layout (other sections in another
// order, a finance table by business area over spans of years) served with no code change.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "issued_report_store.h"
#include "reporting_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::reporting {
namespace {

using bch::testing::Call;
using bch::testing::Day;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;
using google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

using Reporting = v1::ReportingService::Stub;

// A layout item holding standing text, or content of `kind`.
v1::LayoutItem Text(const std::string& text) {
  v1::LayoutItem item;
  item.mutable_paragraph()->set_text(text);
  return item;
}
v1::LayoutItem Content(v1::ContentKind kind) {
  v1::LayoutItem item;
  item.mutable_content()->set_kind(kind);
  return item;
}

v1::SectionLayout Section(const std::string& id, const std::string& title,
                          std::vector<v1::LayoutItem> items) {
  v1::SectionLayout section;
  section.set_id(id);
  section.set_title(title);
  for (v1::LayoutItem& item : items) *section.add_items() = std::move(item);
  return section;
}

// A document for `series`'s layout: each section's standing text copied, each content item
// filled by `fill` (the gateway's job in the suite; here a stand-in written for the test).
update::v1::CollaborationUpdate DocumentFor(
    const v1::ReportSeries& series, google::type::Date date,
    const std::function<update::v1::Block(const v1::ContentSpec&)>& fill) {
  update::v1::CollaborationUpdate document;
  update::v1::Header& header = *document.mutable_header();
  header.set_title(series.title());
  header.set_report_series(series.name());
  header.set_audience(series.audience());
  header.set_author(series.author());
  *header.mutable_date() = date;
  header.set_marking(series.marking());
  for (const v1::SectionLayout& layout : series.layout().sections()) {
    update::v1::Section& section = *document.add_sections();
    section.set_id(layout.id());
    section.set_title(layout.title());
    for (const v1::LayoutItem& item : layout.items()) {
      update::v1::Block& block = *section.add_blocks();
      if (item.has_paragraph()) *block.mutable_paragraph() = item.paragraph();
      if (item.has_list()) *block.mutable_list() = item.list();
      if (item.has_content()) block = fill(item.content());
    }
  }
  return document;
}

// A project table with one project and one key date.
update::v1::Block ProjectTable(const std::string& title, const std::string& key_date_text,
                               int start_month, int end_month) {
  update::v1::Block block;
  auto& group = *block.mutable_project_table()->add_programmes();
  group.set_programme("programmes/operational-support");
  group.set_title("Operational Support");
  auto& row = *group.add_projects();
  row.set_project("projects/records");
  row.set_title(title);
  row.set_state(projects::v1::LIFECYCLE_STATE_IN_DELIVERY);
  row.set_update("On track.");
  auto& key_date = *row.add_key_dates();
  key_date.set_milestone("projects/records/milestones/go-live");
  key_date.set_title("Go-live");
  auto& date = *key_date.mutable_date();
  date.set_text(key_date_text);
  date.set_precision(projects::v1::DATE_PRECISION_SEASON);
  *date.mutable_period_start() = Day(2018, start_month, 1);
  const absl::CivilDay last = absl::CivilDay(2018, end_month + 1, 1) - 1;  // the month's last day
  *date.mutable_period_end() = Day(2018, end_month, last.day());
  return block;
}

// The service with reportSeries/northshire-update (effective 2016-01-01): purpose text, then the
// project table.
class ReportingTest : public ::testing::Test {
 protected:
  ReportingTest() : service_(ReportingServiceDefinition()), reporting_(service_.channel()) {
    v1::CreateReportSeriesRequest create;
    create.set_report_series_id("northshire-update");
    *create.mutable_effective_date() = Day(2016, 1, 1);
    v1::ReportSeries& series = *create.mutable_report_series();
    series.set_title("Collaboration Update");
    series.set_audience("Joint Audit Committee");
    series.set_author("Chief Constable");
    series.set_alliance("alliances/northshire");
    series.set_force("forces/northshire");
    series.set_marking("OFFICIAL");
    *series.mutable_layout()->add_sections() =
        Section("purpose", "Purpose", {Text("To update the Board.")});
    *series.mutable_layout()->add_sections() = Section(
        "projects", "Project Updates",
        {Text("The table below gives the updates."), Content(v1::CONTENT_KIND_PROJECT_TABLE)});
    EXPECT_TRUE(Call(reporting_, &Reporting::CreateReportSeries, create, &series_).ok());
  }

  // Issues `document` to the series as of `date`; the issue's status.
  grpc::Status Issue(const update::v1::CollaborationUpdate& document, google::type::Date date,
                     v1::IssuedReport* issued, int64_t sequence = 0) {
    v1::IssueReportRequest request;
    request.set_parent(series_.name());
    *request.mutable_document() = document;
    *request.mutable_issue_date() = date;
    request.set_sequence(sequence);
    return Call(reporting_, &Reporting::IssueReport, request, issued);
  }

  // The series' paper of `date` whose project's go-live is `text` (a season of 2018).
  update::v1::CollaborationUpdate Paper(google::type::Date date, const std::string& text,
                                        int start_month, int end_month) {
    return DocumentFor(series_, date, [&](const v1::ContentSpec&) {
      return ProjectTable("Records <System> | Phase 2", text, start_month, end_month);
    });
  }

  // Three issues: December 2016, June 2017 and December 2017.
  std::vector<v1::IssuedReport> IssueThree() {
    std::vector<v1::IssuedReport> issued(3);
    EXPECT_TRUE(
        Issue(Paper(Day(2016, 12, 14), "Spring/Summer 2018", 3, 8), Day(2016, 12, 14), &issued[0])
            .ok());
    EXPECT_TRUE(
        Issue(Paper(Day(2017, 6, 14), "Spring/Summer 2018", 3, 8), Day(2017, 6, 14), &issued[1])
            .ok());
    EXPECT_TRUE(
        Issue(Paper(Day(2017, 12, 14), "Autumn 2018", 9, 11), Day(2017, 12, 14), &issued[2]).ok());
    return issued;
  }

  v1::VerifyIssuedReportsResponse Verify() {
    v1::VerifyIssuedReportsRequest request;
    request.set_parent(series_.name());
    v1::VerifyIssuedReportsResponse response;
    EXPECT_TRUE(Call(reporting_, &Reporting::VerifyIssuedReports, request, &response).ok());
    return response;
  }

  RunningService service_;
  Reporting reporting_;
  v1::ReportSeries series_;
};

TEST_F(ReportingTest, EveryEditOfASeriesIsKeptAndReadAsOfADay) {
  v1::UpdateReportSeriesRequest update;
  *update.mutable_report_series() = series_;
  update.mutable_report_series()->set_audience("Business Coordination Board");
  *update.mutable_report_series()->mutable_layout()->add_sections() =
      Section("recommendation", "Recommendation", {Text("The Board is recommended to note.")});
  update.mutable_update_mask()->add_paths("audience");
  update.mutable_update_mask()->add_paths("layout");
  *update.mutable_effective_date() = Day(2017, 6, 1);
  v1::ReportSeries updated;
  ASSERT_TRUE(Call(reporting_, &Reporting::UpdateReportSeries, update, &updated).ok());

  v1::GetReportSeriesRequest get;
  get.set_name("reportSeries/northshire-update");
  *get.mutable_as_of() = Day(2017, 5, 31);
  v1::ReportSeries before;
  ASSERT_TRUE(Call(reporting_, &Reporting::GetReportSeries, get, &before).ok());
  EXPECT_EQ(before.audience(), "Joint Audit Committee");
  EXPECT_EQ(before.layout().sections_size(), 2);
  EXPECT_EQ(before.force(), "forces/northshire");
  *get.mutable_as_of() = Day(2017, 6, 1);
  v1::ReportSeries after;
  ASSERT_TRUE(Call(reporting_, &Reporting::GetReportSeries, get, &after).ok());
  EXPECT_EQ(after.audience(), "Business Coordination Board");
  ASSERT_EQ(after.layout().sections_size(), 3);
  EXPECT_EQ(after.layout().sections(2).items(0).paragraph().text(),
            "The Board is recommended to note.");
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE resource = "
                                "'reportSeries/northshire-update'"),
            "2");
}

TEST_F(ReportingTest, ABadLayoutIsRefusedNamingEveryField) {
  v1::CreateReportSeriesRequest create;
  create.set_report_series_id("bad");
  v1::ReportSeries& series = *create.mutable_report_series();
  series.set_force("constabularies/x");
  v1::SectionLayout finance = Section("money", "Money", {Content(v1::CONTENT_KIND_FINANCE_TABLE)});
  finance.mutable_items(0)->mutable_content()->add_periods("2016/18");
  *series.mutable_layout()->add_sections() = finance;
  *series.mutable_layout()->add_sections() =
      Section("money", "", {v1::LayoutItem(), Content(v1::CONTENT_KIND_UNSPECIFIED)});
  v1::SectionLayout areas = Section("areas", "Areas", {Content(v1::CONTENT_KIND_AREAS)});
  areas.mutable_items(0)->mutable_content()->add_periods("2016/17");
  *series.mutable_layout()->add_sections() = areas;
  v1::ReportSeries created;
  const grpc::Status status = Call(reporting_, &Reporting::CreateReportSeries, create, &created);
  EXPECT_THAT(
      ViolatedFields(status),
      IsSupersetOf({"report_series.title", "report_series.force",
                    "report_series.layout.sections[0].items[0].content.periods[0]",
                    "report_series.layout.sections[1].id", "report_series.layout.sections[1].title",
                    "report_series.layout.sections[1].items[0]",
                    "report_series.layout.sections[1].items[1].content.kind",
                    "report_series.layout.sections[2].items[0].content"}));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM report_series WHERE id = 'bad'"), "0");
}

TEST_F(ReportingTest, IssuesAreNumberedChainedAndListedNewestFirst) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  EXPECT_EQ(issued[0].name(), "reportSeries/northshire-update/issuedReports/1");
  EXPECT_EQ(issued[2].sequence(), 3);
  EXPECT_EQ(issued[0].previous_hash(), "");
  EXPECT_EQ(issued[1].previous_hash(), issued[0].content_hash());
  EXPECT_EQ(issued[2].previous_hash(), issued[1].content_hash());
  EXPECT_EQ(issued[0].content_hash().size(), 64u);
  EXPECT_NE(issued[0].content_hash(), issued[1].content_hash());  // the dates differ
  EXPECT_EQ(issued[0].issuer(), "test-user");  // the caller, as the harness identifies it
  EXPECT_EQ(issued[0].document().header().report_series(), series_.name());

  v1::GetIssuedReportRequest get;
  get.set_name(issued[1].name());
  v1::IssuedReport read;
  ASSERT_TRUE(Call(reporting_, &Reporting::GetIssuedReport, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, issued[1])) << read.DebugString();

  std::vector<std::string> names;
  v1::ListIssuedReportsRequest list;
  list.set_parent(series_.name());
  list.set_page_size(2);
  list.set_omit_documents(true);
  do {
    v1::ListIssuedReportsResponse page;
    ASSERT_TRUE(Call(reporting_, &Reporting::ListIssuedReports, list, &page).ok());
    for (const auto& report : page.issued_reports()) {
      EXPECT_FALSE(report.has_document());
      names.push_back(report.name());
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_THAT(names, ElementsAre(issued[2].name(), issued[1].name(), issued[0].name()));

  const v1::VerifyIssuedReportsResponse verified = Verify();
  EXPECT_TRUE(verified.verified()) << verified.failure_reason();
  EXPECT_EQ(verified.checked(), 3);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE action = 'IssueReport'"),
            "3");
}

TEST_F(ReportingTest, AnAttemptToChangeAnIssuedReportFailsAndChangesNothing) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  v1::IssuedReport again;
  update::v1::CollaborationUpdate altered = issued[1].document();
  altered.mutable_sections(0)->set_title("Purpose (amended)");
  grpc::Status status = Issue(altered, Day(2017, 12, 20), &again, /*sequence=*/2);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "ISSUED_REPORT_IMMUTABLE");
  EXPECT_THAT(status.error_message(), HasSubstr("the next is number 4"));
  status = Issue(altered, Day(2017, 12, 20), &again, /*sequence=*/6);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(ViolatedFields(Issue(altered, Day(2017, 12, 1), &again)),
              ElementsAre("issue_date"));  // before the December 14 issue

  update::v1::CollaborationUpdate elsewhere = altered;
  elsewhere.mutable_header()->set_report_series("reportSeries/other");
  elsewhere.mutable_sections(1)->set_id("purpose");
  elsewhere.mutable_sections(0)->mutable_blocks(0)->Clear();
  EXPECT_THAT(ViolatedFields(Issue(elsewhere, Day(2017, 12, 20), &again)),
              ElementsAre("document.sections[0].blocks[0]", "document.sections[1].id",
                          "document.header.report_series"));

  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM issued_reports"), "3");
  v1::GetIssuedReportRequest get;
  get.set_name(issued[1].name());
  v1::IssuedReport read;
  ASSERT_TRUE(Call(reporting_, &Reporting::GetIssuedReport, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, issued[1]));
}

TEST_F(ReportingTest, VerificationNamesTheFirstIssueAlteredBehindTheServicesBack) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  ASSERT_TRUE(Verify().verified());

  // A changed column.
  service_.Sql("UPDATE issued_reports SET issuer = 'mallory' WHERE sequence = 2");
  v1::VerifyIssuedReportsResponse result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[1].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("content hash does not match"));
  service_.Sql("UPDATE issued_reports SET issuer = 'test-user' WHERE sequence = 2");
  ASSERT_TRUE(Verify().verified());

  // A changed document, with its hash recomputed to match: the audit event of its issue still
  // holds the hash it was issued with.
  v1::IssuedReport forged = issued[1];
  forged.mutable_document()->mutable_sections(1)->mutable_blocks(0)->mutable_paragraph()->set_text(
      "Nothing to report.");
  forged.set_content_hash(ContentHash(forged));
  service_.Sql("UPDATE issued_reports SET document = UNHEX('" +
               absl::BytesToHexString(forged.document().SerializeAsString()) +
               "'), content_hash = '" + forged.content_hash() + "' WHERE sequence = 2");
  result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[1].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("audit log"));
  // The audit event rewritten to match as well: the next issue's link breaks.
  service_.Sql("UPDATE audit_events SET change_json = REPLACE(change_json, '" +
               issued[1].content_hash() + "', '" + forged.content_hash() + "') WHERE resource = '" +
               issued[1].name() + "'");
  result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[2].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("previous_hash"));

  // A removed issue.
  service_.Sql("DELETE FROM issued_reports WHERE sequence = 1");
  result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[0].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("missing"));
}

// The end of the chain has no later link to break: the audit event of each issue, recorded in
// the issue's own transaction, is the second record that finds it replaced or removed.
TEST_F(ReportingTest, AReplacedOrRemovedLastIssueIsFoundByItsAuditEvent) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  v1::IssuedReport forged = issued[2];
  forged.set_issuer("forger");
  forged.set_content_hash(ContentHash(forged));
  service_.Sql("UPDATE issued_reports SET issuer = 'forger', content_hash = '" +
               forged.content_hash() + "' WHERE sequence = 3");
  v1::VerifyIssuedReportsResponse result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[2].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("audit log"));

  service_.Sql("DELETE FROM issued_reports WHERE sequence = 3");
  result = Verify();
  EXPECT_FALSE(result.verified());
  EXPECT_EQ(result.first_failure(), issued[2].name());
  EXPECT_THAT(result.failure_reason(), HasSubstr("the audit log records it as issued"));

  // An unreadable document is named by a list that includes it, as by a read of it.
  service_.Sql("UPDATE issued_reports SET document = x'ffffffff' WHERE sequence = 2");
  v1::ListIssuedReportsRequest list;
  list.set_parent(series_.name());
  v1::ListIssuedReportsResponse page;
  const grpc::Status status = Call(reporting_, &Reporting::ListIssuedReports, list, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(issued[1].name()));
}

TEST_F(ReportingTest, AnIssueIsDatedTitledAndNotFromTheFuture) {
  update::v1::CollaborationUpdate paper = Paper(Day(2016, 12, 14), "Spring 2018", 3, 5);
  v1::IssuedReport issued;
  EXPECT_THAT(ViolatedFields(Issue(paper, Day(2917, 12, 14), &issued)), ElementsAre("issue_date"));
  paper.mutable_header()->clear_date();
  paper.mutable_header()->clear_title();
  EXPECT_THAT(ViolatedFields(Issue(paper, Day(2016, 12, 14), &issued)),
              ElementsAre("document.header.date", "document.header.title"));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM issued_reports"), "0");
}

TEST_F(ReportingTest, DiffsAnIssueAgainstTheOneBeforeAndADraftAgainstTheLatest) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  v1::DiffReportsRequest request;
  request.set_report(issued[2].name());
  v1::DiffReportsResponse diff;
  ASSERT_TRUE(Call(reporting_, &Reporting::DiffReports, request, &diff).ok());
  EXPECT_EQ(diff.base(), issued[1].name());
  std::vector<v1::ChangeKind> kinds;
  for (const auto& change : diff.changes()) kinds.push_back(change.kind());
  EXPECT_THAT(kinds, ElementsAre(v1::CHANGE_KIND_HEADER_CHANGED, v1::CHANGE_KIND_DATE_MOVED));
  const v1::ReportChange& moved = diff.changes(1);
  EXPECT_EQ(moved.before(), "Spring/Summer 2018");
  EXPECT_EQ(moved.after(), "Autumn 2018");
  EXPECT_EQ(moved.slip().amount(), 1);
  EXPECT_EQ(moved.slip().unit(), projects::v1::DATE_PRECISION_SEASON);

  v1::DiffReportsRequest draft;
  *draft.mutable_draft() = issued[2].document();
  draft.mutable_draft()
      ->mutable_sections(1)
      ->mutable_blocks(1)
      ->mutable_project_table()
      ->mutable_programmes(0)
      ->mutable_projects(0)
      ->set_state(projects::v1::LIFECYCLE_STATE_LIVE);
  ASSERT_TRUE(Call(reporting_, &Reporting::DiffReports, draft, &diff).ok());
  EXPECT_EQ(diff.base(), issued[2].name());
  EXPECT_EQ(diff.target(), "");
  ASSERT_EQ(diff.changes_size(), 1);
  EXPECT_EQ(diff.changes(0).kind(), v1::CHANGE_KIND_PROJECT_WENT_LIVE);
  EXPECT_EQ(diff.changes(0).subject(), "projects/records");

  request.set_report(issued[0].name());
  EXPECT_EQ(Call(reporting_, &Reporting::DiffReports, request, &diff).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  request.set_report("reportSeries/northshire-update/issuedReports/9");
  EXPECT_EQ(Call(reporting_, &Reporting::DiffReports, request, &diff).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_report("reportSeries/northshire-update/issuedReports/x");
  EXPECT_THAT(ViolatedFields(Call(reporting_, &Reporting::DiffReports, request, &diff)),
              ElementsAre("report"));
}

TEST_F(ReportingTest, RendersAnIssuedReportAndADraftEscapingTheirText) {
  std::vector<v1::IssuedReport> issued = IssueThree();
  v1::RenderReportRequest request;
  request.set_report(issued[2].name());
  request.set_format(v1::RENDER_FORMAT_HTML);
  v1::RenderReportResponse html;
  ASSERT_TRUE(Call(reporting_, &Reporting::RenderReport, request, &html).ok());
  EXPECT_EQ(html.content_type(), "text/html; charset=utf-8");
  EXPECT_THAT(html.content(), HasSubstr("Records &lt;System&gt; | Phase 2"));
  EXPECT_THAT(html.content(), HasSubstr("Autumn 2018"));
  EXPECT_THAT(html.content(), ::testing::Not(HasSubstr("<System>")));

  v1::RenderReportRequest draft;
  *draft.mutable_draft() = issued[0].document();
  draft.set_format(v1::RENDER_FORMAT_MARKDOWN);
  v1::RenderReportResponse markdown;
  ASSERT_TRUE(Call(reporting_, &Reporting::RenderReport, draft, &markdown).ok());
  EXPECT_THAT(markdown.content(), HasSubstr("Records \\<System\\> \\| Phase 2"));
  EXPECT_THAT(markdown.content(), HasSubstr("2. Project Updates"));
  v1::RenderReportResponse again;
  ASSERT_TRUE(Call(reporting_, &Reporting::RenderReport, draft, &again).ok());
  EXPECT_EQ(again.content(), markdown.content());

  draft.set_format(v1::RENDER_FORMAT_UNSPECIFIED);
  EXPECT_THAT(ViolatedFields(Call(reporting_, &Reporting::RenderReport, draft, &again)),
              ElementsAre("format"));
}

// Another alliance's paper: other sections in another order, figures for the alliance as a
// whole by business area over spans of years, no lead forces. The same service stores, issues
// and renders it; no code knows its layout.
TEST_F(ReportingTest, ASecondSeriesWithAnotherLayoutIsServedWithNoCodeChange) {
  v1::CreateReportSeriesRequest create;
  create.set_report_series_id("tri-force-board");
  v1::ReportSeries& series = *create.mutable_report_series();
  series.set_title("Tri-Force Change Board Report");
  series.set_audience("Tri-Force Change Board");
  series.set_alliance("alliances/tri-force");
  v1::LayoutItem finance = Content(v1::CONTENT_KIND_FINANCE_TABLE);
  finance.mutable_content()->add_periods("2011/12-2013/14");
  finance.mutable_content()->add_periods("2014/15–2016/17");
  finance.mutable_content()->add_scopes("businessAreas/estates");
  finance.mutable_content()->add_scopes("businessAreas/fleet");
  finance.mutable_content()->set_owner("alliances/tri-force");
  *series.mutable_layout()->add_sections() =
      Section("savings", "Savings by Business Area", {finance});
  *series.mutable_layout()->add_sections() =
      Section("areas", "Shared Services", {Content(v1::CONTENT_KIND_AREAS)});
  *series.mutable_layout()->add_sections() =
      Section("decision", "Decision Required", {Text("The Board is asked to approve.")});
  v1::ReportSeries created;
  ASSERT_TRUE(Call(reporting_, &Reporting::CreateReportSeries, create, &created).ok());
  // Periods are kept in their canonical form (an en dash in a span).
  EXPECT_EQ(created.layout().sections(0).items(0).content().periods(0), "2011/12–2013/14");

  const update::v1::CollaborationUpdate document =
      DocumentFor(created, Day(2017, 3, 31), [](const v1::ContentSpec& spec) {
        update::v1::Block block;
        if (spec.kind() == v1::CONTENT_KIND_AREAS) {
          auto& area = *block.mutable_areas()->add_areas();
          area.set_area("alliances/tri-force/areas/estates");
          area.set_title("Estates");
          area.add_units("Facilities");
          return block;
        }
        auto& table = *block.mutable_finance_table();
        table.set_caption("Tri-Force Alliance");
        table.set_owner(spec.owner());
        table.set_unit("£m");
        for (const std::string& period : spec.periods()) table.add_periods(period);
        int64_t pounds = 1'250'000;
        for (const std::string& scope : spec.scopes()) {
          auto& row = *table.add_rows();
          row.set_key(scope + "/measures/savings");
          row.set_label("Savings from collaboration");
          row.set_group(scope == "businessAreas/estates" ? "Estates" : "Fleet");
          for (int i = 0; i < spec.periods_size(); ++i) {
            auto& cell = *row.add_cells();
            cell.mutable_amount()->set_currency_code("GBP");
            cell.mutable_amount()->set_units(pounds);
            pounds += 500'000;
          }
        }
        return block;
      });
  v1::IssueReportRequest issue;
  issue.set_parent(created.name());
  *issue.mutable_document() = document;
  v1::IssuedReport issued;
  ASSERT_TRUE(Call(reporting_, &Reporting::IssueReport, issue, &issued).ok());
  EXPECT_EQ(issued.name(), "reportSeries/tri-force-board/issuedReports/1");

  v1::RenderReportRequest render;
  render.set_report(issued.name());
  render.set_format(v1::RENDER_FORMAT_MARKDOWN);
  v1::RenderReportResponse markdown;
  ASSERT_TRUE(Call(reporting_, &Reporting::RenderReport, render, &markdown).ok());
  const std::string& text = markdown.content();
  const size_t savings = text.find("1. Savings by Business Area");
  const size_t areas = text.find("2. Shared Services");
  const size_t decision = text.find("3. Decision Required");
  ASSERT_NE(savings, std::string::npos) << text;
  ASSERT_NE(areas, std::string::npos) << text;
  ASSERT_NE(decision, std::string::npos) << text;
  EXPECT_LT(savings, areas);
  EXPECT_LT(areas, decision);
  EXPECT_THAT(text, HasSubstr("2014/15–2016/17"));
  EXPECT_THAT(text, HasSubstr("Fleet"));
  EXPECT_THAT(text, HasSubstr("2.750"));  // fleet's second span, £2.75m
  EXPECT_THAT(text, HasSubstr("2.1 Estates includes Facilities."));
  EXPECT_THAT(text, HasSubstr("3.1 The Board is asked to approve."));
}

}  // namespace
}  // namespace bch::reporting
