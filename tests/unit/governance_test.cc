// The governance service's pure rules: field checks that name every violated field, the rules
// between an agreement's fields, reporting lines that must form a forest on every day, and the
// governance model built as a tree in display order. Also the kit's name patterns of standard
// methods.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bch/common/checks.h"
#include "bch/common/resource_names.h"
// Service headers by their service, since every service has a validation.h.
#include "governance/governance_model.h"
#include "governance/validation.h"

namespace bch::governance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

// The fields an INVALID_ARGUMENT status from `v` names.
std::vector<std::string> FieldsOf(common::Violations v) {
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  return fields;
}

google::type::Date Date(int year, int month, int day) {
  return common::DateFromCivilDay(absl::CivilDay(year, month, day));
}

v1::Agreement GoodAgreement() {
  v1::Agreement agreement;
  agreement.set_type(v1::AGREEMENT_TYPE_COLLABORATION_SERVICE_AGREEMENT);
  agreement.set_title("Custody collaboration service agreement");
  for (const char* force : {"forces/bedfordshire", "forces/hertfordshire"}) {
    v1::AgreementParty& party = *agreement.add_parties();
    party.set_force(force);
    party.set_role(v1::PARTY_ROLE_CHIEF_OFFICER);
  }
  *agreement.mutable_commencement_date() = Date(2016, 4, 1);
  *agreement.mutable_review_date() = Date(2018, 4, 1);
  agreement.set_publication(v1::PUBLICATION_IN_FULL);
  v1::ServiceLevel& level = *agreement.add_service_levels();
  level.set_title("Detainees booked in within 30 minutes");
  v1::ServiceLevelResult& result = *level.add_results();
  *result.mutable_period_start() = Date(2016, 4, 1);
  *result.mutable_period_end() = Date(2017, 3, 31);
  result.set_result("91%");
  return agreement;
}

TEST(GovernanceValidation, AGoodAgreementPasses) {
  common::Violations v;
  CheckAgreement(v, GoodAgreement(), UpdatableAgreementFields(), {"bch", "custody"});
  EXPECT_TRUE(v.empty());
}

TEST(GovernanceValidation, AnAgreementListsEveryViolatedField) {
  v1::Agreement agreement = GoodAgreement();
  agreement.set_type(v1::AGREEMENT_TYPE_UNSPECIFIED);
  agreement.set_title("");
  *agreement.add_parties() = agreement.parties(1);  // the same party twice
  agreement.mutable_parties(0)->set_role(v1::PARTY_ROLE_UNSPECIFIED);
  agreement.mutable_commencement_date()->set_month(13);
  *agreement.mutable_end_date() = Date(2016, 4, 1);
  agreement.add_variations()->set_description("No date");
  agreement.set_publication_reason("Not needed when published in full");
  agreement.mutable_service_levels(0)->mutable_results(0)->set_result(std::string(201, 'x'));
  common::Violations v;
  CheckAgreement(v, agreement, UpdatableAgreementFields(), {"bch", "custody"});
  EXPECT_THAT(FieldsOf(std::move(v)),
              UnorderedElementsAre("agreement.type", "agreement.title", "agreement.parties[0].role",
                                   "agreement.parties[2]", "agreement.commencement_date",
                                   "agreement.variations[0].date", "agreement.publication_reason",
                                   "agreement.service_levels[0].results[0].result",
                                   "agreement.service_levels"))
      << "service levels are only a collaboration service agreement's; the end date is not "
         "compared with a commencement that is not a date";
}

