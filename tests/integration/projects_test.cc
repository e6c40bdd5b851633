// The projects service over real gRPC against a real MariaDB: every method, validation listing
// every violated field, etag conflicts, idempotent creates, pagination with filters, archive,
// as-of reads returning the past, milestone slippage, the portfolio's bounded query count and
// an audit event per mutation, and acknowledged creates surviving a database crash exactly once.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "projects_service.h"
#include "rpc.h"
#include "running_service.h"
#include "test_mariadb.h"

namespace bch::projects {
namespace {

using Stub = v1::ProjectsService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;

class ProjectsTest : public ::testing::Test {
 protected:
  ProjectsTest()
      : service_(ProjectsServiceDefinition()),
        stub_(v1::ProjectsService::NewStub(service_.channel())) {}

  void SetUp() override {
    CreateProgramme("organisational-support", "Organisational Support", "forces/cambridgeshire", 1);
    CreateProgramme("operational-support", "Operational Support", "forces/hertfordshire", 2);
  }

  v1::Programme CreateProgramme(const std::string& id, const std::string& title,
                                const std::string& lead, int order) {
    v1::CreateProgrammeRequest request;
    request.set_programme_id(id);
    request.mutable_programme()->set_title(title);
    request.mutable_programme()->set_lead_force(lead);
    request.mutable_programme()->set_display_order(order);
    *request.mutable_effective_date() = Day(2000, 1, 1);  // before any project of the tests
    v1::Programme programme;
    const grpc::Status status = Call(*stub_, &Stub::CreateProgramme, request, &programme);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return programme;
  }

  static v1::CreateProjectRequest ProjectRequest(
      const std::string& id, const std::string& programme = "organisational-support") {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    v1::Project& p = *request.mutable_project();
    p.set_title(absl::StrCat("Project ", id));
    p.set_programme(absl::StrCat("programmes/", programme));
    p.set_lead_force("forces/cambridgeshire");
    p.add_participating_forces("forces/cambridgeshire");
    p.set_state(v1::LIFECYCLE_STATE_IN_DELIVERY);
    return request;
  }

  v1::Project Create(const v1::CreateProjectRequest& request) {
    v1::Project project;
    const grpc::Status status = Call(*stub_, &Stub::CreateProject, request, &project);
    EXPECT_TRUE(status.ok()) << request.project_id() << ": " << status.error_message();
    return project;
  }

  RunningService service_;
  std::unique_ptr<Stub> stub_;
};

TEST_F(ProjectsTest, ProgrammesCanBeReadListedAndUpdatedWithEtags) {
  v1::GetProgrammeRequest get;
  get.set_name("programmes/operational-support");
  v1::Programme programme;
  ASSERT_TRUE(Call(*stub_, &Stub::GetProgramme, get, &programme).ok());
  EXPECT_EQ(programme.title(), "Operational Support");

  v1::UpdateProgrammeRequest update;
  *update.mutable_programme() = programme;
  update.mutable_programme()->set_title("Operational Support Services");
  update.mutable_update_mask()->add_paths("title");
  v1::Programme updated;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProgramme, update, &updated).ok());
  EXPECT_EQ(updated.title(), "Operational Support Services");
  EXPECT_NE(updated.etag(), programme.etag());
  EXPECT_EQ(updated.lead_force(), "forces/hertfordshire") << "fields outside the mask are kept";

