// The gateway's composition against fake backends on loopback: the series is read first, then
// every call its layout needs runs in parallel, carrying a deadline derived from the caller's and
// the request id; a failing or late backend leaves its sections incomplete (or fails a strict
// call); the paper's blocks come from the answers; the HTTP/JSON face maps errors. The content
// against real services is tests/e2e's and compose_test.cc's.
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/server.h"
#include "bch/testing/v1/route_test_service.grpc.pb.h"
#include "composer.h"
#include "gateway_service.h"
#include "http_server.h"
#include "paper_content.h"
#include "rpc.h"
#include "test_mariadb.h"

namespace bch::gateway {
namespace {

namespace rv1 = reporting::v1;
namespace uv1 = update::v1;
using bch::testing::Day;

// What each fake does with a call of the parallel phase (the series is read before it).
class Behaviour {
 public:
  virtual ~Behaviour() = default;
  virtual grpc::Status Handle(grpc::ServerContext* context) = 0;
};

// A layout with one slot of each kind the fakes answer: projects, finance, areas, register
// summary, highlights.
rv1::ReportSeries Series() {
  rv1::ReportSeries series;
  series.set_name("reportSeries/north-update");
  series.set_title("Collaboration Update");
  series.set_alliance("alliances/north");
  series.set_force("forces/northshire");
  auto add = [&series](const char* id, rv1::ContentKind kind) {
    rv1::SectionLayout* section = series.mutable_layout()->add_sections();
    section->set_id(id);
    section->set_title(id);
    section->add_items()->mutable_paragraph()->set_text(std::string("About ") + id);
    rv1::ContentSpec* spec = section->add_items()->mutable_content();
    spec->set_kind(kind);
    return spec;
  };
  add("projects", rv1::CONTENT_KIND_PROJECT_TABLE)->add_programmes("programmes/change");
  add("finance", rv1::CONTENT_KIND_FINANCE_TABLE)->add_periods("2016/17");
  add("areas", rv1::CONTENT_KIND_AREAS);
  add("registers", rv1::CONTENT_KIND_REGISTER_SUMMARY);
  *add("highlights", rv1::CONTENT_KIND_HIGHLIGHTS)->mutable_since() = Day(2016, 12, 14);
  return series;
}

class FakeReporting final : public rv1::ReportingService::Service {
 public:
  explicit FakeReporting(Behaviour& b) : b_(b) {}
  grpc::Status GetReportSeries(grpc::ServerContext*, const rv1::GetReportSeriesRequest* request,
                               rv1::ReportSeries* response) override {
    if (request->name() != series_.name()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, request->name() + " does not exist");
    }
    *response = series_;
    return grpc::Status::OK;
  }
  grpc::Status ListReportSeries(grpc::ServerContext*, const rv1::ListReportSeriesRequest*,
                                rv1::ListReportSeriesResponse* response) override {
    *response->add_report_series() = Series();
    response->add_report_series()->set_name("reportSeries/alliance-wide");  // no force
    return grpc::Status::OK;
  }
  grpc::Status ListIssuedReports(grpc::ServerContext* c, const rv1::ListIssuedReportsRequest*,
                                 rv1::ListIssuedReportsResponse*) override {
    return b_.Handle(c);  // no issue yet
  }
  Behaviour& b_;
  rv1::ReportSeries series_ = Series();  // what GetReportSeries answers
};
class FakeProjects final : public projects::v1::ProjectsService::Service {
 public:
  explicit FakeProjects(Behaviour& b) : b_(b) {}
  grpc::Status GetPortfolio(grpc::ServerContext* c, const projects::v1::GetPortfolioRequest* r,
                            projects::v1::Portfolio* response) override {
    {
      absl::MutexLock lock(&mutex_);
      requests_.push_back(*r);
    }
    if (r->page_token().empty()) {  // the first part: the programme and one project
      projects::v1::Programme* programme = response->add_programmes();
      programme->set_name("programmes/change");
      programme->set_title("Change");
      programme->set_lead_force("forces/northshire");
      AddProject(*response, "orion", "Orion");
      if (paged_) response->set_next_page_token("part-2");
      return b_.Handle(c);
    }
    AddProject(*response, "vega", "Vega");
    return grpc::Status::OK;
  }
  static void AddProject(projects::v1::Portfolio& portfolio, const std::string& id,
                         const std::string& title) {
    projects::v1::PortfolioEntry* entry = portfolio.add_entries();
    entry->mutable_project()->set_name("projects/" + id);
    entry->mutable_project()->set_title(title);
    entry->mutable_project()->set_programme("programmes/change");
    entry->mutable_project()->set_state(projects::v1::LIFECYCLE_STATE_LIVE);
    entry->mutable_project()->mutable_latest_status()->set_text(title + " went live.");
    projects::v1::Milestone* milestone = entry->add_milestones();
    milestone->set_name("projects/" + id + "/milestones/go-live");
    milestone->set_title("Go live");
    milestone->mutable_actual()->set_text("March 2017");
  }
  Behaviour& b_;
  bool paged_ = false;
  absl::Mutex mutex_;
  std::vector<projects::v1::GetPortfolioRequest> requests_ ABSL_GUARDED_BY(mutex_);
};
class FakeFinance final : public finance::v1::FinanceService::Service {
 public:
  explicit FakeFinance(Behaviour& b) : b_(b) {}
  grpc::Status GetFinanceSummary(grpc::ServerContext* c,
                                 const finance::v1::GetFinanceSummaryRequest* r,
                                 finance::v1::FinanceSummary* response) override {
    finance::v1::FinanceTable* table = response->add_tables();
    table->set_owner(r->owners(0));
    *table->mutable_periods() = r->periods();
    finance::v1::FinanceRow* row = table->add_rows();
    row->set_measure("measures/spend");
    row->set_display_name("Spend");
    row->add_cells()->set_text("1.500");
    return b_.Handle(c);
  }
  Behaviour& b_;
};
class FakeGovernance final : public governance::v1::GovernanceService::Service {
 public:
  explicit FakeGovernance(Behaviour& b) : b_(b) {}
  grpc::Status GetGovernanceSummary(grpc::ServerContext* c,
                                    const governance::v1::GetGovernanceSummaryRequest*,
                                    governance::v1::GovernanceSummary* response) override {
    response->mutable_alliance()->set_name("alliances/north");
    governance::v1::Force* force = response->add_members();
    force->set_name("forces/northshire");
    force->set_display_name("Northshire Constabulary");
    governance::v1::CollaborationArea* area = response->add_areas();
    area->set_name("alliances/north/areas/estates");
    area->set_display_name("Estates");
    area->set_lead_force("forces/northshire");
    area->add_units("Fleet");
    return b_.Handle(c);
  }
  Behaviour& b_;
};
class FakeRegisters final : public governance::v1::RegisterService::Service {
 public:
  explicit FakeRegisters(Behaviour& b) : b_(b) {}
  grpc::Status GetRegisterSummary(grpc::ServerContext* c,
                                  const governance::v1::GetRegisterSummaryRequest*,
                                  governance::v1::RegisterSummary* response) override {
    response->set_open_risks(3);
    return b_.Handle(c);
  }
  Behaviour& b_;
};

constexpr int kParallelCalls = 5;  // portfolio, finance, governance, registers, issues

// Answers once every call of the parallel phase is in flight at the same time (or fails after
// 5 s), recording each call's deadline and request id.
class AllInFlightTogether final : public Behaviour {
 public:
  grpc::Status Handle(grpc::ServerContext* context) override {
    absl::MutexLock lock(&mutex_);
    ++arrived_;
    deadlines_.push_back(absl::FromChrono(context->deadline()));
    request_ids_.push_back(common::RequestIdOf(*context));
    const bool together =
        mutex_.AwaitWithTimeout(absl::Condition(
                                    +[](int* n) { return *n >= kParallelCalls; }, &arrived_),
                                absl::Seconds(5));
    return together ? grpc::Status::OK
                    : grpc::Status(grpc::StatusCode::INTERNAL, "calls were not concurrent");
  }
  absl::Mutex mutex_;
  int arrived_ ABSL_GUARDED_BY(mutex_) = 0;
  std::vector<absl::Time> deadlines_;
  std::vector<std::string> request_ids_;
};

// Answers at once, or, when slow, waits until its caller gives up.
class Answers final : public Behaviour {
 public:
  grpc::Status Handle(grpc::ServerContext* context) override {
    if (!slow_) return grpc::Status::OK;
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(5));
    return grpc::Status(grpc::StatusCode::CANCELLED, "gave up");
  }
  bool slow_ = false;
};

