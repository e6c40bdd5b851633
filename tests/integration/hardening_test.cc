// The hardened pattern every service copies, through the projects service over real gRPC against
// a real MariaDB: bounded responses (caps on repeated fields and text, pages and portfolio parts
// that stop at a byte budget, error lists capped at a hundred), one set of text rules, dated
// values in one agreeing form, unknown enum numbers refused anywhere in a request, NOT_FOUND for a
// missing parent in every list, a parent moving with its sub-projects, etags with or without
// quotes, server reflection v1, and responses that leave unset messages out. (The stalled
// database is in db_test.cc and the end-to-end test; the process-level logs and metrics there.)
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"
#include "bch/common/v1/page_token.pb.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "projects_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::projects {
namespace {

using Stub = v1::ProjectsService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;

// `count` characters that take four bytes each in UTF-8 (U+1D538, a letter): the largest text a
// cap of `count` characters allows.
std::string WidestText(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += "\xF0\x9D\x94\xB8";
  return text;
}

class HardeningTest : public ::testing::Test {
 protected:
  HardeningTest()
      : service_(ProjectsServiceDefinition()),
        stub_(v1::ProjectsService::NewStub(service_.channel())) {}

  void SetUp() override {
    for (const char* id : {"first", "second"}) {
      v1::CreateProgrammeRequest request;
      request.set_programme_id(id);
      request.mutable_programme()->set_title(id);
      *request.mutable_effective_date() = Day(2000, 1, 1);
      v1::Programme programme;
      ASSERT_TRUE(Call(*stub_, &Stub::CreateProgramme, request, &programme).ok());
    }
  }

  static v1::CreateProjectRequest ProjectRequest(const std::string& id,
                                                 const std::string& programme = "first") {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    *request.mutable_effective_date() = Day(2017, 1, 1);
    request.mutable_project()->set_title(absl::StrCat("Project ", id));
    request.mutable_project()->set_programme(absl::StrCat("programmes/", programme));
    request.mutable_project()->set_state(v1::LIFECYCLE_STATE_IN_DELIVERY);
    return request;
  }

  grpc::Status CreateProject(const v1::CreateProjectRequest& request) {
    v1::Project project;
    return Call(*stub_, &Stub::CreateProject, request, &project);
  }

  void MustCreate(const v1::CreateProjectRequest& request) {
    const grpc::Status status = CreateProject(request);
    ASSERT_TRUE(status.ok()) << request.project_id() << ": " << status.error_message();
  }

  grpc::Status CreateMilestone(const std::string& project, const std::string& id,
                               const v1::Milestone& milestone, v1::Milestone* created) {
    v1::CreateMilestoneRequest request;
    request.set_parent(absl::StrCat("projects/", project));
    request.set_milestone_id(id);
    *request.mutable_milestone() = milestone;
    *request.mutable_effective_date() = Day(2017, 1, 1);
    return Call(*stub_, &Stub::CreateMilestone, request, created);
  }

  // `count` projects as large as the caps allow: the longest description and 50 dependencies
  // with the longest reasons, all in four-byte characters (about 120 KB each).
  void CreateLargestProjects(int count) {
    for (int i = 0; i < 50; ++i) MustCreate(ProjectRequest(absl::StrCat("target-", i)));
    for (int i = 0; i < count; ++i) {
      v1::CreateProjectRequest request = ProjectRequest(absl::StrCat("large-", i));
      request.mutable_project()->set_description(WidestText(5000));
      for (int d = 0; d < 50; ++d) {
        auto* dependency = request.mutable_project()->add_dependencies();
        dependency->set_project(absl::StrCat("projects/target-", d));
        dependency->set_reason(WidestText(500));
      }
      MustCreate(request);
    }
  }