  const grpc::Status stale = Call(*stub_, &Stub::UpdateProgramme, update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");

  v1::CreateProgrammeRequest duplicate;
  duplicate.set_programme_id("operational-support");
  duplicate.mutable_programme()->set_title("Again");
  duplicate.mutable_programme()->set_lead_force("forces/hertfordshire");
  EXPECT_EQ(Call(*stub_, &Stub::CreateProgramme, duplicate, &programme).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  get.set_name("programmes/nowhere");
  EXPECT_EQ(Call(*stub_, &Stub::GetProgramme, get, &programme).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProjectsTest, BadInputListsEveryViolatedFieldAndChangesNothing) {
  v1::CreateProjectRequest request = ProjectRequest("Bad Id");
  v1::Project& p = *request.mutable_project();
  p.set_title("");
  p.set_description(std::string(5001, 'x'));
  p.set_programme("organisational-support");  // not a resource name
  p.set_lead_force("forces/Cambridgeshire");
  p.add_participating_forces("forces/cambridgeshire");  // repeated
  p.set_parent("projects/ok'; DROP TABLE projects; --");
  p.clear_state();  // required
  p.add_dependencies()->set_project("forces/athena");
  request.mutable_effective_date()->set_year(2017);
  request.mutable_effective_date()->set_month(13);
  request.mutable_effective_date()->set_day(1);
  v1::Project project;
  const auto fields = ViolatedFields(Call(*stub_, &Stub::CreateProject, request, &project));
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "project_id", "project.title", "project.description", "project.programme",
                        "project.lead_force", "project.participating_forces[1]", "project.parent",
                        "project.state", "project.dependencies[0].project", "effective_date"}));

  v1::CreateProjectRequest long_title = ProjectRequest("long");
  long_title.mutable_project()->set_title(std::string(500, 'a'));
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, long_title, &project)),
            std::vector<std::string>{"project.title"});

  v1::CreateProjectRequest self = ProjectRequest("loner");
  self.mutable_project()->add_dependencies()->set_project("projects/loner");
  self.mutable_project()->set_parent("projects/loner");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, self, &project)),
            (std::vector<std::string>{"project.parent", "project.dependencies[0].project"}));

  v1::CreateProjectRequest oversize = ProjectRequest("oversize");
  oversize.mutable_project()->set_description(std::string(5 * 1024 * 1024, 'x'));
  EXPECT_EQ(Call(*stub_, &Stub::CreateProject, oversize, &project).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "larger than the server's 4 MiB message limit";
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM projects"), "0");
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE action LIKE '%Project'"),
            "0");
}

TEST_F(ProjectsTest, ReferencesCyclesAndParentsAreCheckedAgainstTheStoredPortfolio) {
  Create(ProjectRequest("athena"));
  auto public_contact = ProjectRequest("public-contact", "operational-support");
  auto* dependency = public_contact.mutable_project()->add_dependencies();
  dependency->set_project("projects/athena");
  dependency->set_reason("subject to a review post-delivery of Athena");
  const v1::Project created = Create(public_contact);
  EXPECT_EQ(created.dependencies(0).reason(), "subject to a review post-delivery of Athena");

  // athena -> public-contact would close the loop public-contact -> athena.
  v1::UpdateProjectRequest loop;
  loop.mutable_project()->set_name("projects/athena");
  loop.mutable_project()->add_dependencies()->set_project("projects/public-contact");
  loop.mutable_update_mask()->add_paths("dependencies");
  v1::Project project;
  const grpc::Status cycle = Call(*stub_, &Stub::UpdateProject, loop, &project);
  EXPECT_EQ(ViolatedFields(cycle), std::vector<std::string>{"project.dependencies"});
  EXPECT_NE(cycle.error_message().find("athena -> public-contact -> athena"), std::string::npos)
      << cycle.error_message();

  auto orphan = ProjectRequest("finance-element");
  orphan.mutable_project()->set_parent("projects/public-contact");  // another programme
  orphan.mutable_project()->add_dependencies()->set_project("projects/nowhere");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, orphan, &project)),
            (std::vector<std::string>{"project.parent", "project.dependencies[0].project"}));

  auto child = ProjectRequest("athena-training");
  child.mutable_project()->set_parent("projects/athena");
  Create(child);
  v1::UpdateProjectRequest move_parent;
  move_parent.mutable_project()->set_name("projects/athena");
  move_parent.mutable_project()->set_programme("programmes/operational-support");
  move_parent.mutable_update_mask()->add_paths("programme");
  // A sub-project cannot leave its parent's programme; the parent takes it along instead.
  v1::UpdateProjectRequest move_child = move_parent;
  move_child.mutable_project()->set_name("projects/athena-training");
  const grpc::Status stays = Call(*stub_, &Stub::UpdateProject, move_child, &project);
  EXPECT_EQ(ViolatedFields(stays), std::vector<std::string>{"project.parent"});
  EXPECT_NE(stays.error_message().find("move the parent"), std::string::npos);
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, move_parent, &project).ok());
  v1::GetProjectRequest get_child;
  get_child.set_name("projects/athena-training");
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get_child, &project).ok());
  EXPECT_EQ(project.programme(), "programmes/operational-support");

  auto unknown_programme = ProjectRequest("x", "no-such-programme");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, unknown_programme, &project)),
            std::vector<std::string>{"project.programme"});
}

