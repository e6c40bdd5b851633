// Input checks of the risk and benefit registers (see register_validation.h).
#include "register_validation.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"
#include "bch/common/money.h"
#include "bch/common/period.h"
#include "risk_scoring.h"

namespace bch::governance {
namespace {

using common::Required;
using common::Violations;

constexpr int kMaxActions = 50;
constexpr int kMaxRealisations = 50;

// `object` of the kind its level needs: a project's or a programme's name, or empty for the
// portfolio (its form is CheckObjectForm's; an unset level is reported on the level alone).
void CheckObjectOfLevel(Violations& v, const std::string& field, v1::RegisterLevel level,
                        const std::string& object) {
  if (level == v1::REGISTER_LEVEL_PROJECT && !absl::StartsWith(object, "projects/")) {
    v.Add(field, "must name a project (projects/{project}) at project level");
  } else if (level == v1::REGISTER_LEVEL_PROGRAMME && !absl::StartsWith(object, "programmes/")) {
    v.Add(field, "must name a programme (programmes/{programme}) at programme level");
  } else if (level == v1::REGISTER_LEVEL_PORTFOLIO && !object.empty()) {
    v.Add(field, "must be empty at portfolio level");
  }
}

// The form of an object alone (its level may be changed by another write): empty or a project
// or programme name.
void CheckObjectForm(Violations& v, const std::string& field, const std::string& object) {
  if (object.empty()) return;
  common::CheckName(v, field, object,
                    absl::StartsWith(object, "programmes/") ? "programmes" : "projects",
                    Required::kYes);
}

// `day` is on or after `from`, else a violation on `field` saying it is before `what` (day).
void CheckNotBefore(Violations& v, const std::string& field, std::optional<absl::CivilDay> day,
                    std::optional<absl::CivilDay> from, const std::string& what) {
  if (day && from && *day < *from) {
    v.Add(field, absl::StrCat("is before ", what, " (", absl::FormatCivilTime(*from), ")"));
  }
}

// `date`, where set, is on or before a period's first day: a record says what was known from the
// day it applies from.
void CheckNotAfterDay(Violations& v, const std::string& field, std::optional<absl::CivilDay> date,
                      std::optional<absl::CivilDay> day, const std::string& what) {
  if (date && day && *date > *day) {
    v.Add(field, absl::StrCat("is after the day this record applies from (",
                              absl::FormatCivilTime(*day), "): ", what));
  }
}

void CheckMoney(Violations& v, const std::string& field, const google::type::Money& money) {
  v.AddFrom(common::PenceFromMoney(money, field).status());
}

// A realisation's period, put in canonical form: one financial year.
void CheckRealisationPeriod(Violations& v, const std::string& field, std::string& period) {
  auto parsed = common::ParsePeriod(period, field);
  if (!parsed.ok()) {
    v.AddFrom(parsed.status());
  } else if (parsed->first_year != parsed->last_year) {
    v.Add(field, "must be one financial year, e.g. \"2017/18\"");
  } else {
    period = common::FormatPeriod(*parsed);
  }
}

}  // namespace

void CheckRisk(Violations& v, v1::Risk& risk, const std::set<std::string>& fields,
               const std::vector<std::string>&) {
  if (fields.contains("level")) common::CheckEnumSet(v, "risk.level", risk.level());
  if (fields.contains("object")) CheckObjectForm(v, "risk.object", risk.object());
  const std::pair<const char*, std::pair<const std::string*, size_t>> texts[] = {
      {"title", {&risk.title(), 300}},
      {"cause", {&risk.cause(), 2000}},
      {"effect", {&risk.effect(), 2000}},
      {"owner", {&risk.owner(), 200}},
      {"category", {&risk.category(), 100}}};
  for (const auto& [field, text] : texts) {
    if (!fields.contains(field)) continue;
    const std::string name = field;
    common::CheckText(v, "risk." + name, *text.first, text.second,
                      name == "title" || name == "owner" ? Required::kYes : Required::kNo,
                      /*multiline=*/name == "cause" || name == "effect");
  }
  if (fields.contains("inherent")) CheckAndScore(v, "risk.inherent", *risk.mutable_inherent());
  if (fields.contains("residual")) CheckAndScore(v, "risk.residual", *risk.mutable_residual());
  if (fields.contains("response")) common::CheckEnumSet(v, "risk.response", risk.response());
  if (fields.contains("status")) common::CheckEnumSet(v, "risk.status", risk.status());
  if (fields.contains("actions")) {
    if (risk.actions_size() > kMaxActions) {
      v.Add("risk.actions",
            absl::StrCat("must hold at most ", kMaxActions, " (holds ", risk.actions_size(), ")"));
    } else {
      for (int i = 0; i < risk.actions_size(); ++i) {
        const v1::RiskAction& action = risk.actions(i);
        const std::string item = absl::StrCat("risk.actions[", i, "]");
        common::CheckText(v, item + ".description", action.description(), 1000, Required::kYes,
                          /*multiline=*/true);
        common::CheckText(v, item + ".owner", action.owner(), 200, Required::kYes);
        common::CheckDate(v, item + ".due_date", action.has_due_date(), action.due_date(),
                          Required::kYes);
        common::CheckDate(v, item + ".completed_date", action.has_completed_date(),
                          action.completed_date(), Required::kNo);
      }
    }
  }
  if (fields.contains("raised_date")) {
    common::CheckDate(v, "risk.raised_date", risk.has_raised_date(), risk.raised_date(),
                      Required::kYes);
  }
  if (fields.contains("proximity_date")) {
    common::CheckDate(v, "risk.proximity_date", risk.has_proximity_date(), risk.proximity_date(),
                      Required::kNo);
  }
  if (fields.contains("next_review_date")) {
    common::CheckDate(v, "risk.next_review_date", risk.has_next_review_date(),
                      risk.next_review_date(), Required::kNo);
  }
  if (fields == UpdatableRiskFields()) CheckRiskState(v, risk);
}

const std::set<std::string>& UpdatableRiskFields() {
  static const auto* const kFields = new std::set<std::string>{
      "level",          "object",           "title",    "cause",    "effect",  "owner",
      "category",       "inherent",         "residual", "response", "actions", "raised_date",
      "proximity_date", "next_review_date", "status"};
  return *kFields;
}

void CheckRiskState(Violations& v, const v1::Risk& risk, std::optional<absl::CivilDay> day) {
  CheckObjectOfLevel(v, "risk.object", risk.level(), risk.object());
  const auto raised = common::ValidDay(risk.has_raised_date(), risk.raised_date());
  CheckNotAfterDay(v, "risk.raised_date", raised, day,
                   "a risk is recorded from the day it is raised, or later");
  const std::string when_raised = "the day the risk was raised";
  for (int i = 0; i < risk.actions_size(); ++i) {
    const v1::RiskAction& action = risk.actions(i);
    const std::string item = absl::StrCat("risk.actions[", i, "]");
    CheckNotBefore(v, item + ".due_date",
                   common::ValidDay(action.has_due_date(), action.due_date()), raised, when_raised);
    CheckNotBefore(v, item + ".completed_date",
                   common::ValidDay(action.has_completed_date(), action.completed_date()), raised,
                   when_raised);
  }
  CheckNotBefore(v, "risk.next_review_date",
                 common::ValidDay(risk.has_next_review_date(), risk.next_review_date()), raised,
                 when_raised);
}

void CheckRiskReview(Violations& v, v1::ReviewRiskRequest& request) {
  if (!request.has_review()) v.Add("review", "is required");
  common::CheckText(v, "review.reviewer", request.review().reviewer(), 200, Required::kYes);
  common::CheckText(v, "review.outcome", request.review().outcome(), 2000, Required::kNo,
                    /*multiline=*/true);
  if (request.has_inherent()) CheckAndScore(v, "inherent", *request.mutable_inherent());
  if (request.has_residual()) CheckAndScore(v, "residual", *request.mutable_residual());
  common::CheckDate(v, "next_review_date", request.has_next_review_date(),
                    request.next_review_date(), Required::kNo);
}

void CheckBenefit(Violations& v, v1::Benefit& benefit, const std::set<std::string>& fields,
                  const std::vector<std::string>& keys) {
  if (fields.contains("level")) common::CheckEnumSet(v, "benefit.level", benefit.level());
  if (fields.contains("object")) CheckObjectForm(v, "benefit.object", benefit.object());
  const std::pair<const char*, std::pair<const std::string*, size_t>> texts[] = {
      {"title", {&benefit.title(), 300}},
      {"description", {&benefit.description(), 2000}},
      {"responsible_officer", {&benefit.responsible_officer(), 200}},
      {"kpi", {&benefit.kpi(), 300}},
      {"baseline", {&benefit.baseline(), 300}},
      {"target", {&benefit.target(), 300}}};
  for (const auto& [field, text] : texts) {
    if (!fields.contains(field)) continue;
    const std::string name = field;
    common::CheckText(
        v, "benefit." + name, *text.first, text.second,
        name == "title" || name == "responsible_officer" ? Required::kYes : Required::kNo,
        /*multiline=*/name == "description");
  }
  if (fields.contains("area") && !benefit.area().empty()) {
    const std::vector<std::string> ids =
        common::IdsFrom(v, benefit.area(), "alliances/{alliance}/areas/{area}", "benefit.area");
    if (!ids[0].empty() && !keys.empty() && !keys[0].empty() && ids[0] != keys[0]) {
      v.Add("benefit.area", "must be a collaboration area of the benefit's own alliance");
    }
  }
  if (fields.contains("category")) {
    common::CheckEnumSet(v, "benefit.category", benefit.category());
  }
  if (fields.contains("measure")) common::CheckEnumSet(v, "benefit.measure", benefit.measure());
  if (fields.contains("full_year_value") && benefit.has_full_year_value()) {
    CheckMoney(v, "benefit.full_year_value", benefit.full_year_value());
  }
  const std::pair<const char*, std::pair<bool, const google::type::Date*>> dates[] = {
      {"timescale_start", {benefit.has_timescale_start(), &benefit.timescale_start()}},
      {"timescale_end", {benefit.has_timescale_end(), &benefit.timescale_end()}},
      {"identified_date", {benefit.has_identified_date(), &benefit.identified_date()}},
      {"tracked_date", {benefit.has_tracked_date(), &benefit.tracked_date()}},
      {"realised_date", {benefit.has_realised_date(), &benefit.realised_date()}},
      {"sustained_date", {benefit.has_sustained_date(), &benefit.sustained_date()}}};
  for (const auto& [field, date] : dates) {
    if (!fields.contains(field)) continue;
    const std::string name = field;
    common::CheckDate(
        v, "benefit." + name, date.first, *date.second,
        name == "timescale_start" || name == "identified_date" ? Required::kYes : Required::kNo);
  }
  if (fields.contains("realisations")) {
    if (benefit.realisations_size() > kMaxRealisations) {
      v.Add("benefit.realisations", absl::StrCat("must hold at most ", kMaxRealisations, " (holds ",
                                                 benefit.realisations_size(), ")"));
    } else {
      for (int i = 0; i < benefit.realisations_size(); ++i) {
        v1::BenefitRealisation& realisation = *benefit.mutable_realisations(i);
        const std::string item = absl::StrCat("benefit.realisations[", i, "]");
        CheckRealisationPeriod(v, item + ".period", *realisation.mutable_period());
        if (realisation.has_value()) CheckMoney(v, item + ".value", realisation.value());
        common::CheckText(v, item + ".note", realisation.note(), 500, Required::kNo);
      }
    }
  }
  if (fields == UpdatableBenefitFields()) CheckBenefitState(v, benefit);
}

const std::set<std::string>& UpdatableBenefitFields() {
  static const auto* const kFields = new std::set<std::string>{"level",
                                                               "object",
                                                               "title",
                                                               "description",
                                                               "area",
                                                               "category",
                                                               "measure",
                                                               "responsible_officer",
                                                               "kpi",
                                                               "baseline",
                                                               "target",
                                                               "full_year_value",
                                                               "timescale_start",
                                                               "timescale_end",
                                                               "identified_date",
                                                               "tracked_date",
                                                               "realised_date",
                                                               "sustained_date",
                                                               "realisations"};
  return *kFields;
}

void CheckBenefitState(Violations& v, const v1::Benefit& benefit,
                       std::optional<absl::CivilDay> day) {
  CheckObjectOfLevel(v, "benefit.object", benefit.level(), benefit.object());
  const bool cash = benefit.category() == v1::BENEFIT_CATEGORY_CASH_RELEASING;
  const bool qualitative = benefit.measure() == v1::BENEFIT_MEASURE_QUALITATIVE;
  if (cash && qualitative) {
    v.Add("benefit.measure", "must be quantitative for a cash-releasing benefit");
  }
  if (cash && !benefit.has_full_year_value()) {
    v.Add("benefit.full_year_value", "is required for a cash-releasing benefit");
  }
  if (qualitative && benefit.has_full_year_value()) {
    v.Add("benefit.full_year_value", "must be unset for a qualitative benefit");
  }
  CheckNotBefore(v, "benefit.timescale_end",
                 common::ValidDay(benefit.has_timescale_end(), benefit.timescale_end()),
                 common::ValidDay(benefit.has_timescale_start(), benefit.timescale_start()),
                 "the timescale's start");
  // Each stage after the first needs the one before it, and none is dated before an earlier one.
  struct Stage {
    const char* field;
    const char* name;
    std::optional<absl::CivilDay> day;
    bool set;
  };
  const Stage stages[] = {
      {"identified_date", "identified",
       common::ValidDay(benefit.has_identified_date(), benefit.identified_date()),
       benefit.has_identified_date()},
      {"tracked_date", "tracked",
       common::ValidDay(benefit.has_tracked_date(), benefit.tracked_date()),
       benefit.has_tracked_date()},
      {"realised_date", "realised",
       common::ValidDay(benefit.has_realised_date(), benefit.realised_date()),
       benefit.has_realised_date()},
      {"sustained_date", "sustained",
       common::ValidDay(benefit.has_sustained_date(), benefit.sustained_date()),
       benefit.has_sustained_date()}};
  for (size_t i = 0; i < std::size(stages); ++i) {
    const Stage& stage = stages[i];
    const std::string field = std::string("benefit.") + stage.field;
    CheckNotAfterDay(v, field, stage.day, day,
                     "a benefit moves stage on or before the day the move is recorded from");
    if (i == 0 || !stage.set) continue;
    const Stage& before = stages[i - 1];
    if (!before.set) {
      v.Add(field, absl::StrCat("needs ", before.field, ": a benefit is ", before.name,
                                " before it is ", stage.name));
    }
    // The earliest stage it comes before, so that "realised before it was identified" says so.
    for (size_t j = 0; j < i; ++j) {
      if (stage.day && stages[j].day && *stage.day < *stages[j].day) {
        CheckNotBefore(v, field, stage.day, stages[j].day,
                       absl::StrCat("the benefit was ", stages[j].name));
        break;
      }
    }
  }
  std::optional<common::Period> previous;
  for (int i = 0; i < benefit.realisations_size(); ++i) {
    const v1::BenefitRealisation& realisation = benefit.realisations(i);
    const std::string item = absl::StrCat("benefit.realisations[", i, "]");
    if (qualitative && realisation.has_value()) {
      v.Add(item + ".value", "must be unset for a qualitative benefit");
    }
    auto period = common::ParsePeriod(realisation.period(), item + ".period");
    if (!period.ok()) continue;  // reported by CheckBenefit
    if (previous && *period <= *previous) {
      v.Add(item + ".period", "must come after the previous realisations' years (one per year)");
    } else {
      previous = *period;  // the latest year so far
    }
    if (stages[0].day && period->end() < *stages[0].day) {
      v.Add(item + ".period", absl::StrCat("ends before the benefit was identified (",
                                           absl::FormatCivilTime(*stages[0].day), ")"));
    }
  }
}

absl::Status StateStatus(Violations v, std::optional<absl::CivilDay> day) {
  absl::Status status = std::move(v).ToStatus();
  if (!day) return status;
  return common::RewriteViolations(status, [&](common::FieldViolation& violation) {
    violation.description = absl::StrCat("in the record from ", absl::FormatCivilTime(*day), ": ",
                                         violation.description);
  });
}

void DeriveBenefit(v1::Benefit& benefit) {
  v1::BenefitStage stage = v1::BENEFIT_STAGE_IDENTIFIED;
  if (benefit.has_tracked_date()) stage = v1::BENEFIT_STAGE_TRACKED;
  if (benefit.has_realised_date()) stage = v1::BENEFIT_STAGE_REALISED;
  if (benefit.has_sustained_date()) stage = v1::BENEFIT_STAGE_SUSTAINED;
  benefit.set_stage(stage);
  int64_t pence = 0;
  for (const v1::BenefitRealisation& realisation : benefit.realisations()) {
    // Each value is within ±kMaxPence and there are at most 50 of them: no overflow.
    pence += common::PenceFromMoney(realisation.value(), "").value_or(0);
  }
  *benefit.mutable_realised_to_date() = common::MoneyFromPence(pence);
}

}  // namespace bch::governance
