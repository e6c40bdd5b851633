// History that stays true, on every versioned resource of the projects service (programmes,
// projects, milestones), over real gRPC against a real MariaDB:
// - a property test writes random sequences of dated changes, recorded in random date order,
//   and checks every as-of read (and the read without as_of) against a small in-memory model of
//   the kit's meaning: a write dated D changes the fields it names from D until the next change
//   of those same fields dated after D, and nothing else;
// - the probe's findings as scenarios: a back-dated title change keeps later dates, a June state
//   change recorded after September's keeps September's, a write before the resource exists
//   or with nothing to change is refused and records nothing;
// - a database filled by the schema before the kit keeps its data through the migration.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "bch/common/handler.h"
#include "bch/common/migrations.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "projects_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::projects {
namespace {

using Stub = v1::ProjectsService::Stub;
using bch::testing::Call;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;

// Field name -> value as text.
using Values = std::map<std::string, std::string>;

google::type::Date DateOf(absl::CivilDay day) { return common::DateFromCivilDay(day); }

// The model: a resource is its changes in the order recorded; the first is the create.
struct Change {
  absl::CivilDay day;
  Values values;
};

// The state at the end of `day` (nullopt: after every change), or nullopt if it did not exist.
std::optional<Values> ModelState(const std::vector<Change>& changes,
                                 std::optional<absl::CivilDay> day) {
  if (day && *day < changes[0].day) return std::nullopt;
  Values state;
  std::map<std::string, absl::CivilDay> set_on;  // the day of the change each value comes from
  for (const Change& change : changes) {         // in recording order: later ones win ties
    if (day && change.day > *day) continue;
    for (const auto& [field, value] : change.values) {
      auto it = set_on.find(field);
      if (it == set_on.end() || change.day >= it->second) {
        state[field] = value;
        set_on[field] = change.day;
      }
    }
  }
  return state;
}

// A resource under test: create it with every field, change some fields from a day, read the
// fields as of a day (nullopt: it did not exist then).
struct Subject {
  std::vector<std::string> fields;
  std::function<std::string(const std::string& field, std::mt19937& random)> value;
  std::function<grpc::Status(const std::string& id, absl::CivilDay day, const Values&)> create;
  std::function<grpc::Status(const std::string& id, absl::CivilDay day, const Values&)> update;
  std::function<std::optional<Values>(const std::string& id, std::optional<absl::CivilDay>)> read;
};

class VersionedHistoryTest : public ::testing::Test {
 protected:
  VersionedHistoryTest()
      : service_(ProjectsServiceDefinition()),
        stub_(v1::ProjectsService::NewStub(service_.channel())) {}

  void SetUp() override {
    v1::CreateProgrammeRequest programme;
    programme.set_programme_id("history");
    programme.mutable_programme()->set_title("History");
    *programme.mutable_effective_date() = DateOf(absl::CivilDay(1990, 1, 1));
    v1::Programme created;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateProgramme, programme, &created).ok());
    v1::CreateProjectRequest project;
    project.set_project_id("parent");
    project.mutable_project()->set_title("Parent");
    project.mutable_project()->set_programme("programmes/history");
    project.mutable_project()->set_state(v1::LIFECYCLE_STATE_IN_DELIVERY);
    *project.mutable_effective_date() = DateOf(absl::CivilDay(1990, 1, 1));
    v1::Project parent;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, project, &parent).ok());
  }

  // Runs `sequences` random histories of `subject` and checks every read against the model.
  void CheckAgainstTheModel(const Subject& subject, const std::string& prefix, int sequences) {
    std::mt19937 random(20171214);
    for (int n = 0; n < sequences; ++n) {
      const std::string id = absl::StrCat(prefix, "-", n);
      const absl::CivilDay created_on = absl::CivilDay(2015, 1, 1) + random() % 30;
      auto random_day = [&] {  // twelve days around creation: ties and earlier days happen
        return created_on + 30 * (static_cast<int>(random() % 12) - 1);
      };
      std::vector<Change> changes = {{created_on, {}}};
      for (const std::string& field : subject.fields) {
        changes[0].values[field] = subject.value(field, random);
      }
      ASSERT_TRUE(subject.create(id, created_on, changes[0].values).ok()) << id;
      for (int k = 0; k < 10; ++k) {
        Change change{random_day(), {}};
        for (const std::string& field : subject.fields) {
          if (random() % 2) change.values[field] = subject.value(field, random);
        }
        if (change.values.empty()) change.values[subject.fields[0]] = "x";
        const grpc::Status status = subject.update(id, change.day, change.values);
        if (change.day < created_on) {
          EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"effective_date"})
              << id << " changed on " << change.day << ", before it existed";
          continue;
        }
        ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
        changes.push_back(std::move(change));
      }
      std::vector<std::optional<absl::CivilDay>> days = {std::nullopt, created_on - 1,
                                                         absl::CivilDay(2030, 1, 1)};
      for (const Change& change : changes) {
        for (int delta : {-1, 0, 1}) days.push_back(change.day + delta);
      }
      for (const auto& day : days) {
        EXPECT_EQ(subject.read(id, day), ModelState(changes, day))
            << id << " as of " << (day ? absl::FormatCivilTime(*day) : "now");
      }
    }
  }

  RunningService service_;
  std::unique_ptr<Stub> stub_;
};

v1::LifecycleState StateNamed(const std::string& name) {
  v1::LifecycleState state = v1::LIFECYCLE_STATE_UNSPECIFIED;
  (void)v1::LifecycleState_Parse(name, &state);
  return state;
}

