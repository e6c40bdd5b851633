// The governance service's children of an alliance over real gRPC against a real MariaDB:
// collaboration areas whose units and lead forces read right as of any day (and whose lead force
// is a member on every day, whichever side changes); agreements whose variations are kept in
// order and whose rules between fields hold on every state; governance bodies read as a tree as
// of any day that never forms a cycle, even through a back-dated change; reviews whose open and
// overdue recommendations are listed as of any day.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "governance_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::governance {
namespace {

using Stub = v1::GovernanceService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// The service with forces bedfordshire, cambridgeshire, hertfordshire and kent (from 2010) and
// alliances/bch of the first three (from 2015-04-01).
class AllianceTest : public ::testing::Test {
 protected:
  AllianceTest() : service_(GovernanceServiceDefinition()), stub_(Stub(service_.channel())) {
    for (const char* id : {"bedfordshire", "cambridgeshire", "hertfordshire", "kent"}) {
      v1::CreateForceRequest request;
      request.set_force_id(id);
      request.mutable_force()->set_display_name(std::string(id) + " Constabulary");
      *request.mutable_effective_date() = Day(2010, 1, 1);
      v1::Force force;
      EXPECT_TRUE(Call(stub_, &Stub::CreateForce, request, &force).ok()) << id;
    }
    v1::CreateAllianceRequest request;
    request.set_alliance_id("bch");
    request.mutable_alliance()->set_display_name("BCH Strategic Alliance");
    request.mutable_alliance()->set_type(v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE);
    for (const char* member : {"bedfordshire", "cambridgeshire", "hertfordshire"}) {
      request.mutable_alliance()->add_members(std::string("forces/") + member);
    }
    *request.mutable_effective_date() = Day(2015, 4, 1);
    v1::Alliance alliance;
    EXPECT_TRUE(Call(stub_, &Stub::CreateAlliance, request, &alliance).ok());
  }

  // Sets alliances/bch's members from `day` on.
  grpc::Status SetMembers(const std::vector<std::string>& ids, google::type::Date day) {
    v1::UpdateAllianceRequest update;
    update.mutable_alliance()->set_name("alliances/bch");
    for (const std::string& id : ids) update.mutable_alliance()->add_members("forces/" + id);
    update.mutable_update_mask()->add_paths("members");
    *update.mutable_effective_date() = day;
    v1::Alliance alliance;
    return Call(stub_, &Stub::UpdateAlliance, update, &alliance);
  }

  static v1::CreateCollaborationAreaRequest Area(const std::string& id, const std::string& lead,
                                                 const std::vector<std::string>& units,
                                                 google::type::Date day) {
    v1::CreateCollaborationAreaRequest request;
    request.set_parent("alliances/bch");
    request.set_area_id(id);
    request.mutable_area()->set_display_name(id);
    if (!lead.empty()) request.mutable_area()->set_lead_force("forces/" + lead);
    for (const std::string& unit : units) request.mutable_area()->add_units(unit);
    *request.mutable_effective_date() = day;
    return request;
  }

  // Creates a governance body of alliances/bch reporting to `reports_to` ("" for none).
  grpc::Status CreateBody(const std::string& id, const std::string& reports_to, int order,
                          google::type::Date day) {
    v1::CreateGovernanceBodyRequest request;
    request.set_parent("alliances/bch");
    request.set_body_id(id);
    request.mutable_body()->set_display_name(id);
    request.mutable_body()->set_type(v1::BODY_TYPE_BOARD);
    if (!reports_to.empty()) {
      request.mutable_body()->set_reports_to("alliances/bch/bodies/" + reports_to);
    }
    request.mutable_body()->set_display_order(order);
    *request.mutable_effective_date() = day;
    v1::GovernanceBody body;
    return Call(stub_, &Stub::CreateGovernanceBody, request, &body);
  }