TEST_F(ProjectsTest, CreateWithARequestIdIsIdempotent) {
  auto request = ProjectRequest("athena");
  request.set_request_id("0b9c2a7e-athena");
  const v1::Project first = Create(request);
  const v1::Project retry = Create(request);
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(retry.etag(), first.etag());
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM project_versions"), "1");

  request.mutable_project()->set_title("Something else");
  v1::Project project;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, request, &project)),
            std::vector<std::string>{"request_id"});
  request.clear_request_id();
  EXPECT_EQ(Call(*stub_, &Stub::CreateProject, request, &project).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "without a request id a second create of the same id is a conflict";
}

TEST_F(ProjectsTest, ConcurrentRetriesOfOneCreateMakeExactlyOneProject) {
  auto request = ProjectRequest("athena");
  request.set_request_id("raced-request");
  constexpr int kClients = 8;
  std::vector<v1::Project> answers(kClients);
  std::vector<grpc::Status> statuses(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(
        [&, i] { statuses[i] = Call(*stub_, &Stub::CreateProject, request, &answers[i]); });
  }
  for (auto& client : clients) client.join();
  for (int i = 0; i < kClients; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(answers[i].name(), "projects/athena");
    EXPECT_EQ(answers[i].etag(), answers[0].etag());
  }
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM project_versions"), "1");
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE action = 'CreateProject'"),
            "1");
}

TEST_F(ProjectsTest, UpdatesNeedTheCurrentEtagAndKeepUnmaskedFields) {
  const v1::Project created = Create(ProjectRequest("ict"));
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name("projects/ict");
  update.mutable_project()->set_etag(created.etag());
  update.mutable_project()->set_state(v1::LIFECYCLE_STATE_LIVE);
  update.mutable_project()->set_delivery_confidence(v1::DELIVERY_CONFIDENCE_AMBER_GREEN);
  update.mutable_update_mask()->add_paths("state");
  update.mutable_update_mask()->add_paths("delivery_confidence");
  v1::Project updated;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, update, &updated).ok());
  EXPECT_EQ(updated.state(), v1::LIFECYCLE_STATE_LIVE);
  EXPECT_EQ(updated.title(), "Project ict");
  EXPECT_NE(updated.etag(), created.etag());

  const grpc::Status stale = Call(*stub_, &Stub::UpdateProject, update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");

  update.mutable_update_mask()->add_paths("create_time");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::UpdateProject, update, &updated)),
            std::vector<std::string>{"update_mask"});

  v1::UpdateProjectRequest clear_programme;
  clear_programme.mutable_project()->set_name("projects/ict");
  clear_programme.mutable_update_mask()->add_paths("programme");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::UpdateProject, clear_programme, &updated)),
            std::vector<std::string>{"project.programme"});
}