TEST_F(VersionedHistoryTest, ProjectsReadAsOfAnyDayAsTheModelSays) {
  Subject subject;
  subject.fields = {"title", "description", "state", "display_order"};
  subject.value = [](const std::string& field, std::mt19937& random) -> std::string {
    if (field == "state") {
      return v1::LifecycleState_Name(static_cast<v1::LifecycleState>(1 + random() % 5));
    }
    return field == "display_order" ? absl::StrCat(random() % 100)
                                    : absl::StrCat(field, " ", random() % 1000);
  };
  auto fill = [](const Values& values, v1::Project& p, google::protobuf::FieldMask* mask) {
    for (const auto& [field, value] : values) {
      if (field == "title") p.set_title(value);
      if (field == "description") p.set_description(value);
      if (field == "state") p.set_state(StateNamed(value));
      if (field == "display_order") p.set_display_order(std::stoi(value));
      if (mask != nullptr) mask->add_paths(field);
    }
  };
  subject.create = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    request.mutable_project()->set_programme("programmes/history");
    fill(values, *request.mutable_project(), nullptr);
    *request.mutable_effective_date() = DateOf(day);
    v1::Project project;
    return Call(*stub_, &Stub::CreateProject, request, &project);
  };
  subject.update = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::UpdateProjectRequest request;
    request.mutable_project()->set_name("projects/" + id);
    fill(values, *request.mutable_project(), request.mutable_update_mask());
    *request.mutable_effective_date() = DateOf(day);
    v1::Project project;
    return Call(*stub_, &Stub::UpdateProject, request, &project);
  };
  auto values_of = [](const v1::Project& p) {
    return Values{{"title", p.title()},
                  {"description", p.description()},
                  {"state", v1::LifecycleState_Name(p.state())},
                  {"display_order", absl::StrCat(p.display_order())}};
  };
  subject.read = [&](const std::string& id,
                     std::optional<absl::CivilDay> day) -> std::optional<Values> {
    v1::GetProjectRequest get;
    get.set_name("projects/" + id);
    if (day) *get.mutable_as_of() = DateOf(*day);
    v1::Project project;
    const grpc::Status status = Call(*stub_, &Stub::GetProject, get, &project);
    // The list reads the same state from the same tables by another path: they must agree.
    v1::ListProjectsRequest list;
    list.set_programme("programmes/history");
    list.set_page_size(1000);
    if (day) *list.mutable_as_of() = DateOf(*day);
    v1::ListProjectsResponse listed;
    EXPECT_TRUE(Call(*stub_, &Stub::ListProjects, list, &listed).ok());
    const v1::Project* in_list = nullptr;
    for (const auto& p : listed.projects()) {
      if (p.name() == project.name()) in_list = &p;
    }
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      EXPECT_EQ(in_list, nullptr);
      return std::nullopt;
    }
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_NE(in_list, nullptr) << id << " is in the list that day";
    if (in_list != nullptr) {
      EXPECT_EQ(values_of(*in_list), values_of(project));
    }
    return values_of(project);
  };
  CheckAgainstTheModel(subject, "project", 12);
}

TEST_F(VersionedHistoryTest, MilestonesReadAsOfAnyDayAsTheModelSays) {
  const std::vector<std::string> dates = {"March 2018",      "Spring/Summer 2018",
                                          "not before 2019", "14 December 2017",
                                          "2018/19",         "by June 2018"};
  Subject subject;
  subject.fields = {"title", "forecast", "actual", "display_order"};
  subject.value = [&](const std::string& field, std::mt19937& random) -> std::string {
    if (field == "forecast" || field == "actual") return dates[random() % dates.size()];
    return field == "display_order" ? absl::StrCat(random() % 100)
                                    : absl::StrCat(field, " ", random() % 1000);
  };
  auto fill = [](const Values& values, v1::Milestone& m, google::protobuf::FieldMask* mask) {
    for (const auto& [field, value] : values) {
      if (field == "title") m.set_title(value);
      if (field == "forecast") m.mutable_forecast()->set_text(value);
      if (field == "actual") m.mutable_actual()->set_text(value);
      if (field == "display_order") m.set_display_order(std::stoi(value));
      if (mask != nullptr) mask->add_paths(field);
    }
  };
  subject.create = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::CreateMilestoneRequest request;
    request.set_parent("projects/parent");
    request.set_milestone_id(id);
    fill(values, *request.mutable_milestone(), nullptr);
    *request.mutable_effective_date() = DateOf(day);
    v1::Milestone milestone;
    return Call(*stub_, &Stub::CreateMilestone, request, &milestone);
  };
  subject.update = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::UpdateMilestoneRequest request;
    request.mutable_milestone()->set_name("projects/parent/milestones/" + id);
    fill(values, *request.mutable_milestone(), request.mutable_update_mask());
    *request.mutable_effective_date() = DateOf(day);
    v1::Milestone milestone;
    return Call(*stub_, &Stub::UpdateMilestone, request, &milestone);
  };
  subject.read = [&](const std::string& id,
                     std::optional<absl::CivilDay> day) -> std::optional<Values> {
    v1::ListMilestonesRequest list;
    list.set_parent("projects/parent");
    if (day) *list.mutable_as_of() = DateOf(*day);
    v1::ListMilestonesResponse listed;
    EXPECT_TRUE(Call(*stub_, &Stub::ListMilestones, list, &listed).ok());
    for (const auto& m : listed.milestones()) {
      if (m.name() != "projects/parent/milestones/" + id) continue;
      return Values{{"title", m.title()},
                    {"forecast", m.forecast().text()},
                    {"actual", m.actual().text()},
                    {"display_order", absl::StrCat(m.display_order())}};
    }
    return std::nullopt;
  };
  CheckAgainstTheModel(subject, "milestone", 12);
}