  // Sets a body's reporting line from `day` on.
  grpc::Status ReportTo(const std::string& id, const std::string& reports_to,
                        google::type::Date day) {
    v1::UpdateGovernanceBodyRequest update;
    update.mutable_body()->set_name("alliances/bch/bodies/" + id);
    if (!reports_to.empty()) {
      update.mutable_body()->set_reports_to("alliances/bch/bodies/" + reports_to);
    }
    update.mutable_update_mask()->add_paths("reports_to");
    *update.mutable_effective_date() = day;
    v1::GovernanceBody body;
    return Call(stub_, &Stub::UpdateGovernanceBody, update, &body);
  }

  // The model as of `day`, one line per body: its id indented two spaces per level.
  std::vector<std::string> Model(google::type::Date day) {
    v1::GetGovernanceModelRequest request;
    request.set_parent("alliances/bch");
    *request.mutable_as_of() = day;
    v1::GovernanceModel model;
    EXPECT_TRUE(Call(stub_, &Stub::GetGovernanceModel, request, &model).ok());
    std::vector<std::string> lines;
    const std::function<void(const v1::GovernanceModelNode&, int)> add =
        [&](const v1::GovernanceModelNode& node, int depth) {
          const std::string& name = node.body().name();
          lines.push_back(std::string(2 * depth, ' ') + name.substr(name.rfind('/') + 1));
          for (const auto& child : node.reports()) add(child, depth + 1);
        };
    for (const auto& root : model.roots()) add(root, 0);
    return lines;
  }

  RunningService service_;
  Stub stub_;
};

TEST_F(AllianceTest, AreasUnitsReadRightAsOfAnyDay) {
  v1::CollaborationArea area;
  auto jps = Area("jps", "bedfordshire", {"Armed Policing Unit", "Dog Unit"}, Day(2015, 4, 1));
  jps.mutable_area()->set_display_order(1);
  ASSERT_TRUE(Call(stub_, &Stub::CreateCollaborationArea, jps, &area).ok());
  EXPECT_EQ(area.name(), "alliances/bch/areas/jps");
  auto oss = Area("oss", "cambridgeshire", {"Professional Standards"}, Day(2016, 1, 1));
  oss.mutable_area()->set_display_order(2);
  ASSERT_TRUE(Call(stub_, &Stub::CreateCollaborationArea, oss, &area).ok());

  v1::UpdateCollaborationAreaRequest update;  // a unit joins from June 2017
  update.mutable_area()->set_name("alliances/bch/areas/jps");
  for (const char* unit : {"Armed Policing Unit", "Dog Unit", "Major Crime Unit"}) {
    update.mutable_area()->add_units(unit);
  }
  update.mutable_update_mask()->add_paths("units");
  *update.mutable_effective_date() = Day(2017, 6, 1);
  ASSERT_TRUE(Call(stub_, &Stub::UpdateCollaborationArea, update, &area).ok());
  EXPECT_EQ(area.lead_force(), "forces/bedfordshire") << "outside the mask";

  v1::GetCollaborationAreaRequest get;
  get.set_name("alliances/bch/areas/jps");
  *get.mutable_as_of() = Day(2017, 5, 31);
  ASSERT_TRUE(Call(stub_, &Stub::GetCollaborationArea, get, &area).ok());
  EXPECT_THAT(area.units(), ElementsAre("Armed Policing Unit", "Dog Unit"));
  *get.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(stub_, &Stub::GetCollaborationArea, get, &area).ok());
  EXPECT_THAT(area.units(), ElementsAre("Armed Policing Unit", "Dog Unit", "Major Crime Unit"));