TEST_F(ProjectsTest, ListsFilterOrderPageAndHideArchivedProjects) {
  const struct {
    const char* id;
    const char* programme;
    const char* lead;
    v1::LifecycleState state;
    int order;
    std::vector<std::string> forces;
  } projects[] = {
      {"able",
       "organisational-support",
       "forces/cambridgeshire",
       v1::LIFECYCLE_STATE_LIVE,
       1,
       {"forces/bedfordshire", "forces/cambridgeshire", "forces/hertfordshire"}},
      {"ict",
       "organisational-support",
       "forces/cambridgeshire",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       3,
       {"forces/cambridgeshire"}},
      {"hr-ld",
       "organisational-support",
       "forces/cambridgeshire",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       2,
       {"forces/cambridgeshire"}},
      {"custody",
       "operational-support",
       "forces/hertfordshire",
       v1::LIFECYCLE_STATE_LIVE,
       4,
       {"forces/hertfordshire", "forces/bedfordshire"}},
      {"esmcp",
       "operational-support",
       "forces/hertfordshire",
       v1::LIFECYCLE_STATE_PROPOSED,
       2,
       {"forces/hertfordshire"}},
      {"public-contact",
       "operational-support",
       "forces/hertfordshire",
       v1::LIFECYCLE_STATE_PAUSED,
       1,
       {"forces/hertfordshire"}},
      {"criminal-justice",
       "operational-support",
       "forces/hertfordshire",
       v1::LIFECYCLE_STATE_LIVE,
       3,
       {"forces/hertfordshire"}},
  };
  for (const auto& p : projects) {
    auto request = ProjectRequest(p.id, p.programme);
    request.mutable_project()->set_lead_force(p.lead);
    request.mutable_project()->set_state(p.state);
    request.mutable_project()->set_display_order(p.order);
    request.mutable_project()->clear_participating_forces();
    for (const auto& f : p.forces) request.mutable_project()->add_participating_forces(f);
    Create(request);
  }
  auto list = [&](v1::ListProjectsRequest request) {
    std::vector<std::string> ids;
    int pages = 0;
    request.set_page_size(3);
    do {
      v1::ListProjectsResponse response;
      const grpc::Status status = Call(*stub_, &Stub::ListProjects, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& p : response.projects()) ids.emplace_back(common::IdOfName(p.name()));
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty() && ++pages < 10);
    return ids;
  };
  EXPECT_EQ(list({}), (std::vector<std::string>{"able", "hr-ld", "ict", "public-contact", "esmcp",
                                                "criminal-justice", "custody"}))
      << "programme display order, then display order";
  v1::ListProjectsRequest by_programme;
  by_programme.set_programme("programmes/operational-support");
  by_programme.set_state(v1::LIFECYCLE_STATE_LIVE);
  EXPECT_EQ(list(by_programme), (std::vector<std::string>{"criminal-justice", "custody"}));
  v1::ListProjectsRequest by_participant;
  by_participant.set_participating_force("forces/bedfordshire");
  EXPECT_EQ(list(by_participant), (std::vector<std::string>{"able", "custody"}));
  v1::ListProjectsRequest by_lead;
  by_lead.set_lead_force("forces/cambridgeshire");
  EXPECT_EQ(list(by_lead).size(), 3u);

  v1::ListProjectsRequest first_page;
  first_page.set_page_size(2);
  v1::ListProjectsResponse page;
  ASSERT_TRUE(Call(*stub_, &Stub::ListProjects, first_page, &page).ok());
  first_page.set_page_token(page.next_page_token());
  first_page.set_lead_force("forces/hertfordshire");  // changed filter: token refused
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::ListProjects, first_page, &page)),
            std::vector<std::string>{"page_token"});

  v1::ArchiveProjectRequest archive;
  archive.set_name("projects/esmcp");
  v1::Project archived;
  ASSERT_TRUE(Call(*stub_, &Stub::ArchiveProject, archive, &archived).ok());
  EXPECT_TRUE(archived.archived());
  EXPECT_EQ(list({}).size(), 6u);
  v1::ListProjectsRequest with_archived;
  with_archived.set_show_archived(true);
  EXPECT_EQ(list(with_archived).size(), 7u);
}

