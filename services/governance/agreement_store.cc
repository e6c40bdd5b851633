// The agreements' table and hooks (see agreement_store.h).
#include "agreement_store.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bch/common/checks.h"
#include "bch/common/resource_names.h"
#include "force_store.h"
#include "validation.h"

namespace bch::governance {

const common::VersionedTable& AgreementTable() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "alliances/{alliance}/agreements/{agreement}",
                                  .kind = "Agreement",
                                  .current_table = "agreements",
                                  .versions_table = "agreement_versions",
                                  .timeline_table = "agreement_timeline",
                                  .key_columns = {"alliance_id", "id"},
                                  .columns = {common::BodyColumn()}},
                                 v1::Agreement::default_instance());
  return *kTable;
}

common::WriteHooks AgreementHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>&,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    const auto& agreement = static_cast<const v1::Agreement&>(state);
    common::Violations v;
    CheckAgreementState(v, agreement);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    for (int i = 0; i < agreement.parties_size(); ++i) {
      if (absl::Status s = ForceTable().ReferencedOn(
              db, {std::string(common::IdOfName(agreement.parties(i).force()))}, day,
              absl::StrCat("agreement.parties[", i, "].force"));
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }};
}

bool InForce(const v1::Agreement& agreement, absl::CivilDay day) {
  const auto& start = agreement.commencement_date();
  if (absl::CivilDay(start.year(), start.month(), start.day()) > day) return false;
  if (!agreement.has_end_date()) return true;
  const auto& end = agreement.end_date();
  return absl::CivilDay(end.year(), end.month(), end.day()) > day;
}

}  // namespace bch::governance
