// SQL for measures (see measure_store.h).
#include "measure_store.h"

#include "bch/common/resource_names.h"
#include "bch/common/versioned_table.h"

namespace bch::finance {

const common::VersionedTable& MeasureTable() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "measures/{measure}",
       .label_of = nullptr,
       .kind = "Measure",
       .current_table = "measures",
       .versions_table = "measure_versions",
       .timeline_table = "measure_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("display_name"), common::FieldColumn("description"),
                   common::FieldColumn("display_order"), common::FieldColumn("unit"),
                   common::FieldColumn("share_of")},
       .current_extra_columns = {},
       .read_current_extras = nullptr},
      v1::Measure::default_instance());
  return *kTable;
}

namespace {

// A measure's `share_of` names a measure that exists, on every day the write governs.
common::WriteHooks MeasureHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>&,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
            const auto& measure = static_cast<const v1::Measure&>(state);
            if (measure.share_of().empty()) return absl::OkStatus();
            return MeasureTable().ReferencedOn(
                db, {std::string(common::IdOfName(measure.share_of()))}, day, "measure.share_of");
          },
          .after_write = nullptr};
}

}  // namespace

absl::StatusOr<v1::Measure> MeasureStore::Create(const std::string& id, const v1::Measure& measure,
                                                 absl::CivilDay effective,
                                                 const common::WriteContext& context) {
  v1::Measure created;
  absl::Status status = MeasureTable().Create(pool_, {id}, measure, effective, "", "", context,
                                              MeasureHooks(), created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Measure> MeasureStore::Get(const std::string& id,
                                              std::optional<absl::CivilDay> as_of,
                                              absl::Time deadline) {
  v1::Measure measure;
  if (absl::Status s = MeasureTable().Get(pool_, {id}, as_of, deadline, measure); !s.ok()) return s;
  return measure;
}

absl::StatusOr<common::Page<v1::Measure>> MeasureStore::List(const common::PageRequest& page,
                                                             std::optional<absl::CivilDay> as_of,
                                                             absl::Time deadline) {
  return common::ListInDisplayOrder<v1::Measure>(pool_, MeasureTable(), page, as_of, deadline);
}

absl::StatusOr<v1::Measure> MeasureStore::Update(const std::string& id, const v1::Measure& patch,
                                                 const std::vector<std::string>& paths,
                                                 absl::CivilDay effective,
                                                 const common::WriteContext& context) {
  v1::Measure updated;
  absl::Status status = MeasureTable().Update(pool_, {id}, patch, paths, effective, patch.etag(),
                                              context, MeasureHooks(), updated);
  if (!status.ok()) return status;
  return updated;
}

}  // namespace bch::finance
