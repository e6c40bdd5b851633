// SQL for status updates (see status_update_store.h).
#include "status_update_store.h"

#include <google/protobuf/util/json_util.h>

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bch/common/audit.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "bch/common/versioned_table.h"
#include "project_store.h"

namespace bch::projects {
namespace {

// status_updates columns under the labels ReadLatestStatus reads.
constexpr char kEntryColumns[] =
    "s.id AS latest_status_id, s.as_of_date AS latest_status_date, "
    "s.author AS latest_status_author, s.text AS latest_status_text, "
    "s.rating AS latest_status_rating, s.recorded_at AS latest_status_create_time";

constexpr char kIdPrefix[] = "update-";

std::string StatusUpdateName(const std::string& project_id, int64_t id) {
  return absl::StrCat("projects/", project_id, "/statusUpdates/", kIdPrefix, id);
}

// An entry from LatestStatusColumns of `row`.
v1::StatusUpdate EntryFromRow(const common::Row& row, const std::string& project_id) {
  v1::StatusUpdate update;
  update.set_name(StatusUpdateName(project_id, row.Int64("latest_status_id")));
  absl::CivilDay day;
  if (absl::ParseCivilTime(row.String("latest_status_date"), &day)) {
    *update.mutable_as_of_date() = common::DateFromCivilDay(day);
  }
  update.set_author(row.String("latest_status_author"));
  update.set_text(row.String("latest_status_text"));
  update.set_rating(static_cast<v1::DeliveryConfidence>(row.Int64("latest_status_rating")));
  common::SetTimestamp(row.String("latest_status_create_time"), *update.mutable_create_time());
  return update;
}

// Entries of one project; `condition` continues "WHERE s.project_id = ?".
std::string SelectEntries(const std::string& condition) {
  return absl::StrCat("SELECT ", kEntryColumns, " FROM status_updates s WHERE s.project_id = ?",
                      condition);
}

int64_t NumericId(const std::string& name) {
  int64_t id = 0;
  (void)absl::SimpleAtoi(absl::StripPrefix(common::IdOfName(name), kIdPrefix), &id);
  return id;
}

}  // namespace

const std::vector<std::string>& LatestStatusColumns() {
  static const auto* const kColumns = new std::vector<std::string>{
      "latest_status_id",   "latest_status_date",   "latest_status_author",
      "latest_status_text", "latest_status_rating", "latest_status_create_time"};
  return *kColumns;
}

std::string LatestStatusByDayJoin(const std::string& project_id_column) {
  // One probe of status_updates_latest per project.
  return absl::StrCat(
      " LEFT JOIN status_updates s ON s.id = (SELECT l.id FROM status_updates l "
      "WHERE l.project_id = ",
      project_id_column, " AND l.as_of_date <= ? ORDER BY l.as_of_date DESC, l.id DESC LIMIT 1)");
}

std::string LatestStatusByDayColumns() { return kEntryColumns; }

void ReadLatestStatus(const common::Row& row, v1::Project& project) {
  if (row.IsNull("latest_status_id")) return;
  *project.mutable_latest_status() =
      EntryFromRow(row, std::string(common::IdOfName(project.name())));
}

absl::StatusOr<v1::StatusUpdate> StatusUpdateStore::Create(const std::string& project_id,
                                                           const v1::StatusUpdate& update,
                                                           const std::string& request_id,
                                                           const std::string& request_hash,
                                                           const common::WriteContext& context) {
  v1::StatusUpdate created;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        created.Clear();
        // The id is known after the insert: claim first, then record the resource name.
        auto earlier =
            common::ClaimRequestId(db, request_id, "CreateStatusUpdate", request_hash, "");
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {
          std::optional<v1::StatusUpdate> first;
          absl::Status read =
              db.Query(SelectEntries(" AND s.id = ?"), {project_id, NumericId(**earlier)},
                       [&](const common::Row& row) { first = EntryFromRow(row, project_id); });
          if (!read.ok()) return read;
          if (!first) return absl::InternalError("a claimed status update is missing");
          created = *std::move(first);
          return absl::OkStatus();
        }
        // Entries of one project are appended one at a time: the project's row is locked first
        // (inserting first would take a shared lock on it through the foreign key, and two
        // concurrent entries would each wait for the other to upgrade it).
        std::optional<absl::CivilDay> first_effective;
        absl::Status locked =
            db.Query("SELECT first_effective FROM projects WHERE id = ? FOR UPDATE", {project_id},
                     [&](const common::Row& row) {
                       first_effective.emplace();
                       (void)absl::ParseCivilTime(row.String(0), &*first_effective);
                     });
        if (!locked.ok()) return locked;
        if (!first_effective) {
          return absl::NotFoundError(absl::StrCat("projects/", project_id, " does not exist"));
        }
        const absl::CivilDay as_of_day(update.as_of_date().year(), update.as_of_date().month(),
                                       update.as_of_date().day());
        if (as_of_day < *first_effective) {
          return common::DatedBeforeItExists("status_update.as_of_date",
                                             absl::StrCat("projects/", project_id), as_of_day,
                                             *first_effective);
        }
        const std::string as_of = absl::FormatCivilTime(as_of_day);
        const std::string recorded_at = common::SqlTimestamp(absl::Now());
        std::optional<int64_t> id;
        absl::Status inserted = db.Query(
            "INSERT INTO status_updates (project_id, as_of_date, author, text, rating, "
            "recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {project_id, as_of, update.author(), update.text(), int64_t{update.rating()},
             recorded_at, context.actor.subject},
            [&](const common::Row& row) { id = row.Int64(0); });
        if (!inserted.ok()) return inserted;
        if (!id) return absl::InternalError("the new status update has no id");
        // The latest entry is the one with the latest as-of date, then the latest recorded: a
        // new entry is the latest unless one dated later exists.
        auto latest = db.Execute(
            absl::StrCat("UPDATE projects SET ", absl::StrJoin(LatestStatusColumns(), " = ?, "),
                         " = ? WHERE id = ? AND (latest_status_date IS NULL OR "
                         "latest_status_date <= ?)"),
            {*id, as_of, update.author(), update.text(), int64_t{update.rating()}, recorded_at,
             project_id, as_of});
        if (!latest.ok()) return latest.status();
        // The response is what was written; reading it back would only cost a round trip.
        created.set_name(StatusUpdateName(project_id, *id));
        *created.mutable_as_of_date() = update.as_of_date();
        created.set_author(update.author());
        created.set_text(update.text());
        created.set_rating(update.rating());
        common::SetTimestamp(recorded_at, *created.mutable_create_time());
        if (!request_id.empty()) {
          auto recorded = db.Execute(
              "UPDATE idempotency_keys SET resource = ? WHERE method = ? AND request_id = ?",
              {created.name(), std::string("CreateStatusUpdate"), request_id});
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
  if (absl::Status s = CheckProjectExists(**db, project_id); !s.ok()) return s;
  std::string condition;
  std::vector<common::SqlParam> params = {project_id};
  int64_t after_id = 0;
  if (absl::Status s =
          common::CheckPageKey(page, {common::KeyPart::kDay, common::KeyPart::kInteger});
      !s.ok())
    return s;
  if (!page.after.empty() && absl::SimpleAtoi(page.after[1], &after_id)) {
    condition = absl::StrCat(" AND ", common::KeysetCondition({"s.as_of_date", "s.id"}, "<"));
    for (common::SqlParam& param : common::KeysetParams({page.after[0], after_id})) {
      params.push_back(std::move(param));
    }
  }
  absl::StrAppend(&condition, " ORDER BY s.as_of_date DESC, s.id DESC LIMIT ?");
  return common::FetchPage<v1::StatusUpdate>(
      **db, page, SelectEntries(condition), std::move(params),
      [&](const common::Row& row) { return EntryFromRow(row, project_id); },
      [](const v1::StatusUpdate& u) {
        const auto& d = u.as_of_date();
        return std::vector<std::string>{
            absl::FormatCivilTime(absl::CivilDay(d.year(), d.month(), d.day())),
            absl::StrCat(NumericId(u.name()))};
      });
}

}  // namespace bch::projects
