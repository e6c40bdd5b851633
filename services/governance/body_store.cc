// The governance bodies' table, hooks and model (see body_store.h).
#include "body_store.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "alliance_store.h"
#include "bch/common/errors.h"
#include "bch/common/resource_names.h"
#include "governance_model.h"

namespace bch::governance {

using common::SqlParam;

const common::VersionedTable& BodyTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "alliances/{alliance}/bodies/{body}",
       .kind = "GovernanceBody",
       .current_table = "bodies",
       .versions_table = "body_versions",
       .timeline_table = "body_timeline",
       .key_columns = {"alliance_id", "id"},
       .columns = {common::BodyColumn(),
                   common::Column<v1::GovernanceBody>("reports_to",
                                                      [](const v1::GovernanceBody& b) -> SqlParam {
                                                        return std::string(
                                                            common::IdOfName(b.reports_to()));
                                                      }),
                   common::Column<v1::GovernanceBody>("display_order",
                                                      [](const v1::GovernanceBody& b) -> SqlParam {
                                                        return int64_t{b.display_order()};
                                                      })}},
      v1::GovernanceBody::default_instance());
  return *kTable;
}

common::WriteHooks BodyHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                      const google::protobuf::Message&,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    if (day) return absl::OkStatus();  // the whole history, once per write
    std::vector<ReportingPeriod> periods;
    absl::Status status =
        db.Query("SELECT id, reports_to, effective_date FROM body_timeline WHERE alliance_id = ?",
                 {keys[0]}, [&](const common::Row& row) {
                   absl::CivilDay from;
                   (void)absl::ParseCivilTime(row.String(2), &from);  // a DATE column
                   periods.push_back({row.String(0), row.String(1), from});
                 });
    if (!status.ok()) return status;
    if (auto problem = FindReportingProblem(periods, keys[1])) {
      return common::InvalidArgumentError("body.reports_to", *problem);
    }
    return absl::OkStatus();
  }};
}

absl::StatusOr<v1::GovernanceModel> ReadGovernanceModel(common::DbConnection& db,
                                                        const std::string& alliance_id,
                                                        std::optional<absl::CivilDay> as_of) {
  auto bodies = common::ReadAll<v1::GovernanceBody>(db, BodyTable(), {alliance_id}, as_of,
                                                    "t.display_order, t.id");
  if (!bodies.ok()) return bodies.status();
  return BuildGovernanceModel(common::ResourceName("alliances", alliance_id), *std::move(bodies));
}

}  // namespace bch::governance