class Fakes {
 public:
  Fakes(Behaviour& fast, Behaviour& finance_behaviour)
      : projects_(fast),
        finance_(finance_behaviour),
        governance_(fast),
        registers_(fast),
        reporting_(fast) {
    server_ = *common::GrpcServer::Start(
        common::GrpcServerOptions{},
        {&projects_, &finance_, &governance_, &registers_, &reporting_}, nullptr);
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  FakeProjects& projects() { return projects_; }
  FakeReporting& reporting() { return reporting_; }
  Backends backends() const { return ConnectBackends(target(), target(), target(), target()); }

 private:
  FakeProjects projects_;
  FakeFinance finance_;
  FakeGovernance governance_;
  FakeRegisters registers_;
  FakeReporting reporting_;
  std::unique_ptr<common::GrpcServer> server_;
};

// Series and force as a request names them, as of 14 December 2017.
ComposeTarget Target(std::string report_series, std::string force) {
  ComposeTarget target;
  target.report_series = std::move(report_series);
  target.force = std::move(force);
  target.as_of = absl::CivilDay(2017, 12, 14);
  return target;
}

ComposeTarget NorthDecember2017() { return Target("reportSeries/north-update", ""); }

CallOptions Within(absl::Duration timeout, std::string request_id = "r") {
  return {.deadline = absl::Now() + timeout, .request_id = std::move(request_id)};
}

const uv1::Section& SectionNamed(const uv1::CollaborationUpdate& update, const std::string& id) {
  for (const uv1::Section& section : update.sections()) {
    if (section.id() == id) return section;
  }
  ADD_FAILURE() << "no section " << id;
  return uv1::Section::default_instance();
}

TEST(ComposerTest, CallsTheBackendsInParallelUnderTheCallersDeadline) {
  AllInFlightTogether together;
  Fakes fakes(together, together);
  Composer composer(fakes.backends());
  const CallOptions options = Within(absl::Seconds(8), "req-77");
  auto update = composer.Compose(NorthDecember2017(), options);
  ASSERT_TRUE(update.ok()) << update.status();
  ASSERT_EQ(update->sections_size(), 5);
  for (const auto& section : update->sections()) {
    EXPECT_FALSE(section.incomplete()) << section.id() << ": " << section.missing_reason();
  }
  absl::MutexLock lock(&together.mutex_);
  ASSERT_EQ(together.deadlines_.size(), size_t{kParallelCalls});
  // The deadline travels as a relative grpc-timeout, so the backend's copy is ours give or
  // take the transit time: far from the 8 s it would be without propagation being exact.
  for (const absl::Time backend_deadline : together.deadlines_) {
    EXPECT_LT(absl::AbsDuration(backend_deadline - options.deadline), absl::Milliseconds(100));
  }
  EXPECT_EQ(together.request_ids_, std::vector<std::string>(kParallelCalls, "req-77"));
}

TEST(ComposerTest, FillsTheSeriesLayoutFromTheAnswers) {
  Answers fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  auto update = composer.Compose(NorthDecember2017(), Within(absl::Seconds(5)));
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(update->header().report_series(), "reportSeries/north-update");
  EXPECT_EQ(update->header().force(), "forces/northshire");
  EXPECT_EQ(update->header().date().day(), 14);

  const uv1::Section& projects = SectionNamed(*update, "projects");
  EXPECT_EQ(projects.source(), "projects");
  ASSERT_EQ(projects.blocks_size(), 2);
  EXPECT_EQ(projects.blocks(0).paragraph().text(), "About projects");
  const uv1::ProgrammeGroup& group = projects.blocks(1).project_table().programmes(0);
  EXPECT_EQ(group.lead_force(), "Northshire Constabulary");
  ASSERT_EQ(group.projects_size(), 1);
  EXPECT_EQ(group.projects(0).update(), "Orion went live.");
  EXPECT_TRUE(group.projects(0).key_dates(0).achieved());
  {
    absl::MutexLock lock(&fakes.projects().mutex_);
    ASSERT_EQ(fakes.projects().requests_.size(), 1u);
    EXPECT_EQ(fakes.projects().requests_[0].programmes(0), "programmes/change");
    EXPECT_EQ(fakes.projects().requests_[0].as_of().year(), 2017);
  }

  const uv1::FinanceTable& finance = SectionNamed(*update, "finance").blocks(1).finance_table();
  EXPECT_EQ(finance.owner(), "forces/northshire") << "the series' force when the slot names none";
  EXPECT_EQ(finance.caption(), "Northshire Constabulary");
  EXPECT_EQ(finance.rows(0).cells(0).text(), "1.500");

  const uv1::Area& area = SectionNamed(*update, "areas").blocks(1).areas().areas(0);
  EXPECT_EQ(area.lead_forces(0), "Northshire Constabulary");
  EXPECT_EQ(SectionNamed(*update, "registers").blocks(1).register_summary().open_risks(), 3);

  // No issue yet: highlights count from the layout's date, from the milestones.
  const uv1::Highlights& highlights = SectionNamed(*update, "highlights").blocks(1).highlights();
  EXPECT_EQ(highlights.since().year(), 2016);
  ASSERT_EQ(highlights.items_size(), 1);
  EXPECT_EQ(highlights.items(0), "Orion: Go live, March 2017");
}

TEST(ComposerTest, FollowsAPortfolioLongerThanOneAnswer) {
  Answers fast;
  Fakes fakes(fast, fast);
  fakes.projects().paged_ = true;
  Composer composer(fakes.backends());
  auto update = composer.Compose(NorthDecember2017(), Within(absl::Seconds(5)));
  ASSERT_TRUE(update.ok()) << update.status();
  const uv1::ProgrammeGroup& group =
      SectionNamed(*update, "projects").blocks(1).project_table().programmes(0);
  ASSERT_EQ(group.projects_size(), 2);
  EXPECT_EQ(group.projects(1).title(), "Vega");
  absl::MutexLock lock(&fakes.projects().mutex_);
  ASSERT_EQ(fakes.projects().requests_.size(), 2u);
  EXPECT_EQ(fakes.projects().requests_[1].page_token(), "part-2");
  EXPECT_EQ(fakes.projects().requests_[1].programmes(0), "programmes/change");
}

TEST(ComposerTest, FindsTheForcesOneSeriesAndRefusesWhatDoesNotExist) {
  Answers fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  auto by_force = composer.Compose(Target("", "forces/northshire"), Within(absl::Seconds(5)));
  ASSERT_TRUE(by_force.ok()) << by_force.status();
  EXPECT_EQ(by_force->header().report_series(), "reportSeries/north-update");

  auto no_series = composer.Compose(Target("", "forces/elsewhere"), Within(absl::Seconds(5)));
  EXPECT_EQ(no_series.status().code(), absl::StatusCode::kNotFound) << no_series.status();
  auto unknown = composer.Compose(Target("reportSeries/nothing", ""), Within(absl::Seconds(5)));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound) << unknown.status();
  auto mismatch = composer.Compose(Target("reportSeries/north-update", "forces/southmoor"),
                                   Within(absl::Seconds(5)));
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kInvalidArgument) << mismatch.status();
}