TEST_F(VersionedHistoryTest, ProgrammesReadAsOfAnyDayAsTheModelSays) {
  Subject subject;
  subject.fields = {"title", "lead_force", "display_order"};
  subject.value = [](const std::string& field, std::mt19937& random) -> std::string {
    if (field == "lead_force") {
      const char* forces[] = {"", "forces/bedfordshire", "forces/kent", "forces/essex"};
      return forces[random() % 4];
    }
    return field == "display_order" ? absl::StrCat(random() % 100)
                                    : absl::StrCat(field, " ", random() % 1000);
  };
  auto fill = [](const Values& values, v1::Programme& p, google::protobuf::FieldMask* mask) {
    for (const auto& [field, value] : values) {
      if (field == "title") p.set_title(value);
      if (field == "lead_force") p.set_lead_force(value);
      if (field == "display_order") p.set_display_order(std::stoi(value));
      if (mask != nullptr) mask->add_paths(field);
    }
  };
  subject.create = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::CreateProgrammeRequest request;
    request.set_programme_id(id);
    fill(values, *request.mutable_programme(), nullptr);
    *request.mutable_effective_date() = DateOf(day);
    v1::Programme programme;
    return Call(*stub_, &Stub::CreateProgramme, request, &programme);
  };
  subject.update = [&](const std::string& id, absl::CivilDay day, const Values& values) {
    v1::UpdateProgrammeRequest request;
    request.mutable_programme()->set_name("programmes/" + id);
    fill(values, *request.mutable_programme(), request.mutable_update_mask());
    *request.mutable_effective_date() = DateOf(day);
    v1::Programme programme;
    return Call(*stub_, &Stub::UpdateProgramme, request, &programme);
  };
  subject.read = [&](const std::string& id,
                     std::optional<absl::CivilDay> day) -> std::optional<Values> {
    v1::GetProgrammeRequest get;
    get.set_name("programmes/" + id);
    if (day) *get.mutable_as_of() = DateOf(*day);
    v1::Programme p;
    const grpc::Status status = Call(*stub_, &Stub::GetProgramme, get, &p);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
    EXPECT_TRUE(status.ok()) << status.error_message();
    return Values{{"title", p.title()},
                  {"lead_force", p.lead_force()},
                  {"display_order", absl::StrCat(p.display_order())}};
  };
  CheckAgainstTheModel(subject, "programme", 12);
}

TEST_F(VersionedHistoryTest, ABackDatedTitleChangeKeepsTheDatesRecordedForLaterDays) {
  v1::CreateMilestoneRequest create;
  create.set_parent("projects/parent");
  create.set_milestone_id("go-live");
  create.mutable_milestone()->set_title("Go live");
  create.mutable_milestone()->mutable_forecast()->set_text("March 2018");
  *create.mutable_effective_date() = DateOf(absl::CivilDay(2017, 1, 1));
  v1::Milestone milestone;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateMilestone, create, &milestone).ok());
  auto update = [&](absl::CivilDay day, const std::string& path, auto set) {
    v1::UpdateMilestoneRequest request;
    request.mutable_milestone()->set_name("projects/parent/milestones/go-live");
    set(*request.mutable_milestone());
    request.mutable_update_mask()->add_paths(path);
    *request.mutable_effective_date() = DateOf(day);
    const grpc::Status status = Call(*stub_, &Stub::UpdateMilestone, request, &milestone);
    ASSERT_TRUE(status.ok()) << status.error_message();
  };
  update(absl::CivilDay(2017, 12, 1), "forecast",
         [](v1::Milestone& m) { m.mutable_forecast()->set_text("June 2018"); });
  update(absl::CivilDay(2018, 12, 14), "actual",
         [](v1::Milestone& m) { m.mutable_actual()->set_text("14 December 2018"); });
  update(absl::CivilDay(2017, 6, 1), "title", [](v1::Milestone& m) { m.set_title("Go-live"); });

  v1::ListMilestonesRequest list;
  list.set_parent("projects/parent");
  *list.mutable_as_of() = DateOf(absl::CivilDay(2017, 12, 14));
  v1::ListMilestonesResponse listed;
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestones, list, &listed).ok());
  ASSERT_EQ(listed.milestones_size(), 1);
  EXPECT_EQ(listed.milestones(0).title(), "Go-live");
  EXPECT_EQ(listed.milestones(0).forecast().text(), "June 2018");
  EXPECT_FALSE(listed.milestones(0).has_actual()) << "no go-live had happened by then";
  *list.mutable_as_of() = DateOf(absl::CivilDay(2017, 7, 1));
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestones, list, &listed).ok());
  EXPECT_EQ(listed.milestones(0).title(), "Go-live");
  EXPECT_EQ(listed.milestones(0).forecast().text(), "March 2018");
  EXPECT_EQ(milestone.actual().text(), "14 December 2018") << "the current state keeps it too";

  // The slips are listed in the order they take effect, each from the value then in effect.
  v1::ListMilestoneChangesRequest changes;
  changes.set_parent("projects/parent");
  v1::ListMilestoneChangesResponse listed_changes;
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestoneChanges, changes, &listed_changes).ok());
  ASSERT_EQ(listed_changes.changes_size(), 3);
  EXPECT_EQ(listed_changes.changes(1).from().text(), "March 2018");
  EXPECT_EQ(listed_changes.changes(1).to().text(), "June 2018");
  EXPECT_TRUE(listed_changes.changes(1).slipped());
  EXPECT_EQ(listed_changes.changes(2).field(), "actual");
}

