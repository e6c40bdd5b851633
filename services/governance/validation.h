// Input checks of the governance service: its own rules on top of the kit's (common/checks.h).
// Each Check* adds a violation for every bad one of `fields` (all updatable fields on create, an
// update mask's on update); `keys` are the resource's ids from its name (for rules such as "not
// part of itself"), as common::StandardMethods passes them.
#ifndef BCH_SERVICES_GOVERNANCE_VALIDATION_H_
#define BCH_SERVICES_GOVERNANCE_VALIDATION_H_

#include <set>
#include <string>
#include <vector>

#include "bch/common/checks.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

using Fields = std::set<std::string>;
using Keys = std::vector<std::string>;

void CheckForce(common::Violations& v, const v1::Force& force, const Fields& fields, const Keys&);
const Fields& UpdatableForceFields();

void CheckAlliance(common::Violations& v, const v1::Alliance& alliance, const Fields& fields,
                   const Keys& keys);
const Fields& UpdatableAllianceFields();

void CheckArea(common::Violations& v, const v1::CollaborationArea& area, const Fields& fields,
               const Keys& keys);
const Fields& UpdatableAreaFields();

// The agreement's fields one by one; on create (every field) also CheckAgreementState.
void CheckAgreement(common::Violations& v, const v1::Agreement& agreement, const Fields& fields,
                    const Keys& keys);
const Fields& UpdatableAgreementFields();
// The rules between an agreement's fields, on a whole state: review and end dates after
// commencement, variations in date order from commencement, a publication reason exactly when
// only the title and objective are published, service levels only on a collaboration service
// agreement, each level's results in period order without overlap.
void CheckAgreementState(common::Violations& v, const v1::Agreement& agreement);

void CheckBody(common::Violations& v, const v1::GovernanceBody& body, const Fields& fields,
               const Keys& keys);
const Fields& UpdatableBodyFields();

void CheckReview(common::Violations& v, const v1::Review& review, const Fields& fields,
                 const Keys& keys);
const Fields& UpdatableReviewFields();

void CheckRecommendation(common::Violations& v, const v1::Recommendation& recommendation,
                         const Fields& fields, const Keys& keys);
const Fields& UpdatableRecommendationFields();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_VALIDATION_H_