TEST(GatewayServiceTest, BackendDeadlinesDeriveFromTheIncomingCall) {
  AllInFlightTogether together;
  Fakes fakes(together, together);
  Composer composer(fakes.backends());
  CollaborationUpdateServiceImpl service(composer, /*compose_timeout=*/absl::Seconds(30));
  auto server = common::GrpcServer::Start(common::GrpcServerOptions{}, {&service}, nullptr);
  ASSERT_TRUE(server.ok());
  auto stub = v1::CollaborationUpdateService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  const absl::Time deadline = absl::Now() + absl::Seconds(6);
  context.set_deadline(absl::ToChronoTime(deadline));
  context.AddMetadata(common::kRequestIdHeader, "portal-9");
  v1::ComposeCollaborationUpdateRequest request;
  request.set_report_series("reportSeries/north-update");
  *request.mutable_as_of() = Day(2017, 12, 14);
  uv1::CollaborationUpdate update;
  const grpc::Status status = stub->ComposeCollaborationUpdate(&context, request, &update);
  ASSERT_TRUE(status.ok()) << status.error_message();
  absl::MutexLock lock(&together.mutex_);
  ASSERT_EQ(together.deadlines_.size(), size_t{kParallelCalls});
  // Passed on less the time kept back to answer (a tenth of what is left, at most 100 ms), give
  // or take the transit time: not the 30 s cap.
  for (const absl::Time backend_deadline : together.deadlines_) {
    EXPECT_LT(backend_deadline, deadline - absl::Milliseconds(50));
    EXPECT_GT(backend_deadline, deadline - kAnswerReserve - absl::Milliseconds(50));
  }
  EXPECT_EQ(together.request_ids_, std::vector<std::string>(kParallelCalls, "portal-9"));
}

