// The governance service's pure rules: field checks that name every violated field, the rules
// between an agreement's fields, reporting lines that must form a forest on every day, and the
// governance model built as a tree in display order; the registers' scoring, bands, checks and
// benefits trackers. Also the kit's name patterns of standard methods.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bch/common/checks.h"
#include "bch/common/resource_names.h"
// Service headers by their service, since every service has a validation.h.
#include "bch/common/money.h"
#include "governance/benefit_store.h"
#include "governance/governance_model.h"
#include "governance/register_validation.h"
#include "governance/risk_scoring.h"
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

// --- Risk and benefit registers ---------------------------------------------------------------

v1::RiskScore Score(int likelihood, int impact) {
  v1::RiskScore score;
  score.set_likelihood(likelihood);
  score.set_impact(impact);
  return score;
}

v1::Risk GoodRisk() {
  v1::Risk risk;
  risk.set_level(v1::REGISTER_LEVEL_PROJECT);
  risk.set_object("projects/athena");
  risk.set_title("Supplier delays the Athena release");
  risk.set_owner("Athena programme manager");
  *risk.mutable_inherent() = Score(4, 5);
  *risk.mutable_residual() = Score(3, 4);
  risk.set_response(v1::RISK_RESPONSE_TREAT);
  risk.set_status(v1::RISK_STATUS_OPEN);
  *risk.mutable_raised_date() = Date(2017, 9, 1);
  *risk.mutable_next_review_date() = Date(2017, 12, 1);
  v1::RiskAction& action = *risk.add_actions();
  action.set_description("Weekly supplier call");
  action.set_owner("ICT lead");
  *action.mutable_due_date() = Date(2017, 10, 1);
  return risk;
}

TEST(RiskScoring, AScoreIsLikelihoodTimesImpactEachOneToFive) {
  common::Violations ok;
  v1::RiskScore score = Score(3, 4);
  CheckAndScore(ok, "risk.residual", score);
  EXPECT_EQ(score.score(), 12);
  EXPECT_TRUE(std::move(ok).ToStatus().ok());
  for (const auto& [likelihood, impact] : {std::pair{0, 3}, std::pair{6, 3}}) {
    common::Violations v;
    v1::RiskScore bad = Score(likelihood, impact);
    CheckAndScore(v, "risk.inherent", bad);
    EXPECT_THAT(FieldsOf(std::move(v)), ElementsAre("risk.inherent.likelihood")) << likelihood;
  }
  common::Violations v;
  v1::RiskScore bad = Score(2, 6);
  CheckAndScore(v, "inherent", bad);
  EXPECT_THAT(FieldsOf(std::move(v)), ElementsAre("inherent.impact"));
}

TEST(RiskScoring, TheDefaultBandsSuitAFiveByFiveMatrix) {
  const v1::RiskScoring& scoring = DefaultRiskScoring();
  // Every score a 5×5 matrix can give, with the band the default puts it in.
  const std::pair<int, v1::RiskBand> expected[] = {
      {1, v1::RISK_BAND_LOW},        {2, v1::RISK_BAND_LOW},        {3, v1::RISK_BAND_LOW},
      {4, v1::RISK_BAND_MEDIUM},     {5, v1::RISK_BAND_MEDIUM},     {6, v1::RISK_BAND_MEDIUM},
      {8, v1::RISK_BAND_HIGH},       {9, v1::RISK_BAND_HIGH},       {10, v1::RISK_BAND_HIGH},
      {12, v1::RISK_BAND_HIGH},      {15, v1::RISK_BAND_VERY_HIGH}, {16, v1::RISK_BAND_VERY_HIGH},
      {20, v1::RISK_BAND_VERY_HIGH}, {25, v1::RISK_BAND_VERY_HIGH}};
  for (const auto& [score, band] : expected) EXPECT_EQ(BandOf(score, scoring), band) << score;
  EXPECT_EQ(BandOf(0, scoring), v1::RISK_BAND_UNSPECIFIED);
  common::Violations v;
  CheckRiskScoring(v, "alliance.risk_scoring", scoring);
  EXPECT_TRUE(std::move(v).ToStatus().ok());
}

