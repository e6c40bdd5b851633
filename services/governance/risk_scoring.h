// Risk scores and bands: a score is likelihood × impact on the Orange Book's 5×5 matrix, and an
// alliance's RiskScoring (or the default) says which scores are low, medium, high and very high.
#ifndef BCH_SERVICES_GOVERNANCE_RISK_SCORING_H_
#define BCH_SERVICES_GOVERNANCE_RISK_SCORING_H_

#include <string>

#include "bch/common/checks.h"
#include "bch/governance/v1/governance_service.pb.h"
#include "bch/governance/v1/register_service.pb.h"

namespace bch::governance {

// The default for a 5×5 matrix: low 1–3, medium 4–7, high 8–14, very high 15–25.
const v1::RiskScoring& DefaultRiskScoring();

// The alliance's scoring, or the default where it has none.
const v1::RiskScoring& RiskScoringOf(const v1::Alliance& alliance);

// The band of `score` (1 to 25) under `scoring`; RISK_BAND_UNSPECIFIED for 0 (no score).
v1::RiskBand BandOf(int score, const v1::RiskScoring& scoring);

// Adds a violation on `field` unless 2 ≤ medium_from < high_from < very_high_from ≤ 25.
void CheckRiskScoring(common::Violations& v, const std::string& field,
                      const v1::RiskScoring& scoring);

// Checks likelihood and impact (1 to 5 each, violations on `field`.likelihood and .impact) and
// sets the score to their product.
void CheckAndScore(common::Violations& v, const std::string& field, v1::RiskScore& score);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_RISK_SCORING_H_
