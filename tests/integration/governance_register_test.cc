// The risk and benefit registers over real gRPC against a real MariaDB: risks scored and banded
// under their alliance's scoring of the day read, with every change of score kept (even one that
// arrives out of date order) and read as of any day; reviews recorded on their day and overdue
// reviews listed as of a date; benefits moving stage on their days; trackers per collaboration
// area; the register summary; every violated field listed; every write audited.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bch/common/money.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "bch/governance/v1/register_service.grpc.pb.h"
#include "governance_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::governance {
namespace {

using bch::testing::Call;
using bch::testing::Day;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

using Governance = v1::GovernanceService::Stub;
using Risks = v1::RiskService::Stub;
using Benefits = v1::BenefitService::Stub;
using Register = v1::RegisterService::Stub;

v1::RiskScore Score(int likelihood, int impact) {
  v1::RiskScore score;
  score.set_likelihood(likelihood);
  score.set_impact(impact);
  return score;
}

int64_t Pence(const google::type::Money& money) {
  return common::PenceFromMoney(money, "").value();
}

// The service with force bedfordshire, alliances/bch (from 2015-04-01) and its areas custody and
// ict (display order 1, 2).
class RegisterTest : public ::testing::Test {
 protected:
  RegisterTest()
      : service_(GovernanceServiceDefinition()),
        governance_(service_.channel()),
        risks_(service_.channel()),
        benefits_(service_.channel()),
        register_(service_.channel()) {
    v1::CreateForceRequest force;
    force.set_force_id("bedfordshire");
    force.mutable_force()->set_display_name("Bedfordshire Police");
    *force.mutable_effective_date() = Day(2010, 1, 1);
    v1::Force created_force;
    EXPECT_TRUE(Call(governance_, &Governance::CreateForce, force, &created_force).ok());
    v1::CreateAllianceRequest alliance;
    alliance.set_alliance_id("bch");
    alliance.mutable_alliance()->set_display_name("BCH Strategic Alliance");
    alliance.mutable_alliance()->set_type(v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE);
    alliance.mutable_alliance()->add_members("forces/bedfordshire");
    *alliance.mutable_effective_date() = Day(2015, 4, 1);
    v1::Alliance created_alliance;
    EXPECT_TRUE(Call(governance_, &Governance::CreateAlliance, alliance, &created_alliance).ok());
    int order = 1;
    for (const char* id : {"custody", "ict"}) {
      v1::CreateCollaborationAreaRequest area;
      area.set_parent("alliances/bch");
      area.set_area_id(id);
      area.mutable_area()->set_display_name(id);
      area.mutable_area()->set_display_order(order++);
      *area.mutable_effective_date() = Day(2015, 4, 1);
      v1::CollaborationArea created;
      EXPECT_TRUE(Call(governance_, &Governance::CreateCollaborationArea, area, &created).ok());
    }
  }

  // A risk of alliances/bch raised and recorded on `raised`, open, next reviewed on `review`.
  static v1::CreateRiskRequest NewRisk(const std::string& id, v1::RegisterLevel level,
                                       v1::RiskScore residual, google::type::Date raised,
                                       google::type::Date review) {
    v1::CreateRiskRequest request;
    request.set_parent("alliances/bch");
    request.set_risk_id(id);
    v1::Risk& risk = *request.mutable_risk();
    risk.set_level(level);
    if (level == v1::REGISTER_LEVEL_PROJECT) risk.set_object("projects/athena");
    if (level == v1::REGISTER_LEVEL_PROGRAMME) risk.set_object("programmes/ict");
    risk.set_title("Risk " + id);
    risk.set_owner("Portfolio manager");
    *risk.mutable_inherent() = Score(5, 5);
    *risk.mutable_residual() = residual;
    risk.set_response(v1::RISK_RESPONSE_TREAT);
    risk.set_status(v1::RISK_STATUS_OPEN);
    *risk.mutable_raised_date() = raised;
    *risk.mutable_next_review_date() = review;
    *request.mutable_effective_date() = raised;
    return request;
  }

  grpc::Status CreateRisk(const v1::CreateRiskRequest& request, v1::Risk* risk = nullptr) {
    v1::Risk created;
    return Call(risks_, &Risks::CreateRisk, request, risk ? risk : &created);
  }