TEST(RiskScoring, AnAlliancesOwnBandsAreUsedAndMustRise) {
  v1::Alliance alliance;
  EXPECT_EQ(&RiskScoringOf(alliance), &DefaultRiskScoring());
  v1::RiskScoring& own = *alliance.mutable_risk_scoring();
  own.set_medium_from(6);
  own.set_high_from(10);
  own.set_very_high_from(20);
  EXPECT_EQ(BandOf(5, RiskScoringOf(alliance)), v1::RISK_BAND_LOW);
  EXPECT_EQ(BandOf(16, RiskScoringOf(alliance)), v1::RISK_BAND_HIGH);
  EXPECT_EQ(BandOf(20, RiskScoringOf(alliance)), v1::RISK_BAND_VERY_HIGH);
  for (const auto& [medium, high, very_high] :
       {std::tuple{1, 5, 10}, std::tuple{5, 5, 10}, std::tuple{5, 10, 9}, std::tuple{5, 10, 26}}) {
    v1::RiskScoring bad;
    bad.set_medium_from(medium);
    bad.set_high_from(high);
    bad.set_very_high_from(very_high);
    common::Violations v;
    CheckRiskScoring(v, "alliance.risk_scoring", bad);
    EXPECT_THAT(FieldsOf(std::move(v)), ElementsAre("alliance.risk_scoring")) << medium;
  }
}

TEST(RegisterValidation, AGoodRiskPassesAndIsScored) {
  v1::Risk risk = GoodRisk();
  common::Violations v;
  CheckRisk(v, risk, UpdatableRiskFields(), {"bch", "r1"});
  EXPECT_TRUE(std::move(v).ToStatus().ok());
  EXPECT_EQ(risk.inherent().score(), 20);
  EXPECT_EQ(risk.residual().score(), 12);
}

TEST(RegisterValidation, ARiskListsEveryViolatedField) {
  v1::Risk risk = GoodRisk();
  risk.set_level(v1::REGISTER_LEVEL_UNSPECIFIED);
  risk.set_title("");
  risk.set_owner("");
  risk.mutable_inherent()->set_likelihood(0);
  risk.mutable_residual()->set_impact(6);
  risk.set_response(v1::RISK_RESPONSE_UNSPECIFIED);
  risk.set_status(v1::RISK_STATUS_UNSPECIFIED);
  *risk.mutable_actions(0)->mutable_due_date() = Date(2017, 8, 31);  // before it was raised
  *risk.mutable_next_review_date() = Date(2017, 1, 1);
  common::Violations v;
  CheckRisk(v, risk, UpdatableRiskFields(), {"bch", "r1"});
  EXPECT_THAT(
      FieldsOf(std::move(v)),
      UnorderedElementsAre("risk.level", "risk.title", "risk.owner", "risk.inherent.likelihood",
                           "risk.residual.impact", "risk.response", "risk.status",
                           "risk.actions[0].due_date", "risk.next_review_date"));
}

TEST(RegisterValidation, ARisksObjectFitsItsLevelAndItIsRaisedBeforeItIsRecorded) {
  v1::Risk risk = GoodRisk();
  risk.set_level(v1::REGISTER_LEVEL_PORTFOLIO);  // with a project named
  common::Violations v;
  CheckRiskState(v, risk, absl::CivilDay(2017, 8, 31));  // recorded from before it was raised
  EXPECT_THAT(FieldsOf(std::move(v)), UnorderedElementsAre("risk.object", "risk.raised_date"));
  risk.set_level(v1::REGISTER_LEVEL_PROGRAMME);
  common::Violations programme;
  CheckRiskState(programme, risk, absl::CivilDay(2017, 9, 1));
  EXPECT_THAT(FieldsOf(std::move(programme)), ElementsAre("risk.object"));
  risk.set_object("programmes/change");
  common::Violations fixed;
  CheckRiskState(fixed, risk, absl::CivilDay(2017, 9, 1));
  EXPECT_TRUE(std::move(fixed).ToStatus().ok());
}

TEST(RegisterValidation, OnUpdateOnlyTheMasksRiskFieldsAreChecked) {
  v1::Risk patch;  // every field empty
  *patch.mutable_residual() = Score(2, 2);
  common::Violations v;
  CheckRisk(v, patch, {"residual"}, {"bch", "r1"});
  EXPECT_TRUE(std::move(v).ToStatus().ok());
  EXPECT_EQ(patch.residual().score(), 4);
}