  RunningService service_;
  std::unique_ptr<Stub> stub_;
};

TEST_F(HardeningTest, RepeatedFieldsAndTextsAreCappedAndErrorsListAtMostAHundred) {
  v1::CreateProjectRequest many = ProjectRequest("many");
  for (int i = 0; i < 51; ++i) {
    auto* dependency = many.mutable_project()->add_dependencies();
    dependency->set_project(absl::StrCat("projects/target-", i));
  }
  many.mutable_project()->mutable_dependencies(0)->set_reason(std::string(501, 'r'));
  const auto fields = ViolatedFields(CreateProject(many));
  EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
            (std::set<std::string>{"project.dependencies", "project.dependencies[0].reason"}))
      << "51 dependencies and a 501-character reason";

  v1::CreateProjectRequest flood = ProjectRequest("flood");
  for (int i = 0; i < 20000; ++i) flood.mutable_project()->add_dependencies()->set_project("x");
  const grpc::Status refused = CreateProject(flood);  // received: its trailers fit 8 KiB
  const size_t listed = ViolatedFields(refused).size();
  EXPECT_GE(listed, 5u);
  EXPECT_LE(listed, 100u);
  // 20,000 malformed names, 19,999 repeats and the cap: 40,000 in all.
  EXPECT_TRUE(absl::EndsWith(refused.error_message(),
                             absl::StrCat("and ", 40000 - listed, " more violations not listed")))
      << refused.error_message();

  // Violations and messages that quote the request are cut short: the error still arrives
  // within a default client's 8 KiB of trailers.
  v1::UpdateProjectRequest paths;
  paths.mutable_project()->set_name("projects/flood");
  for (int i = 0; i < 200; ++i) {
    paths.mutable_update_mask()->add_paths(absl::StrCat(std::string(1000, 'a'), i));
  }
  v1::Project project;
  const grpc::Status unknown_paths = Call(*stub_, &Stub::UpdateProject, paths, &project);
  EXPECT_EQ(ViolatedFields(unknown_paths), std::vector<std::string>{"update_mask"});
  EXPECT_LE(unknown_paths.error_message().size(), common::kMaxErrorMessageBytes);
  v1::GetPortfolioRequest missing;
  for (int i = 0; i < 100; ++i) {
    missing.add_programmes(absl::StrCat("programmes/z", i, std::string(60, 'x')));
  }
  v1::Portfolio portfolio;
  const grpc::Status not_found = Call(*stub_, &Stub::GetPortfolio, missing, &portfolio);
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND) << not_found.error_message();
  EXPECT_TRUE(absl::EndsWith(not_found.error_message(), "\u2026")) << not_found.error_message();

  v1::Milestone milestone;
  milestone.set_title("M");
  MustCreate(ProjectRequest("planned"));
  v1::Milestone created;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(CreateMilestone("planned", absl::StrCat("m", i), milestone, &created).ok());
  }
  const grpc::Status full = CreateMilestone("planned", "m100", milestone, &created);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << full.error_message();
  EXPECT_EQ(ReasonOf(full), "TOO_MANY_MILESTONES");
}

TEST_F(HardeningTest, ListPagesAndThePortfolioStayWithinTheMessageLimit) {
  CreateLargestProjects(30);  // about 3.6 MB of projects

  v1::ListProjectsRequest list;
  list.set_page_size(1000);
  std::set<std::string> listed;
  int pages = 0;
  do {
    v1::ListProjectsResponse page;
    const grpc::Status status = Call(*stub_, &Stub::ListProjects, list, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LT(page.ByteSizeLong(), 4u * 1024 * 1024);
    for (const auto& project : page.projects()) listed.insert(project.name());
    list.set_page_token(page.next_page_token());
    ++pages;
  } while (!list.page_token().empty() && pages < 10);
  EXPECT_EQ(listed.size(), 80u) << "every project once, over the pages";
  EXPECT_GE(pages, 2) << "a page of 1,000 large projects stops early";

  v1::GetPortfolioRequest get;
  std::set<std::string> entries;
  int parts = 0;
  do {
    v1::Portfolio part;
    const grpc::Status status = Call(*stub_, &Stub::GetPortfolio, get, &part);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LT(part.ByteSizeLong(), 4u * 1024 * 1024);
    EXPECT_EQ(part.programmes_size(), 2) << "every part names the programmes";
    for (const auto& entry : part.entries()) entries.insert(entry.project().name());
    get.set_page_token(part.next_page_token());
    ++parts;
  } while (!get.page_token().empty() && parts < 10);
  EXPECT_EQ(entries.size(), 80u);
  EXPECT_GE(parts, 2);

  get.set_page_token("not-a-token");
  v1::Portfolio portfolio;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::GetPortfolio, get, &portfolio)),
            std::vector<std::string>{"page_token"});
}

