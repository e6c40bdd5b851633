// The forces' table (see force_store.h).
#include "force_store.h"

#include "bch/common/versioned_table.h"

namespace bch::governance {

const common::VersionedTable& ForceTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "forces/{force}",
       .kind = "Force",
       .current_table = "forces",
       .versions_table = "force_versions",
       .timeline_table = "force_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("display_name"), common::FieldColumn("short_name"),
                   common::FieldColumn("policing_body"), common::FieldColumn("commissioner"),
                   common::FieldColumn("chief_officer"),
                   common::FieldColumn("chief_officer_title")}},
      v1::Force::default_instance());
  return *kTable;
}

}  // namespace bch::governance
