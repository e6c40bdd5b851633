// SQL for programmes (see programme_store.h).
#include "programme_store.h"

#include <google/protobuf/util/json_util.h>

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bch/common/audit.h"
#include "bch/common/errors.h"
#include "bch/common/etag.h"
#include "bch/common/field_mask.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"

namespace bch::projects {
namespace {

constexpr char kColumns[] =
    "SELECT id, title, lead_force, display_order, revision, create_time, update_time "
    "FROM programmes ";

v1::Programme ProgrammeFromRow(const common::Row& row) {
  v1::Programme programme;
  programme.set_name(common::ResourceName("programmes", row.String(0)));
  programme.set_title(row.String(1));
  programme.set_lead_force(row.String(2));
  programme.set_display_order(static_cast<int32_t>(row.Int64(3)));
  programme.set_etag(common::FormatEtag(row.Int64(4)));
  common::SetTimestamp(row.String(5), *programme.mutable_create_time());
  common::SetTimestamp(row.String(6), *programme.mutable_update_time());
  return programme;
}

std::string ChangeJson(const v1::Programme& programme) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(programme, &json);
  return json;
}

}  // namespace

absl::StatusOr<v1::Programme> ReadProgramme(common::DbConnection& db, const std::string& id,
                                            bool for_update) {
  std::optional<v1::Programme> found;
  absl::Status status =
      db.Query(absl::StrCat(kColumns, "WHERE id = ?", for_update ? " FOR UPDATE" : ""), {id},
               [&](const common::Row& row) { found = ProgrammeFromRow(row); });
  if (!status.ok()) return status;
  if (!found) return absl::NotFoundError(absl::StrCat("programmes/", id, " does not exist"));
  return *std::move(found);
}

absl::StatusOr<std::vector<v1::Programme>> ReadAllProgrammes(common::DbConnection& db) {
  std::vector<v1::Programme> programmes;
  absl::Status status =
      db.Query(absl::StrCat(kColumns, "ORDER BY display_order, id"), {},
               [&](const common::Row& row) { programmes.push_back(ProgrammeFromRow(row)); });
  if (!status.ok()) return status;
  return programmes;
}

absl::StatusOr<v1::Programme> ProgrammeStore::Create(const std::string& id,
                                                     const v1::Programme& programme,
                                                     const WriteContext& context) {
  v1::Programme created;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        auto inserted = db.Execute(
            "INSERT INTO programmes (id, title, lead_force, display_order) VALUES (?, ?, ?, ?)",
            {id, programme.title(), programme.lead_force(),
             static_cast<int64_t>(programme.display_order())});
        if (!inserted.ok()) return inserted.status();
        auto read = ReadProgramme(db, id, false);
        if (!read.ok()) return read.status();
        created = *std::move(read);
        return common::RecordAuditEvent(db, {context.actor, "CreateProgramme", created.name(),
                                             ChangeJson(created), context.request_id});
      });
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    return common::WithReason(
        absl::AlreadyExistsError(absl::StrCat("programmes/", id, " already exists")),
        "RESOURCE_ALREADY_EXISTS");
  }
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Programme> ProgrammeStore::Get(const std::string& id, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  return ReadProgramme(**db, id, false);
}

absl::StatusOr<common::Page<v1::Programme>> ProgrammeStore::List(const common::PageRequest& page,
                                                                 absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  // Keyset: rows strictly after the last (display_order, id) served.
  int64_t after_order = INT32_MIN;
  std::string after_id;
  if (page.after.size() == 2 && absl::SimpleAtoi(page.after[0], &after_order)) {
    after_id = page.after[1];
  }
  return common::FetchPage<v1::Programme>(
      **db, page,
      absl::StrCat(kColumns,
                   "WHERE display_order > ? OR (display_order = ? AND id > ?) "
                   "ORDER BY display_order, id LIMIT ?"),
      {after_order, after_order, after_id}, ProgrammeFromRow, [](const v1::Programme& p) {
        return std::vector<std::string>{absl::StrCat(p.display_order()),
                                        std::string(common::IdOfName(p.name()))};
      });
}

absl::StatusOr<v1::Programme> ProgrammeStore::Update(const std::string& id,
                                                     const v1::Programme& patch,
                                                     const std::vector<std::string>& paths,
                                                     const WriteContext& context) {
  v1::Programme updated;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        auto current = ReadProgramme(db, id, /*for_update=*/true);
        if (!current.ok()) return current.status();
        if (absl::Status s = common::CheckEtag(patch.etag(), current->etag()); !s.ok()) return s;
        updated = *current;
        common::ApplyUpdateMask(paths, patch, updated);
        auto written = db.Execute(
            "UPDATE programmes SET title = ?, lead_force = ?, display_order = ?, "
            "revision = revision + 1, update_time = CURRENT_TIMESTAMP(6) WHERE id = ?",
            {updated.title(), updated.lead_force(), static_cast<int64_t>(updated.display_order()),
             id});
        if (!written.ok()) return written.status();
        auto read = ReadProgramme(db, id, false);
        if (!read.ok()) return read.status();
        updated = *std::move(read);
        return common::RecordAuditEvent(db, {context.actor, "UpdateProgramme", updated.name(),
                                             ChangeJson(updated), context.request_id});
      });
  if (!status.ok()) return status;
  return updated;
}

}  // namespace bch::projects