TEST_F(HardeningTest, APortfolioOfAllProgrammesIsRefusedPastAHundredNeverOversize) {
  for (int i = 0; i < 99; ++i) {  // 101 with the fixture's two
    v1::CreateProgrammeRequest request;
    request.set_programme_id(absl::StrCat("extra-", i));
    request.mutable_programme()->set_title(WidestText(200));
    *request.mutable_effective_date() = Day(2000, 1, 1);
    v1::Programme programme;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateProgramme, request, &programme).ok());
  }
  v1::Portfolio portfolio;
  const grpc::Status all = Call(*stub_, &Stub::GetPortfolio, v1::GetPortfolioRequest(), &portfolio);
  EXPECT_EQ(all.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << all.error_message();
  EXPECT_EQ(ReasonOf(all), "TOO_MANY_PROGRAMMES");
  v1::GetPortfolioRequest named;
  named.add_programmes("programmes/first");
  EXPECT_TRUE(Call(*stub_, &Stub::GetPortfolio, named, &portfolio).ok());
}

// A token's key is checked for the list's shape: a forged key is refused, never read as another
// position (the fingerprint alone ties a token only to the request's other parameters).
TEST_F(HardeningTest, APageTokenWithAForgedKeyIsRefused) {
  for (int i = 0; i < 3; ++i) MustCreate(ProjectRequest(absl::StrCat("p", i)));
  v1::ListProjectsRequest list;
  list.set_page_size(1);
  v1::ListProjectsResponse page;
  ASSERT_TRUE(Call(*stub_, &Stub::ListProjects, list, &page).ok());
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(page.next_page_token(), &bytes));
  common::v1::PageToken token;
  ASSERT_TRUE(token.ParseFromString(bytes));
  ASSERT_EQ(token.last_key_size(), 4);
  const auto forged = [&](const std::function<void(common::v1::PageToken&)>& edit) {
    common::v1::PageToken copy = token;
    edit(copy);
    v1::ListProjectsRequest request = list;
    request.set_page_token(absl::WebSafeBase64Escape(copy.SerializeAsString()));
    return Call(*stub_, &Stub::ListProjects, request, &page);
  };
  EXPECT_TRUE(forged([](common::v1::PageToken&) {}).ok()) << "the token as issued";
  EXPECT_EQ(
      ViolatedFields(forged([](common::v1::PageToken& t) { t.mutable_last_key()->RemoveLast(); })),
      std::vector<std::string>{"page_token"});
  EXPECT_EQ(ViolatedFields(forged([](common::v1::PageToken& t) { t.add_last_key("extra"); })),
            std::vector<std::string>{"page_token"});
  EXPECT_EQ(ViolatedFields(forged([](common::v1::PageToken& t) { t.set_last_key(0, "x"); })),
            std::vector<std::string>{"page_token"})
      << "a programme order that is not a number";
  EXPECT_EQ(ViolatedFields(forged([](common::v1::PageToken& t) { t.set_last_key(1, "\xFF"); })),
            std::vector<std::string>{"page_token"})
      << "not UTF-8";

  // A status update list's key is (day, id): a day that is not one is refused too.
  v1::CreateStatusUpdateRequest update;
  update.set_parent("projects/p0");
  update.mutable_status_update()->set_author("Office");
  update.mutable_status_update()->set_text("On track.");
  v1::StatusUpdate created;
  for (int day = 1; day <= 2; ++day) {
    *update.mutable_status_update()->mutable_as_of_date() = Day(2017, 12, day);
    ASSERT_TRUE(Call(*stub_, &Stub::CreateStatusUpdate, update, &created).ok());
  }
  v1::ListStatusUpdatesRequest updates;
  updates.set_parent("projects/p0");
  updates.set_page_size(1);
  v1::ListStatusUpdatesResponse first;
  ASSERT_TRUE(Call(*stub_, &Stub::ListStatusUpdates, updates, &first).ok());
  ASSERT_TRUE(absl::WebSafeBase64Unescape(first.next_page_token(), &bytes));
  ASSERT_TRUE(token.ParseFromString(bytes));
  token.set_last_key(0, "garbage");
  updates.set_page_token(absl::WebSafeBase64Escape(token.SerializeAsString()));
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::ListStatusUpdates, updates, &first)),
            std::vector<std::string>{"page_token"});
}