TEST(ComposerTest, ALateBackendGivesAnIncompleteSectionWithinTheDeadline) {
  Answers fast, slow;
  slow.slow_ = true;
  Fakes fakes(fast, slow);
  Composer composer(fakes.backends());
  const absl::Time start = absl::Now();
  auto update = composer.Compose(NorthDecember2017(), Within(absl::Milliseconds(300)));
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3)) << "the deadline bounds the whole compose";
  for (const auto& section : update->sections()) {
    if (section.id() == "finance") {
      EXPECT_TRUE(section.incomplete());
      EXPECT_EQ(section.missing_reason().rfind("finance: DeadlineExceeded", 0), 0u)
          << section.missing_reason();
      EXPECT_EQ(section.blocks_size(), 1) << "its standing text stays; no table";
    } else {
      EXPECT_FALSE(section.incomplete()) << section.id() << ": " << section.missing_reason();
    }
  }
}

TEST(ComposerTest, ADownBackendLeavesItsSectionsIncompleteOrFailsAStrictCompose) {
  Answers fast;
  Fakes fakes(fast, fast);
  Backends backends = fakes.backends();
  backends.governance =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(bch::testing::FreeLoopbackPort()),
                          grpc::InsecureChannelCredentials());
  Composer composer(backends);
  auto lenient = composer.Compose(NorthDecember2017(), Within(absl::Seconds(5)));
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(SectionNamed(*lenient, "areas").missing_reason(), "governance: Unavailable")
      << "once, and without the transport's addresses";
  EXPECT_EQ(SectionNamed(*lenient, "registers").missing_reason(), "registers: Unavailable");
  EXPECT_FALSE(SectionNamed(*lenient, "highlights").incomplete());
  // Names are the governance service's to print: without it, ids stand in, and the sections
  // that print them say so while keeping their tables.
  const uv1::Section& projects = SectionNamed(*lenient, "projects");
  EXPECT_EQ(projects.missing_reason(), "governance: Unavailable");
  EXPECT_EQ(projects.blocks(1).project_table().programmes(0).lead_force(), "northshire");
  const uv1::Section& finance = SectionNamed(*lenient, "finance");
  EXPECT_TRUE(finance.incomplete());
  EXPECT_EQ(finance.blocks(1).finance_table().caption(), "northshire");

  ComposeTarget strict_target = NorthDecember2017();
  strict_target.strict = true;
  auto strict = composer.Compose(strict_target, Within(absl::Seconds(5)));
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(strict.status().message().find("governance service"), absl::string_view::npos);
}