  v1::ListCollaborationAreasRequest list;
  list.set_parent("alliances/bch");
  list.set_page_size(1);
  v1::ListCollaborationAreasResponse page;
  ASSERT_TRUE(Call(stub_, &Stub::ListCollaborationAreas, list, &page).ok());
  ASSERT_EQ(page.areas_size(), 1);
  EXPECT_EQ(page.areas(0).name(), "alliances/bch/areas/jps") << "display order";
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(stub_, &Stub::ListCollaborationAreas, list, &page).ok());
  ASSERT_EQ(page.areas_size(), 1);
  EXPECT_EQ(page.areas(0).name(), "alliances/bch/areas/oss");
  EXPECT_EQ(page.next_page_token(), "");
  list.clear_page_token();
  *list.mutable_as_of() = Day(2015, 12, 31);
  list.set_page_size(0);
  ASSERT_TRUE(Call(stub_, &Stub::ListCollaborationAreas, list, &page).ok());
  EXPECT_EQ(page.areas_size(), 1) << "oss came in 2016";
  list.set_parent("alliances/nowhere");
  EXPECT_EQ(Call(stub_, &Stub::ListCollaborationAreas, list, &page).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AllianceTest, AnAreasLeadForceIsAMemberOnEveryDay) {
  v1::CollaborationArea area;
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateCollaborationArea,
                                  Area("jps", "kent", {}, Day(2015, 4, 1)), &area)),
              ElementsAre("area.lead_force"))
      << "kent is not a member";
  EXPECT_EQ(Call(
                stub_, &Stub::CreateCollaborationArea,
                [] {
                  auto request = Area("jps", "", {}, Day(2015, 4, 1));
                  request.set_parent("alliances/nowhere");
                  return request;
                }(),
                &area)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateCollaborationArea,
                                  Area("jps", "", {}, Day(2014, 1, 1)), &area)),
              ElementsAre("effective_date"))
      << "before the alliance exists";
  EXPECT_THAT(ViolatedFields(Call(
                  stub_, &Stub::CreateCollaborationArea,
                  Area("jps", "Bad Id!", {"Dog Unit", "Dog Unit", ""}, Day(2015, 4, 1)), &area)),
              UnorderedElementsAre("area.lead_force", "area.units[1]", "area.units[2]"));

  ASSERT_TRUE(Call(stub_, &Stub::CreateCollaborationArea,
                   Area("jps", "bedfordshire", {}, Day(2015, 4, 1)), &area)
                  .ok());
  EXPECT_THAT(ViolatedFields(SetMembers({"cambridgeshire", "hertfordshire"}, Day(2018, 1, 1))),
              ElementsAre("alliance.members"))
      << "bedfordshire leads jps";

  // Kent joins from 2019; an area led by Kent from mid-2018 is refused for the months before.
  ASSERT_TRUE(
      SetMembers({"bedfordshire", "cambridgeshire", "hertfordshire", "kent"}, Day(2019, 1, 1))
          .ok());
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateCollaborationArea,
                                  Area("ops", "kent", {}, Day(2018, 6, 1)), &area)),
              ElementsAre("area.lead_force"));
  ASSERT_TRUE(
      Call(stub_, &Stub::CreateCollaborationArea, Area("ops", "kent", {}, Day(2019, 1, 1)), &area)
          .ok());
  // ... and a membership change back-dated under the area's days is refused too.
  EXPECT_THAT(ViolatedFields(
                  SetMembers({"bedfordshire", "cambridgeshire", "hertfordshire"}, Day(2020, 1, 1))),
              ElementsAre("alliance.members"));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM areas"), "2");
}

v1::CreateAgreementRequest Section22A() {
  v1::CreateAgreementRequest request;
  request.set_parent("alliances/bch");
  request.set_agreement_id("jps-s22a");
  v1::Agreement& agreement = *request.mutable_agreement();
  agreement.set_type(v1::AGREEMENT_TYPE_SECTION_22A);
  agreement.set_title("Joint Protective Services collaboration agreement");
  agreement.set_objective("To deliver protective services jointly.");
  for (const char* force : {"bedfordshire", "cambridgeshire", "hertfordshire"}) {
    for (auto role : {v1::PARTY_ROLE_CHIEF_OFFICER, v1::PARTY_ROLE_POLICING_BODY}) {
      v1::AgreementParty& party = *agreement.add_parties();
      party.set_force(std::string("forces/") + force);
      party.set_role(role);
    }
  }
  agreement.set_legal_basis("Section 22A of the Police Act 1996");
  *agreement.mutable_commencement_date() = Day(2015, 4, 1);
  *agreement.mutable_review_date() = Day(2018, 4, 1);
  agreement.set_publication(v1::PUBLICATION_IN_FULL);
  *request.mutable_effective_date() = Day(2015, 4, 1);
  return request;
}