TEST(GovernanceValidation, RulesBetweenAnAgreementsFields) {
  v1::Agreement agreement = GoodAgreement();
  *agreement.mutable_review_date() = Date(2016, 3, 31);
  *agreement.mutable_end_date() = Date(2016, 4, 1);
  for (const auto& day : {Date(2017, 1, 1), Date(2016, 6, 1), Date(2016, 1, 1)}) {
    *agreement.add_variations()->mutable_date() = day;
  }
  agreement.set_publication(v1::PUBLICATION_TITLE_AND_OBJECTIVE_ONLY);
  v1::ServiceLevelResult& next = *agreement.mutable_service_levels(0)->add_results();
  *next.mutable_period_start() = Date(2017, 3, 31);  // overlaps the first result
  *next.mutable_period_end() = Date(2017, 3, 1);     // and ends before it starts
  common::Violations v;
  CheckAgreementState(v, agreement);
  EXPECT_THAT(FieldsOf(std::move(v)),
              UnorderedElementsAre("agreement.review_date", "agreement.end_date",
                                   "agreement.variations[1].date", "agreement.variations[2].date",
                                   "agreement.publication_reason",
                                   "agreement.service_levels[0].results[1].period_end",
                                   "agreement.service_levels[0].results[1].period_start"));
}

TEST(GovernanceValidation, OnUpdateOnlyTheMasksFieldsAreChecked) {
  v1::Agreement patch;  // empty but for the review date
  *patch.mutable_review_date() = Date(2019, 4, 1);
  common::Violations v;
  CheckAgreement(v, patch, {"review_date"}, {"bch", "custody"});
  EXPECT_TRUE(v.empty()) << "the rules between fields are the write's hook's, on the whole state";
}

TEST(GovernanceValidation, ABodyNeverReportsToItselfOrAcrossAlliances) {
  v1::GovernanceBody body;
  body.set_display_name("Joint Chief Officer Board");
  body.set_type(v1::BODY_TYPE_BOARD);
  body.set_reports_to("alliances/bch/bodies/jcob");
  common::Violations self;
  CheckBody(self, body, UpdatableBodyFields(), {"bch", "jcob"});
  EXPECT_THAT(FieldsOf(std::move(self)), ElementsAre("body.reports_to"));
  common::Violations other;
  body.set_reports_to("alliances/seven-forces/bodies/board");
  body.add_members("Chief Constable");
  body.add_members("Chief Constable");
  body.set_display_order(-1);
  CheckBody(other, body, UpdatableBodyFields(), {"bch", "jcob"});
  EXPECT_THAT(FieldsOf(std::move(other)),
              UnorderedElementsAre("body.reports_to", "body.members[1]", "body.display_order"));
}

TEST(GovernanceValidation, AnAreaAndARecommendation) {
  v1::CollaborationArea area;
  area.set_display_name("Joint Protective Services");
  area.set_lead_force("bedfordshire");  // not a resource name
  area.add_units("Dog Unit");
  area.add_units("");
  common::Violations v;
  CheckArea(v, area, UpdatableAreaFields(), {"bch", "jps"});
  v1::Recommendation recommendation;
  recommendation.set_text("Simplify the boards");
  recommendation.mutable_due_date()->set_day(40);
  CheckRecommendation(v, recommendation, UpdatableRecommendationFields(), {"bch", "r", "r1"});
  EXPECT_THAT(FieldsOf(std::move(v)),
              UnorderedElementsAre("area.lead_force", "area.units[1]", "recommendation.due_date",
                                   "recommendation.status"));
}

ReportingPeriod Line(const char* body, const char* reports_to, absl::CivilDay from) {
  return {body, reports_to, from};
}

TEST(GovernanceModel, ReportingLinesFormAForestOnEveryDay) {
  const absl::CivilDay y2016(2016, 1, 1), y2018(2018, 1, 1), y2019(2019, 1, 1);
  EXPECT_EQ(FindReportingProblem({Line("a", "", y2016), Line("b", "a", y2016)}, "b"), std::nullopt);
  // a -> b from 2019 meets b -> a, which holds until b's change of 2018: no day has both.
  EXPECT_EQ(FindReportingProblem({Line("a", "", y2016), Line("a", "b", y2019),
                                  Line("b", "a", y2016), Line("b", "", y2018)},
                                 "a"),
            std::nullopt);
  // ... but if b -> a holds on, the cycle appears on a's day, 2019.
  EXPECT_THAT(FindReportingProblem(
                  {Line("a", "", y2016), Line("a", "b", y2019), Line("b", "a", y2016)}, "b"),
              Optional(HasSubstr("b reports to itself on 2019-01-01 through b -> a -> b")))
      << "told from the body written";
  EXPECT_THAT(FindReportingProblem({Line("a", "b", y2016), Line("b", "", y2018)}, "a"),
              Optional(HasSubstr("a reports to b, which does not exist on 2016-01-01")));
  EXPECT_THAT(FindReportingProblem({Line("a", "b", y2016), Line("b", "c", y2016),
                                    Line("c", "a", y2016), Line("d", "a", y2016)},
                                   "a"),
              Optional(HasSubstr("a reports to itself on 2016-01-01 through a -> b -> c -> a")));
}