TEST(ComposerTest, AsksForEachDistinctCallOnceAndRefusesALayoutOfTooMany) {
  Answers fast;
  Fakes fakes(fast, fast);
  rv1::ReportSeries& series = fakes.reporting().series_;
  // The project table again, in another section: the same portfolio, read once.
  *series.mutable_layout()->add_sections() = series.layout().sections(0);
  series.mutable_layout()->mutable_sections()->rbegin()->set_id("projects-again");
  Composer composer(fakes.backends());
  auto update = composer.Compose(NorthDecember2017(), Within(absl::Seconds(5)));
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_EQ(SectionNamed(*update, "projects-again").blocks(1).project_table().programmes_size(), 1);
  {
    absl::MutexLock lock(&fakes.projects().mutex_);
    EXPECT_EQ(fakes.projects().requests_.size(), 1u);
  }
  // A layout written before the series checks, or by hand: a table per programme, far more
  // calls than a paper makes, is refused before any of them is made.
  for (size_t i = 0; i < kMaxBackendCalls; ++i) {
    rv1::ContentSpec* spec =
        series.mutable_layout()->mutable_sections(0)->add_items()->mutable_content();
    spec->set_kind(rv1::CONTENT_KIND_PROJECT_TABLE);
    spec->add_programmes(absl::StrCat("programmes/p-", i));
  }
  auto refused = composer.Compose(NorthDecember2017(), Within(absl::Seconds(5)));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_EQ(common::ReasonOf(refused.status()), "LAYOUT_TOO_LARGE");
  absl::MutexLock lock(&fakes.projects().mutex_);
  EXPECT_EQ(fakes.projects().requests_.size(), 1u) << "no call of the refused composition";
}

TEST(PaperContentTest, ASubProjectWhoseParentIsNotInTheTableHasARowOfItsOwn) {
  projects::v1::Portfolio portfolio;
  portfolio.add_programmes()->set_name("programmes/change");
  FakeProjects::AddProject(portfolio, "orion", "Orion");
  FakeProjects::AddProject(portfolio, "orion-phase-2", "Orion phase 2");
  FakeProjects::AddProject(portfolio, "vega-phase-2", "Vega phase 2");  // Vega archived
  portfolio.mutable_entries(1)->mutable_project()->set_parent("projects/orion");
  portfolio.mutable_entries(2)->mutable_project()->set_parent("projects/vega");
  const uv1::ProjectTable table = ProjectTableOf(portfolio, PrintedNames());
  const auto& rows = table.programmes(0).projects();
  ASSERT_EQ(rows.size(), 2);
  EXPECT_EQ(rows[0].title(), "Orion");
  ASSERT_EQ(rows[0].key_dates_size(), 2);
  EXPECT_EQ(rows[0].key_dates(1).title(), "Orion phase 2: Go live");
  EXPECT_EQ(rows[1].title(), "Vega phase 2");
  EXPECT_EQ(rows[1].key_dates(0).title(), "Go live");
}

TEST(PaperContentTest, AMilestoneCountsInEveryWindowItsPeriodOverlaps) {
  projects::v1::Portfolio portfolio;
  FakeProjects::AddProject(portfolio, "orion", "Orion");
  projects::v1::DatedValue& actual =
      *portfolio.mutable_entries(0)->mutable_milestones(0)->mutable_actual();
  actual.set_text("December 2017");
  // An issue of 14 December 2017 counts it; so does the paper after it, dated 30 June 2018.
  EXPECT_THAT(
      MilestonesAchieved(portfolio, absl::CivilDay(2016, 12, 14), absl::CivilDay(2017, 12, 14)),
      ::testing::ElementsAre("Orion: Go live, December 2017"));
  EXPECT_EQ(MilestonesAchieved(portfolio, absl::CivilDay(2017, 12, 14), absl::CivilDay(2018, 6, 30))
                .size(),
            1u);
  EXPECT_TRUE(
      MilestonesAchieved(portfolio, absl::CivilDay(2017, 12, 31), absl::CivilDay(2018, 6, 30))
          .empty());
  EXPECT_TRUE(
      MilestonesAchieved(portfolio, absl::CivilDay(2016, 1, 1), absl::CivilDay(2017, 11, 30))
          .empty());
}