TEST_F(AllianceTest, AgreementRulesHoldAndVariationsStayInOrder) {
  v1::Agreement agreement;
  v1::CreateAgreementRequest bad = Section22A();
  bad.mutable_agreement()->mutable_parties()->DeleteSubrange(1, 5);
  *bad.mutable_agreement()->mutable_review_date() = Day(2015, 3, 31);
  bad.mutable_agreement()->set_publication(v1::PUBLICATION_TITLE_AND_OBJECTIVE_ONLY);
  bad.mutable_agreement()->add_service_levels()->set_title("Calls answered");
  for (auto day : {Day(2016, 1, 1), Day(2015, 6, 1)}) {
    v1::AgreementVariation& variation = *bad.mutable_agreement()->add_variations();
    *variation.mutable_date() = day;
    variation.set_description("A variation");
  }
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateAgreement, bad, &agreement)),
              UnorderedElementsAre("agreement.parties", "agreement.review_date",
                                   "agreement.publication_reason", "agreement.service_levels",
                                   "agreement.variations[1].date"));
  bad = Section22A();
  bad.mutable_agreement()->mutable_parties(1)->set_force("forces/norfolk");
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateAgreement, bad, &agreement)),
              ElementsAre("agreement.parties[1].force"))
      << "norfolk is not recorded";

  ASSERT_TRUE(Call(stub_, &Stub::CreateAgreement, Section22A(), &agreement).ok());
  EXPECT_EQ(agreement.parties_size(), 6);
  v1::UpdateAgreementRequest vary;
  vary.mutable_agreement()->set_name("alliances/bch/agreements/jps-s22a");
  vary.mutable_update_mask()->add_paths("variations");
  for (const auto& [day, text] :
       {std::pair{Day(2016, 1, 1), "Dog Unit added"}, std::pair{Day(2017, 3, 1), "ANPR added"}}) {
    v1::AgreementVariation& variation = *vary.mutable_agreement()->add_variations();
    *variation.mutable_date() = day;
    variation.set_description(text);
    *vary.mutable_effective_date() = day;
    ASSERT_TRUE(Call(stub_, &Stub::UpdateAgreement, vary, &agreement).ok()) << text;
  }
  v1::GetAgreementRequest get;
  get.set_name("alliances/bch/agreements/jps-s22a");
  *get.mutable_as_of() = Day(2016, 6, 1);
  ASSERT_TRUE(Call(stub_, &Stub::GetAgreement, get, &agreement).ok());
  ASSERT_EQ(agreement.variations_size(), 1);
  *get.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(stub_, &Stub::GetAgreement, get, &agreement).ok());
  ASSERT_EQ(agreement.variations_size(), 2);
  EXPECT_EQ(agreement.variations(1).description(), "ANPR added") << "in the order made";

  // A rule between fields holds whichever field an update names.
  v1::UpdateAgreementRequest review;
  review.mutable_agreement()->set_name("alliances/bch/agreements/jps-s22a");
  *review.mutable_agreement()->mutable_review_date() = Day(2014, 1, 1);
  review.mutable_update_mask()->add_paths("review_date");
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::UpdateAgreement, review, &agreement)),
              ElementsAre("agreement.review_date"));

  // A collaboration service agreement with a service level measured per period.
  v1::CreateAgreementRequest csa = Section22A();
  csa.set_agreement_id("oss-csa");
  csa.mutable_agreement()->set_type(v1::AGREEMENT_TYPE_COLLABORATION_SERVICE_AGREEMENT);
  csa.mutable_agreement()->set_publication(v1::PUBLICATION_TITLE_AND_OBJECTIVE_ONLY);
  csa.mutable_agreement()->set_publication_reason("Publishing the levels would harm operations.");
  v1::ServiceLevel& level = *csa.mutable_agreement()->add_service_levels();
  level.set_title("Vetting cleared within 30 days");
  level.set_target("90%");
  for (const auto& [from, to, result] : {std::tuple{Day(2016, 4, 1), Day(2017, 3, 31), "87%"},
                                         std::tuple{Day(2017, 4, 1), Day(2018, 3, 31), "93%"}}) {
    v1::ServiceLevelResult& r = *level.add_results();
    *r.mutable_period_start() = from;
    *r.mutable_period_end() = to;
    r.set_result(result);
    r.set_met(std::string(result) == "93%");
  }
  ASSERT_TRUE(Call(stub_, &Stub::CreateAgreement, csa, &agreement).ok());
  ASSERT_EQ(agreement.service_levels(0).results_size(), 2);
  EXPECT_TRUE(agreement.service_levels(0).results(1).met());
  *csa.mutable_agreement()->mutable_service_levels(0)->mutable_results(1)->mutable_period_start() =
      Day(2017, 3, 1);
  csa.set_agreement_id("oss-csa-2");
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateAgreement, csa, &agreement)),
              ElementsAre("agreement.service_levels[0].results[1].period_start"))
      << "results overlap";
}