TEST(RegisterValidation, AReviewNeedsAReviewerAndChecksItsScores) {
  v1::ReviewRiskRequest request;
  request.set_name("alliances/bch/risks/r1");
  *request.mutable_residual() = Score(6, 1);
  common::Violations v;
  CheckRiskReview(v, request);
  EXPECT_THAT(FieldsOf(std::move(v)),
              UnorderedElementsAre("review", "review.reviewer", "residual.likelihood"));
}

v1::Benefit GoodBenefit() {
  v1::Benefit benefit;
  benefit.set_level(v1::REGISTER_LEVEL_PROGRAMME);
  benefit.set_object("programmes/ops");
  benefit.set_title("Joint custody rota");
  benefit.set_area("alliances/bch/areas/operational-support");
  benefit.set_category(v1::BENEFIT_CATEGORY_CASH_RELEASING);
  benefit.set_measure(v1::BENEFIT_MEASURE_QUANTITATIVE);
  benefit.set_responsible_officer("ACC Operational Support");
  *benefit.mutable_full_year_value() = common::MoneyFromPence(25'000'000);
  *benefit.mutable_timescale_start() = Date(2017, 4, 1);
  *benefit.mutable_identified_date() = Date(2016, 11, 1);
  *benefit.mutable_tracked_date() = Date(2017, 1, 10);
  v1::BenefitRealisation& realisation = *benefit.add_realisations();
  realisation.set_period("2017/2018");
  *realisation.mutable_value() = common::MoneyFromPence(12'000'000);
  return benefit;
}

TEST(RegisterValidation, AGoodBenefitPassesWithItsPeriodsInCanonicalForm) {
  v1::Benefit benefit = GoodBenefit();
  common::Violations v;
  CheckBenefit(v, benefit, UpdatableBenefitFields(), {"bch", "b1"});
  EXPECT_TRUE(std::move(v).ToStatus().ok());
  EXPECT_EQ(benefit.realisations(0).period(), "2017/18");
}

TEST(RegisterValidation, ABenefitListsEveryViolatedField) {
  v1::Benefit benefit = GoodBenefit();
  benefit.set_title("");
  benefit.set_area("alliances/other/areas/custody");     // another alliance's
  benefit.clear_full_year_value();                       // cash-releasing without a value
  *benefit.mutable_realised_date() = Date(2016, 10, 1);  // before it was identified
  benefit.clear_timescale_start();
  benefit.add_realisations()->set_period("2015/16–2016/17");  // a span, and out of order
  benefit.add_realisations()->set_period("2017/18");          // the first's year again
  common::Violations v;
  CheckBenefit(v, benefit, UpdatableBenefitFields(), {"bch", "b1"});
  const std::vector<std::string> fields = FieldsOf(std::move(v));
  EXPECT_THAT(fields,
              ::testing::IsSupersetOf({"benefit.title", "benefit.area", "benefit.full_year_value",
                                       "benefit.realised_date", "benefit.timescale_start",
                                       "benefit.realisations[1].period"}));
}

TEST(RegisterValidation, StagesMoveInOrderWithoutGapsAndNotAfterTheDayRecorded) {
  v1::Benefit benefit = GoodBenefit();
  benefit.clear_tracked_date();
  *benefit.mutable_realised_date() = Date(2017, 6, 1);  // realised without being tracked
  common::Violations gap;
  CheckBenefitState(gap, benefit);
  EXPECT_THAT(FieldsOf(std::move(gap)), ElementsAre("benefit.realised_date"));

  benefit = GoodBenefit();
  *benefit.mutable_realised_date() = Date(2016, 10, 1);  // before it was tracked, or identified
  common::Violations before;
  CheckBenefitState(before, benefit);
  const absl::Status status = std::move(before).ToStatus();
  EXPECT_THAT(
      status.message(),
      HasSubstr("benefit.realised_date: is before the benefit was identified (2016-11-01)"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("tracked"))) << "one reason per field";

  benefit = GoodBenefit();
  *benefit.mutable_realised_date() = Date(2017, 6, 1);
  common::Violations early;  // a period from 1 May 2017 cannot know of a move in June
  CheckBenefitState(early, benefit, absl::CivilDay(2017, 5, 1));
  EXPECT_THAT(FieldsOf(std::move(early)), ElementsAre("benefit.realised_date"));
  common::Violations on_time;
  CheckBenefitState(on_time, benefit, absl::CivilDay(2017, 6, 1));
  EXPECT_TRUE(std::move(on_time).ToStatus().ok());
}