TEST_F(HardeningTest, RequiredTextIsVisibleAndSingleLinesRefuseControlsAndBidiOverrides) {
  const std::pair<const char*, const char*> refused[] = {
      {"   ", "blank"},
      {"\u200B", "a zero-width space alone"},
      {"\uFEFF", "a byte-order mark alone"},
      {"\u3000\u00A0", "Unicode spaces alone"},
      {"Athena\u0085", "a C1 control (next line)"},
      {"Athena\tTwo", "a tab in a single line"},
      {"Athena\n", "a line break in a single line"},
      {"abc\u202Egnp.exe", "a right-to-left override"},
      {"\u2066Athena\u2069", "an isolate"},
      {"\u0301", "a combining accent alone"},
      {"\u2800", "the blank Braille pattern"},
      {"\uE000", "a private-use character"},
      {"\uFFF9", "an interlinear annotation anchor"},
  };
  for (const auto& [title, what] : refused) {
    v1::CreateProjectRequest request = ProjectRequest("text");
    request.mutable_project()->set_title(title);
    EXPECT_EQ(ViolatedFields(CreateProject(request)), std::vector<std::string>{"project.title"})
        << what;
  }
  v1::CreateProjectRequest accepted = ProjectRequest("text");
  accepted.mutable_project()->set_title("Ærø – Ōtautahi “Athena”");
  accepted.mutable_project()->set_description("Two lines,\nwith a\ttab.");
  EXPECT_TRUE(CreateProject(accepted).ok());

  v1::CreateStatusUpdateRequest update;
  update.set_parent("projects/text");
  *update.mutable_status_update()->mutable_as_of_date() = Day(2017, 12, 14);
  update.mutable_status_update()->set_author("\u200B\u200B");
  update.mutable_status_update()->set_text("On track.");
  v1::StatusUpdate created;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateStatusUpdate, update, &created)),
            std::vector<std::string>{"status_update.author"});

  v1::CreateProjectRequest spaced = ProjectRequest("spaced");
  spaced.set_request_id("id\u00A0with-a-no-break-space");
  EXPECT_EQ(ViolatedFields(CreateProject(spaced)), std::vector<std::string>{"request_id"});
}