TEST_F(ProjectsTest, AsOfReadsReturnThePastAndMilestoneSlipsAreListed) {
  auto request = ProjectRequest("athena");
  *request.mutable_effective_date() = Day(2016, 6, 1);
  Create(request);
  v1::UpdateProjectRequest went_live;
  went_live.mutable_project()->set_name("projects/athena");
  went_live.mutable_project()->set_state(v1::LIFECYCLE_STATE_LIVE);
  went_live.mutable_update_mask()->add_paths("state");
  *went_live.mutable_effective_date() = Day(2018, 5, 21);
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, went_live, &project).ok());

  v1::GetProjectRequest get;
  get.set_name("projects/athena");
  *get.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_EQ(project.state(), v1::LIFECYCLE_STATE_IN_DELIVERY) << "as it stood in December 2017";
  EXPECT_EQ(project.effective_date().year(), 2016);
  get.clear_as_of();
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_EQ(project.state(), v1::LIFECYCLE_STATE_LIVE);
  *get.mutable_as_of() = Day(2016, 5, 31);
  EXPECT_EQ(Call(*stub_, &Stub::GetProject, get, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListProjectsRequest before;
  *before.mutable_as_of() = Day(2016, 5, 31);
  v1::ListProjectsResponse listed;
  ASSERT_TRUE(Call(*stub_, &Stub::ListProjects, before, &listed).ok());
  EXPECT_EQ(listed.projects_size(), 0);

  v1::CreateMilestoneRequest go_live;
  go_live.set_parent("projects/athena");
  go_live.set_milestone_id("go-live");
  go_live.mutable_milestone()->set_title("Go live");
  go_live.mutable_milestone()->mutable_planned()->set_text("November 2017");
  go_live.mutable_milestone()->mutable_forecast()->set_text("November 2017");
  *go_live.mutable_effective_date() = Day(2016, 6, 1);
  v1::Milestone milestone;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateMilestone, go_live, &milestone).ok());
  EXPECT_EQ(milestone.planned().earliest().month(), 11);

  v1::UpdateMilestoneRequest slip;
  slip.mutable_milestone()->set_name("projects/athena/milestones/go-live");
  slip.mutable_milestone()->set_etag(milestone.etag());
  slip.mutable_milestone()->mutable_forecast()->set_text("May 2018");
  slip.mutable_update_mask()->add_paths("forecast");
  *slip.mutable_effective_date() = Day(2017, 9, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateMilestone, slip, &milestone).ok());
  EXPECT_EQ(milestone.forecast().text(), "May 2018");
  EXPECT_EQ(milestone.planned().text(), "November 2017") << "unmasked dates are kept";

  v1::ListMilestonesRequest milestones;
  milestones.set_parent("projects/athena");
  *milestones.mutable_as_of() = Day(2017, 8, 31);
  v1::ListMilestonesResponse listed_milestones;
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestones, milestones, &listed_milestones).ok());
  ASSERT_EQ(listed_milestones.milestones_size(), 1);
  EXPECT_EQ(listed_milestones.milestones(0).forecast().text(), "November 2017");

  v1::ListMilestoneChangesRequest changes;
  changes.set_parent("projects/athena");
  changes.set_slipped_only(true);
  v1::ListMilestoneChangesResponse slips;
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestoneChanges, changes, &slips).ok());
  ASSERT_EQ(slips.changes_size(), 1);
  EXPECT_EQ(slips.changes(0).field(), "forecast");
  EXPECT_EQ(slips.changes(0).from().text(), "November 2017");
  EXPECT_EQ(slips.changes(0).to().text(), "May 2018");
  EXPECT_EQ(slips.changes(0).actor(), "test-user");
  EXPECT_TRUE(slips.changes(0).slipped());
  changes.set_slipped_only(false);
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestoneChanges, changes, &slips).ok());
  EXPECT_EQ(slips.changes_size(), 3) << "planned and forecast first set, then the slip";

  slip.mutable_milestone()->mutable_forecast()->set_text("Smarch 2018");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::UpdateMilestone, slip, &milestone)),
            std::vector<std::string>{"milestone.forecast.text"});
}