// A chain of `levels` bodies, prefix0 at the top.
std::vector<ReportingPeriod> Chain(const std::string& prefix, size_t levels, absl::CivilDay from) {
  std::vector<ReportingPeriod> chain;
  for (size_t i = 0; i < levels; ++i) {
    chain.push_back(
        {prefix + std::to_string(i), i == 0 ? "" : prefix + std::to_string(i - 1), from});
  }
  return chain;
}

TEST(GovernanceModel, AModelIsAtMostTwentyLevelsDeep) {
  const absl::CivilDay y2016(2016, 1, 1), y2018(2018, 1, 1);
  EXPECT_EQ(FindReportingProblem(Chain("c", kMaxModelDepth, y2016), "c19"), std::nullopt);
  EXPECT_THAT(FindReportingProblem(Chain("c", kMaxModelDepth + 1, y2016), "c20"),
              Optional(HasSubstr("c20 would be more than 20 levels deep on 2016-01-01")));
  // Moving x (with five levels below it) under a chain of 16 from 2018 puts y3 at 21 levels.
  std::vector<ReportingPeriod> periods = Chain("c", 16, y2016);
  for (const ReportingPeriod& y : Chain("y", 5, y2016)) {
    periods.push_back({y.body, y.reports_to.empty() ? "x" : y.reports_to, y2016});
  }
  periods.push_back(Line("x", "", y2016));
  periods.push_back(Line("x", "c15", y2018));
  EXPECT_THAT(FindReportingProblem(periods, "x"),
              Optional(HasSubstr("y3 would be more than 20 levels deep on 2018-01-01")));
}

v1::GovernanceBody Body(const std::string& id, const std::string& reports_to) {
  v1::GovernanceBody body;
  body.set_name("alliances/bch/bodies/" + id);
  if (!reports_to.empty()) body.set_reports_to("alliances/bch/bodies/" + reports_to);
  return body;
}

TEST(GovernanceModel, BodiesFormATreeInTheirOrder) {
  const v1::GovernanceModel model = BuildGovernanceModel(
      "alliances/bch", {Body("board", ""), Body("group", "board"), Body("committee", ""),
                        Body("team", "group"), Body("panel", "board"), Body("orphan", "gone")});
  EXPECT_EQ(model.alliance(), "alliances/bch");
  ASSERT_EQ(model.roots_size(), 3) << "a line to a body not in the model puts it at the top";
  EXPECT_EQ(model.roots(0).body().name(), "alliances/bch/bodies/board");
  ASSERT_EQ(model.roots(0).reports_size(), 2);
  EXPECT_EQ(model.roots(0).reports(0).reports(0).body().name(), "alliances/bch/bodies/team");
  EXPECT_EQ(model.roots(0).reports(1).body().name(), "alliances/bch/bodies/panel");
  EXPECT_EQ(model.roots(2).body().name(), "alliances/bch/bodies/orphan");
}

TEST(ResourceNames, NamePatternsOfStandardMethods) {
  EXPECT_EQ(common::ParentPattern("alliances/{alliance}/areas/{area}"), "alliances/{alliance}");
  EXPECT_EQ(common::ParentPattern("forces/{force}"), "");
  EXPECT_EQ(common::ParentPattern("a/{a}/b/{b}/c/{c}"), "a/{a}/b/{b}");
  EXPECT_EQ(common::ResourceVariable("alliances/{alliance}/areas/{area}"), "area");
  EXPECT_EQ(common::ResourceVariable("costSharingAgreements/{cost_sharing_agreement}"),
            "cost_sharing_agreement");
}

}  // namespace
}  // namespace bch::governance
