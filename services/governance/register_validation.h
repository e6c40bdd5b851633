// Input checks of the risk and benefit registers (RiskService, BenefitService): each Check* adds
// a violation for every bad one of `fields` (all updatable fields on create, an update mask's on
// update), as common::StandardMethods calls them; the *State checks are the rules between fields,
// run on every state a write makes (whichever fields it names) and, with `day`, on each period it
// changes.
#ifndef BCH_SERVICES_GOVERNANCE_REGISTER_VALIDATION_H_
#define BCH_SERVICES_GOVERNANCE_REGISTER_VALIDATION_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "bch/governance/v1/register_service.pb.h"

namespace bch::governance {

// The risk's fields one by one (scores are set from likelihood and impact); on create also
// CheckRiskState.
void CheckRisk(common::Violations& v, v1::Risk& risk, const std::set<std::string>& fields,
               const std::vector<std::string>& keys);
const std::set<std::string>& UpdatableRiskFields();
// The object agrees with the level; actions due or done and the next review on or after the day
// the risk was raised; with `day` (a period's first day), the risk raised on or before it.
void CheckRiskState(common::Violations& v, const v1::Risk& risk,
                    std::optional<absl::CivilDay> day = std::nullopt);

// A ReviewRiskRequest: the reviewer and outcome, the new scores (scored) and dates.
void CheckRiskReview(common::Violations& v, v1::ReviewRiskRequest& request);

// The benefit's fields one by one (realisation periods put in canonical form); `keys` are its
// ids (the area must be of the same alliance); on create also CheckBenefitState.
void CheckBenefit(common::Violations& v, v1::Benefit& benefit, const std::set<std::string>& fields,
                  const std::vector<std::string>& keys);
const std::set<std::string>& UpdatableBenefitFields();
// The object agrees with the level; value rules of cash-releasing and qualitative benefits; the
// timescale's end after its start; stages in order without gaps; realisations in year order, none
// before the benefit was identified; with `day` (a period's first day), no stage dated after it.
void CheckBenefitState(common::Violations& v, const v1::Benefit& benefit,
                       std::optional<absl::CivilDay> day = std::nullopt);

// INVALID_ARGUMENT listing `v`'s violations of a state's rules, each saying, when `day` is set,
// the day from which that state holds: a back-dated write is checked on every later period, and
// the period that breaks a rule may be one it did not name.
absl::Status StateStatus(common::Violations v, std::optional<absl::CivilDay> day);

// Sets a benefit's derived fields: its stage (of the latest stage date set) and realised to date.
void DeriveBenefit(v1::Benefit& benefit);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_REGISTER_VALIDATION_H_
