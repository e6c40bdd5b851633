// SQL for status updates (see status_update_store.h).
#include "status_update_store.h"

#include <google/protobuf/util/json_util.h>

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "bch/common/audit.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "dated_value.h"

namespace bch::projects {
namespace {

std::string SelectEntries() {
  return absl::StrCat("SELECT ", kStatusUpdateColumns, " FROM status_updates s ");
}

constexpr char kIdPrefix[] = "update-";

std::string StatusUpdateName(const std::string& project_id, int64_t id) {
  return absl::StrCat("projects/", project_id, "/statusUpdates/", kIdPrefix, id);
}

// The entry whose kStatusUpdateColumns start at column `first` of `row`.
v1::StatusUpdate StatusUpdateFromRow(const common::Row& row, int first = 0) {
  v1::StatusUpdate update;
  update.set_name(StatusUpdateName(row.String(first), row.Int64(first + 1)));
  absl::CivilDay day;
  if (absl::ParseCivilTime(row.String(first + 2), &day)) {
    *update.mutable_as_of_date() = DateFromCivilDay(day);
  }
  update.set_author(row.String(first + 3));
  update.set_text(row.String(first + 4));
  update.set_rating(static_cast<v1::DeliveryConfidence>(row.Int64(first + 5)));
  common::SetTimestamp(row.String(first + 6), *update.mutable_create_time());
  return update;
}

absl::StatusOr<v1::StatusUpdate> ReadOne(common::DbConnection& db, int64_t id) {
  std::optional<v1::StatusUpdate> found;
  absl::Status status = db.Query(absl::StrCat(SelectEntries(), "WHERE s.id = ?"), {id},
                                 [&](const common::Row& row) { found = StatusUpdateFromRow(row); });
  if (!status.ok()) return status;
  if (!found) return absl::NotFoundError("the status update does not exist");
  return *std::move(found);
}

int64_t NumericId(const std::string& name) {
  int64_t id = 0;
  (void)absl::SimpleAtoi(absl::StripPrefix(common::IdOfName(name), kIdPrefix), &id);
  return id;
}

}  // namespace

absl::StatusOr<v1::StatusUpdate> StatusUpdateStore::Create(const std::string& project_id,
                                                           const v1::StatusUpdate& update,
                                                           const std::string& idempotency_key,
                                                           const std::string& request_hash,
                                                           const WriteContext& context) {
  v1::StatusUpdate created;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        // The id is known after the insert: claim first, then record the resource name.
        auto earlier =
            common::ClaimRequestId(db, idempotency_key, "CreateStatusUpdate", request_hash, "");
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {
          auto first = ReadOne(db, NumericId(**earlier));
          if (!first.ok()) return first.status();
          created = *std::move(first);
          return absl::OkStatus();
        }
        const absl::CivilDay as_of(update.as_of_date().year(), update.as_of_date().month(),
                                   update.as_of_date().day());
        const std::string recorded_at = common::SqlTimestamp(absl::Now());
        auto inserted = db.Execute(
            "INSERT INTO status_updates (project_id, as_of_date, author, text, rating, "
            "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {project_id, absl::FormatCivilTime(as_of), update.author(), update.text(),
             static_cast<int64_t>(update.rating()), recorded_at, context.actor.subject});
        if (inserted.status().code() == absl::StatusCode::kFailedPrecondition) {
          // The only reference is to the project (one round trip fewer than checking first).
          return absl::NotFoundError(absl::StrCat("projects/", project_id, " does not exist"));
        }
        if (!inserted.ok()) return inserted.status();
        int64_t id = 0;
        absl::Status last = db.Query("SELECT LAST_INSERT_ID()", {},
                                     [&](const common::Row& row) { id = row.Int64(0); });
        if (!last.ok()) return last;
        // The response is what was written; reading it back would only cost a round trip.
        created.set_name(StatusUpdateName(project_id, id));
        *created.mutable_as_of_date() = DateFromCivilDay(as_of);
        created.set_author(update.author());
        created.set_text(update.text());
        created.set_rating(update.rating());
        common::SetTimestamp(recorded_at, *created.mutable_create_time());
        if (!idempotency_key.empty()) {
          auto recorded = db.Execute(
              "UPDATE idempotency_keys SET resource = ? WHERE method = ? AND request_id = ?",
              {created.name(), std::string("CreateStatusUpdate"), idempotency_key});
          if (!recorded.ok()) return recorded.status();
        }
        std::string json;
        (void)google::protobuf::util::MessageToJsonString(created, &json);
        return common::RecordAuditEvent(
            db, {context.actor, "CreateStatusUpdate", created.name(), json, context.request_id});
      });
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<common::Page<v1::StatusUpdate>> StatusUpdateStore::List(
    const std::string& project_id, const common::PageRequest& page, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  std::string sql = absl::StrCat(SelectEntries(), "WHERE s.project_id = ?");
  std::vector<common::SqlParam> params = {project_id};
  int64_t after_id = 0;
  if (page.after.size() == 2 && absl::SimpleAtoi(page.after[1], &after_id)) {
    absl::StrAppend(&sql, " AND (s.as_of_date, s.id) < (?, ?)");
    params.insert(params.end(), {page.after[0], after_id});
  }
  absl::StrAppend(&sql, " ORDER BY s.as_of_date DESC, s.id DESC LIMIT ?");
  return common::FetchPage<v1::StatusUpdate>(
      **db, page, sql, std::move(params),
      [](const common::Row& row) { return StatusUpdateFromRow(row); },
      [](const v1::StatusUpdate& u) {
        const auto& d = u.as_of_date();
        return std::vector<std::string>{
            absl::FormatCivilTime(absl::CivilDay(d.year(), d.month(), d.day())),
            absl::StrCat(NumericId(u.name()))};
      });
}

std::string LatestStatusJoin() {
  // One probe of status_updates_latest per project.
  return "LEFT JOIN status_updates s ON s.id = (SELECT l.id FROM status_updates l "
         "WHERE l.project_id = v.project_id AND l.as_of_date <= ? "
         "ORDER BY l.as_of_date DESC, l.id DESC LIMIT 1) ";
}

std::optional<v1::StatusUpdate> LatestStatusFromRow(const common::Row& row, int first) {
  if (row.IsNull(first)) return std::nullopt;
  return StatusUpdateFromRow(row, first);
}

}  // namespace bch::projects
