// Cost-sharing agreements (bch_finance.cost_sharing_agreements, _versions, _timeline): a
// versioned resource on the kit kept whole as one serialized body, served through
// common::StandardMethods.
#ifndef BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
#define BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_

#include "bch/common/versioned_table.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

const common::VersionedTable& AgreementTable();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_AGREEMENT_STORE_H_
