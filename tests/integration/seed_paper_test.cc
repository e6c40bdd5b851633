// The 13 projects and sub-projects of the December 2017 BCH paper
// (../shared/seed/collaboration-update-2017-12.txt) entered through the API, then read back with
// one portfolio call as of 14 December 2017: each row's narrative and dates as the paper states
// them, sub-projects under their parents, Athena's consortium and Public Contact's dependency.
// The data is this test's; the service knows nothing of BCH.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "projects_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::projects {
namespace {

using Stub = v1::ProjectsService::Stub;
using bch::testing::Day;

struct SeedMilestone {
  const char* id;
  const char* title;
  const char* forecast;  // or empty
  const char* actual;    // or empty
};

struct SeedProject {
  const char* id;
  const char* programme;
  const char* title;
  v1::LifecycleState state;
  const char* parent;      // or empty
  const char* depends_on;  // or empty
  const char* dependency_reason;
  const char* status;  // the paper's words, or empty for sub-projects without a row
  std::vector<SeedMilestone> milestones;
};

const std::vector<SeedProject>& Paper() {
  static const auto* const kProjects = new std::vector<SeedProject>{
      {"athena",
       "other",
       "Athena",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "",
       "",
       "Athena is being delivered as part of a wider 9 force consortium (the Eastern Region and "
       "Warwickshire/West Mercia). Go live is expected in May 2018 for BCH, with training "
       "underway for all staff at this time. Athena is a single investigative management system "
       "replacing investigation, intelligence, safeguarding, case and custody.",
       {{"go-live", "Go live for BCH", "May 2018", ""}}},
      {"able",
       "organisational-support",
       "Finance/Human Resources ERP System",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "",
       "",
       "ABLE is an integrated HR and finance system. The finance system went live in 2017, with "
       "the HR element due to go live in November 2018.",
       {}},
      {"able-finance",
       "organisational-support",
       "ABLE finance element",
       v1::LIFECYCLE_STATE_LIVE,
       "able",
       "",
       "",
       "",
       {{"go-live", "Go live", "", "2017"}}},
      {"able-hr",
       "organisational-support",
       "ABLE HR element",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "able",
       "",
       "",
       "",
       {{"go-live", "Go live", "November 2018", ""}}},
      {"hr-learning-development",
       "organisational-support",
       "Human Resources/Learning and Development",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "able",
       "making best use of ABLE outputs",
       "Work to making best use of ABLE outputs is ongoing, as is implementation of the PEQF and "
       "the Digital Learning System (DLS).",
       {}},
      {"ict",
       "organisational-support",
       "ICT",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "",
       "",
       "The collaborated target operating model is due to go live in Spring/Summer 2018.",
       {{"go-live", "Target operating model go live", "Spring/Summer 2018", ""}}},
      {"information-management",
       "organisational-support",
       "Information Management",
       v1::LIFECYCLE_STATE_LIVE,
       "",
       "athena",
       "the review follows Athena implementation",
       "The collaborated function went live in March 2017. A post-implementation review is "
       "scheduled for August 2018, following Athena implementation.",
       {{"go-live", "Go live", "", "March 2017"},
        {"post-implementation-review", "Post-implementation review", "August 2018", ""}}},
      {"public-contact",
       "operational-support",
       "Public Contact",
       v1::LIFECYCLE_STATE_PAUSED,
       "",
       "athena",
       "subject to a review post-delivery of Athena",
       "A collaborated strategic leadership team is in place. It was agreed in September 2016 "
       "that collaboration of Public Contact would be pushed back at least 2 years, subject to a "
       "review post-delivery of Athena.",
       {{"collaboration", "Collaboration of Public Contact", "not before September 2018", ""}}},
      {"esmcp",
       "operational-support",
       "ESMCP",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "",
       "",
       "This is the replacement for Airwave, and is not expected to go live before 2019.",
       {{"go-live", "Go live", "not before 2019", ""}}},
      {"digital-contact-mobilisation",
       "operational-support",
       "Digital Contact and Mobilisation",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "",
       "",
       "",
       "This is a collection of projects to improve digital access to policing services "
       "including online reporting of crime for the public and TuServ, a system allowing "
       "officers to create and update systems at crime scenes. Various go live dates exist "
       "throughout 2018.",
       {{"go-lives", "Go lives", "throughout 2018", ""}}},
      {"tuserv",
       "operational-support",
       "TuServ",
       v1::LIFECYCLE_STATE_IN_DELIVERY,
       "digital-contact-mobilisation",
       "",
       "",
       "",
       {}},
      {"criminal-justice-phase-2",
       "operational-support",
       "Criminal Justice Phase 2",
       v1::LIFECYCLE_STATE_LIVE,
       "",
       "",
       "",
       "The Administration of Justice collaborated department went live in June 2017.",
       {{"phase-2-go-live", "Phase 2 go live", "", "June 2017"}}},
      {"custody",
       "operational-support",
       "Custody",
       v1::LIFECYCLE_STATE_LIVE,
       "",
       "",
       "",
       "The people structure was implemented in March 2017. The project team will remain in "
       "place until March 2018.",
       {{"people-structure", "People structure implemented", "", "March 2017"},
        {"project-close", "Project team stands down", "March 2018", ""}}},
  };
  return *kProjects;
}

template <typename Request, typename Response>
void MustCall(Stub& stub,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
              const Request& request, Response* response) {
  const grpc::Status status = bch::testing::Call(stub, method, request, response);
  ASSERT_TRUE(status.ok()) << request.ShortDebugString() << ": " << status.error_message();
}

TEST(SeedPaper, TheDecember2017PortfolioReadsBackAsThePaperStatesIt) {
  bch::testing::RunningService service(ProjectsServiceDefinition());
  auto stub = v1::ProjectsService::NewStub(service.channel());
  const struct {
    const char* id;
    const char* title;
    const char* lead;
  } programmes[] = {{"organisational-support", "Organisational Support", "forces/cambridgeshire"},
                    {"operational-support", "Operational Support", "forces/hertfordshire"},
                    // The paper names no lead for "Other"; Athena is a consortium project.
                    {"other", "Other", ""}};
  for (int i = 0; i < 3; ++i) {
    v1::CreateProgrammeRequest request;
    request.set_programme_id(programmes[i].id);
    request.mutable_programme()->set_title(programmes[i].title);
    request.mutable_programme()->set_lead_force(programmes[i].lead);
    request.mutable_programme()->set_display_order(i + 1);
    *request.mutable_effective_date() = Day(2017, 1, 1);
    v1::Programme created;
    MustCall(*stub, &Stub::CreateProgramme, request, &created);
  }
  int order = 0;
  for (const SeedProject& seed : Paper()) {
    v1::CreateProjectRequest request;
    request.set_project_id(seed.id);
    request.set_request_id(absl::StrCat("seed-2017-12-", seed.id));
    *request.mutable_effective_date() = Day(2017, 1, 1);
    v1::Project& p = *request.mutable_project();
    p.set_title(seed.title);
    p.set_programme(absl::StrCat("programmes/", seed.programme));
    // The paper states no project's lead force: none is recorded.
    p.set_state(seed.state);
    p.set_display_order(++order);
    if (*seed.parent) p.set_parent(absl::StrCat("projects/", seed.parent));
    if (*seed.depends_on) {
      auto* dependency = p.add_dependencies();
      dependency->set_project(absl::StrCat("projects/", seed.depends_on));
      dependency->set_reason(seed.dependency_reason);
    }
    if (std::string(seed.id) == "athena") {
      p.set_consortium_note(
          "delivered as part of a wider 9 force consortium (the Eastern Region and "
          "Warwickshire/West Mercia)");
      for (const char* force : {"bedfordshire", "cambridgeshire", "hertfordshire", "norfolk",
                                "suffolk", "essex", "kent", "warwickshire", "west-mercia"}) {
        p.add_participating_forces(absl::StrCat("forces/", force));
      }
    }
    v1::Project created;
    MustCall(*stub, &Stub::CreateProject, request, &created);
    for (const SeedMilestone& m : seed.milestones) {
      v1::CreateMilestoneRequest milestone;
      milestone.set_parent(created.name());
      milestone.set_milestone_id(m.id);
      milestone.mutable_milestone()->set_title(m.title);
      if (*m.forecast) milestone.mutable_milestone()->mutable_forecast()->set_text(m.forecast);
      if (*m.actual) milestone.mutable_milestone()->mutable_actual()->set_text(m.actual);
      *milestone.mutable_effective_date() = Day(2017, 1, 1);
      v1::Milestone made;
      MustCall(*stub, &Stub::CreateMilestone, milestone, &made);
    }
    for (const auto& [date, text] : {std::pair{Day(2017, 12, 14), std::string(seed.status)},
                                     std::pair{Day(2018, 6, 30), std::string("A later entry.")}}) {
      if (text.empty() || !*seed.status) continue;
      v1::CreateStatusUpdateRequest update;
      update.set_parent(created.name());
      *update.mutable_status_update()->mutable_as_of_date() = date;
      update.mutable_status_update()->set_author("BCH Portfolio Office");
      update.mutable_status_update()->set_text(text);
      v1::StatusUpdate made;
      MustCall(*stub, &Stub::CreateStatusUpdate, update, &made);
    }
  }

  v1::GetPortfolioRequest request;
  *request.mutable_as_of() = Day(2017, 12, 14);
  v1::Portfolio portfolio;
  MustCall(*stub, &Stub::GetPortfolio, request, &portfolio);
  ASSERT_EQ(portfolio.programmes_size(), 3);
  EXPECT_EQ(portfolio.programmes(0).title(), "Organisational Support");
  EXPECT_EQ(portfolio.programmes(2).title(), "Other");
  ASSERT_EQ(portfolio.entries_size(), 13);

  std::map<std::string, const v1::PortfolioEntry*> by_id;
  for (const auto& entry : portfolio.entries()) {
    by_id[std::string(common::IdOfName(entry.project().name()))] = &entry;
  }
  for (const SeedProject& seed : Paper()) {
    SCOPED_TRACE(seed.id);
    ASSERT_TRUE(by_id.contains(seed.id));
    const v1::PortfolioEntry& entry = *by_id[seed.id];
    EXPECT_EQ(entry.project().title(), seed.title);
    EXPECT_EQ(entry.project().programme(), absl::StrCat("programmes/", seed.programme));
    EXPECT_EQ(entry.project().parent(), *seed.parent ? absl::StrCat("projects/", seed.parent) : "");
    EXPECT_EQ(entry.project().latest_status().text(), seed.status)
        << "the paper's words, not the later ones";
    ASSERT_EQ(entry.milestones_size(), static_cast<int>(seed.milestones.size()));
    for (size_t i = 0; i < seed.milestones.size(); ++i) {
      EXPECT_EQ(entry.milestones(i).forecast().text(), seed.milestones[i].forecast);
      EXPECT_EQ(entry.milestones(i).actual().text(), seed.milestones[i].actual);
    }
  }
  const v1::Project& athena = by_id["athena"]->project();
  EXPECT_EQ(athena.participating_forces_size(), 9);
  EXPECT_NE(athena.consortium_note().find("9 force consortium"), std::string::npos);
  const v1::Project& public_contact = by_id["public-contact"]->project();
  EXPECT_EQ(public_contact.state(), v1::LIFECYCLE_STATE_PAUSED);
  ASSERT_EQ(public_contact.dependencies_size(), 1);
  EXPECT_EQ(public_contact.dependencies(0).project(), "projects/athena");
  EXPECT_EQ(public_contact.dependencies(0).reason(), "subject to a review post-delivery of Athena");
  // Dates sort by their earliest day: "not before 2019" is after "throughout 2018".
  EXPECT_EQ(by_id["esmcp"]->milestones(0).forecast().earliest().year(), 2019);
  EXPECT_FALSE(by_id["esmcp"]->milestones(0).forecast().has_latest());

  // Nothing existed before the effective date of the load.
  *request.mutable_as_of() = Day(2016, 12, 31);
  MustCall(*stub, &Stub::GetPortfolio, request, &portfolio);
  EXPECT_EQ(portfolio.entries_size(), 0);
}

}  // namespace
}  // namespace bch::projects