TEST_F(AllianceTest, TheModelTreeReadsRightAsOfAnyDay) {
  ASSERT_TRUE(CreateBody("pcc-board", "", 1, Day(2015, 4, 1)).ok());
  ASSERT_TRUE(CreateBody("audit-committee", "", 2, Day(2015, 4, 1)).ok());
  ASSERT_TRUE(CreateBody("jcob", "pcc-board", 1, Day(2015, 4, 1)).ok());
  ASSERT_TRUE(CreateBody("programme-board", "jcob", 1, Day(2015, 4, 1)).ok());
  // After the review, the programme board reports to the PCCs directly.
  ASSERT_TRUE(ReportTo("programme-board", "pcc-board", Day(2017, 9, 1)).ok());

  EXPECT_THAT(Model(Day(2017, 6, 1)),
              ElementsAre("pcc-board", "  jcob", "    programme-board", "audit-committee"));
  EXPECT_THAT(Model(Day(2017, 12, 14)),
              ElementsAre("pcc-board", "  jcob", "  programme-board", "audit-committee"))
      << "ties in display order go by id";
  v1::GetGovernanceModelRequest before;  // before the alliance existed, as everywhere
  before.set_parent("alliances/bch");
  *before.mutable_as_of() = Day(2015, 1, 1);
  v1::GovernanceModel model;
  EXPECT_EQ(Call(stub_, &Stub::GetGovernanceModel, before, &model).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListGovernanceBodiesRequest list;
  list.set_parent("alliances/bch");
  v1::ListGovernanceBodiesResponse listed;
  ASSERT_TRUE(Call(stub_, &Stub::ListGovernanceBodies, list, &listed).ok());
  EXPECT_EQ(listed.bodies_size(), 4);
}

TEST_F(AllianceTest, ReportingLinesNeverFormACycleOnAnyDay) {
  ASSERT_TRUE(CreateBody("a", "", 1, Day(2016, 1, 1)).ok());
  ASSERT_TRUE(CreateBody("b", "a", 1, Day(2016, 1, 1)).ok());
  EXPECT_THAT(ViolatedFields(ReportTo("a", "b", Day(2017, 1, 1))), ElementsAre("body.reports_to"));
  EXPECT_THAT(ViolatedFields(ReportTo("a", "a", Day(2017, 1, 1))), ElementsAre("body.reports_to"))
      << "itself";

  // b moves to the top in 2018 and a reports to b from 2019; a back-dated change of b from 2017
  // (to report to a) governs only until 2018, so it is allowed; one of a from 2017 to report to
  // b would meet b's change of 2019 and is not.
  ASSERT_TRUE(ReportTo("b", "", Day(2018, 1, 1)).ok());
  ASSERT_TRUE(ReportTo("a", "b", Day(2019, 1, 1)).ok());
  EXPECT_THAT(ViolatedFields(ReportTo("b", "a", Day(2019, 6, 1))), ElementsAre("body.reports_to"));
  ASSERT_TRUE(CreateBody("c", "", 2, Day(2016, 1, 1)).ok());
  ASSERT_TRUE(ReportTo("c", "a", Day(2020, 1, 1)).ok());
  EXPECT_TRUE(ReportTo("b", "c", Day(2017, 1, 1)).ok()) << "b's change of 2018 bounds it";
  ASSERT_TRUE(ReportTo("b", "", Day(2017, 1, 1)).ok());
  EXPECT_THAT(ViolatedFields(ReportTo("b", "c", Day(2021, 1, 1))), ElementsAre("body.reports_to"))
      << "c -> a -> b -> c from 2021";

  // A line to a body that exists only later, or to another alliance's body.
  ASSERT_TRUE(CreateBody("d", "", 3, Day(2018, 1, 1)).ok());
  EXPECT_THAT(ViolatedFields(CreateBody("e", "d", 4, Day(2017, 1, 1))),
              ElementsAre("body.reports_to"));
  v1::CreateGovernanceBodyRequest other;
  other.set_parent("alliances/bch");
  other.set_body_id("f");
  other.mutable_body()->set_display_name("F");
  other.mutable_body()->set_type(v1::BODY_TYPE_GROUP);
  other.mutable_body()->set_reports_to("alliances/seven-forces/bodies/a");
  v1::GovernanceBody body;
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::CreateGovernanceBody, other, &body)),
              ElementsAre("body.reports_to"));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM bodies"), "4");
}