  // Sets risk `id`'s residual score from `day` on.
  grpc::Status SetResidual(const std::string& id, v1::RiskScore residual, google::type::Date day) {
    v1::UpdateRiskRequest update;
    update.mutable_risk()->set_name("alliances/bch/risks/" + id);
    *update.mutable_risk()->mutable_residual() = residual;
    update.mutable_update_mask()->add_paths("residual");
    *update.mutable_effective_date() = day;
    v1::Risk risk;
    return Call(risks_, &Risks::UpdateRisk, update, &risk);
  }

  v1::Risk GetRisk(const std::string& id, std::optional<google::type::Date> as_of = std::nullopt) {
    v1::GetRiskRequest request;
    request.set_name("alliances/bch/risks/" + id);
    if (as_of) *request.mutable_as_of() = *as_of;
    v1::Risk risk;
    EXPECT_TRUE(Call(risks_, &Risks::GetRisk, request, &risk).ok()) << id;
    return risk;
  }

  // The ids of the risks ListRisks returns as of `day` (open_only, review_overdue_only).
  std::vector<std::string> ListedRisks(google::type::Date day, bool open_only, bool overdue) {
    v1::ListRisksRequest request;
    request.set_parent("alliances/bch");
    *request.mutable_as_of() = day;
    request.set_open_only(open_only);
    request.set_review_overdue_only(overdue);
    request.set_page_size(1);  // the filter holds across pages
    std::vector<std::string> ids;
    do {
      v1::ListRisksResponse response;
      EXPECT_TRUE(Call(risks_, &Risks::ListRisks, request, &response).ok());
      for (const v1::Risk& risk : response.risks()) {
        ids.push_back(risk.name().substr(risk.name().rfind('/') + 1));
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return ids;
  }

  // A cash-releasing benefit of alliances/bch in `area`, identified and recorded on `identified`,
  // worth `full_year` pence a year from 2017/18.
  static v1::CreateBenefitRequest NewBenefit(const std::string& id, const std::string& area,
                                             int64_t full_year, google::type::Date identified) {
    v1::CreateBenefitRequest request;
    request.set_parent("alliances/bch");
    request.set_benefit_id(id);
    v1::Benefit& benefit = *request.mutable_benefit();
    benefit.set_level(v1::REGISTER_LEVEL_PORTFOLIO);
    benefit.set_title("Benefit " + id);
    if (!area.empty()) benefit.set_area("alliances/bch/areas/" + area);
    benefit.set_category(v1::BENEFIT_CATEGORY_CASH_RELEASING);
    benefit.set_measure(v1::BENEFIT_MEASURE_QUANTITATIVE);
    benefit.set_responsible_officer("Head of Portfolio Office");
    *benefit.mutable_full_year_value() = common::MoneyFromPence(full_year);
    *benefit.mutable_timescale_start() = Day(2017, 4, 1);
    *benefit.mutable_identified_date() = identified;
    *request.mutable_effective_date() = identified;
    return request;
  }

  grpc::Status CreateBenefit(const v1::CreateBenefitRequest& request) {
    v1::Benefit created;
    return Call(benefits_, &Benefits::CreateBenefit, request, &created);
  }

  // Moves benefit `id` to a stage by setting `field` (e.g. "tracked_date") to `day`, from `day`.
  grpc::Status MoveStage(const std::string& id, const std::string& field, google::type::Date day,
                         google::type::Date effective) {
    v1::UpdateBenefitRequest update;
    v1::Benefit& benefit = *update.mutable_benefit();
    benefit.set_name("alliances/bch/benefits/" + id);
    const auto* descriptor = benefit.GetDescriptor()->FindFieldByName(field);
    benefit.GetReflection()->MutableMessage(&benefit, descriptor)->CopyFrom(day);
    update.mutable_update_mask()->add_paths(field);
    *update.mutable_effective_date() = effective;
    v1::Benefit updated;
    return Call(benefits_, &Benefits::UpdateBenefit, update, &updated);
  }

  v1::Benefit GetBenefit(const std::string& id, google::type::Date as_of) {
    v1::GetBenefitRequest request;
    request.set_name("alliances/bch/benefits/" + id);
    *request.mutable_as_of() = as_of;
    v1::Benefit benefit;
    EXPECT_TRUE(Call(benefits_, &Benefits::GetBenefit, request, &benefit).ok()) << id;
    return benefit;
  }

  RunningService service_;
  Governance governance_;
  Risks risks_;
  Benefits benefits_;
  Register register_;
};

TEST_F(RegisterTest, ARisksScoresKeepTheirHistoryEvenWhenWritesArriveOutOfDateOrder) {
  v1::Risk created;
  ASSERT_TRUE(CreateRisk(NewRisk("r1", v1::REGISTER_LEVEL_PROJECT, Score(3, 4), Day(2017, 9, 1),
                                 Day(2018, 1, 1)),
                         &created)
                  .ok());
  EXPECT_EQ(created.inherent().score(), 25);
  EXPECT_EQ(created.residual().score(), 12);
  EXPECT_EQ(created.residual_band(), v1::RISK_BAND_HIGH);  // the 5×5 default: 8 to 14
  ASSERT_TRUE(SetResidual("r1", Score(2, 2), Day(2017, 11, 1)).ok());
  // Recorded last, dated between the two: it governs 15 October to 1 November only.
  ASSERT_TRUE(SetResidual("r1", Score(3, 3), Day(2017, 10, 15)).ok());

  EXPECT_EQ(GetRisk("r1", Day(2017, 10, 1)).residual().score(), 12);
  EXPECT_EQ(GetRisk("r1", Day(2017, 10, 20)).residual().score(), 9);
  const v1::Risk now = GetRisk("r1");
  EXPECT_EQ(now.residual().score(), 4);
  EXPECT_EQ(now.residual_band(), v1::RISK_BAND_MEDIUM);

  v1::ListRiskHistoryRequest history_request;
  history_request.set_name("alliances/bch/risks/r1");
  v1::ListRiskHistoryResponse history;
  ASSERT_TRUE(Call(risks_, &Risks::ListRiskHistory, history_request, &history).ok());
  std::vector<std::pair<int, int>> trend;  // (month, residual score)
  for (const auto& entry : history.entries()) {
    trend.emplace_back(entry.effective_date().month(), entry.residual().score());
  }
  EXPECT_THAT(trend, ElementsAre(std::pair{9, 12}, std::pair{10, 9}, std::pair{11, 4}));

  history_request.set_name("alliances/bch/risks/none");
  EXPECT_EQ(Call(risks_, &Risks::ListRiskHistory, history_request, &history).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RegisterTest, BandsFollowTheAlliancesScoringOfTheDayRead) {
  ASSERT_TRUE(CreateRisk(NewRisk("r1", v1::REGISTER_LEVEL_PORTFOLIO, Score(2, 2), Day(2017, 9, 1),
                                 Day(2018, 1, 1)))
                  .ok());
  // From 1 October 2017 the alliance calls 4 high.
  v1::UpdateAllianceRequest update;
  update.mutable_alliance()->set_name("alliances/bch");
  v1::RiskScoring& scoring = *update.mutable_alliance()->mutable_risk_scoring();
  scoring.set_medium_from(3);
  scoring.set_high_from(4);
  scoring.set_very_high_from(10);
  update.mutable_update_mask()->add_paths("risk_scoring");
  *update.mutable_effective_date() = Day(2017, 10, 1);
  v1::Alliance alliance;
  ASSERT_TRUE(Call(governance_, &Governance::UpdateAlliance, update, &alliance).ok());

  EXPECT_EQ(GetRisk("r1", Day(2017, 9, 15)).residual_band(), v1::RISK_BAND_MEDIUM);
  EXPECT_EQ(GetRisk("r1").residual_band(), v1::RISK_BAND_HIGH);
  v1::ListRiskHistoryRequest history_request;
  history_request.set_name("alliances/bch/risks/r1");
  v1::ListRiskHistoryResponse history;
  ASSERT_TRUE(Call(risks_, &Risks::ListRiskHistory, history_request, &history).ok());
  ASSERT_EQ(history.entries_size(), 1);
  EXPECT_EQ(history.entries(0).residual_band(), v1::RISK_BAND_MEDIUM);  // as on 1 September

  scoring.set_high_from(3);  // not above medium_from
  EXPECT_THAT(ViolatedFields(Call(governance_, &Governance::UpdateAlliance, update, &alliance)),
              ElementsAre("alliance.risk_scoring"));
}

TEST_F(RegisterTest, ReviewsAreRecordedOnTheirDayAndOverdueOnesListedAsOfADate) {
  ASSERT_TRUE(CreateRisk(NewRisk("r1", v1::REGISTER_LEVEL_PROJECT, Score(3, 4), Day(2017, 9, 1),
                                 Day(2017, 11, 1)))
                  .ok());
  ASSERT_TRUE(CreateRisk(NewRisk("r2", v1::REGISTER_LEVEL_PROJECT, Score(3, 4), Day(2017, 9, 1),
                                 Day(2018, 1, 1)))
                  .ok());
  v1::CreateRiskRequest closed =
      NewRisk("r3", v1::REGISTER_LEVEL_PROGRAMME, Score(1, 1), Day(2017, 9, 1), Day(2017, 10, 1));
  closed.mutable_risk()->set_status(v1::RISK_STATUS_CLOSED);
  ASSERT_TRUE(CreateRisk(closed).ok());

  EXPECT_THAT(ListedRisks(Day(2017, 12, 14), false, true), ElementsAre("r1"));
  EXPECT_THAT(ListedRisks(Day(2017, 12, 14), true, false), ElementsAre("r1", "r2"));
  EXPECT_THAT(ListedRisks(Day(2017, 12, 14), false, false), ElementsAre("r1", "r2", "r3"));

  v1::ReviewRiskRequest review;
  review.set_name("alliances/bch/risks/r1");
  review.mutable_review()->set_reviewer("BCH Portfolio Board");
  review.mutable_review()->set_outcome("Supplier back on plan");
  *review.mutable_review_date() = Day(2017, 12, 10);
  *review.mutable_residual() = Score(2, 3);
  *review.mutable_next_review_date() = Day(2018, 3, 1);
  v1::Risk reviewed;
  ASSERT_TRUE(Call(risks_, &Risks::ReviewRisk, review, &reviewed).ok());
  EXPECT_EQ(reviewed.last_review().reviewer(), "BCH Portfolio Board");
  EXPECT_EQ(reviewed.last_review().review_date().day(), 10);
  EXPECT_EQ(reviewed.residual().score(), 6);
  EXPECT_EQ(reviewed.residual_band(), v1::RISK_BAND_MEDIUM);
  EXPECT_EQ(reviewed.inherent().score(), 25) << "a review leaves what it does not set";

  EXPECT_THAT(ListedRisks(Day(2017, 12, 14), false, true), ElementsAre());
  EXPECT_THAT(ListedRisks(Day(2017, 12, 5), false, true), ElementsAre("r1"))
      << "before the review it was overdue";
  v1::ListRiskHistoryRequest history_request;
  history_request.set_name("alliances/bch/risks/r1");
  v1::ListRiskHistoryResponse history;
  ASSERT_TRUE(Call(risks_, &Risks::ListRiskHistory, history_request, &history).ok());
  ASSERT_EQ(history.entries_size(), 2);
  EXPECT_FALSE(history.entries(0).has_review());
  EXPECT_EQ(history.entries(1).review().outcome(), "Supplier back on plan");
  EXPECT_EQ(history.entries(1).residual().score(), 6);

  *review.mutable_review_date() = Day(2017, 8, 1);  // before the risk was recorded
  EXPECT_THAT(ViolatedFields(Call(risks_, &Risks::ReviewRisk, review, &reviewed)),
              ElementsAre("review_date"));
  *review.mutable_review_date() = Day(2017, 12, 11);
  *review.mutable_next_review_date() = Day(2017, 1, 1);  // before the risk was raised
  EXPECT_THAT(ViolatedFields(Call(risks_, &Risks::ReviewRisk, review, &reviewed)),
              ElementsAre("next_review_date"))
      << "named as the review request names it";

  v1::ReviewRiskRequest bad;
  bad.set_name("alliances/bch/risks/r2");
  *bad.mutable_inherent() = Score(0, 6);
  EXPECT_THAT(
      ViolatedFields(Call(risks_, &Risks::ReviewRisk, bad, &reviewed)),
      IsSupersetOf({"review", "review.reviewer", "inherent.likelihood", "inherent.impact"}));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events WHERE resource = "
                                "'alliances/bch/risks/r1'"),
            "2");
}

TEST_F(RegisterTest, EveryViolatedFieldIsListed) {
  v1::CreateRiskRequest risk =
      NewRisk("r1", v1::REGISTER_LEVEL_PROJECT, Score(0, 6), Day(2017, 9, 1), Day(2017, 8, 1));
  v1::RiskAction& action = *risk.mutable_risk()->add_actions();
  action.set_description("Escalate");
  action.set_owner("Director");
  *action.mutable_due_date() = Day(2017, 8, 31);      // due before the risk was raised
  risk.mutable_risk()->set_object("programmes/ict");  // a programme at project level
  EXPECT_THAT(ViolatedFields(CreateRisk(risk)),
              IsSupersetOf({"risk.residual.likelihood", "risk.residual.impact",
                            "risk.actions[0].due_date", "risk.next_review_date", "risk.object"}));
  // Raised after the day the record applies from.
  v1::CreateRiskRequest early =
      NewRisk("r1", v1::REGISTER_LEVEL_PORTFOLIO, Score(1, 1), Day(2017, 9, 1), Day(2017, 12, 1));
  *early.mutable_effective_date() = Day(2017, 8, 1);
  EXPECT_THAT(ViolatedFields(CreateRisk(early)), ElementsAre("risk.raised_date"));

  v1::CreateBenefitRequest benefit = NewBenefit("b1", "custody", 100, Day(2017, 3, 1));
  *benefit.mutable_benefit()->mutable_tracked_date() = Day(2017, 2, 1);  // before identified
  benefit.mutable_benefit()->clear_full_year_value();
  benefit.mutable_benefit()->set_responsible_officer("");
  EXPECT_THAT(ViolatedFields(CreateBenefit(benefit)),
              IsSupersetOf({"benefit.tracked_date", "benefit.full_year_value",
                            "benefit.responsible_officer"}));
  // An area that does not exist is refused once the fields are right.
  EXPECT_THAT(ViolatedFields(CreateBenefit(NewBenefit("b1", "nowhere", 100, Day(2017, 3, 1)))),
              ElementsAre("benefit.area"));
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM risks") +
                service_.QueryValue("SELECT COUNT(*) FROM benefits"),
            "00")
      << "nothing is recorded";
}

TEST_F(RegisterTest, BenefitsMoveStageOnTheirDays) {
  ASSERT_TRUE(CreateBenefit(NewBenefit("b1", "custody", 2'500'000, Day(2017, 1, 10))).ok());
  ASSERT_TRUE(MoveStage("b1", "tracked_date", Day(2017, 3, 1), Day(2017, 3, 1)).ok());
  v1::UpdateBenefitRequest realise;
  v1::Benefit& patch = *realise.mutable_benefit();
  patch.set_name("alliances/bch/benefits/b1");
  *patch.mutable_realised_date() = Day(2017, 9, 1);
  v1::BenefitRealisation& realisation = *patch.add_realisations();
  realisation.set_period("2017/2018");
  *realisation.mutable_value() = common::MoneyFromPence(1'250'000);
  realise.mutable_update_mask()->add_paths("realised_date");
  realise.mutable_update_mask()->add_paths("realisations");
  *realise.mutable_effective_date() = Day(2017, 9, 1);
  v1::Benefit realised;
  ASSERT_TRUE(Call(benefits_, &Benefits::UpdateBenefit, realise, &realised).ok());
  EXPECT_EQ(realised.stage(), v1::BENEFIT_STAGE_REALISED);
  EXPECT_EQ(realised.realisations(0).period(), "2017/18");
  EXPECT_EQ(Pence(realised.realised_to_date()), 1'250'000);

  EXPECT_EQ(GetBenefit("b1", Day(2017, 2, 1)).stage(), v1::BENEFIT_STAGE_IDENTIFIED);
  EXPECT_EQ(GetBenefit("b1", Day(2017, 6, 1)).stage(), v1::BENEFIT_STAGE_TRACKED);
  EXPECT_EQ(Pence(GetBenefit("b1", Day(2017, 6, 1)).realised_to_date()), 0);
  EXPECT_EQ(GetBenefit("b1", Day(2017, 9, 1)).stage(), v1::BENEFIT_STAGE_REALISED);

  // A move recorded from before the day it happened would show it early.
  const grpc::Status early = MoveStage("b1", "sustained_date", Day(2018, 6, 1), Day(2018, 1, 1));
  EXPECT_THAT(ViolatedFields(early), ElementsAre("benefit.sustained_date"));
  EXPECT_THAT(early.error_message(), ::testing::HasSubstr("in the record from 2018-01-01"));
  // Sustained before realised.
  EXPECT_THAT(ViolatedFields(MoveStage("b1", "sustained_date", Day(2017, 8, 1), Day(2018, 1, 1))),
              ElementsAre("benefit.sustained_date"));
  ASSERT_TRUE(MoveStage("b1", "sustained_date", Day(2018, 6, 1), Day(2018, 6, 1)).ok());
  EXPECT_EQ(GetBenefit("b1", Day(2018, 6, 1)).stage(), v1::BENEFIT_STAGE_SUSTAINED);
}

TEST_F(RegisterTest, TrackersSumEachAreasBenefitsAsOfADay) {
  ASSERT_TRUE(CreateBenefit(NewBenefit("b1", "custody", 2'500'000, Day(2017, 1, 10))).ok());
  ASSERT_TRUE(CreateBenefit(NewBenefit("b2", "custody", 1'000'000, Day(2017, 6, 1))).ok());
  ASSERT_TRUE(CreateBenefit(NewBenefit("b3", "", 500'000, Day(2017, 6, 1))).ok());
  ASSERT_TRUE(MoveStage("b1", "tracked_date", Day(2017, 3, 1), Day(2017, 3, 1)).ok());

  v1::ListBenefitTrackersRequest request;
  request.set_parent("alliances/bch");
  *request.mutable_as_of() = Day(2017, 12, 14);
  v1::ListBenefitTrackersResponse response;
  ASSERT_TRUE(Call(benefits_, &Benefits::ListBenefitTrackers, request, &response).ok());
  ASSERT_EQ(response.trackers_size(), 3);
  const v1::BenefitTracker& custody = response.trackers(0);
  EXPECT_EQ(custody.area(), "alliances/bch/areas/custody");
  EXPECT_EQ(custody.stages(0).count(), 1);  // b2 identified
  EXPECT_EQ(custody.stages(1).count(), 1);  // b1 tracked
  EXPECT_EQ(Pence(custody.stages(1).full_year_value()), 2'500'000);
  EXPECT_EQ(Pence(custody.expected()), 3'500'000);
  EXPECT_EQ(response.trackers(1).area(), "alliances/bch/areas/ict");
  EXPECT_EQ(Pence(response.trackers(1).expected()), 0);
  EXPECT_EQ(response.trackers(2).area(), "");
  EXPECT_EQ(Pence(response.trackers(2).expected()), 500'000);

  *request.mutable_as_of() = Day(2017, 2, 1);  // b1 alone, identified
  ASSERT_TRUE(Call(benefits_, &Benefits::ListBenefitTrackers, request, &response).ok());
  ASSERT_EQ(response.trackers_size(), 2);
  EXPECT_EQ(response.trackers(0).stages(0).count(), 1);
  EXPECT_EQ(response.trackers(0).stages(1).count(), 0);

  *request.mutable_as_of() = Day(2014, 1, 1);  // before the alliance, as the summary says it
  EXPECT_EQ(Call(benefits_, &Benefits::ListBenefitTrackers, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_parent("alliances/none");
  EXPECT_EQ(Call(benefits_, &Benefits::ListBenefitTrackers, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RegisterTest, TheSummaryCountsRanksAndTracksInOneCall) {
  // Residual scores 20 (very high), 12 and 9 (high), 4 (medium), 2 (low, closed later).
  const std::tuple<const char*, v1::RegisterLevel, int, int, int> risks[] = {
      {"a", v1::REGISTER_LEVEL_PORTFOLIO, 4, 5, 11},
      {"b", v1::REGISTER_LEVEL_PROJECT, 3, 4, 12},
      {"c", v1::REGISTER_LEVEL_PROJECT, 3, 3, 10},
      {"d", v1::REGISTER_LEVEL_PROGRAMME, 2, 2, 1},
      {"e", v1::REGISTER_LEVEL_PROJECT, 1, 2, 1}};
  for (const auto& [id, level, likelihood, impact, review_month] : risks) {
    ASSERT_TRUE(CreateRisk(NewRisk(id, level, Score(likelihood, impact), Day(2017, 9, 1),
                                   Day(review_month < 9 ? 2018 : 2017, review_month, 1)))
                    .ok())
        << id;
  }
  v1::UpdateRiskRequest close;
  close.mutable_risk()->set_name("alliances/bch/risks/e");
  close.mutable_risk()->set_status(v1::RISK_STATUS_CLOSED);
  close.mutable_update_mask()->add_paths("status");
  *close.mutable_effective_date() = Day(2017, 12, 1);
  v1::Risk closed;
  ASSERT_TRUE(Call(risks_, &Risks::UpdateRisk, close, &closed).ok());
  ASSERT_TRUE(CreateBenefit(NewBenefit("b1", "custody", 2'500'000, Day(2017, 1, 10))).ok());

  v1::GetRegisterSummaryRequest request;
  request.set_alliance("alliances/bch");
  *request.mutable_as_of() = Day(2017, 12, 14);
  request.set_top_risks(2);
  v1::RegisterSummary summary;
  ASSERT_TRUE(Call(register_, &Register::GetRegisterSummary, request, &summary).ok());
  EXPECT_EQ(summary.open_risks(), 4);
  std::vector<std::tuple<v1::RegisterLevel, v1::RiskBand, int>> counts;
  for (const auto& count : summary.risk_counts()) {
    counts.emplace_back(count.level(), count.band(), count.count());
  }
  EXPECT_THAT(counts,
              ElementsAre(std::tuple{v1::REGISTER_LEVEL_PROJECT, v1::RISK_BAND_HIGH, 2},
                          std::tuple{v1::REGISTER_LEVEL_PROGRAMME, v1::RISK_BAND_MEDIUM, 1},
                          std::tuple{v1::REGISTER_LEVEL_PORTFOLIO, v1::RISK_BAND_VERY_HIGH, 1}));
  ASSERT_EQ(summary.top_risks_size(), 2);
  EXPECT_EQ(summary.top_risks(0).name(), "alliances/bch/risks/a");
  EXPECT_EQ(summary.top_risks(0).residual_band(), v1::RISK_BAND_VERY_HIGH);
  EXPECT_EQ(summary.top_risks(1).name(), "alliances/bch/risks/b");
  // Reviews due 1 October (c), 1 November (a) and 1 December (b) are overdue on 14 December;
  // e's, closed, is not counted, nor d's, due in 2018.
  EXPECT_EQ(summary.overdue_review_count(), 3);
  std::vector<std::string> overdue;
  for (const auto& risk : summary.overdue_reviews()) overdue.push_back(risk.name());
  EXPECT_THAT(overdue, ElementsAre("alliances/bch/risks/c", "alliances/bch/risks/a",
                                   "alliances/bch/risks/b"));
  ASSERT_EQ(summary.benefit_trackers_size(), 2);
  EXPECT_EQ(Pence(summary.benefit_trackers(0).expected()), 2'500'000);

  *request.mutable_as_of() = Day(2017, 10, 2);  // before e closed and most reviews fell due
  ASSERT_TRUE(Call(register_, &Register::GetRegisterSummary, request, &summary).ok());
  EXPECT_EQ(summary.open_risks(), 5);
  EXPECT_EQ(summary.overdue_review_count(), 1);  // c, due 1 October

  request.set_top_risks(-1);
  EXPECT_THAT(ViolatedFields(Call(register_, &Register::GetRegisterSummary, request, &summary)),
              ElementsAre("top_risks"));
}

}  // namespace
}  // namespace bch::governance
