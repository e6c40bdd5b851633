// The cost-sharing agreements' table (see agreement_store.h).
#include "agreement_store.h"

namespace bch::finance {

const common::VersionedTable& AgreementTable() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "costSharingAgreements/{cost_sharing_agreement}",
                                  .kind = "CostSharingAgreement",
                                  .current_table = "cost_sharing_agreements",
                                  .versions_table = "cost_sharing_agreement_versions",
                                  .timeline_table = "cost_sharing_agreement_timeline",
                                  .key_columns = {"id"},
                                  .columns = {common::BodyColumn()}},
                                 v1::CostSharingAgreement::default_instance());
  return *kTable;
}

}  // namespace bch::finance