TEST(PaperContentTest, HighlightsLeaveOutADateRestatedWithoutSlipping) {
  std::vector<rv1::ReportChange> changes(3);
  changes[0].set_kind(rv1::CHANGE_KIND_PROJECT_WENT_LIVE);
  changes[0].set_description("ICT went live");
  changes[1].set_kind(rv1::CHANGE_KIND_DATE_MOVED);
  changes[1].set_description("ICT: Go live moved from Spring/Summer 2018 to June 2018");
  changes[2].set_kind(rv1::CHANGE_KIND_DATE_MOVED);
  changes[2].set_description("Athena: Go live moved from May 2018 to June 2018");
  changes[2].mutable_slip()->set_amount(1);
  changes.emplace_back().set_kind(rv1::CHANGE_KIND_UPDATE_CHANGED);
  const uv1::Highlights highlights =
      HighlightsOf(Day(2017, 12, 14), {"Orion: Go live, 2018"}, changes);
  EXPECT_THAT(highlights.items(),
              ::testing::ElementsAre("Orion: Go live, 2018", "ICT went live",
                                     "Athena: Go live moved from May 2018 to June 2018"));
}

TEST(GatewayServiceTest, RefusesBadNamesAndImpossibleDatesTogether) {
  Answers fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  v1::ComposeCollaborationUpdateRequest request;
  request.set_force("Cambridgeshire");
  request.set_report_series("reportSeries/Bad Name");
  *request.mutable_as_of() = Day(2017, 2, 30);
  auto update = ComposeRequested(composer, request, Within(absl::Seconds(5)));
  ASSERT_FALSE(update.ok());
  const auto violations = common::FieldViolationsOf(update.status());
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].field, "report_series");
  EXPECT_EQ(violations[1].field, "force");
  EXPECT_EQ(violations[2].field, "as_of");

  auto neither = ComposeRequested(composer, {}, Within(absl::Seconds(5)));
  ASSERT_EQ(common::FieldViolationsOf(neither.status()).size(), 1u);
  EXPECT_EQ(common::FieldViolationsOf(neither.status())[0].field, "report_series");
}

// The gateway's gRPC service on loopback, and the HTTP face routed from its annotations.
class HttpFace {
 public:
  explicit HttpFace(Composer& composer) : service_(composer, absl::Seconds(5)) {
    grpc_ = *common::GrpcServer::Start(common::GrpcServerOptions{}, {&service_}, nullptr);
    http_ = std::make_unique<HttpServer>(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_->port()),
                            grpc::InsecureChannelCredentials()),
        std::vector<const google::protobuf::ServiceDescriptor*>{
            google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                v1::CollaborationUpdateService::service_full_name())},
        absl::Seconds(5));
    EXPECT_TRUE(http_->Start("127.0.0.1", 0).ok());
  }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", http_->port()); }

 private:
  CollaborationUpdateServiceImpl service_;
  std::unique_ptr<common::GrpcServer> grpc_;
  std::unique_ptr<HttpServer> http_;
};

