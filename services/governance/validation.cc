// Input checks of the governance service (see validation.h).
#include "validation.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bch/common/resource_names.h"
#include "risk_scoring.h"

namespace bch::governance {
namespace {

using common::Required;
using common::Violations;

// A repeated field of resource names: `min` to `max` of them, each a name in `collection`,
// each once.
void CheckNames(Violations& v, const std::string& field,
                const google::protobuf::RepeatedPtrField<std::string>& names,
                const std::string& collection, int min, int max) {
  if (names.size() < min || names.size() > max) {
    v.Add(field, absl::StrCat("must name ", min, " to ", max, " (names ", names.size(), ")"));
    return;
  }
  for (int i = 0; i < names.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    common::CheckName(v, item, names[i], collection, Required::kYes);
    if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i) {
      v.Add(item, "is named twice");
    }
  }
}

// A repeated text field: at most `max_items` items, each 1 to `max_chars` characters; each once
// where `unique`.
void CheckTexts(Violations& v, const std::string& field,
                const google::protobuf::RepeatedPtrField<std::string>& items, int max_items,
                size_t max_chars, bool unique, bool multiline = false) {
  if (items.size() > max_items) {
    v.Add(field, absl::StrCat("must hold at most ", max_items, " (holds ", items.size(), ")"));
    return;
  }
  for (int i = 0; i < items.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    common::CheckText(v, item, items[i], max_chars, Required::kYes, multiline);
    if (unique && std::find(items.begin(), items.begin() + i, items[i]) != items.begin() + i) {
      v.Add(item, "is listed twice");
    }
  }
}

// A position among siblings: 0 to 1,000,000.
void CheckDisplayOrder(Violations& v, const std::string& field, int32_t order) {
  if (order < 0 || order > 1'000'000) v.Add(field, "must be from 0 to 1000000");
}

}  // namespace

void CheckForce(Violations& v, const v1::Force& force, const Fields& fields, const Keys&) {
  const std::pair<const char*, std::pair<const std::string*, size_t>> texts[] = {
      {"display_name", {&force.display_name(), 200}},
      {"short_name", {&force.short_name(), 100}},
      {"policing_body", {&force.policing_body(), 200}},
      {"commissioner", {&force.commissioner(), 200}},
      {"chief_officer", {&force.chief_officer(), 200}},
      {"chief_officer_title", {&force.chief_officer_title(), 100}}};
  for (const auto& [field, text] : texts) {
    if (!fields.contains(field)) continue;
    common::CheckText(v, std::string("force.") + field, *text.first, text.second,
                      std::string(field) == "display_name" ? Required::kYes : Required::kNo);
  }
}

const Fields& UpdatableForceFields() {
  static const auto* const kFields =
      new Fields{"display_name", "short_name",    "policing_body",
                 "commissioner", "chief_officer", "chief_officer_title"};
  return *kFields;
}

