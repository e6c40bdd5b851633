// Cost-sharing agreements (bch_finance.cost_sharing_agreements, _versions, _timeline): a
// versioned resource on the kit kept whole as one serialized body, served through
// common::ResourceStore.
#ifndef BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
#define BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_

#include "bch/common/resource_store.h"
#include "bch/common/versioned_table.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

const common::VersionedTable& AgreementTable();

// Agreements, listed by id.
using AgreementStore = common::ResourceStore<v1::CostSharingAgreement>;

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