TEST_F(HardeningTest, DatedValuesComeInOneFormOrBothAgreeing) {
  MustCreate(ProjectRequest("dated"));
  v1::Milestone created;
  v1::Milestone structured;
  structured.set_title("Structured");
  structured.mutable_planned()->set_precision(v1::DATE_PRECISION_SEASON);
  *structured.mutable_planned()->mutable_period_start() = Day(2018, 3, 1);
  *structured.mutable_planned()->mutable_period_end() = Day(2018, 8, 31);
  ASSERT_TRUE(CreateMilestone("dated", "structured", structured, &created).ok());
  EXPECT_EQ(created.planned().text(), "Spring/Summer 2018") << "stored, not dropped";

  v1::Milestone agreeing = structured;
  agreeing.set_title("Agreeing");
  agreeing.mutable_planned()->set_text("spring/summer 2018");
  EXPECT_TRUE(CreateMilestone("dated", "agreeing", agreeing, &created).ok());

  v1::Milestone conflicting = structured;
  conflicting.mutable_planned()->set_text("Winter 2018/19");
  const grpc::Status conflict = CreateMilestone("dated", "conflicting", conflicting, &created);
  EXPECT_EQ(ViolatedFields(conflict), std::vector<std::string>{"milestone.planned"});
  EXPECT_TRUE(absl::StrContains(conflict.error_message(),
                                "period_start is 2018-03-01 where the text's is 2018-12-01"))
      << "both readings: " << conflict.error_message();

  v1::Milestone dates_only;
  dates_only.set_title("Dates only");
  *dates_only.mutable_forecast()->mutable_period_start() = Day(2018, 3, 1);
  *dates_only.mutable_forecast()->mutable_period_end() = Day(2018, 3, 31);
  EXPECT_EQ(ViolatedFields(CreateMilestone("dated", "dates-only", dates_only, &created)),
            std::vector<std::string>{"milestone.forecast.precision"});

  v1::Milestone text_and_precision;
  text_and_precision.set_title("Text and precision");
  text_and_precision.mutable_forecast()->set_text("2018-12-14");
  text_and_precision.mutable_forecast()->set_precision(v1::DATE_PRECISION_DAY);
  EXPECT_TRUE(CreateMilestone("dated", "text-and-precision", text_and_precision, &created).ok())
      << "a structured field beside the text that says the same";

  v1::Milestone last_year;
  last_year.set_title("Last year");
  last_year.mutable_forecast()->set_text("2999/00");
  EXPECT_EQ(ViolatedFields(CreateMilestone("dated", "last-year", last_year, &created)),
            std::vector<std::string>{"milestone.forecast.text"})
      << "a financial year ending in 3000 could not be sent back as structured fields";

  v1::Milestone twice;
  twice.set_title("Twice");
  twice.mutable_forecast()->set_text("not before not before 2019");
  const grpc::Status doubled = CreateMilestone("dated", "twice", twice, &created);
  EXPECT_TRUE(absl::StrContains(doubled.error_message(), "once")) << doubled.error_message();
  twice.mutable_forecast()->set_text("14 Decembr 2017");
  const grpc::Status misspelt = CreateMilestone("dated", "twice", twice, &created);
  EXPECT_TRUE(absl::StrContains(misspelt.error_message(), "\"Decembr\" is not a month"))
      << misspelt.error_message();
}

TEST_F(HardeningTest, UnknownEnumNumbersAreRefusedAnywhereInARequest) {
  v1::CreateProjectRequest project = ProjectRequest("enums");
  project.mutable_project()->set_state(static_cast<v1::LifecycleState>(99));
  project.mutable_project()->set_delivery_confidence(static_cast<v1::DeliveryConfidence>(42));
  EXPECT_EQ(ViolatedFields(CreateProject(project)),
            (std::vector<std::string>{"project.state", "project.delivery_confidence"}));

  MustCreate(ProjectRequest("enums"));
  v1::Milestone milestone;
  milestone.set_title("Go live");
  milestone.mutable_planned()->set_text("2019");
  milestone.mutable_planned()->set_qualifier(static_cast<v1::DateQualifier>(99));
  v1::Milestone created;
  EXPECT_EQ(ViolatedFields(CreateMilestone("enums", "go-live", milestone, &created)),
            std::vector<std::string>{"milestone.planned.qualifier"});

  v1::ListProjectsRequest list;
  list.set_state(static_cast<v1::LifecycleState>(7));
  v1::ListProjectsResponse page;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::ListProjects, list, &page)),
            std::vector<std::string>{"state"});
}

