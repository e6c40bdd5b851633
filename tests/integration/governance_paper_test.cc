// Sections 3 and 5 of the December 2017 BCH paper (tests/fixtures/collaboration-update-2017-12.txt,
// a copy of ../shared/seed) entered through the API, then read back with one
// GetGovernanceSummary call as of 14 December 2017 and checked against the paper's own words:
// the three forces, the aim and objectives, the three areas with their lead forces and units in
// order, the Seven Forces and the nine-force consortium, the memorandums of understanding and the
// 2017 governance review. The data is this test's; the service knows nothing of BCH. What the
// paper does not state (commissioners, dates of agreements, the model, recommendations) is
// marked as made up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "governance_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::governance {
namespace {

using Stub = v1::GovernanceService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::RunningService;
using ::testing::ElementsAre;

// The paper's text with every run of white space made one space.
std::string PaperText() {
  std::ifstream file(BCH_SEED_PAPER);
  std::stringstream text;
  text << file.rdbuf();
  const std::vector<std::string> words =
      absl::StrSplit(text.str(), absl::ByAnyChar(" \n\r\t"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

struct SeedForce {
  const char* id;
  const char* display_name;
  const char* short_name;
  const char* commissioner;   // made up where empty in the paper: none are named
  const char* chief_officer;  // likewise
};

const std::vector<SeedForce>& Forces() {
  static const auto* const kForces = new std::vector<SeedForce>{
      {"bedfordshire", "Bedfordshire Police", "Bedfordshire", "Kathryn Holloway", "Jon Boutcher"},
      {"cambridgeshire", "Cambridgeshire Constabulary", "Cambridgeshire", "Jason Ablewhite",
       "Alec Wood"},
      {"hertfordshire", "Hertfordshire Constabulary", "Hertfordshire", "David Lloyd",
       "Charlie Hall"},
      {"norfolk", "Norfolk Constabulary", "Norfolk", "", ""},
      {"suffolk", "Suffolk Constabulary", "Suffolk", "", ""},
      {"essex", "Essex Police", "Essex", "", ""},
      {"kent", "Kent Police", "Kent", "", ""},
      {"warwickshire", "Warwickshire Police", "Warwickshire", "", ""},
      {"west-mercia", "West Mercia Police", "West Mercia", "", ""}};
  return *kForces;
}

struct SeedArea {
  const char* id;
  const char* title;
  const char* lead;
  std::vector<const char*> units;
};

const std::vector<SeedArea>& Areas() {
  static const auto* const kAreas = new std::vector<SeedArea>{
      {"jps",
       "Joint Protective Services",
       "bedfordshire",
       {"Armed Policing Unit", "Cameras, Tickets and Collisions", "Civil Contingencies Unit",
        "Dog Unit", "Major Crime Unit", "National Police Air Service",
        "Operational Planning Support Unit", "Roads Policing Unit",
        "Automatic Number Plate Recognition (ANPR)", "Forensic Collision Investigation Unit",
        "Scientific Services Unit"}},
      {"oss",
       "Organisational Support Services",
       "cambridgeshire",
       {"Professional Standards", "Human Resources", "Information Management", "ICT"}},
      {"ops",
       "Operational Support Services",
       "hertfordshire",
       {"Criminal Justice", "Custody", "Digital Contact and Mobilisation", "Public Contact"}}};
  return *kAreas;
}

const std::vector<std::string>& Objectives() {
  static const auto* const kObjectives = new std::vector<std::string>{
      "To provide effective and efficient operational and organisational services at reduced "
      "cost.",
      "To deliver a target operating model which protects and enables local policing in each "
      "force area by sharing organisational and operational support services.",
      "To provide agreed levels of service to support frontline policing whilst meeting the "
      "funding challenge.",
      "To maintain adequate provision of organisational and operational support services through "
      "collaboration. Service delivery in shared areas will be measured and improved against "
      "agreed Collaboration Service Agreements.",
      "To assist in achieving the aims contained within each PCC’s Plan whilst also having regard "
      "to the requirements of the Strategic Policing Requirement."};
  return *kObjectives;
}

// Enters the paper's sections 3 and 5 through the API.
void EnterThePaper(Stub& stub) {
  for (const SeedForce& seed : Forces()) {
    v1::CreateForceRequest request;
    request.set_force_id(seed.id);
    request.mutable_force()->set_display_name(seed.display_name);
    request.mutable_force()->set_short_name(seed.short_name);
    request.mutable_force()->set_commissioner(seed.commissioner);
    request.mutable_force()->set_chief_officer(seed.chief_officer);
    request.mutable_force()->set_chief_officer_title("Chief Constable");
    *request.mutable_effective_date() = Day(2012, 11, 22);  // made up
    v1::Force force;
    ASSERT_TRUE(Call(stub, &Stub::CreateForce, request, &force).ok()) << seed.id;
  }
  v1::UpdateForceRequest chief;  // a later chief constable, to be read past (made up)
  chief.mutable_force()->set_name("forces/cambridgeshire");
  chief.mutable_force()->set_chief_officer("Nick Dean");
  chief.mutable_update_mask()->add_paths("chief_officer");
  *chief.mutable_effective_date() = Day(2018, 7, 1);
  v1::Force force;
  ASSERT_TRUE(Call(stub, &Stub::UpdateForce, chief, &force).ok());

  const auto alliance = [&](const std::string& id, const std::string& name, v1::AllianceType type,
                            size_t members) {
    v1::CreateAllianceRequest request;
    request.set_alliance_id(id);
    request.mutable_alliance()->set_display_name(name);
    request.mutable_alliance()->set_type(type);
    for (size_t i = 0; i < members; ++i) {
      request.mutable_alliance()->add_members(absl::StrCat("forces/", Forces()[i].id));
    }
    *request.mutable_effective_date() = Day(2013, 1, 1);  // made up
    return request;
  };
  v1::Alliance created;
  ASSERT_TRUE(
      Call(stub, &Stub::CreateAlliance,
           alliance("seven-forces", "Seven Forces", v1::ALLIANCE_TYPE_REGIONAL_COLLABORATION, 7),
           &created)
          .ok());
  v1::CreateAllianceRequest athena =
      alliance("athena-consortium", "Athena consortium", v1::ALLIANCE_TYPE_PROJECT_CONSORTIUM, 9);
  athena.mutable_alliance()->add_delivers("projects/athena");
  ASSERT_TRUE(Call(stub, &Stub::CreateAlliance, athena, &created).ok());
  v1::CreateAllianceRequest bch =
      alliance("bch", "Bedfordshire, Cambridgeshire and Hertfordshire Strategic Alliance",
               v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE, 3);
  bch.mutable_alliance()->set_short_name("BCH");
  bch.mutable_alliance()->set_aim(
      "by 2017, for frontline local policing services in Bedfordshire, Cambridgeshire and "
      "Hertfordshire to be enabled by the best people, processes, technology and culture, with "
      "all protective, operational support and organisational support services being delivered "
      "in a shared services model with increased automation, self-service and economy.");
  for (const std::string& objective : Objectives())
    bch.mutable_alliance()->add_objectives(objective);
  bch.mutable_alliance()->set_legal_basis(
      "Sections 22A to 23I of the Police Act 1996, as amended by the Policing and Crime Act 2009 "
      "and the Police Reform and Social Responsibility Act 2011");
  bch.mutable_alliance()->add_part_of("alliances/seven-forces");
  bch.mutable_alliance()->add_part_of("alliances/athena-consortium");
  ASSERT_TRUE(Call(stub, &Stub::CreateAlliance, bch, &created).ok());

  for (size_t i = 0; i < Areas().size(); ++i) {
    const SeedArea& seed = Areas()[i];
    v1::CreateCollaborationAreaRequest request;
    request.set_parent("alliances/bch");
    request.set_area_id(seed.id);
    request.mutable_area()->set_display_name(seed.title);
    request.mutable_area()->set_lead_force(absl::StrCat("forces/", seed.lead));
    for (const char* unit : seed.units) {
      // Information Management joined in March 2017 (the paper's 4.1); the rest earlier.
      if (std::string(unit) != "Information Management") request.mutable_area()->add_units(unit);
    }
    request.mutable_area()->set_display_order(static_cast<int>(i));
    *request.mutable_effective_date() = Day(2013, 1, 1);
    v1::CollaborationArea area;
    ASSERT_TRUE(Call(stub, &Stub::CreateCollaborationArea, request, &area).ok()) << seed.id;
  }
  v1::UpdateCollaborationAreaRequest joined;
  joined.mutable_area()->set_name("alliances/bch/areas/oss");
  for (const char* unit : Areas()[1].units) joined.mutable_area()->add_units(unit);
  joined.mutable_update_mask()->add_paths("units");
  *joined.mutable_effective_date() = Day(2017, 3, 1);
  v1::CollaborationArea area;
  ASSERT_TRUE(Call(stub, &Stub::UpdateCollaborationArea, joined, &area).ok());

  v1::CreateAgreementRequest mou;  // the paper's 3.2; title and dates made up
  mou.set_parent("alliances/bch");
  mou.set_agreement_id("strategic-mou");
  mou.mutable_agreement()->set_type(v1::AGREEMENT_TYPE_MEMORANDUM_OF_UNDERSTANDING);
  mou.mutable_agreement()->set_title("BCH strategic alliance memorandum of understanding");
  mou.mutable_agreement()->set_objective(
      "To collaborate under the broad headings of Joint Protective Services, Organisational "
      "Support Services and Operational Support Services.");
  for (size_t i = 0; i < 3; ++i) {
    for (auto role : {v1::PARTY_ROLE_POLICING_BODY, v1::PARTY_ROLE_CHIEF_OFFICER}) {
      v1::AgreementParty& party = *mou.mutable_agreement()->add_parties();
      party.set_force(absl::StrCat("forces/", Forces()[i].id));
      party.set_role(role);
    }
  }
  *mou.mutable_agreement()->mutable_commencement_date() = Day(2013, 1, 1);
  *mou.mutable_agreement()->mutable_review_date() = Day(2018, 1, 1);
  mou.mutable_agreement()->set_publication(v1::PUBLICATION_IN_FULL);
  *mou.mutable_effective_date() = Day(2013, 1, 1);
  v1::Agreement agreement;
  ASSERT_TRUE(Call(stub, &Stub::CreateAgreement, mou, &agreement).ok());
  mou.set_agreement_id("ended-mou");  // one that ended before the paper (made up)
  *mou.mutable_agreement()->mutable_end_date() = Day(2016, 1, 1);
  mou.mutable_agreement()->clear_review_date();
  ASSERT_TRUE(Call(stub, &Stub::CreateAgreement, mou, &agreement).ok());

  // The governance model after the review (made up: the paper shows it as a picture).
  for (const auto& [id, name, reports_to] :
       {std::tuple{"jcob", "Joint Chief Officer Board", ""},
        std::tuple{"bcb", "Business Coordination Board", "jcob"},
        std::tuple{"portfolio-board", "BCH Portfolio Board", "bcb"}}) {
    v1::CreateGovernanceBodyRequest request;
    request.set_parent("alliances/bch");
    request.set_body_id(id);
    request.mutable_body()->set_display_name(name);
    request.mutable_body()->set_type(v1::BODY_TYPE_BOARD);
    if (*reports_to != '\0') {
      request.mutable_body()->set_reports_to(absl::StrCat("alliances/bch/bodies/", reports_to));
    }
    *request.mutable_effective_date() = Day(2017, 9, 1);
    v1::GovernanceBody body;
    ASSERT_TRUE(Call(stub, &Stub::CreateGovernanceBody, request, &body).ok()) << id;
  }

  v1::CreateReviewRequest review;  // the paper's 5.1; its recommendations made up
  review.set_parent("alliances/bch");
  review.set_review_id("concerto-2017");
  review.mutable_review()->set_title("Concerto Review of BCH governance");
  review.mutable_review()->set_reviewer("Concerto");
  *review.mutable_review()->mutable_report_date() = Day(2017, 5, 1);
  *review.mutable_effective_date() = Day(2017, 5, 1);
  v1::Review created_review;
  ASSERT_TRUE(Call(stub, &Stub::CreateReview, review, &created_review).ok());
  for (const auto& [id, due, status] :
       {std::tuple{"r1", Day(2017, 9, 1), v1::RECOMMENDATION_STATUS_IMPLEMENTED},
        std::tuple{"r2", Day(2017, 11, 30), v1::RECOMMENDATION_STATUS_IN_PROGRESS},
        std::tuple{"r3", Day(2018, 3, 31), v1::RECOMMENDATION_STATUS_OPEN}}) {
    v1::CreateRecommendationRequest request;
    request.set_parent("alliances/bch/reviews/concerto-2017");
    request.set_recommendation_id(id);
    request.mutable_recommendation()->set_text(absl::StrCat("Recommendation ", id));
    *request.mutable_recommendation()->mutable_due_date() = due;
    request.mutable_recommendation()->set_status(status);
    *request.mutable_effective_date() = Day(2017, 5, 1);
    v1::Recommendation recommendation;
    ASSERT_TRUE(Call(stub, &Stub::CreateRecommendation, request, &recommendation).ok()) << id;
  }
}

// The position of `text` in `paper` at or after `from`; fails the test when absent.
size_t Find(const std::string& paper, const std::string& text, size_t from = 0) {
  const size_t at = paper.find(text, from);
  EXPECT_NE(at, std::string::npos) << "the paper does not say: " << text;
  return at == std::string::npos ? from : at;
}

// "A, B and C".
std::string InWords(const std::vector<std::string>& items) {
  if (items.size() < 2) return absl::StrJoin(items, "");
  return absl::StrCat(absl::StrJoin(items.begin(), items.end() - 1, ", "), " and ", items.back());
}

TEST(GovernancePaper, SectionsThreeAndFiveReadBackAsThePaperStatesThem) {
  RunningService service(GovernanceServiceDefinition());
  auto stub = v1::GovernanceService::NewStub(service.channel());
  ASSERT_NO_FATAL_FAILURE(EnterThePaper(*stub));
  v1::GetGovernanceSummaryRequest request;
  request.set_alliance("alliances/bch");
  *request.mutable_as_of() = Day(2017, 12, 14);
  v1::GovernanceSummary summary;
  ASSERT_TRUE(Call(*stub, &Stub::GetGovernanceSummary, request, &summary).ok());
  const std::string paper = PaperText();

  // The forces, in the paper's heading, and their chiefs as of the day.
  std::vector<std::string> full_names, short_names;
  for (const v1::Force& force : summary.members()) {
    full_names.push_back(force.display_name());
    short_names.push_back(force.short_name());
  }
  Find(paper, InWords(full_names));
  EXPECT_EQ(summary.members(1).chief_officer(), "Alec Wood") << "as of the day, not 2018's";
  // 3.2: the memorandums of understanding, signed by each PCC and chief constable.
  Find(paper, absl::StrCat("Chief Constables of ", InWords(short_names),
                           " have signed Memorandums of Understanding"));
  ASSERT_EQ(summary.agreements_in_force_size(), 1) << "the ended one is not in force";
  EXPECT_EQ(summary.agreements_in_force(0).type(), v1::AGREEMENT_TYPE_MEMORANDUM_OF_UNDERSTANDING);
  EXPECT_EQ(summary.agreements_in_force(0).parties_size(), 2 * summary.members_size());
  // 3.3 and 3.4: the aim and the objectives in order.
  Find(paper, absl::StrCat("The aim of the strategic alliance of ", summary.alliance().short_name(),
                           " is, ", summary.alliance().aim()));
  size_t at = Find(paper, "The agreed objectives of the strategic alliance are to:");
  for (const std::string& objective : summary.alliance().objectives()) {
    at = Find(paper, absl::StrCat("• ", objective), at);
  }
  // 3.5 to 3.7: each area led by its force, its units in order.
  ASSERT_EQ(summary.areas_size(), 3);
  for (const v1::CollaborationArea& area : summary.areas()) {
    const auto lead =
        std::find_if(summary.members().begin(), summary.members().end(),
                     [&](const v1::Force& f) { return f.name() == area.lead_force(); });
    ASSERT_NE(lead, summary.members().end()) << area.name();
    at = Find(paper, absl::StrCat(area.display_name(), " is led by ", lead->display_name(),
                                  ", and includes"));
    const size_t paragraph_end = paper.find(" 3.", at);
    for (const std::string& unit : area.units()) {
      at = Find(paper, unit, at);
      EXPECT_LT(at, paragraph_end)
          << unit << " is not in " << area.display_name() << "'s paragraph";
    }
  }
  EXPECT_EQ(summary.areas(1).units_size(), 4) << "Information Management joined in March 2017";
  // 3.9: the Seven Forces of the Eastern Region; Athena's nine-force consortium.
  ASSERT_EQ(summary.wider_collaborations_size(), 2);
  const v1::Alliance& seven = summary.wider_collaborations(0);
  std::vector<std::string> counties;
  for (const std::string& member : seven.members()) {
    const auto force = std::find_if(Forces().begin(), Forces().end(), [&](const SeedForce& f) {
      return member == absl::StrCat("forces/", f.id);
    });
    counties.push_back(force->short_name);
  }
  Find(paper, absl::StrCat("covers the counties of ", InWords(counties), " (the “Seven Forces”)"));
  EXPECT_EQ(seven.members_size(), 7);
  const v1::Alliance& athena = summary.wider_collaborations(1);
  Find(paper, absl::StrCat("wider ", athena.members_size(), " force consortium"));
  EXPECT_THAT(athena.delivers(), ElementsAre("projects/athena"));
  // 5.1: the review, and where its recommendations stood on the day.
  ASSERT_EQ(summary.reviews_size(), 1);
  const v1::ReviewStatus& review = summary.reviews(0);
  Find(paper, absl::StrCat("independent ", review.review().title(), " in ",
                           review.review().report_date().year()));
  EXPECT_EQ(review.recommendations_size(), 3);
  EXPECT_EQ(review.open_count(), 2);
  EXPECT_EQ(review.overdue_count(), 1) << "r2 was due at the end of November";
  // The model as of the day, as a tree.
  ASSERT_EQ(summary.governance_model().roots_size(), 1);
  const v1::GovernanceModelNode& top = summary.governance_model().roots(0);
  EXPECT_EQ(top.body().display_name(), "Joint Chief Officer Board");
  ASSERT_EQ(top.reports_size(), 1);
  EXPECT_EQ(top.reports(0).reports(0).body().display_name(), "BCH Portfolio Board");

  // Before the model and the review existed, the summary says so by leaving them out.
  *request.mutable_as_of() = Day(2016, 6, 1);
  ASSERT_TRUE(Call(*stub, &Stub::GetGovernanceSummary, request, &summary).ok());
  EXPECT_EQ(summary.governance_model().roots_size(), 0);
  EXPECT_EQ(summary.reviews_size(), 0);
  EXPECT_EQ(summary.areas(1).units_size(), 3);
  EXPECT_EQ(summary.agreements_in_force_size(), 1) << "the ended MoU ended in January 2016";
  *request.mutable_as_of() = Day(2012, 1, 1);
  EXPECT_EQ(Call(*stub, &Stub::GetGovernanceSummary, request, &summary).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace bch::governance