TEST_F(VersionedHistoryTest, AnEarlierChangeRecordedLaterDoesNotHideALaterOne) {
  auto set_state = [&](v1::LifecycleState state, absl::CivilDay day) {
    v1::UpdateProjectRequest request;
    request.mutable_project()->set_name("projects/parent");
    request.mutable_project()->set_state(state);
    request.mutable_update_mask()->add_paths("state");
    *request.mutable_effective_date() = DateOf(day);
    v1::Project project;
    return Call(*stub_, &Stub::UpdateProject, request, &project);
  };
  ASSERT_TRUE(set_state(v1::LIFECYCLE_STATE_LIVE, absl::CivilDay(2017, 9, 1)).ok());
  ASSERT_TRUE(set_state(v1::LIFECYCLE_STATE_PAUSED, absl::CivilDay(2017, 6, 1)).ok());
  auto state_on = [&](std::optional<absl::CivilDay> day) {
    v1::GetProjectRequest get;
    get.set_name("projects/parent");
    if (day) *get.mutable_as_of() = DateOf(*day);
    v1::Project project;
    EXPECT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
    return project.state();
  };
  EXPECT_EQ(state_on(absl::CivilDay(2017, 5, 31)), v1::LIFECYCLE_STATE_IN_DELIVERY);
  EXPECT_EQ(state_on(absl::CivilDay(2017, 7, 1)), v1::LIFECYCLE_STATE_PAUSED);
  EXPECT_EQ(state_on(absl::CivilDay(2017, 10, 1)), v1::LIFECYCLE_STATE_LIVE);
  EXPECT_EQ(state_on(std::nullopt), v1::LIFECYCLE_STATE_LIVE);
}

TEST_F(VersionedHistoryTest, WritesWithNothingToDoAreRefusedAndRecordNothing) {
  const std::string versions = "SELECT COUNT(*) FROM project_versions WHERE id = 'parent'";
  const std::string before = service_.QueryValue(versions);

  v1::UpdateProjectRequest early;  // before the project existed (1990-01-01)
  early.mutable_project()->set_name("projects/parent");
  early.mutable_project()->set_title("Earlier");
  early.mutable_update_mask()->add_paths("title");
  *early.mutable_effective_date() = DateOf(absl::CivilDay(1989, 12, 31));
  v1::Project project;
  const grpc::Status refused = Call(*stub_, &Stub::UpdateProject, early, &project);
  EXPECT_EQ(ViolatedFields(refused), std::vector<std::string>{"effective_date"});
  EXPECT_NE(refused.error_message().find("1990-01-01"), std::string::npos)
      << refused.error_message();
  v1::GetProjectRequest get;
  get.set_name("projects/parent");
  *get.mutable_as_of() = DateOf(absl::CivilDay(1989, 12, 31));
  EXPECT_EQ(Call(*stub_, &Stub::GetProject, get, &project).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "a refused write does not make the project exist earlier";

  v1::UpdateProjectRequest nothing;  // an empty mask and an empty patch
  nothing.mutable_project()->set_name("projects/parent");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::UpdateProject, nothing, &project)),
            std::vector<std::string>{"update_mask"});

  v1::ArchiveProjectRequest archive;
  archive.set_name("projects/parent");
  *archive.mutable_effective_date() = DateOf(absl::CivilDay(2018, 1, 1));
  ASSERT_TRUE(Call(*stub_, &Stub::ArchiveProject, archive, &project).ok());
  EXPECT_TRUE(project.archived());
  const grpc::Status again = Call(*stub_, &Stub::ArchiveProject, archive, &project);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(again), "ALREADY_ARCHIVED");
  *archive.mutable_effective_date() = DateOf(absl::CivilDay(2019, 1, 1));
  EXPECT_EQ(Call(*stub_, &Stub::ArchiveProject, archive, &project).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "archived from 2018 on";
  *archive.mutable_effective_date() = DateOf(absl::CivilDay(2017, 1, 1));
  EXPECT_TRUE(Call(*stub_, &Stub::ArchiveProject, archive, &project).ok())
      << "archiving earlier than recorded is a change";
  EXPECT_EQ(std::stoi(service_.QueryValue(versions)), std::stoi(before) + 2)
      << "only the two archives were recorded";
}

TEST_F(VersionedHistoryTest, ARetriedCreateIsRecognisedByWhatItAsksFor) {
  v1::CreateProjectRequest request;
  request.set_project_id("retried");
  request.set_request_id("retry-1");
  request.mutable_project()->set_title("Retried");
  request.mutable_project()->set_programme("programmes/history");
  request.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
  v1::Project first, second;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, request, &first).ok());
  // The retry carries what a client may echo back from a response: name, etag, times.
  request.mutable_project()->set_name("projects/retried");
  request.mutable_project()->set_etag(first.etag());
  *request.mutable_project()->mutable_create_time() = first.create_time();
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, request, &second).ok());
  EXPECT_EQ(second.create_time().nanos(), first.create_time().nanos());
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM project_versions WHERE id = 'retried'"), "1");
  request.mutable_project()->set_title("Something else");
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, request, &second)),
            std::vector<std::string>{"request_id"});
}