TEST_F(ProjectsTest, WithoutAsOfAProjectIsItsLatestVersionAndThePortfolioIsToday) {
  auto request = ProjectRequest("ict");
  *request.mutable_effective_date() = Day(2016, 6, 1);
  Create(request);
  v1::UpdateProjectRequest renamed;
  renamed.mutable_project()->set_name("projects/ict");
  renamed.mutable_project()->set_title("ICT convergence");
  renamed.mutable_update_mask()->add_paths("title");
  *renamed.mutable_effective_date() = Day(2999, 1, 1);  // recorded now, applies later
  v1::Project latest;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, renamed, &latest).ok());

  v1::GetProjectRequest get;
  get.set_name("projects/ict");
  v1::Project read;
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &read).ok());
  EXPECT_EQ(read.title(), "ICT convergence") << "the version the etag guards";
  EXPECT_EQ(read.etag(), latest.etag());
  v1::ListProjectsRequest list;
  v1::ListProjectsResponse listed;
  ASSERT_TRUE(Call(*stub_, &Stub::ListProjects, list, &listed).ok());
  ASSERT_EQ(listed.projects_size(), 1);
  EXPECT_EQ(listed.projects(0).title(), "ICT convergence");
  *list.mutable_as_of() = Day(2026, 1, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::ListProjects, list, &listed).ok());
  ASSERT_EQ(listed.projects_size(), 1);
  EXPECT_EQ(listed.projects(0).title(), "Project ict") << "as of a day before the rename applies";

  auto today = [] { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); };
  const absl::CivilDay before = today();
  v1::Portfolio portfolio;
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, v1::GetPortfolioRequest(), &portfolio).ok());
  const absl::CivilDay read_as_of(portfolio.as_of().year(), portfolio.as_of().month(),
                                  portfolio.as_of().day());
  EXPECT_TRUE(read_as_of == before || read_as_of == today()) << read_as_of;
  ASSERT_EQ(portfolio.entries_size(), 1);
  EXPECT_EQ(portfolio.entries(0).project().title(), "Project ict") << "the rename applies later";
}