TEST_F(HardeningTest, EveryListUnderAMissingProjectIsNotFound) {
  v1::ListMilestonesRequest milestones;
  milestones.set_parent("projects/nope");
  v1::ListMilestonesResponse milestones_response;
  EXPECT_EQ(Call(*stub_, &Stub::ListMilestones, milestones, &milestones_response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListMilestoneChangesRequest changes;
  changes.set_parent("projects/nope");
  v1::ListMilestoneChangesResponse changes_response;
  EXPECT_EQ(Call(*stub_, &Stub::ListMilestoneChanges, changes, &changes_response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListStatusUpdatesRequest updates;
  updates.set_parent("projects/nope");
  v1::ListStatusUpdatesResponse updates_response;
  EXPECT_EQ(Call(*stub_, &Stub::ListStatusUpdates, updates, &updates_response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetProjectRequest get;
  get.set_name("projects/nope");
  v1::Project project;
  const grpc::Status missing = Call(*stub_, &Stub::GetProject, get, &project);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_message(), "projects/nope does not exist");
  *get.mutable_as_of() = Day(2015, 1, 1);
  EXPECT_EQ(Call(*stub_, &Stub::GetProject, get, &project).error_message(),
            "projects/nope does not exist")
      << "never existed: not \"did not exist on\" a day";

  MustCreate(ProjectRequest("later"));  // from 2017-01-01
  milestones.set_parent("projects/later");
  *milestones.mutable_as_of() = Day(2016, 6, 1);
  const grpc::Status before = Call(*stub_, &Stub::ListMilestones, milestones, &milestones_response);
  EXPECT_EQ(before.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(before.error_message(), "projects/later did not exist on 2016-06-01");
}

TEST_F(HardeningTest, AParentMovesWithItsSubProjectsInOneCall) {
  MustCreate(ProjectRequest("able"));
  for (const char* element : {"able-finance", "able-hr"}) {
    v1::CreateProjectRequest child = ProjectRequest(element);
    *child.mutable_effective_date() = Day(2017, 6, 1);  // after the move below
    child.mutable_project()->set_parent("projects/able");
    MustCreate(child);
  }
  v1::CreateProjectRequest grandchild = ProjectRequest("able-hr-payroll");
  grandchild.mutable_project()->set_parent("projects/able-hr");
  *grandchild.mutable_effective_date() = Day(2017, 7, 1);
  MustCreate(grandchild);

  v1::UpdateProjectRequest move;
  move.mutable_project()->set_name("projects/able");
  move.mutable_project()->set_programme("programmes/second");
  move.mutable_update_mask()->add_paths("programme");
  *move.mutable_effective_date() = Day(2017, 3, 1);  // back-dated, before the sub-projects
  v1::Project moved;
  const grpc::Status status = Call(*stub_, &Stub::UpdateProject, move, &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();

  for (const char* id : {"able", "able-finance", "able-hr", "able-hr-payroll"}) {
    v1::GetProjectRequest get;
    get.set_name(absl::StrCat("projects/", id));
    v1::Project project;
    ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
    EXPECT_EQ(project.programme(), "programmes/second") << id;
    get.mutable_as_of()->CopyFrom(Day(2017, 12, 14));
    ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
    EXPECT_EQ(project.programme(), "programmes/second") << id << " as of the report date";
  }
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE action = 'UpdateProject'"),
            "4")
      << "each move is recorded";
}

// A move dated back takes along whoever was a sub-project from that day, not only today's.
TEST_F(HardeningTest, ABackDatedMoveTakesAlongFormerSubProjectsForTheirTimeAsSuch) {
  MustCreate(ProjectRequest("q"));
  v1::CreateProjectRequest kid = ProjectRequest("q-kid");
  kid.mutable_project()->set_parent("projects/q");
  MustCreate(kid);
  v1::UpdateProjectRequest detach;
  detach.mutable_project()->set_name("projects/q-kid");
  detach.mutable_update_mask()->add_paths("parent");
  *detach.mutable_effective_date() = Day(2018, 1, 1);
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, detach, &project).ok());

  v1::UpdateProjectRequest move;
  move.mutable_project()->set_name("projects/q");
  move.mutable_project()->set_programme("programmes/second");
  move.mutable_update_mask()->add_paths("programme");
  *move.mutable_effective_date() = Day(2017, 6, 1);
  const grpc::Status moved = Call(*stub_, &Stub::UpdateProject, move, &project);
  ASSERT_TRUE(moved.ok()) << moved.error_message();

  v1::GetProjectRequest get;
  get.set_name("projects/q-kid");
  *get.mutable_as_of() = Day(2017, 9, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_EQ(project.parent(), "projects/q");
  EXPECT_EQ(project.programme(), "programmes/second") << "with its parent while a sub-project";
  *get.mutable_as_of() = Day(2017, 3, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_EQ(project.programme(), "programmes/first") << "before the move";

  // A former sub-project that has a new parent in the old programme since cannot follow: the
  // refusal names it, on the field the caller changed.
  MustCreate(ProjectRequest("r"));
  MustCreate(ProjectRequest("s"));
  v1::CreateProjectRequest r_kid = ProjectRequest("r-kid");
  r_kid.mutable_project()->set_parent("projects/r");
  MustCreate(r_kid);
  v1::UpdateProjectRequest adopt;
  adopt.mutable_project()->set_name("projects/r-kid");
  adopt.mutable_project()->set_parent("projects/s");
  adopt.mutable_update_mask()->add_paths("parent");
  *adopt.mutable_effective_date() = Day(2018, 1, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, adopt, &project).ok());
  move.mutable_project()->set_name("projects/r");
  const grpc::Status refused = Call(*stub_, &Stub::UpdateProject, move, &project);
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"project.programme"});
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "takes along projects/r-kid"))
      << refused.error_message();
}

TEST_F(HardeningTest, AnEtagIsAcceptedWithOrWithoutItsQuotes) {
  v1::Project project;
  v1::CreateProjectRequest create = ProjectRequest("etag");
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, create, &project).ok());
  ASSERT_EQ(project.etag(), "\"1\"");
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name("projects/etag");
  update.mutable_project()->set_title("Renamed");
  update.mutable_project()->set_etag("1");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, update, &project).ok());
  const grpc::Status stale = Call(*stub_, &Stub::UpdateProject, update, &project);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");
}