TEST_F(VersionedHistoryTest, ConcurrentWritesOfAProjectItsProgrammeAndItsLinksAllSucceed) {
  for (const char* id : {"d1", "d2", "d3", "d4"}) {
    v1::CreateProjectRequest create;
    create.set_project_id(id);
    create.mutable_project()->set_title(id);
    create.mutable_project()->set_programme("programmes/history");
    create.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
    v1::Project created;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, create, &created).ok());
  }
  // Writes without etags that used to deadlock: a project beside its programme (the project's
  // list order follows the programme's), and links to a project beside writes of that project.
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 0; k < 5; ++k) {
        grpc::Status status;
        if (w % 4 == 0) {
          v1::UpdateProgrammeRequest request;
          request.mutable_programme()->set_name("programmes/history");
          request.mutable_programme()->set_display_order(w * 10 + k);
          request.mutable_update_mask()->add_paths("display_order");
          v1::Programme programme;
          status = Call(*stub_, &Stub::UpdateProgramme, request, &programme);
        } else if (w % 4 == 1) {
          v1::UpdateProjectRequest request;
          request.mutable_project()->set_name("projects/parent");
          request.mutable_project()->set_display_order(w * 10 + k);
          request.mutable_update_mask()->add_paths("display_order");
          v1::Project project;
          status = Call(*stub_, &Stub::UpdateProject, request, &project);
        } else {
          v1::UpdateProjectRequest request;
          request.mutable_project()->set_name(
              absl::StrCat("projects/d", w % 4 - 1 + (w > 3 ? 2 : 0)));
          request.mutable_project()->add_dependencies()->set_project("projects/parent");
          request.mutable_project()->set_display_order(k);
          request.mutable_update_mask()->add_paths("dependencies");
          request.mutable_update_mask()->add_paths("display_order");
          v1::Project project;
          status = Call(*stub_, &Stub::UpdateProject, request, &project);
        }
        if (!status.ok()) {
          ++failures;
          ADD_FAILURE() << status.error_code() << " " << status.error_message();
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures, 0);
  const std::string order = service_.QueryValue(
      "SELECT CONCAT(p.programme_order, '=', pr.display_order) FROM projects p "
      "JOIN programmes pr ON pr.id = p.programme_id WHERE p.id = 'parent'");
  EXPECT_EQ(order.substr(0, order.find('=')), order.substr(order.find('=') + 1))
      << "the project's list order follows its programme's";
}

TEST_F(VersionedHistoryTest, FieldsTheSchemaDoesNotKnowAreNotStored) {
  v1::CreateProjectRequest create;
  create.set_project_id("unknown-fields");
  create.mutable_project()->set_title("Unknown fields");
  create.mutable_project()->set_programme("programmes/history");
  create.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
  create.mutable_project()
      ->GetReflection()
      ->MutableUnknownFields(create.mutable_project())
      ->AddLengthDelimited(99, std::string(100000, 'x'));
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, create, &project).ok());
  v1::GetProjectRequest get;
  get.set_name("projects/unknown-fields");
  ASSERT_TRUE(Call(*stub_, &Stub::GetProject, get, &project).ok());
  EXPECT_TRUE(project.GetReflection()->GetUnknownFields(project).empty());
  EXPECT_LT(std::stoi(service_.QueryValue(
                "SELECT LENGTH(body) FROM projects WHERE id = 'unknown-fields'")),
            1000);
}

TEST_F(VersionedHistoryTest, ABackDatedWriteIsCheckedOnItsOwnDayToo) {
  v1::UpdateProjectRequest later;  // the current state: no dependencies from 2020
  later.mutable_project()->set_name("projects/parent");
  later.mutable_project()->set_title("Parent");
  later.mutable_update_mask()->add_paths("dependencies");
  *later.mutable_effective_date() = DateOf(absl::CivilDay(2020, 1, 1));
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, later, &project).ok());
  v1::UpdateProjectRequest ghost;  // 2018's dependency names a project that does not exist
  ghost.mutable_project()->set_name("projects/parent");
  ghost.mutable_project()->add_dependencies()->set_project("projects/ghost");
  ghost.mutable_update_mask()->add_paths("dependencies");
  *ghost.mutable_effective_date() = DateOf(absl::CivilDay(2018, 1, 1));
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::UpdateProject, ghost, &project)),
            std::vector<std::string>{"project.dependencies[0].project"});
}

