// Alliances and consortia (bch_governance.alliances, alliance_versions, alliance_timeline): a
// versioned resource on the kit kept whole as one serialized body, so that membership, aims and
// relations read right as of any day; served through common::StandardMethods.
#ifndef BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_
#define BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_

#include "bch/common/versioned_table.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

const common::VersionedTable& AllianceTable();

// Every member force and wider alliance exists on each day the state holds from
// (INVALID_ARGUMENT on alliance.members[i] or alliance.part_of[i] otherwise); no area's lead
// force stops being a member (INVALID_ARGUMENT on alliance.members).
common::WriteHooks AllianceHooks();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_ALLIANCE_STORE_H_