TEST(HttpServerTest, ServesTheUpdateAsProto3JsonAndErrorsAsGoogleRpcStatus) {
  Answers fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  HttpFace face(composer);
  httplib::Client client = face.Client();

  auto ok = client.Get("/v1/collaborationUpdate:compose?force=forces/northshire&asOf=2017-12-14");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  const auto update = nlohmann::json::parse(ok->body);
  EXPECT_EQ(update["header"]["force"], "forces/northshire");
  EXPECT_EQ(update["header"]["date"]["day"], 14);
  EXPECT_EQ(update["sections"].size(), 5u);
  // The same paper again carries the same tag, and asked with it, is not sent again.
  const std::string etag = ok->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;
  EXPECT_EQ(ok->get_header_value("Cache-Control"), "no-cache");
  auto again = client.Get("/v1/collaborationUpdate:compose?force=forces/northshire&asOf=2017-12-14",
                          {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto other_day =
      client.Get("/v1/collaborationUpdate:compose?force=forces/northshire&asOf=2017-12-15",
                 {{"If-None-Match", etag}});
  ASSERT_TRUE(other_day);
  EXPECT_EQ(other_day->status, 200) << "another day's paper is another paper";

  // The query is the request by field path: a bad value or an unknown name is refused.
  auto bad = client.Get("/v1/collaborationUpdate:compose?as_of=14/12/2017&strict=maybe&colour=red");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  const auto error = nlohmann::json::parse(bad->body);
  EXPECT_EQ(error["code"], 3);
  std::vector<std::string> fields;
  for (const auto& detail : error["details"]) {
    for (const auto& violation : detail.value("fieldViolations", nlohmann::json::array())) {
      fields.push_back(violation["field"]);
    }
  }
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("as_of", "strict", "colour"));

  // The service's own refusal comes back as it sent it, details included.
  auto missing = client.Get("/v1/collaborationUpdate:compose?force=forces/nowhere");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404) << missing->body;
  EXPECT_EQ(nlohmann::json::parse(missing->body)["code"], 5);

  auto nowhere = client.Get("/v1/nothing:here");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);

  // A request id no header may carry is not passed on (it would abort the backend call).
  auto odd_id = client.Get("/v1/collaborationUpdate:compose?force=forces/northshire",
                           {{"X-Request-Id", "\xc3\xa9"}});
  ASSERT_TRUE(odd_id);
  EXPECT_EQ(odd_id->status, 200);

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// The test-only annotated service: answers with what it saw, or fails with the code asked for.
class RouteTestServiceImpl final : public bch::testing::v1::RouteTestService::Service {
 public:
  grpc::Status GetShelfItem(grpc::ServerContext*, const bch::testing::v1::GetShelfItemRequest* r,
                            bch::testing::v1::ShelfItem* response) override {
    if (r->fail_with() != 0) {
      return grpc::Status(static_cast<grpc::StatusCode>(r->fail_with()), "asked to fail");
    }
    response->set_name(r->name());
    response->set_seen(r->ShortDebugString());
    return grpc::Status::OK;
  }
  grpc::Status CreateShelfItem(grpc::ServerContext*,
                               const bch::testing::v1::CreateShelfItemRequest* r,
                               bch::testing::v1::ShelfItem* response) override {
    *response = r->item();
    response->set_name(r->parent() + "/items/new");
    return grpc::Status::OK;
  }
};