TEST_F(VersionedHistoryTest, ReferencesAreCheckedOnEveryDayAWriteGoverns) {
  v1::CreateProgrammeRequest other;
  other.set_programme_id("other");
  other.mutable_programme()->set_title("Other");
  *other.mutable_effective_date() = DateOf(absl::CivilDay(1990, 1, 1));
  v1::Programme programme;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProgramme, other, &programme).ok());
  auto create = [&](const std::string& id, absl::CivilDay day) {
    v1::CreateProjectRequest request;
    request.set_project_id(id);
    request.mutable_project()->set_title(id);
    request.mutable_project()->set_programme("programmes/history");
    request.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
    *request.mutable_effective_date() = DateOf(day);
    v1::Project project;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, request, &project).ok());
  };
  create("late", absl::CivilDay(2020, 1, 1));
  create("mover", absl::CivilDay(2000, 1, 1));
  create("child", absl::CivilDay(2000, 1, 1));
  v1::UpdateProjectRequest move;  // mover is in "other" from 2010 to 2015, then back
  move.mutable_project()->set_name("projects/mover");
  move.mutable_project()->set_programme("programmes/other");
  move.mutable_update_mask()->add_paths("programme");
  *move.mutable_effective_date() = DateOf(absl::CivilDay(2010, 1, 1));
  v1::Project project;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, move, &project).ok());
  move.mutable_project()->set_programme("programmes/history");
  *move.mutable_effective_date() = DateOf(absl::CivilDay(2015, 1, 1));
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, move, &project).ok());

  auto set = [&](const std::string& path, auto fill, absl::CivilDay day) {
    v1::UpdateProjectRequest request;
    request.mutable_project()->set_name("projects/child");
    fill(*request.mutable_project());
    request.mutable_update_mask()->add_paths(path);
    *request.mutable_effective_date() = DateOf(day);
    return Call(*stub_, &Stub::UpdateProject, request, &project);
  };
  // A dependency on a project that existed only later.
  EXPECT_EQ(ViolatedFields(set(
                "dependencies",
                [](v1::Project& p) { p.add_dependencies()->set_project("projects/late"); },
                absl::CivilDay(2012, 1, 1))),
            std::vector<std::string>{"project.dependencies[0].project"});
  // A parent in another programme on the days the write governs, though not now.
  EXPECT_EQ(ViolatedFields(set(
                "parent", [](v1::Project& p) { p.set_parent("projects/mover"); },
                absl::CivilDay(2011, 1, 1))),
            std::vector<std::string>{"project.parent"});
  // The same parent from 2005, until a change of the parent in 2006, is in the same programme
  // on every day it governs: accepted, whatever the parent's programme later.
  ASSERT_TRUE(set(
                  "parent", [](v1::Project& p) { p.clear_parent(); }, absl::CivilDay(2006, 1, 1))
                  .ok());
  const grpc::Status earlier = set(
      "parent", [](v1::Project& p) { p.set_parent("projects/mover"); }, absl::CivilDay(2005, 1, 1));
  EXPECT_TRUE(earlier.ok()) << earlier.error_message();
}

TEST_F(VersionedHistoryTest, NothingIsDatedBeforeItsProjectExists) {
  v1::CreateMilestoneRequest milestone;
  milestone.set_parent("projects/parent");
  milestone.set_milestone_id("early");
  milestone.mutable_milestone()->set_title("Early");
  *milestone.mutable_effective_date() = DateOf(absl::CivilDay(1989, 1, 1));
  v1::Milestone created;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateMilestone, milestone, &created)),
            std::vector<std::string>{"effective_date"});
  v1::CreateStatusUpdateRequest update;
  update.set_parent("projects/parent");
  *update.mutable_status_update()->mutable_as_of_date() = DateOf(absl::CivilDay(1989, 1, 1));
  update.mutable_status_update()->set_author("Office");
  update.mutable_status_update()->set_text("Before the project");
  v1::StatusUpdate entry;
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateStatusUpdate, update, &entry)),
            std::vector<std::string>{"status_update.as_of_date"});
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM milestones") +
                service_.QueryValue("SELECT COUNT(*) FROM status_updates"),
            "00");
}

TEST_F(VersionedHistoryTest, ChangesOfOneDayAreListedInTheOrderRecorded) {
  for (const char* id : {"b-first", "a-second"}) {  // ids in the other order
    v1::CreateMilestoneRequest create;
    create.set_parent("projects/parent");
    create.set_milestone_id(id);
    create.mutable_milestone()->set_title(id);
    create.mutable_milestone()->mutable_forecast()->set_text("May 2018");
    *create.mutable_effective_date() = DateOf(absl::CivilDay(2017, 1, 1));
    v1::Milestone milestone;
    ASSERT_TRUE(Call(*stub_, &Stub::CreateMilestone, create, &milestone).ok());
  }
  v1::ListMilestoneChangesRequest request;
  request.set_parent("projects/parent");
  v1::ListMilestoneChangesResponse response;
  ASSERT_TRUE(Call(*stub_, &Stub::ListMilestoneChanges, request, &response).ok());
  ASSERT_EQ(response.changes_size(), 2);
  EXPECT_EQ(response.changes(0).milestone(), "projects/parent/milestones/b-first");
  EXPECT_EQ(response.changes(1).milestone(), "projects/parent/milestones/a-second");
}

TEST_F(VersionedHistoryTest, RequestIdsAreKeptOrRefusedAsTheyAre) {
  v1::CreateProjectRequest create;
  create.set_project_id("first-answer");
  create.set_request_id("first-answer-1");
  create.mutable_project()->set_title("As created");
  create.mutable_project()->set_programme("programmes/history");
  create.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
  v1::Project first, retried;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, create, &first).ok());
  v1::UpdateProjectRequest rename;
  rename.mutable_project()->set_name("projects/first-answer");
  rename.mutable_project()->set_title("Renamed");
  rename.mutable_update_mask()->add_paths("title");
  v1::Project renamed;
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProject, rename, &renamed).ok());
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, create, &retried).ok());
  EXPECT_EQ(retried.title(), "As created") << "a retry gets what the first attempt answered";
  EXPECT_EQ(retried.etag(), first.etag());
  EXPECT_EQ(retried.create_time().nanos(), first.create_time().nanos());

  create.set_request_id("first-answer-1 ");  // would compare equal to the first in SQL
  EXPECT_EQ(ViolatedFields(Call(*stub_, &Stub::CreateProject, create, &retried)),
            std::vector<std::string>{"request_id"});

  // A caller's x-request-id as long as the server keeps reaches the audit event.
  const std::string long_id(common::kMaxRequestIdLength, 'r');
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", long_id);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  rename.mutable_project()->set_title("Renamed again");
  ASSERT_TRUE(stub_->UpdateProject(&context, rename, &renamed).ok());
  EXPECT_EQ(
      service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE request_id = '" + long_id + "'"),
      "1");
}