// Creates a recommendation of `review` due on `due`.
grpc::Status Recommend(Stub& stub, const std::string& review, const std::string& id,
                       google::type::Date due, int order) {
  v1::CreateRecommendationRequest request;
  request.set_parent("alliances/bch/reviews/" + review);
  request.set_recommendation_id(id);
  request.mutable_recommendation()->set_text("Recommendation " + id);
  request.mutable_recommendation()->set_owner("Head of the Portfolio Office");
  *request.mutable_recommendation()->mutable_due_date() = due;
  request.mutable_recommendation()->set_status(v1::RECOMMENDATION_STATUS_OPEN);
  request.mutable_recommendation()->set_display_order(order);
  *request.mutable_effective_date() = Day(2017, 3, 1);
  v1::Recommendation recommendation;
  return Call(stub, &Stub::CreateRecommendation, request, &recommendation);
}

TEST_F(AllianceTest, OpenAndOverdueRecommendationsAsOfAnyDay) {
  for (const char* id : {"governance-2017", "ict-2017"}) {
    v1::CreateReviewRequest request;
    request.set_parent("alliances/bch");
    request.set_review_id(id);
    request.mutable_review()->set_title(id);
    request.mutable_review()->set_reviewer("Concerto");
    *request.mutable_review()->mutable_report_date() = Day(2017, 3, 1);
    *request.mutable_effective_date() = Day(2017, 3, 1);
    v1::Review review;
    ASSERT_TRUE(Call(stub_, &Stub::CreateReview, request, &review).ok()) << id;
  }
  ASSERT_TRUE(Recommend(stub_, "governance-2017", "r1", Day(2017, 6, 30), 1).ok());
  ASSERT_TRUE(Recommend(stub_, "governance-2017", "r2", Day(2017, 12, 31), 2).ok());
  ASSERT_TRUE(Recommend(stub_, "governance-2017", "r3", Day(2017, 9, 30), 3).ok());
  ASSERT_TRUE(Recommend(stub_, "ict-2017", "r1", Day(2017, 11, 30), 1).ok());
  EXPECT_EQ(Recommend(stub_, "nowhere", "r1", Day(2017, 11, 30), 1).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UpdateRecommendationRequest close;  // r3 implemented in September
  close.mutable_recommendation()->set_name(
      "alliances/bch/reviews/governance-2017/recommendations/r3");
  close.mutable_recommendation()->set_status(v1::RECOMMENDATION_STATUS_IMPLEMENTED);
  close.mutable_update_mask()->add_paths("status");
  *close.mutable_effective_date() = Day(2017, 9, 15);
  v1::Recommendation recommendation;
  ASSERT_TRUE(Call(stub_, &Stub::UpdateRecommendation, close, &recommendation).ok());

  const auto listed = [&](const std::string& parent, google::type::Date day, bool open,
                          bool overdue) {
    v1::ListRecommendationsRequest request;
    request.set_parent(parent);
    *request.mutable_as_of() = day;
    request.set_open_only(open);
    request.set_overdue_only(overdue);
    request.set_page_size(1);  // every page of one, to follow the tokens
    std::vector<std::string> names;
    do {
      v1::ListRecommendationsResponse page;
      EXPECT_TRUE(Call(stub_, &Stub::ListRecommendations, request, &page).ok());
      for (const auto& r : page.recommendations()) {
        names.push_back(r.name().substr(std::string("alliances/bch/reviews/").size()));
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return names;
  };
  const std::string governance = "alliances/bch/reviews/governance-2017";
  EXPECT_THAT(
      listed(governance, Day(2017, 8, 1), true, false),
      ElementsAre("governance-2017/recommendations/r1", "governance-2017/recommendations/r2",
                  "governance-2017/recommendations/r3"));
  EXPECT_THAT(
      listed(governance, Day(2017, 12, 14), true, false),
      ElementsAre("governance-2017/recommendations/r1", "governance-2017/recommendations/r2"))
      << "r3 closed in September";
  EXPECT_THAT(listed(governance, Day(2017, 12, 14), false, true),
              ElementsAre("governance-2017/recommendations/r1"));
  EXPECT_THAT(listed("alliances/bch/reviews/-", Day(2017, 12, 14), false, true),
              ElementsAre("governance-2017/recommendations/r1", "ict-2017/recommendations/r1"));
  EXPECT_THAT(listed("alliances/bch/reviews/-", Day(2017, 12, 14), false, false),
              ::testing::SizeIs(4));

  v1::ListRecommendationsRequest unknown;
  unknown.set_parent("alliances/nowhere/reviews/-");
  v1::ListRecommendationsResponse response;
  EXPECT_EQ(Call(stub_, &Stub::ListRecommendations, unknown, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  unknown.set_parent("alliances/bch");
  EXPECT_THAT(ViolatedFields(Call(stub_, &Stub::ListRecommendations, unknown, &response)),
              ElementsAre("parent"));
}

TEST_F(AllianceTest, AParentHoldsABoundedNumberOfChildrenEvenUnderConcurrentCreates) {
  // 40 reviews one by one, then 30 at once: exactly 10 more fit (the count is under a lock).
  const auto create = [&](int i) {
    v1::CreateReviewRequest request;
    request.set_parent("alliances/bch");
    request.set_review_id("review-" + std::to_string(i));
    request.mutable_review()->set_title("A review");
    *request.mutable_effective_date() = Day(2017, 3, 1);
    v1::Review review;
    return Call(stub_, &Stub::CreateReview, request, &review);
  };
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(create(i).ok()) << i;
  std::vector<grpc::Status> statuses(30);
  std::vector<std::thread> threads;
  for (int i = 0; i < 30; ++i) threads.emplace_back([&, i] { statuses[i] = create(40 + i); });
  for (std::thread& thread : threads) thread.join();
  int created = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++created;
    } else {
      EXPECT_EQ(ReasonOf(status), "TOO_MANY_CHILDREN") << status.error_message();
    }
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM reviews"), "50");
}

}  // namespace
}  // namespace bch::governance