TEST(HttpRoutesTest, AnAnnotatedMethodIsServedWithNoHttpCodeOfItsOwn) {
  RouteTestServiceImpl service;
  auto grpc_server = *common::GrpcServer::Start(common::GrpcServerOptions{}, {&service}, nullptr);
  HttpServer http(grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_server->port()),
                                      grpc::InsecureChannelCredentials()),
                  {google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                      bch::testing::v1::RouteTestService::service_full_name())},
                  absl::Seconds(5));
  ASSERT_TRUE(http.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", http.port());

  // A variable spanning segments; nested, repeated, date and flag parameters by field path.
  auto got = client.Get(
      "/v1/shelves/s1/items/i%201?filter.minSize=3&tags=a&tags=b&as_of=2017-12-14&verbose=true");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  auto item = nlohmann::json::parse(got->body);
  EXPECT_EQ(item["name"], "shelves/s1/items/i 1");
  const std::string seen = item["seen"];
  for (const char* part : {"min_size: 3", "tags: \"a\" tags: \"b\"", "year: 2017", "month: 12",
                           "day: 14", "verbose: true"}) {
    EXPECT_NE(seen.find(part), std::string::npos) << part << " in " << seen;
  }
  // Another binding of the same method, with a custom verb.
  auto peek = client.Get("/v1/items/i2:peek");
  ASSERT_TRUE(peek);
  EXPECT_EQ(nlohmann::json::parse(peek->body)["name"], "i2");
  // A body field: the item from the body, the parent from the path.
  auto created =
      client.Post("/v1/shelves/s1/items", R"({"title": "A new item"})", "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  EXPECT_EQ(nlohmann::json::parse(created->body)["name"], "shelves/s1/items/new");
  EXPECT_EQ(nlohmann::json::parse(created->body)["title"], "A new item");
  auto unknown_field =
      client.Post("/v1/shelves/s1/items", R"({"colour": "red"})", "application/json");
  ASSERT_TRUE(unknown_field);
  EXPECT_EQ(unknown_field->status, 400);
  EXPECT_NE(unknown_field->body.find("colour"), std::string::npos) << unknown_field->body;
  auto not_json = client.Post("/v1/shelves/s1/items", "{", "application/json");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  // Hostile requests are refused, each with a 4xx and the gateway still answering.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto too_deep = client.Post("/v1/shelves/s1/items", deep, "application/json");
  ASSERT_TRUE(too_deep);
  EXPECT_EQ(too_deep->status, 400);
  EXPECT_NE(too_deep->body.find("nests deeper than 32"), std::string::npos) << too_deep->body;
  auto not_marked = client.Post("/v1/shelves/s1/items", R"({"title": "x"})", "text/plain");
  ASSERT_TRUE(not_marked);  // another site's form could send this: refused
  EXPECT_EQ(not_marked->status, 400);
  EXPECT_NE(not_marked->body.find("Content-Type"), std::string::npos) << not_marked->body;
  auto too_long =
      client.Post("/v1/shelves/s1/items", std::string(kMaxBodyBytes + 1, ' '), "application/json");
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 413);
  auto empty_form = client.Post("/v1/shelves/s1/items", "", "text/plain");
  ASSERT_TRUE(empty_form);  // an empty body must say it is JSON too
  EXPECT_EQ(empty_form->status, 400);
  auto json_any_case =
      client.Post("/v1/shelves/s1/items", R"({"title": "x"})", "Application/JSON; charset=utf-8");
  ASSERT_TRUE(json_any_case);
  EXPECT_EQ(json_any_case->status, 200) << json_any_case->body;
  EXPECT_EQ(json_any_case->get_header_value("ETag"), "");  // a write is never tagged nor a 304
  // A chunked or compressed body is refused before it is read (neither is bounded by httplib).
  auto chunked = client.Post("/v1/shelves/s1/items", {{"Transfer-Encoding", "chunked"}},
                             "5\r\nhello\r\n0\r\n\r\n", "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 411);
  auto compressed = client.Post("/v1/shelves/s1/items", {{"Content-Encoding", "gzip"}},
                                R"({"title": "x"})", "application/json");
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->status, 400);
  auto not_utf8 = client.Get("/v1/shelves/s1/items/i1?filter.minSize=3&tags=%ff");
  ASSERT_TRUE(not_utf8);
  EXPECT_EQ(not_utf8->status, 400);
  EXPECT_NE(not_utf8->body.find("is not UTF-8"), std::string::npos) << not_utf8->body;
  EXPECT_EQ(client.Get("/v1/shelves/s1/items/i1%00.txt")->status, 400);
  // Ranges are ignored: the whole answer, however many ranges are asked for.
  auto whole = client.Get("/v1/shelves/s1/items/i1", {{"Range", "bytes=0-1,0-,0-,0-"}});
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_EQ(nlohmann::json::parse(whole->body)["name"], "shelves/s1/items/i1");
  // If-None-Match as a list, weak or "*".
  const std::string etag = whole->get_header_value("ETag");
  for (const std::string& condition : {"\"other\", " + etag, "W/" + etag, std::string("*")}) {
    EXPECT_EQ(client.Get("/v1/shelves/s1/items/i1", {{"If-None-Match", condition}})->status, 304)
        << condition;
  }
  // A custom verb the method does not have is not the resource: no route.
  EXPECT_EQ(client.Get("/v1/shelves/s1/items/i1:render")->status, 404);
  // Wrong segments or method: no route.
  EXPECT_EQ(client.Get("/v1/shelves/s1/things/i1")->status, 404);
  EXPECT_EQ(client.Delete("/v1/shelves/s1/items/i1")->status, 404);

  // Every code a service may fail with, as grpc-gateway maps it.
  const std::pair<grpc::StatusCode, int> mapping[] = {{grpc::StatusCode::INVALID_ARGUMENT, 400},
                                                      {grpc::StatusCode::OUT_OF_RANGE, 400},
                                                      {grpc::StatusCode::FAILED_PRECONDITION, 400},
                                                      {grpc::StatusCode::UNAUTHENTICATED, 401},
                                                      {grpc::StatusCode::PERMISSION_DENIED, 403},
                                                      {grpc::StatusCode::NOT_FOUND, 404},
                                                      {grpc::StatusCode::ALREADY_EXISTS, 409},
                                                      {grpc::StatusCode::ABORTED, 409},
                                                      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429},
                                                      {grpc::StatusCode::CANCELLED, 499},
                                                      {grpc::StatusCode::INTERNAL, 500},
                                                      {grpc::StatusCode::UNKNOWN, 500},
                                                      {grpc::StatusCode::DATA_LOSS, 500},
                                                      {grpc::StatusCode::UNIMPLEMENTED, 501},
                                                      {grpc::StatusCode::UNAVAILABLE, 503},
                                                      {grpc::StatusCode::DEADLINE_EXCEEDED, 504}};
  for (const auto& [code, http_status] : mapping) {
    auto failed = client.Get(absl::StrCat("/v1/shelves/s1/items/i1?failWith=", code));
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->status, http_status) << "gRPC code " << code;
    EXPECT_EQ(nlohmann::json::parse(failed->body)["code"], static_cast<int>(code));
  }
  http.Stop();
}

TEST(HttpServerTest, StatusCodesFollowTheGoogleRpcMapping) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
}

}  // namespace
}  // namespace bch::gateway
