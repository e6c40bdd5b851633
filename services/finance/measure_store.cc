// The measures' table and hooks (see measure_store.h).
#include "measure_store.h"

#include "bch/common/resource_names.h"
#include "bch/common/versioned_table.h"

namespace bch::finance {

const common::VersionedTable& MeasureTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "measures/{measure}",
       .kind = "Measure",
       .current_table = "measures",
       .versions_table = "measure_versions",
       .timeline_table = "measure_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("display_name"), common::FieldColumn("description"),
                   common::FieldColumn("display_order"), common::FieldColumn("unit"),
                   common::FieldColumn("share_of")}},
      v1::Measure::default_instance());
  return *kTable;
}

common::WriteHooks MeasureHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>&,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    const auto& measure = static_cast<const v1::Measure&>(state);
    if (measure.share_of().empty()) return absl::OkStatus();
    return MeasureTable().ReferencedOn(db, {std::string(common::IdOfName(measure.share_of()))}, day,
                                       "measure.share_of");
  }};
}

}  // namespace bch::finance
