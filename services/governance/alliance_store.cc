// The alliances' table and hooks (see alliance_store.h).
#include "alliance_store.h"

#include "absl/strings/str_cat.h"
#include "area_store.h"
#include "bch/common/resource_names.h"
#include "bch/common/versioned_table.h"
#include "force_store.h"

namespace bch::governance {

const common::VersionedTable& AllianceTable() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "alliances/{alliance}",
                                  .kind = "Alliance",
                                  .current_table = "alliances",
                                  .versions_table = "alliance_versions",
                                  .timeline_table = "alliance_timeline",
                                  .key_columns = {"id"},
                                  .columns = {common::BodyColumn()}},
                                 v1::Alliance::default_instance());
  return *kTable;
}

common::WriteHooks AllianceHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    const auto& alliance = static_cast<const v1::Alliance&>(state);
    if (absl::Status s =
            ForceTable().EachReferencedOn(db, alliance.members(), day, "alliance.members");
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            AllianceTable().EachReferencedOn(db, alliance.part_of(), day, "alliance.part_of");
        !s.ok()) {
      return s;
    }
    if (day) return absl::OkStatus();
    // Once per write: the areas' lead forces stay members on every day.
    return CheckLeadForcesAreMembers(db, keys[0], "alliance.members");
  }};
}

}  // namespace bch::governance