TEST_F(VersionedHistoryTest, ListsAsOfADayFollowTheProgrammeOrderOfThatDay) {
  v1::CreateProgrammeRequest programme;
  programme.set_programme_id("moves-up");
  programme.mutable_programme()->set_title("Moves up");
  programme.mutable_programme()->set_display_order(5);
  *programme.mutable_effective_date() = DateOf(absl::CivilDay(1990, 1, 1));
  v1::Programme created;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProgramme, programme, &created).ok());
  v1::CreateProjectRequest project;
  project.set_project_id("in-moves-up");
  project.mutable_project()->set_title("In moves up");
  project.mutable_project()->set_programme("programmes/moves-up");
  project.mutable_project()->set_state(v1::LIFECYCLE_STATE_PROPOSED);
  *project.mutable_effective_date() = DateOf(absl::CivilDay(1990, 1, 1));
  v1::Project in_moves_up;
  ASSERT_TRUE(Call(*stub_, &Stub::CreateProject, project, &in_moves_up).ok());
  v1::UpdateProgrammeRequest move;
  move.mutable_programme()->set_name("programmes/moves-up");
  move.mutable_programme()->set_display_order(-1);
  move.mutable_update_mask()->add_paths("display_order");
  *move.mutable_effective_date() = DateOf(absl::CivilDay(2020, 1, 1));
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateProgramme, move, &created).ok());
  auto first_listed = [&](std::optional<absl::CivilDay> day) {
    v1::ListProjectsRequest list;
    if (day) *list.mutable_as_of() = DateOf(*day);
    v1::ListProjectsResponse listed;
    EXPECT_TRUE(Call(*stub_, &Stub::ListProjects, list, &listed).ok());
    return listed.projects_size() > 0 ? listed.projects(0).name() : "";
  };
  EXPECT_EQ(first_listed(absl::CivilDay(2019, 1, 1)), "projects/parent");
  EXPECT_EQ(first_listed(absl::CivilDay(2021, 1, 1)), "projects/in-moves-up");
  EXPECT_EQ(first_listed(std::nullopt), "projects/in-moves-up");
}

// The schema before the kit (projects V0001 and V0002), filled as that release wrote it.
void FillTheOldSchema(common::DbConnection& db) {
  common::MigrationSet old{"projects", {}};
  const auto& all = ProjectsServiceDefinition().migrations();
  old.sources = {all[0], all[1]};
  ASSERT_TRUE(
      common::ApplyMigrations(db, {{"common", common::CommonMigrations()}, old}, absl::Seconds(10))
          .ok());
  auto body = [](v1::LifecycleState state) {
    v1::Project p;
    p.set_name("projects/athena");
    p.set_title("Athena");
    p.set_programme("programmes/ops");
    p.set_lead_force("forces/cambridgeshire");
    p.add_participating_forces("forces/cambridgeshire");
    p.add_participating_forces("forces/kent");
    p.set_state(state);
    return p.SerializeAsString();
  };
  auto run = [&](const std::string& sql, const std::vector<common::SqlParam>& params) {
    auto done = db.Execute(sql, params);
    ASSERT_TRUE(done.ok()) << sql << ": " << done.status();
  };
  run("INSERT INTO programmes (id, title, lead_force, display_order, revision, create_time) "
      "VALUES ('ops', 'Operational Support', 'forces/hertfordshire', 2, 1, '2016-05-01')",
      {});
  run("INSERT INTO projects (id, revision) VALUES ('athena', 3)", {});
  const char* version =
      "INSERT INTO project_versions (project_id, revision, effective_date, recorded_by, "
      "programme_id, lead_force, state, display_order, archived, body) "
      "VALUES ('athena', ?, ?, 'loader', 'ops', 'forces/cambridgeshire', ?, 0, ?, ?)";
  run(version, {int64_t{1}, std::string("2016-06-01"), int64_t{2}, int64_t{0},
                body(v1::LIFECYCLE_STATE_IN_DELIVERY)});
  run(version, {int64_t{2}, std::string("2018-05-21"), int64_t{3}, int64_t{0},
                body(v1::LIFECYCLE_STATE_LIVE)});
  run(version, {int64_t{3}, std::string("2019-01-01"), int64_t{3}, int64_t{1},
                body(v1::LIFECYCLE_STATE_LIVE)});
  for (int64_t revision : {1, 2, 3}) {
    for (const char* force : {"forces/cambridgeshire", "forces/kent"}) {
      run("INSERT INTO project_version_forces (project_id, revision, force_name) "
          "VALUES ('athena', ?, ?)",
          {revision, std::string(force)});
    }
  }
  run("INSERT INTO status_updates (project_id, as_of_date, author, text, rating, recorded_by) "
      "VALUES ('athena', '2017-06-30', 'Office', 'June', 1, 'loader'), "
      "('athena', '2018-01-31', 'Office', 'January', 3, 'loader')",
      {});
  run("INSERT INTO milestones (project_id, id, revision) VALUES ('athena', 'go-live', 2)", {});
  run("INSERT INTO milestone_versions (project_id, milestone_id, revision, effective_date, "
      "recorded_by, title, display_order, planned, forecast, actual, forecast_latest) VALUES "
      "('athena', 'go-live', 1, '2016-06-01', 'loader', 'Go live', 0, 'November 2017', "
      "'November 2017', NULL, '2017-11-30'), "
      "('athena', 'go-live', 2, '2017-09-01', 'loader', 'Go live', 0, 'November 2017', "
      "'May 2018', NULL, '2018-05-31')",
      {});
}