TEST(RegisterValidation, QualitativeBenefitsHoldNoValues) {
  v1::Benefit benefit = GoodBenefit();
  benefit.set_category(v1::BENEFIT_CATEGORY_NON_CASH_RELEASING);
  benefit.set_measure(v1::BENEFIT_MEASURE_QUALITATIVE);
  common::Violations v;
  CheckBenefitState(v, benefit);
  EXPECT_THAT(FieldsOf(std::move(v)),
              UnorderedElementsAre("benefit.full_year_value", "benefit.realisations[0].value"));
  benefit.set_category(v1::BENEFIT_CATEGORY_CASH_RELEASING);
  common::Violations cash;
  CheckBenefitState(cash, benefit);
  EXPECT_THAT(FieldsOf(std::move(cash)),
              ::testing::Contains("benefit.measure"));  // cash-releasing is quantitative
}

TEST(RegisterValidation, ABenefitsStageIsItsLatestMoveAndItsRealisationsAreSummed) {
  v1::Benefit benefit = GoodBenefit();
  DeriveBenefit(benefit);
  EXPECT_EQ(benefit.stage(), v1::BENEFIT_STAGE_TRACKED);
  *benefit.mutable_realised_date() = Date(2018, 4, 1);
  *benefit.mutable_sustained_date() = Date(2019, 4, 1);
  v1::BenefitRealisation& second = *benefit.add_realisations();
  second.set_period("2018/19");
  *second.mutable_value() = common::MoneyFromPence(25'000'001);
  DeriveBenefit(benefit);
  EXPECT_EQ(benefit.stage(), v1::BENEFIT_STAGE_SUSTAINED);
  EXPECT_EQ(common::PenceFromMoney(benefit.realised_to_date(), "").value(), 37'000'001);
}

// A benefit with a full-year value in pence over a timescale, realising `realised` (year, pence).
v1::Benefit TrackedBenefit(const std::string& area, int64_t full_year, int from_year,
                           std::optional<int> to_year,
                           std::vector<std::pair<std::string, int64_t>> realised, bool sustained) {
  v1::Benefit benefit = GoodBenefit();
  benefit.set_area(area);
  *benefit.mutable_full_year_value() = common::MoneyFromPence(full_year);
  *benefit.mutable_timescale_start() = Date(from_year, 4, 1);
  if (to_year) *benefit.mutable_timescale_end() = Date(*to_year + 1, 3, 31);
  benefit.clear_realisations();
  for (const auto& [period, pence] : realised) {
    v1::BenefitRealisation& r = *benefit.add_realisations();
    r.set_period(period);
    *r.mutable_value() = common::MoneyFromPence(pence);
  }
  if (sustained) {
    *benefit.mutable_realised_date() = Date(2018, 1, 1);
    *benefit.mutable_sustained_date() = Date(2018, 6, 1);
  }
  DeriveBenefit(benefit);
  return benefit;
}

int64_t Pence(const google::type::Money& money) {
  return common::PenceFromMoney(money, "").value();
}