TEST_F(ProjectsTest, PortfolioShowsTheLatestStatusByThenInAFixedNumberOfQueries) {
  auto add_project = [&](int i) {
    const std::string id = absl::StrCat("project-", i);
    auto request = ProjectRequest(id, i % 2 ? "organisational-support" : "operational-support");
    *request.mutable_effective_date() = Day(2017, 1, 1);
    Create(request);
    for (const auto& [date, text] :
         {std::pair{Day(2017, 6, 30), "June narrative"}, std::pair{Day(2018, 1, 31), "January"}}) {
      v1::CreateStatusUpdateRequest update;
      update.set_parent(absl::StrCat("projects/", id));
      *update.mutable_status_update()->mutable_as_of_date() = date;
      update.mutable_status_update()->set_author("BCH Portfolio Office");
      update.mutable_status_update()->set_text(text);
      v1::StatusUpdate created;
      ASSERT_TRUE(Call(*stub_, &Stub::CreateStatusUpdate, update, &created).ok());
    }
    v1::CreateMilestoneRequest milestone;
    milestone.set_parent(absl::StrCat("projects/", id));
    milestone.set_milestone_id("go-live");
    milestone.mutable_milestone()->set_title("Go live");
    milestone.mutable_milestone()->mutable_forecast()->set_text("Spring/Summer 2018");
    v1::Milestone created;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateMilestone, milestone, &created).ok());
  };
  auto statements_for_portfolio = [&] {
    const auto before = std::stoll(
        service_.QueryValue("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                            "WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'"));
    v1::GetPortfolioRequest request;
    request.add_programmes("programmes/organisational-support");
    request.add_programmes("programmes/operational-support");
    v1::Portfolio portfolio;
    EXPECT_TRUE(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).ok());
    const auto after = std::stoll(
        service_.QueryValue("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                            "WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'"));
    return after - before;
  };
  for (int i = 0; i < 3; ++i) add_project(i);
  const auto small = statements_for_portfolio();
  for (int i = 3; i < 30; ++i) add_project(i);
  const auto large = statements_for_portfolio();
  EXPECT_EQ(small, large) << "no query per project (N+1)";
  EXPECT_LE(large, 6);

  v1::GetPortfolioRequest request;
  request.add_programmes("programmes/organisational-support");
  *request.mutable_as_of() = Day(2017, 12, 14);
  v1::Portfolio portfolio;
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).ok());
  ASSERT_EQ(portfolio.programmes_size(), 1);
  ASSERT_EQ(portfolio.entries_size(), 15);
  for (const auto& entry : portfolio.entries()) {
    EXPECT_EQ(entry.project().programme(), "programmes/organisational-support");
    EXPECT_EQ(entry.project().latest_status().text(), "June narrative")
        << "January's entry is later";
  }

  // A project that moves programme later still shows in its old programme as of before.
  v1::UpdateProjectRequest move;
  move.mutable_project()->set_name("projects/project-1");
  move.mutable_project()->set_programme("programmes/operational-support");
  move.mutable_update_mask()->add_paths("programme");
  *move.mutable_effective_date() = Day(2018, 1, 1);
  v1::Project moved;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, move, &moved).ok());
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).ok());
  EXPECT_EQ(portfolio.entries_size(), 15) << "as of 14 December 2017";
  *request.mutable_as_of() = Day(2018, 2, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).ok());
  EXPECT_EQ(portfolio.entries_size(), 14);
  request.clear_programmes();
  request.add_programmes("programmes/operational-support");
  ASSERT_TRUE(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).ok());
  ASSERT_EQ(portfolio.entries_size(), 16);
  int with_status = 0;
  for (const auto& entry : portfolio.entries()) {
    EXPECT_EQ(entry.project().programme(), "programmes/operational-support");
    if (entry.project().latest_status().text() == "January") ++with_status;
  }
  EXPECT_EQ(with_status, 16) << "the moved project brings its status updates";

  request.add_programmes("programmes/nowhere");
  EXPECT_EQ(Call(*stub_, &Stub::GetPortfolio, request, &portfolio).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProjectsTest, StatusUpdatesAppendPageNewestFirstAndShowOnTheProjectAsOfADay) {
  auto request = ProjectRequest("custody", "operational-support");
  *request.mutable_effective_date() = Day(2016, 1, 1);
  Create(request);
  auto add = [&](google::type::Date date, const std::string& text, const std::string& id) {
    v1::CreateStatusUpdateRequest update;
    update.set_parent("projects/custody");
    update.set_request_id(id);
    *update.mutable_status_update()->mutable_as_of_date() = date;
    update.mutable_status_update()->set_author("BCH Portfolio Office");
    update.mutable_status_update()->set_text(text);
    update.mutable_status_update()->set_rating(v1::DELIVERY_CONFIDENCE_GREEN);
    v1::StatusUpdate created;
    const grpc::Status status = Call(*stub_, &Stub::CreateStatusUpdate, update, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  };
  const v1::StatusUpdate march = add(Day(2017, 3, 31), "People structure implemented.", "a");
  add(Day(2017, 12, 14), "Team remains until March 2018.", "b");
  add(Day(2018, 3, 31), "Project closed.", "c");
  add(Day(2016, 12, 1), "Recorded last, dated first.", "d");
  const v1::StatusUpdate retried = add(Day(2017, 3, 31), "People structure implemented.", "a");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(retried, march))
      << "a retried create returns the first entry as stored: " << retried.DebugString() << " vs "
      << march.DebugString();
  EXPECT_TRUE(march.has_create_time());
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM status_updates"), "4");

  v1::ListStatusUpdatesRequest list;
  list.set_parent("projects/custody");
  list.set_page_size(3);
  std::vector<std::string> texts;
  for (int pages = 0; pages < 5; ++pages) {
    v1::ListStatusUpdatesResponse response;
    ASSERT_TRUE(Call(*stub_, &Stub::ListStatusUpdates, list, &response).ok());
    for (const auto& u : response.status_updates()) texts.push_back(u.text());
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"Project closed.", "Team remains until March 2018.",
                                             "People structure implemented.",
                                             "Recorded last, dated first."}));

  v1::GetProjectRequest get;
  get.set_name("projects/custody");
  *get.mutable_as_of() = Day(2017, 12, 14);
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_EQ(project.latest_status().text(), "Team remains until March 2018.");
  EXPECT_EQ(project.latest_status().rating(), v1::DELIVERY_CONFIDENCE_GREEN);
  *get.mutable_as_of() = Day(2016, 6, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_FALSE(project.has_latest_status()) << "no entry was dated by then";

  v1::CreateStatusUpdateRequest orphan;
  orphan.set_parent("projects/nowhere");
  *orphan.mutable_status_update()->mutable_as_of_date() = Day(2017, 1, 1);
  orphan.mutable_status_update()->set_author("x");
  orphan.mutable_status_update()->set_text("y");
  v1::StatusUpdate none;
  EXPECT_EQ(Call(*stub_, &Stub::CreateStatusUpdate, orphan, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProjectsTest, EveryMutationWritesOneAuditEvent) {
  Create(ProjectRequest("ict"));
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name("projects/ict");
  update.mutable_project()->set_title("ICT");
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, update, &project).ok());
  v1::ArchiveProjectRequest archive;
  archive.set_name("projects/ict");
  ASSERT_TRUE(Call(*stub_, &Stub::ArchiveProject, archive, &project).ok());
  EXPECT_EQ(service_.QueryValue(
                "SELECT GROUP_CONCAT(action ORDER BY id) FROM audit_events WHERE resource = "
                "'projects/ict'"),
            "CreateProject,UpdateProject,ArchiveProject");
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(DISTINCT actor) FROM audit_events"), "1");
  EXPECT_EQ(service_.QueryValue("SELECT MIN(actor) FROM audit_events"), "test-user");
  EXPECT_EQ(
      service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE resource LIKE 'programmes/%'"),
      "2")
      << "the two programmes of SetUp";
}