TEST(ProjectsMigration, KeepsWhatTheSchemaBeforeTheKitHeld) {
  RunningService service(ProjectsServiceDefinition(), FillTheOldSchema);
  auto stub = v1::ProjectsService::NewStub(service.channel());
  v1::GetProjectRequest get;
  get.set_name("projects/athena");
  v1::Project now;
  ASSERT_TRUE(Call(*stub, &Stub::GetProject, get, &now).ok());
  EXPECT_EQ(now.state(), v1::LIFECYCLE_STATE_LIVE);
  EXPECT_TRUE(now.archived());
  EXPECT_EQ(now.etag(), "\"3\"");
  EXPECT_EQ(now.participating_forces_size(), 2);
  EXPECT_EQ(now.latest_status().text(), "January");
  EXPECT_EQ(now.effective_date().year(), 2019);

  *get.mutable_as_of() = DateOf(absl::CivilDay(2017, 12, 14));
  v1::Project then;
  ASSERT_TRUE(Call(*stub, &Stub::GetProject, get, &then).ok());
  EXPECT_EQ(then.state(), v1::LIFECYCLE_STATE_IN_DELIVERY);
  EXPECT_FALSE(then.archived());
  EXPECT_EQ(then.latest_status().text(), "June");
  EXPECT_EQ(then.effective_date().year(), 2016);
  *get.mutable_as_of() = DateOf(absl::CivilDay(2016, 5, 31));
  EXPECT_EQ(Call(*stub, &Stub::GetProject, get, &then).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListMilestonesRequest milestones;
  milestones.set_parent("projects/athena");
  *milestones.mutable_as_of() = DateOf(absl::CivilDay(2017, 8, 31));
  v1::ListMilestonesResponse listed;
  ASSERT_TRUE(Call(*stub, &Stub::ListMilestones, milestones, &listed).ok());
  ASSERT_EQ(listed.milestones_size(), 1);
  EXPECT_EQ(listed.milestones(0).forecast().text(), "November 2017");
  milestones.clear_as_of();
  ASSERT_TRUE(Call(*stub, &Stub::ListMilestones, milestones, &listed).ok());
  EXPECT_EQ(listed.milestones(0).forecast().text(), "May 2018");
  EXPECT_EQ(listed.milestones(0).planned().text(), "November 2017");
  v1::ListMilestoneChangesRequest changes;
  changes.set_parent("projects/athena");
  changes.set_slipped_only(true);
  v1::ListMilestoneChangesResponse slips;
  ASSERT_TRUE(Call(*stub, &Stub::ListMilestoneChanges, changes, &slips).ok());
  ASSERT_EQ(slips.changes_size(), 1);
  EXPECT_EQ(slips.changes(0).to().text(), "May 2018");

  v1::ListProjectsRequest list;
  list.set_show_archived(true);
  v1::ListProjectsResponse projects;
  ASSERT_TRUE(Call(*stub, &Stub::ListProjects, list, &projects).ok());
  ASSERT_EQ(projects.projects_size(), 1);
  EXPECT_EQ(service.QueryValue("SELECT programme_order FROM projects WHERE id = 'athena'"), "2");

  // The migrated history takes new writes. Each version of the old schema held the whole
  // project, so it counts as a write of every field: a title dated 2017 holds until the next
  // migrated version (May 2018), which wrote the title it had then.
  v1::UpdateProjectRequest rename;
  rename.mutable_project()->set_name("projects/athena");
  rename.mutable_project()->set_title("Athena (BCH)");
  rename.mutable_update_mask()->add_paths("title");
  *rename.mutable_effective_date() = DateOf(absl::CivilDay(2017, 1, 1));
  ASSERT_TRUE(Call(*stub, &Stub::UpdateProject, rename, &now).ok());
  EXPECT_EQ(now.title(), "Athena");
  EXPECT_EQ(now.state(), v1::LIFECYCLE_STATE_LIVE);
  EXPECT_TRUE(now.archived());
  EXPECT_EQ(now.etag(), "\"4\"");
  *get.mutable_as_of() = DateOf(absl::CivilDay(2017, 12, 14));
  ASSERT_TRUE(Call(*stub, &Stub::GetProject, get, &then).ok());
  EXPECT_EQ(then.title(), "Athena (BCH)");
  EXPECT_EQ(then.state(), v1::LIFECYCLE_STATE_IN_DELIVERY);
  rename.clear_effective_date();  // today: after every migrated version
  ASSERT_TRUE(Call(*stub, &Stub::UpdateProject, rename, &now).ok());
  EXPECT_EQ(now.title(), "Athena (BCH)");

  v1::GetProgrammeRequest programme;
  programme.set_name("programmes/ops");
  v1::Programme ops;
  ASSERT_TRUE(Call(*stub, &Stub::GetProgramme, programme, &ops).ok());
  EXPECT_EQ(ops.lead_force(), "forces/hertfordshire");
  EXPECT_EQ(ops.effective_date().year(), 2016);
}

}  // namespace
}  // namespace bch::projects