TEST(BenefitTrackers, EachAreaSumsItsBenefitsByStageAndByYear) {
  const std::string custody = "alliances/bch/areas/custody";
  std::vector<v1::CollaborationArea> areas(2);
  areas[0].set_name(custody);
  areas[0].set_display_name("Custody");
  areas[1].set_name("alliances/bch/areas/ict");  // no benefits
  areas[1].set_display_name("ICT");
  const std::vector<v1::Benefit> benefits = {
      // £100 a year from 2017/18 to 2018/19, tracked, £40 realised in 2017/18.
      TrackedBenefit(custody, 10'000, 2017, 2018, {{"2017/18", 4'000}}, false),
      // £50 a year from 2018/19 on, sustained, £30 in 2018/19 and £50 in 2019/20.
      TrackedBenefit(custody, 5'000, 2018, std::nullopt, {{"2018/19", 3'000}, {"2019/20", 5'000}},
                     true),
      // In no area.
      TrackedBenefit("", 700, 2020, 2020, {}, false)};
  const std::vector<v1::BenefitTracker> trackers = BuildBenefitTrackers(areas, benefits);
  ASSERT_EQ(trackers.size(), 3u);
  const v1::BenefitTracker& tracker = trackers[0];
  EXPECT_EQ(tracker.area_title(), "Custody");
  ASSERT_EQ(tracker.stages_size(), 4);
  EXPECT_EQ(tracker.stages(1).stage(), v1::BENEFIT_STAGE_TRACKED);
  EXPECT_EQ(tracker.stages(1).count(), 1);
  EXPECT_EQ(Pence(tracker.stages(1).full_year_value()), 10'000);
  EXPECT_EQ(tracker.stages(3).count(), 1);
  EXPECT_EQ(Pence(tracker.stages(3).full_year_value()), 5'000);
  EXPECT_EQ(Pence(tracker.expected()), 15'000);
  EXPECT_EQ(Pence(tracker.realised()), 12'000);
  EXPECT_EQ(Pence(tracker.sustained()), 8'000);
  // 2017/18 to 2019/20: the first benefit expects 2017/18 and 2018/19; the second from 2018/19.
  ASSERT_EQ(tracker.years_size(), 3);
  const std::tuple<std::string, int64_t, int64_t, int64_t> years[] = {
      {"2017/18", 10'000, 4'000, 0},
      {"2018/19", 15'000, 3'000, 3'000},
      {"2019/20", 5'000, 5'000, 5'000}};
  for (int i = 0; i < 3; ++i) {
    const auto& [period, expected, realised, sustained] = years[i];
    EXPECT_EQ(tracker.years(i).period(), period);
    EXPECT_EQ(Pence(tracker.years(i).expected()), expected) << period;
    EXPECT_EQ(Pence(tracker.years(i).realised()), realised) << period;
    EXPECT_EQ(Pence(tracker.years(i).sustained()), sustained) << period;
  }
  EXPECT_EQ(trackers[1].area_title(), "ICT");
  EXPECT_EQ(trackers[1].years_size(), 0);
  EXPECT_EQ(trackers[1].stages(0).count(), 0);
  EXPECT_EQ(trackers[2].area(), "");
  EXPECT_EQ(Pence(trackers[2].expected()), 700);
}

TEST(BenefitTrackers, AnEnduringBenefitShowsAtMostThirtyYears) {
  const auto trackers = BuildBenefitTrackers(
      {}, {TrackedBenefit("", 100, 2000, std::nullopt, {{"2040/41", 1}}, false)});
  ASSERT_EQ(trackers[0].years_size(), kMaxTrackerYears);
  EXPECT_EQ(trackers[0].years(kMaxTrackerYears - 1).period(), "2029/30");
  EXPECT_EQ(Pence(trackers[0].realised()), 1);  // the total still counts the later year
}

TEST(BenefitTrackers, TotalsStayExactPastTheLargestSingleAmount) {
  const int64_t largest = common::kMaxPence;
  const auto trackers = BuildBenefitTrackers(
      {}, {TrackedBenefit("", largest, 2017, 2017, {{"2017/18", largest}}, false),
           TrackedBenefit("", largest, 2017, 2017, {{"2017/18", largest}}, false),
           TrackedBenefit("", 1, 2017, 2017, {}, false)});
  const google::type::Money& expected = trackers[0].expected();  // 2 × largest + 1 pence
  EXPECT_EQ(expected.units(), (2 * (largest / 100)) + (2 * (largest % 100) + 1) / 100);
  EXPECT_EQ(expected.nanos(), ((2 * (largest % 100) + 1) % 100) * 10'000'000);
  EXPECT_EQ(trackers[0].realised().units(), 2 * (largest / 100) + (2 * (largest % 100)) / 100);
}

}  // namespace
}  // namespace bch::governance
