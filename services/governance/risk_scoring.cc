// Risk scores and bands (see risk_scoring.h).
#include "risk_scoring.h"

#include "absl/strings/str_cat.h"

namespace bch::governance {
namespace {

constexpr int kMaxLevel = 5;  // likelihood and impact are 1 to 5
constexpr int kMaxScore = kMaxLevel * kMaxLevel;

void CheckLevel(common::Violations& v, const std::string& field, int value) {
  if (value < 1 || value > kMaxLevel) {
    v.Add(field, absl::StrCat("must be 1 to ", kMaxLevel, " (is ", value, ")"));
  }
}

}  // namespace

const v1::RiskScoring& DefaultRiskScoring() {
  static const auto* const kDefault = [] {
    auto* scoring = new v1::RiskScoring();
    scoring->set_medium_from(4);
    scoring->set_high_from(8);
    scoring->set_very_high_from(15);
    return scoring;
  }();
  return *kDefault;
}

const v1::RiskScoring& RiskScoringOf(const v1::Alliance& alliance) {
  return alliance.has_risk_scoring() ? alliance.risk_scoring() : DefaultRiskScoring();
}

v1::RiskBand BandOf(int score, const v1::RiskScoring& scoring) {
  if (score <= 0) return v1::RISK_BAND_UNSPECIFIED;
  if (score >= scoring.very_high_from()) return v1::RISK_BAND_VERY_HIGH;
  if (score >= scoring.high_from()) return v1::RISK_BAND_HIGH;
  if (score >= scoring.medium_from()) return v1::RISK_BAND_MEDIUM;
  return v1::RISK_BAND_LOW;
}

void CheckRiskScoring(common::Violations& v, const std::string& field,
                      const v1::RiskScoring& scoring) {
  const int medium = scoring.medium_from();
  const int high = scoring.high_from();
  const int very_high = scoring.very_high_from();
  if (!(2 <= medium && medium < high && high < very_high && very_high <= kMaxScore)) {
    v.Add(field, absl::StrCat("thresholds must rise within the scores 1 to ", kMaxScore,
                              ": 2 <= medium_from < high_from < very_high_from <= ", kMaxScore,
                              " (are ", medium, ", ", high, ", ", very_high, ")"));
  }
}

void CheckAndScore(common::Violations& v, const std::string& field, v1::RiskScore& score) {
  CheckLevel(v, field + ".likelihood", score.likelihood());
  CheckLevel(v, field + ".impact", score.impact());
  score.set_score(score.likelihood() * score.impact());
}

}  // namespace bch::governance
