// Agreements of an alliance (bch_governance.agreements, agreement_versions, agreement_timeline): a
// child resource on the kit kept whole as one serialized body (parties, variations and service
// levels are repeated), read as of any day.
#ifndef BCH_SERVICES_GOVERNANCE_AGREEMENT_STORE_H_
#define BCH_SERVICES_GOVERNANCE_AGREEMENT_STORE_H_

#include "absl/time/civil_time.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

const common::VersionedTable& AgreementTable();

// On every state a write makes (each period it changes, and the state after every change): the
// rules between fields hold (CheckAgreementState), whichever fields the write named, and every
// party's force exists from the period's first day.
common::WriteHooks AgreementHooks();

// In force on `day`: commenced on or before it and not ended by it.
bool InForce(const v1::Agreement& agreement, absl::CivilDay day);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_AGREEMENT_STORE_H_
