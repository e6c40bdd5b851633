// The collaboration areas' table and hooks (see area_store.h).
#include "area_store.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alliance_store.h"
#include "bch/common/errors.h"
#include "bch/common/resource_names.h"

namespace bch::governance {

using common::SqlParam;

const common::VersionedTable& AreaTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "alliances/{alliance}/areas/{area}",
       .kind = "CollaborationArea",
       .current_table = "areas",
       .versions_table = "area_versions",
       .timeline_table = "area_timeline",
       .key_columns = {"alliance_id", "id"},
       .columns = {common::BodyColumn(),
                   common::Column<v1::CollaborationArea>(
                       "lead_force",
                       [](const v1::CollaborationArea& a) -> SqlParam {
                         return std::string(common::IdOfName(a.lead_force()));
                       }),
                   common::Column<v1::CollaborationArea>(
                       "display_order",
                       [](const v1::CollaborationArea& a) -> SqlParam {
                         return int64_t{a.display_order()};
                       })}},
      v1::CollaborationArea::default_instance());
  return *kTable;
}

common::WriteHooks AreaHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                      const google::protobuf::Message&,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    // The whole history is checked once per write (day unset), not once per period.
    if (day) return absl::OkStatus();
    return CheckLeadForcesAreMembers(db, keys[0], "area.lead_force");
  }};
}

absl::Status CheckLeadForcesAreMembers(common::DbConnection& db, const std::string& alliance_id,
                                       const std::string& field) {
  // Each pair of an area's period and an alliance period that overlap it.
  std::optional<std::string> problem;
  absl::Status status = db.Query(
      "SELECT a.id, a.lead_force, GREATEST(a.effective_date, p.effective_date), p.body "
      "FROM area_timeline a JOIN alliance_timeline p ON p.id = a.alliance_id "
      "AND p.effective_date < a.valid_to AND p.valid_to > a.effective_date "
      "WHERE a.alliance_id = ? AND a.lead_force <> '' ORDER BY 3, a.id",
      {alliance_id}, [&](const common::Row& row) {
        if (problem) return;
        v1::Alliance alliance;
        alliance.ParseFromString(row.String(3));
        const std::string lead = common::ResourceName("forces", row.String(1));
        if (std::find(alliance.members().begin(), alliance.members().end(), lead) ==
            alliance.members().end()) {
          problem = absl::StrCat(lead, " leads alliances/", alliance_id, "/areas/", row.String(0),
                                 " on ", row.String(2), " but is not a member of alliances/",
                                 alliance_id, " that day");
        }
      });
  if (!status.ok()) return status;
  if (problem) return common::InvalidArgumentError(field, *problem);
  return absl::OkStatus();
}

}  // namespace bch::governance
