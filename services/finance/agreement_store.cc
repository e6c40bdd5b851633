// SQL for cost-sharing agreements (see agreement_store.h).
#include "agreement_store.h"

#include "bch/common/versioned_table.h"

namespace bch::finance {
namespace {

const common::VersionedTable& Agreements() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "costSharingAgreements/{cost_sharing_agreement}",
                                  .label_of = nullptr,
                                  .kind = "CostSharingAgreement",
                                  .current_table = "cost_sharing_agreements",
                                  .versions_table = "cost_sharing_agreement_versions",
                                  .timeline_table = "cost_sharing_agreement_timeline",
                                  .key_columns = {"id"},
                                  .columns = {common::BodyColumn()},
                                  .current_extra_columns = {},
                                  .read_current_extras = nullptr},
                                 v1::CostSharingAgreement::default_instance());
  return *kTable;
}

}  // namespace

absl::StatusOr<v1::CostSharingAgreement> AgreementStore::Create(
    const std::string& id, const v1::CostSharingAgreement& agreement, absl::CivilDay effective,
    const common::WriteContext& context) {
  v1::CostSharingAgreement created;
  absl::Status status =
      Agreements().Create(pool_, {id}, agreement, effective, "", "", context, {}, created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::CostSharingAgreement> AgreementStore::Get(const std::string& id,
                                                             std::optional<absl::CivilDay> as_of,
                                                             absl::Time deadline) {
  v1::CostSharingAgreement agreement;
  if (absl::Status s = Agreements().Get(pool_, {id}, as_of, deadline, agreement); !s.ok()) {
    return s;
  }
  return agreement;
}

absl::StatusOr<common::Page<v1::CostSharingAgreement>> AgreementStore::List(
    const common::PageRequest& page, std::optional<absl::CivilDay> as_of, absl::Time deadline) {
  return common::ListById<v1::CostSharingAgreement>(pool_, Agreements(), page, as_of, deadline);
}

absl::StatusOr<v1::CostSharingAgreement> AgreementStore::Update(
    const std::string& id, const v1::CostSharingAgreement& patch,
    const std::vector<std::string>& paths, absl::CivilDay effective,
    const common::WriteContext& context) {
  v1::CostSharingAgreement updated;
  absl::Status status =
      Agreements().Update(pool_, {id}, patch, paths, effective, patch.etag(), context, {}, updated);
  if (!status.ok()) return status;
  return updated;
}

}  // namespace bch::finance
