// SQL for programmes (see programme_store.h).
#include "programme_store.h"

#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/versioned_table.h"

namespace bch::projects {
namespace {

const common::VersionedTable& Programmes() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "programmes/{programme}",
       .kind = "Programme",
       .current_table = "programmes",
       .versions_table = "programme_versions",
       .timeline_table = "programme_timeline",
       .key_columns = {"id"},
       .columns = {common::FieldColumn("title"), common::FieldColumn("lead_force"),
                   common::FieldColumn("display_order")}},
      v1::Programme::default_instance());
  return *kTable;
}

// Projects keep their programme's display order for their list order.
const common::WriteHooks& ProgrammeHooks() {
  static const auto* const kHooks = new common::WriteHooks{
      .after_write = [](common::DbConnection& db, const std::vector<std::string>& keys,
                        const google::protobuf::Message& current) -> absl::Status {
        const auto& programme = static_cast<const v1::Programme&>(current);
        return db
            .Execute("UPDATE projects SET programme_order = ? WHERE programme_id = ?",
                     {int64_t{programme.display_order()}, keys[0]})
            .status();
      }};
  return *kHooks;
}

}  // namespace

absl::StatusOr<v1::Programme> ProgrammeStore::Create(const std::string& id,
                                                     const v1::Programme& programme,
                                                     absl::CivilDay effective,
                                                     const common::WriteContext& context) {
  v1::Programme created;
  absl::Status status =
      Programmes().Create(pool_, {id}, programme, effective, "", "", context, {}, created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Programme> ProgrammeStore::Get(const std::string& id,
                                                  std::optional<absl::CivilDay> as_of,
                                                  absl::Time deadline) {
  v1::Programme programme;
  if (absl::Status s = Programmes().Get(pool_, {id}, as_of, deadline, programme); !s.ok()) {
    return s;
  }
  return programme;
}

absl::StatusOr<common::Page<v1::Programme>> ProgrammeStore::List(
    const common::PageRequest& page, std::optional<absl::CivilDay> as_of, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  return common::ListPage<v1::Programme, common::ListOrder::kDisplayOrder>(**db, Programmes(), {},
                                                                           page, as_of);
}

absl::StatusOr<v1::Programme> ProgrammeStore::Update(const std::string& id,
                                                     const v1::Programme& patch,
                                                     const std::vector<std::string>& paths,
                                                     absl::CivilDay effective,
                                                     const common::WriteContext& context) {
  v1::Programme updated;
  absl::Status status = Programmes().Update(pool_, {id}, patch, paths, effective, patch.etag(),
                                            context, ProgrammeHooks(), updated);
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<std::vector<v1::Programme>> ReadProgrammesAsOf(common::DbConnection& db,
                                                              const std::vector<std::string>& ids,
                                                              absl::CivilDay as_of) {
  const common::VersionedTable& table = Programmes();
  std::vector<v1::Programme> programmes;
  const std::string day = absl::FormatCivilTime(as_of);
  std::string sql =
      absl::StrCat("SELECT ", table.TimelineColumns("t"), " FROM programme_timeline t");
  std::vector<common::SqlParam> params;
  if (!ids.empty()) {  // one force's programmes of a national portfolio: read those alone
    absl::StrAppend(&sql, " JOIN ", common::SqlIdListTable("wanted"), " ON wanted.id = t.id");
    params.emplace_back(common::SqlIdList(ids));
  }
  absl::StrAppend(&sql, " WHERE ", common::VersionedTable::InEffectOn("t"),
                  " ORDER BY t.display_order, t.id");
  params.insert(params.end(), {day, day});
  absl::Status status = db.Query(
      sql, params, [&](const common::Row& row) { table.FromRow(row, programmes.emplace_back()); });
  if (!status.ok()) return status;
  return programmes;
}

absl::Status CheckProgrammeExistsOn(common::DbConnection& db, const std::string& id,
                                    absl::CivilDay day, const std::string& field) {
  absl::Status existed = Programmes().ExistedOn(db, {id}, day, field);
  if (existed.code() == absl::StatusCode::kNotFound) {  // a reference the request names
    return common::InvalidArgumentError({{field, "no such programme"}});
  }
  return existed;
}

}  // namespace bch::projects
