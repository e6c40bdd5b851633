// SQL for alliances (see alliance_store.h).
#include "alliance_store.h"

#include "absl/strings/str_cat.h"
#include "bch/common/resource_names.h"
#include "bch/common/versioned_table.h"
#include "force_store.h"

namespace bch::governance {
namespace {

const common::VersionedTable& Alliances() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "alliances/{alliance}",
                                  .label_of = nullptr,
                                  .kind = "Alliance",
                                  .current_table = "alliances",
                                  .versions_table = "alliance_versions",
                                  .timeline_table = "alliance_timeline",
                                  .key_columns = {"id"},
                                  .columns = {common::BodyColumn()},
                                  .current_extra_columns = {},
                                  .read_current_extras = nullptr},
                                 v1::Alliance::default_instance());
  return *kTable;
}

// Every member force and wider alliance exists on each day the state holds from.
common::WriteHooks AllianceHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>&,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
            const auto& alliance = static_cast<const v1::Alliance&>(state);
            for (int i = 0; i < alliance.members_size(); ++i) {
              if (absl::Status s = ForceTable().ReferencedOn(
                      db, {std::string(common::IdOfName(alliance.members(i)))}, day,
                      absl::StrCat("alliance.members[", i, "]"));
                  !s.ok()) {
                return s;
              }
            }
            for (int i = 0; i < alliance.part_of_size(); ++i) {
              if (absl::Status s = Alliances().ReferencedOn(
                      db, {std::string(common::IdOfName(alliance.part_of(i)))}, day,
                      absl::StrCat("alliance.part_of[", i, "]"));
                  !s.ok()) {
                return s;
              }
            }
            return absl::OkStatus();
          },
          .after_write = nullptr};
}

}  // namespace

absl::StatusOr<v1::Alliance> AllianceStore::Create(const std::string& id,
                                                   const v1::Alliance& alliance,
                                                   absl::CivilDay effective,
                                                   const common::WriteContext& context) {
  v1::Alliance created;
  absl::Status status = Alliances().Create(pool_, {id}, alliance, effective, "", "", context,
                                           AllianceHooks(), created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Alliance> AllianceStore::Get(const std::string& id,
                                                std::optional<absl::CivilDay> as_of,
                                                absl::Time deadline) {
  v1::Alliance alliance;
  if (absl::Status s = Alliances().Get(pool_, {id}, as_of, deadline, alliance); !s.ok()) return s;
  return alliance;
}

absl::StatusOr<common::Page<v1::Alliance>> AllianceStore::List(const common::PageRequest& page,
                                                               std::optional<absl::CivilDay> as_of,
                                                               absl::Time deadline) {
  return common::ListById<v1::Alliance>(pool_, Alliances(), page, as_of, deadline);
}

absl::StatusOr<v1::Alliance> AllianceStore::Update(const std::string& id, const v1::Alliance& patch,
                                                   const std::vector<std::string>& paths,
                                                   absl::CivilDay effective,
                                                   const common::WriteContext& context) {
  v1::Alliance updated;
  absl::Status status = Alliances().Update(pool_, {id}, patch, paths, effective, patch.etag(),
                                           context, AllianceHooks(), updated);
  if (!status.ok()) return status;
  return updated;
}

}  // namespace bch::governance