TEST_F(HardeningTest, UnsetMessagesAreLeftOutOfResponses) {
  MustCreate(ProjectRequest("sparse"));
  v1::Milestone milestone;
  milestone.set_title("Go live");
  milestone.mutable_planned();  // sent empty: means no value
  milestone.mutable_forecast()->set_text("2019");
  v1::Milestone created;
  ASSERT_TRUE(CreateMilestone("sparse", "go-live", milestone, &created).ok());
  EXPECT_FALSE(created.has_planned());
  EXPECT_FALSE(created.has_actual());
  v1::Portfolio portfolio;
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, v1::GetPortfolioRequest(), &portfolio).ok());
  ASSERT_EQ(portfolio.entries_size(), 1);
  EXPECT_FALSE(portfolio.entries(0).project().has_latest_status());
  ASSERT_EQ(portfolio.entries(0).milestones_size(), 1);
  EXPECT_FALSE(portfolio.entries(0).milestones(0).has_planned());
  EXPECT_TRUE(portfolio.entries(0).milestones(0).has_forecast());
}

TEST_F(HardeningTest, ServerReflectionV1ListsAndDescribesTheServices) {
  auto reflection = grpc::reflection::v1::ServerReflection::NewStub(service_.channel());
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1::ServerReflectionRequest request;
  request.set_list_services("");
  grpc::reflection::v1::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Write(request) && stream->Read(&response));
  std::set<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.insert(service.name());
  }
  EXPECT_TRUE(services.contains("bch.projects.v1.ProjectsService"));
  EXPECT_TRUE(services.contains("grpc.reflection.v1.ServerReflection"));
  EXPECT_TRUE(services.contains("grpc.health.v1.Health"));

  request.set_file_containing_symbol("bch.projects.v1.ProjectsService");
  ASSERT_TRUE(stream->Write(request) && stream->Read(&response));
  const auto& files = response.file_descriptor_response().file_descriptor_proto();
  ASSERT_GE(files.size(), 2) << "the file and what it imports";
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(files[0]));
  EXPECT_EQ(file.name(), "bch/projects/v1/projects_service.proto");

  request.set_file_containing_symbol("no.such.Symbol");
  ASSERT_TRUE(stream->Write(request) && stream->Read(&response));
  EXPECT_EQ(response.error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace bch::projects