void CheckAlliance(Violations& v, const v1::Alliance& alliance, const Fields& fields,
                   const Keys& keys) {
  if (fields.contains("display_name")) {
    common::CheckText(v, "alliance.display_name", alliance.display_name(), 200, Required::kYes);
  }
  if (fields.contains("short_name")) {
    common::CheckText(v, "alliance.short_name", alliance.short_name(), 100, Required::kNo);
  }
  if (fields.contains("type")) common::CheckEnumSet(v, "alliance.type", alliance.type());
  if (fields.contains("members")) {
    CheckNames(v, "alliance.members", alliance.members(), "forces", 1, 50);
  }
  if (fields.contains("aim")) {
    common::CheckText(v, "alliance.aim", alliance.aim(), 2000, Required::kNo, /*multiline=*/true);
  }
  if (fields.contains("objectives")) {
    CheckTexts(v, "alliance.objectives", alliance.objectives(), 50, 1000, /*unique=*/false,
               /*multiline=*/true);
  }
  if (fields.contains("legal_basis")) {
    common::CheckText(v, "alliance.legal_basis", alliance.legal_basis(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("part_of")) {
    CheckNames(v, "alliance.part_of", alliance.part_of(), "alliances", 0, 20);
    const std::string self = common::ResourceName("alliances", keys.back());
    for (int i = 0; i < alliance.part_of_size(); ++i) {
      if (!keys.back().empty() && alliance.part_of(i) == self) {
        v.Add(absl::StrCat("alliance.part_of[", i, "]"), "names the alliance itself");
      }
    }
  }
  if (fields.contains("risk_scoring") && alliance.has_risk_scoring()) {
    CheckRiskScoring(v, "alliance.risk_scoring", alliance.risk_scoring());
  }
  if (fields.contains("delivers")) {
    CheckNames(v, "alliance.delivers", alliance.delivers(), "projects", 0, 50);
  }
}

const Fields& UpdatableAllianceFields() {
  static const auto* const kFields =
      new Fields{"display_name", "short_name",  "type",    "members",  "aim",
                 "objectives",   "legal_basis", "part_of", "delivers", "risk_scoring"};
  return *kFields;
}

void CheckArea(Violations& v, const v1::CollaborationArea& area, const Fields& fields,
               const Keys&) {
  if (fields.contains("display_name")) {
    common::CheckText(v, "area.display_name", area.display_name(), 200, Required::kYes);
  }
  if (fields.contains("lead_force")) {
    common::CheckName(v, "area.lead_force", area.lead_force(), "forces", Required::kNo);
  }
  if (fields.contains("units")) {
    CheckTexts(v, "area.units", area.units(), 100, 200, /*unique=*/true);
  }
  if (fields.contains("display_order")) {
    CheckDisplayOrder(v, "area.display_order", area.display_order());
  }
}

const Fields& UpdatableAreaFields() {
  static const auto* const kFields =
      new Fields{"display_name", "lead_force", "units", "display_order"};
  return *kFields;
}

void CheckAgreement(Violations& v, const v1::Agreement& agreement, const Fields& fields,
                    const Keys&) {
  if (fields.contains("type")) common::CheckEnumSet(v, "agreement.type", agreement.type());
  if (fields.contains("title")) {
    common::CheckText(v, "agreement.title", agreement.title(), 300, Required::kYes);
  }
  if (fields.contains("objective")) {
    common::CheckText(v, "agreement.objective", agreement.objective(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("parties")) {
    const auto& parties = agreement.parties();
    if (parties.size() < 2 || parties.size() > 50) {
      v.Add("agreement.parties",
            absl::StrCat("must name 2 to 50 parties (names ", parties.size(), ")"));
    } else {
      for (int i = 0; i < parties.size(); ++i) {
        const std::string item = absl::StrCat("agreement.parties[", i, "]");
        common::CheckName(v, item + ".force", parties[i].force(), "forces", Required::kYes);
        common::CheckEnumSet(v, item + ".role", parties[i].role());
        const auto same = [&](const v1::AgreementParty& p) {
          return p.force() == parties[i].force() && p.role() == parties[i].role();
        };
        if (std::any_of(parties.begin(), parties.begin() + i, same)) {
          v.Add(item, "is named twice");
        }
      }
    }
  }
  if (fields.contains("legal_basis")) {
    common::CheckText(v, "agreement.legal_basis", agreement.legal_basis(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("commencement_date")) {
    common::CheckDate(v, "agreement.commencement_date", agreement.has_commencement_date(),
                      agreement.commencement_date(), Required::kYes);
  }
  if (fields.contains("review_date")) {
    common::CheckDate(v, "agreement.review_date", agreement.has_review_date(),
                      agreement.review_date(), Required::kNo);
  }
  if (fields.contains("end_date")) {
    common::CheckDate(v, "agreement.end_date", agreement.has_end_date(), agreement.end_date(),
                      Required::kNo);
  }
  if (fields.contains("variations")) {
    if (agreement.variations_size() > 100) {
      v.Add("agreement.variations", "must hold at most 100");
    } else {
      for (int i = 0; i < agreement.variations_size(); ++i) {
        const std::string item = absl::StrCat("agreement.variations[", i, "]");
        const auto& variation = agreement.variations(i);
        common::CheckDate(v, item + ".date", variation.has_date(), variation.date(),
                          Required::kYes);
        common::CheckText(v, item + ".description", variation.description(), 2000, Required::kYes,
                          /*multiline=*/true);
      }
    }
  }
  if (fields.contains("publication")) {
    common::CheckEnumSet(v, "agreement.publication", agreement.publication());
  }
  if (fields.contains("publication_reason")) {
    common::CheckText(v, "agreement.publication_reason", agreement.publication_reason(), 1000,
                      Required::kNo, /*multiline=*/true);
  }
  if (fields.contains("service_levels")) {
    if (agreement.service_levels_size() > 50) {
      v.Add("agreement.service_levels", "must hold at most 50");
    } else {
      for (int i = 0; i < agreement.service_levels_size(); ++i) {
        const std::string item = absl::StrCat("agreement.service_levels[", i, "]");
        const auto& level = agreement.service_levels(i);
        common::CheckText(v, item + ".title", level.title(), 200, Required::kYes);
        common::CheckText(v, item + ".target", level.target(), 200, Required::kNo);
        if (level.results_size() > 60) {
          v.Add(item + ".results", "must hold at most 60");
          continue;
        }
        for (int j = 0; j < level.results_size(); ++j) {
          const std::string result = absl::StrCat(item, ".results[", j, "]");
          const auto& r = level.results(j);
          common::CheckDate(v, result + ".period_start", r.has_period_start(), r.period_start(),
                            Required::kYes);
          common::CheckDate(v, result + ".period_end", r.has_period_end(), r.period_end(),
                            Required::kYes);
          common::CheckText(v, result + ".result", r.result(), 200, Required::kYes);
        }
      }
    }
  }
  if (fields == UpdatableAgreementFields()) CheckAgreementState(v, agreement);
}

const Fields& UpdatableAgreementFields() {
  static const auto* const kFields = new Fields{"type",
                                                "title",
                                                "objective",
                                                "parties",
                                                "legal_basis",
                                                "commencement_date",
                                                "review_date",
                                                "end_date",
                                                "variations",
                                                "publication",
                                                "publication_reason",
                                                "service_levels"};
  return *kFields;
}

void CheckAgreementState(Violations& v, const v1::Agreement& agreement) {
  const auto start =
      common::ValidDay(agreement.has_commencement_date(), agreement.commencement_date());
  const auto review = common::ValidDay(agreement.has_review_date(), agreement.review_date());
  const auto end = common::ValidDay(agreement.has_end_date(), agreement.end_date());
  if (start && review && *review < *start) {
    v.Add("agreement.review_date", "is before the commencement date");
  }
  if (start && end && *end <= *start) {
    v.Add("agreement.end_date", "must be after the commencement date");
  }
  std::optional<absl::CivilDay> previous;  // the previous variation's day
  for (int i = 0; i < agreement.variations_size(); ++i) {
    const auto& variation = agreement.variations(i);
    const auto day = common::ValidDay(variation.has_date(), variation.date());
    if (!day) continue;
    const std::string field = absl::StrCat("agreement.variations[", i, "].date");
    if (start && *day < *start) {
      v.Add(field, "is before the commencement date");
    } else if (previous && *day < *previous) {
      v.Add(field, "is before the previous variation's (variations are kept in the order made)");
    }
    previous = day;
  }
  const bool title_only = agreement.publication() == v1::PUBLICATION_TITLE_AND_OBJECTIVE_ONLY;
  if (title_only && agreement.publication_reason().empty()) {
    v.Add("agreement.publication_reason",
          "is required when only the title and objective are published (section 23E)");
  }
  if (!title_only && !agreement.publication_reason().empty()) {
    v.Add("agreement.publication_reason",
          "must be empty unless only the title and objective are published");
  }
  if (agreement.service_levels_size() > 0 &&
      agreement.type() != v1::AGREEMENT_TYPE_COLLABORATION_SERVICE_AGREEMENT) {
    v.Add("agreement.service_levels", "only a collaboration service agreement has service levels");
  }
  for (int i = 0; i < agreement.service_levels_size(); ++i) {
    std::optional<absl::CivilDay> previous_end;
    const auto& level = agreement.service_levels(i);
    for (int j = 0; j < level.results_size(); ++j) {
      const auto& r = level.results(j);
      const std::string result = absl::StrCat("agreement.service_levels[", i, "].results[", j, "]");
      const auto from = common::ValidDay(r.has_period_start(), r.period_start());
      const auto to = common::ValidDay(r.has_period_end(), r.period_end());
      if (from && to && *to < *from) v.Add(result + ".period_end", "is before period_start");
      if (from && previous_end && *from <= *previous_end) {
        v.Add(result + ".period_start",
              "must be after the previous result's period_end (results are in period order)");
      }
      if (to) previous_end = to;
    }
  }
}

void CheckBody(Violations& v, const v1::GovernanceBody& body, const Fields& fields,
               const Keys& keys) {
  if (fields.contains("display_name")) {
    common::CheckText(v, "body.display_name", body.display_name(), 200, Required::kYes);
  }
  if (fields.contains("type")) common::CheckEnumSet(v, "body.type", body.type());
  if (fields.contains("terms_of_reference")) {
    common::CheckText(v, "body.terms_of_reference", body.terms_of_reference(), 4000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("chair")) {
    common::CheckText(v, "body.chair", body.chair(), 200, Required::kNo);
  }
  if (fields.contains("members")) {
    CheckTexts(v, "body.members", body.members(), 50, 200, /*unique=*/true);
  }
  if (fields.contains("reports_to") && !body.reports_to().empty()) {
    const std::vector<std::string> line = common::IdsFrom(
        v, body.reports_to(), "alliances/{alliance}/bodies/{body}", "body.reports_to");
    if (!line[0].empty() && !keys[0].empty() && line[0] != keys[0]) {
      v.Add("body.reports_to", "must be a body of the same alliance");
    } else if (!line[1].empty() && line[1] == keys[1]) {
      v.Add("body.reports_to", "names the body itself");
    }
  }
  if (fields.contains("display_order")) {
    CheckDisplayOrder(v, "body.display_order", body.display_order());
  }
}

const Fields& UpdatableBodyFields() {
  static const auto* const kFields =
      new Fields{"display_name", "type",       "terms_of_reference", "chair",
                 "members",      "reports_to", "display_order"};
  return *kFields;
}

void CheckReview(Violations& v, const v1::Review& review, const Fields& fields, const Keys&) {
  if (fields.contains("title")) {
    common::CheckText(v, "review.title", review.title(), 300, Required::kYes);
  }
  if (fields.contains("reviewer")) {
    common::CheckText(v, "review.reviewer", review.reviewer(), 200, Required::kNo);
  }
  if (fields.contains("summary")) {
    common::CheckText(v, "review.summary", review.summary(), 4000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("report_date")) {
    common::CheckDate(v, "review.report_date", review.has_report_date(), review.report_date(),
                      Required::kNo);
  }
}

const Fields& UpdatableReviewFields() {
  static const auto* const kFields = new Fields{"title", "reviewer", "summary", "report_date"};
  return *kFields;
}

void CheckRecommendation(Violations& v, const v1::Recommendation& recommendation,
                         const Fields& fields, const Keys&) {
  if (fields.contains("text")) {
    common::CheckText(v, "recommendation.text", recommendation.text(), 2000, Required::kYes,
                      /*multiline=*/true);
  }
  if (fields.contains("owner")) {
    common::CheckText(v, "recommendation.owner", recommendation.owner(), 200, Required::kNo);
  }
  if (fields.contains("due_date")) {
    common::CheckDate(v, "recommendation.due_date", recommendation.has_due_date(),
                      recommendation.due_date(), Required::kNo);
  }
  if (fields.contains("status")) {
    common::CheckEnumSet(v, "recommendation.status", recommendation.status());
  }
  if (fields.contains("status_note")) {
    common::CheckText(v, "recommendation.status_note", recommendation.status_note(), 2000,
                      Required::kNo, /*multiline=*/true);
  }
  if (fields.contains("display_order")) {
    CheckDisplayOrder(v, "recommendation.display_order", recommendation.display_order());
  }
}

const Fields& UpdatableRecommendationFields() {
  static const auto* const kFields =
      new Fields{"text", "owner", "due_date", "status", "status_note", "display_order"};
  return *kFields;
}

}  // namespace bch::governance