// The durability promise: creates with request ids run from several clients while MariaDB is
// killed with SIGKILL and restarted; each client retries its call until it is acknowledged.
// Afterwards every project exists exactly once, with one version and one audit event, and a
// further retry of any create answers with the acknowledged project unchanged.
TEST_F(ProjectsTest, AcknowledgedCreatesSurviveADatabaseCrashExactlyOnce) {
  constexpr int kClients = 4;
  constexpr int kCreatesPerClient = 100;  // plenty left when the kill lands, even on a fast machine
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::atomic<int> acknowledged = 0;
  std::atomic<int> failed_attempts = 0;
  std::vector<std::vector<v1::Project>> answers(kClients);
  auto request_of = [](int client, int i) {
    auto request = ProjectRequest(absl::StrCat("load-", client, "-", i));
    request.set_request_id(absl::StrCat("crash-test-", client, "-", i));
    return request;
  };
  auto create_until_acknowledged = [&](int client) {
    for (int i = 0; i < kCreatesPerClient; ++i) {
      const auto request = request_of(client, i);
      v1::Project project;
      grpc::Status status;
      do {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
        status = stub_->CreateProject(&context, request, &project);
        if (status.ok()) break;
        ++failed_attempts;
        ASSERT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                    status.error_code() == grpc::StatusCode::ABORTED ||
                    status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
            << "a crash may only cause retryable errors: " << status.error_message();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      } while (std::chrono::steady_clock::now() < give_up);
      ASSERT_TRUE(status.ok()) << request.project_id() << " never acknowledged";
      answers[client].push_back(project);
      ++acknowledged;
    }
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) clients.emplace_back(create_until_acknowledged, c);
  while (acknowledged < 40 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  bch::testing::TestMariaDb::Shared().Kill();
  const int acknowledged_at_crash = acknowledged;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  bch::testing::TestMariaDb::Shared().Start();
  for (auto& client : clients) client.join();

  EXPECT_LT(acknowledged_at_crash, kClients * kCreatesPerClient) << "the crash came mid-load";
  EXPECT_GT(failed_attempts, 0) << "the crash was seen by the clients";
  const std::string all = absl::StrCat(kClients * kCreatesPerClient);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM projects WHERE id LIKE 'load-%'"), all);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(DISTINCT id) FROM project_versions "
                                "WHERE id LIKE 'load-%'"),
            all);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM project_versions "
                                "WHERE id LIKE 'load-%'"),
            all);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE action = 'CreateProject' "
                                "AND resource LIKE 'projects/load-%'"),
            all);
  for (int c = 0; c < kClients; ++c) {
    ASSERT_EQ(answers[c].size(), static_cast<size_t>(kCreatesPerClient));
    for (int i = 0; i < kCreatesPerClient; ++i) {
      v1::Project again;
      ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, request_of(c, i), &again).ok());
      EXPECT_EQ(again.name(), answers[c][i].name());
      EXPECT_EQ(again.etag(), answers[c][i].etag()) << again.name();
    }
  }
}

}  // namespace
}  // namespace bch::projects
