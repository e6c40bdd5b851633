// SQL for forces (see force_store.h).
#include "force_store.h"

#include "bch/common/versioned_table.h"

namespace bch::governance {

const common::VersionedTable& ForceTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "forces/{force}",
       .label_of = nullptr,
       .kind = "Force",
       .current_table = "forces",
       .versions_table = "force_versions",
       .timeline_table = "force_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("display_name"), common::FieldColumn("short_name"),
                   common::FieldColumn("policing_body"), common::FieldColumn("commissioner"),
                   common::FieldColumn("chief_officer"),
                   common::FieldColumn("chief_officer_title")},
       .current_extra_columns = {},
       .read_current_extras = nullptr},
      v1::Force::default_instance());
  return *kTable;
}

absl::StatusOr<v1::Force> ForceStore::Create(const std::string& id, const v1::Force& force,
                                             absl::CivilDay effective,
                                             const common::WriteContext& context) {
  v1::Force created;
  absl::Status status =
      ForceTable().Create(pool_, {id}, force, effective, "", "", context, {}, created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Force> ForceStore::Get(const std::string& id,
                                          std::optional<absl::CivilDay> as_of,
                                          absl::Time deadline) {
  v1::Force force;
  if (absl::Status s = ForceTable().Get(pool_, {id}, as_of, deadline, force); !s.ok()) return s;
  return force;
}

absl::StatusOr<common::Page<v1::Force>> ForceStore::List(const common::PageRequest& page,
                                                         std::optional<absl::CivilDay> as_of,
                                                         absl::Time deadline) {
  return common::ListById<v1::Force>(pool_, ForceTable(), page, as_of, deadline);
}

absl::StatusOr<v1::Force> ForceStore::Update(const std::string& id, const v1::Force& patch,
                                             const std::vector<std::string>& paths,
                                             absl::CivilDay effective,
                                             const common::WriteContext& context) {
  v1::Force updated;
  absl::Status status =
      ForceTable().Update(pool_, {id}, patch, paths, effective, patch.etag(), context, {}, updated);
  if (!status.ok()) return status;
  return updated;
}

}  // namespace bch::governance
