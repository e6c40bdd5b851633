// SQL for milestones (see milestone_store.h).
#include "milestone_store.h"

#include <google/protobuf/util/json_util.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "bch/common/audit.h"
#include "bch/common/errors.h"
#include "bch/common/etag.h"
#include "bch/common/field_mask.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "dated_value.h"
#include "project_store.h"
#include "validation.h"

namespace bch::projects {
namespace {

constexpr char kSelect[] =
    "SELECT v.project_id, v.milestone_id, v.revision, v.effective_date, v.recorded_at, "
    "v.recorded_by, v.title, v.display_order, v.planned, v.forecast, v.actual "
    "FROM milestone_versions v ";

constexpr char kLatestAsOf[] =
    "JOIN (SELECT project_id, milestone_id, MAX(revision) AS revision FROM milestone_versions "
    "WHERE effective_date <= ? GROUP BY project_id, milestone_id) latest "
    "ON latest.project_id = v.project_id AND latest.milestone_id = v.milestone_id "
    "AND latest.revision = v.revision ";

std::string SqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// A stored dated value (canonical words) back to its wire form; unset when NULL.
void SetDated(const common::Row& row, int column, v1::DatedValue* out) {
  if (row.IsNull(column)) return;
  auto value = ParseDatedValue(row.String(column));
  if (value.ok()) *out = DatedValueToProto(*value);
}

v1::Milestone MilestoneFromRow(const common::Row& row) {
  v1::Milestone milestone;
  milestone.set_name(absl::StrCat("projects/", row.String(0), "/milestones/", row.String(1)));
  milestone.set_etag(common::FormatEtag(row.Int64(2)));
  absl::CivilDay effective;
  if (absl::ParseCivilTime(row.String(3), &effective)) {
    *milestone.mutable_effective_date() = DateFromCivilDay(effective);
  }
  common::SetTimestamp(row.String(4), *milestone.mutable_update_time());
  milestone.set_title(row.String(6));
  milestone.set_display_order(static_cast<int32_t>(row.Int64(7)));
  SetDated(row, 8, milestone.mutable_planned());
  SetDated(row, 9, milestone.mutable_forecast());
  SetDated(row, 10, milestone.mutable_actual());
  return milestone;
}

// The canonical words of a wire dated value, or NULL when it is empty (validated beforehand).
common::SqlParam Words(const v1::DatedValue& proto) {
  if (IsEmpty(proto)) return nullptr;
  auto value = DatedValueFromProto(proto, "");
  return value.ok() ? common::SqlParam(RenderDatedValue(*value)) : common::SqlParam(nullptr);
}

common::SqlParam LatestDay(const v1::DatedValue& proto) {
  if (IsEmpty(proto)) return nullptr;
  auto value = DatedValueFromProto(proto, "");
  if (!value.ok() || !value->latest()) return nullptr;
  return SqlDate(*value->latest());
}

absl::Status WriteVersion(common::DbConnection& db, const std::string& project_id,
                          const std::string& id, int64_t revision, absl::CivilDay effective,
                          const v1::Milestone& milestone, const WriteContext& context) {
  return db
      .Execute(
          "INSERT INTO milestone_versions (project_id, milestone_id, revision, effective_date, "
          "recorded_by, title, display_order, planned, forecast, actual, forecast_latest) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {project_id, id, revision, SqlDate(effective), context.actor.subject, milestone.title(),
           static_cast<int64_t>(milestone.display_order()), Words(milestone.planned()),
           Words(milestone.forecast()), Words(milestone.actual()), LatestDay(milestone.forecast())})
      .status();
}

absl::StatusOr<v1::Milestone> ReadCurrent(common::DbConnection& db, const std::string& project_id,
                                          const std::string& id, bool for_update,
                                          int64_t* current_revision = nullptr) {
  std::optional<v1::Milestone> found;
  absl::Status status =
      db.Query(absl::StrCat(kSelect,
                            "JOIN milestones m ON m.project_id = v.project_id AND m.id = "
                            "v.milestone_id AND m.revision = v.revision "
                            "WHERE v.project_id = ? AND v.milestone_id = ?",
                            for_update ? " FOR UPDATE" : ""),
               {project_id, id}, [&](const common::Row& row) {
                 found = MilestoneFromRow(row);
                 if (current_revision != nullptr) *current_revision = row.Int64(2);
               });
  if (!status.ok()) return status;
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("projects/", project_id, "/milestones/", id, " does not exist"));
  }
  return *std::move(found);
}

std::string Json(const v1::Milestone& milestone) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(milestone, &json);
  return json;
}

// True when `to` can fall later than `from` could (its latest day moved later or opened up).
bool Slipped(const v1::DatedValue& from, const v1::DatedValue& to) {
  if (IsEmpty(from) || IsEmpty(to)) return false;
  if (!to.has_latest()) return from.has_latest();
  if (!from.has_latest()) return false;
  const auto key = [](const google::type::Date& d) {
    return std::tuple(d.year(), d.month(), d.day());
  };
  return key(to.latest()) > key(from.latest());
}

}  // namespace

absl::StatusOr<v1::Milestone> MilestoneStore::Create(const std::string& project_id,
                                                     const std::string& id,
                                                     const v1::Milestone& milestone,
                                                     absl::CivilDay effective,
                                                     const WriteContext& context) {
  v1::Milestone created;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        if (absl::Status s = CheckProjectExists(db, project_id); !s.ok()) return s;
        auto inserted = db.Execute(
            "INSERT INTO milestones (project_id, id, revision) VALUES (?, ?, 1)", {project_id, id});
        if (!inserted.ok()) return inserted.status();
        if (absl::Status s = WriteVersion(db, project_id, id, 1, effective, milestone, context);
            !s.ok()) {
          return s;
        }
        auto read = ReadCurrent(db, project_id, id, false);
        if (!read.ok()) return read.status();
        created = *std::move(read);
        return common::RecordAuditEvent(db, {context.actor, "CreateMilestone", created.name(),
                                             Json(created), context.request_id});
      });
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    return common::WithReason(absl::AlreadyExistsError(absl::StrCat(
                                  "projects/", project_id, "/milestones/", id, " already exists")),
                              "RESOURCE_ALREADY_EXISTS");
  }
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<std::vector<v1::Milestone>> MilestoneStore::List(const std::string& project_id,
                                                                absl::CivilDay as_of,
                                                                absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = CheckProjectExists(**db, project_id); !s.ok()) return s;
  std::vector<v1::Milestone> milestones;
  absl::Status status =
      (*db)->Query(absl::StrCat(kSelect, kLatestAsOf,
                                "WHERE v.project_id = ? ORDER BY v.display_order, v.milestone_id"),
                   {SqlDate(as_of), project_id},
                   [&](const common::Row& row) { milestones.push_back(MilestoneFromRow(row)); });
  if (!status.ok()) return status;
  return milestones;
}

absl::StatusOr<v1::Milestone> MilestoneStore::Update(
    const std::string& project_id, const std::string& id, const v1::Milestone& patch,
    const std::vector<std::string>& paths, absl::CivilDay effective, const WriteContext& context) {
  v1::Milestone updated;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        int64_t current_revision = 0;  // the row stays locked: the next revision is one more
        auto current = ReadCurrent(db, project_id, id, /*for_update=*/true, &current_revision);
        if (!current.ok()) return current.status();
        if (absl::Status s = common::CheckEtag(patch.etag(), current->etag()); !s.ok()) return s;
        v1::Milestone merged = *current;
        common::ApplyUpdateMask(paths, patch, merged);
        const int64_t revision = current_revision + 1;
        auto bumped =
            db.Execute("UPDATE milestones SET revision = ? WHERE project_id = ? AND id = ?",
                       {revision, project_id, id});
        if (!bumped.ok()) return bumped.status();
        if (absl::Status s = WriteVersion(db, project_id, id, revision, effective, merged, context);
            !s.ok()) {
          return s;
        }
        auto read = ReadCurrent(db, project_id, id, false);
        if (!read.ok()) return read.status();
        updated = *std::move(read);
        return common::RecordAuditEvent(db, {context.actor, "UpdateMilestone", updated.name(),
                                             Json(updated), context.request_id});
      });
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<std::vector<v1::MilestoneChange>> MilestoneStore::ListChanges(
    const std::string& project_id, bool slipped_only, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  struct Version {
    v1::Milestone milestone;
    std::string actor;
  };
  std::vector<Version> versions;  // by milestone, then revision
  absl::Status status = (*db)->Query(
      absl::StrCat(kSelect, "WHERE v.project_id = ? ORDER BY v.milestone_id, v.revision"),
      {project_id}, [&](const common::Row& row) {
        versions.push_back({MilestoneFromRow(row), row.String(5)});
      });
  if (!status.ok()) return status;
  std::vector<v1::MilestoneChange> changes;
  for (size_t i = 0; i < versions.size(); ++i) {
    const v1::Milestone& after = versions[i].milestone;
    const bool first = i == 0 || versions[i - 1].milestone.name() != after.name();
    static const v1::Milestone kNone;
    const v1::Milestone& before = first ? kNone : versions[i - 1].milestone;
    const std::pair<const char*, const v1::DatedValue& (v1::Milestone::*)() const> fields[] = {
        {"planned", &v1::Milestone::planned},
        {"forecast", &v1::Milestone::forecast},
        {"actual", &v1::Milestone::actual}};
    for (const auto& [field, get] : fields) {
      const v1::DatedValue& from = (before.*get)();
      const v1::DatedValue& to = (after.*get)();
      if (from.text() == to.text()) continue;
      v1::MilestoneChange change;
      change.set_milestone(after.name());
      change.set_field(field);
      if (!IsEmpty(from)) *change.mutable_from() = from;
      if (!IsEmpty(to)) *change.mutable_to() = to;
      change.set_actor(versions[i].actor);
      *change.mutable_change_time() = after.update_time();
      *change.mutable_effective_date() = after.effective_date();
      change.set_slipped(Slipped(from, to));
      if (!slipped_only || change.slipped()) changes.push_back(std::move(change));
    }
  }
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.change_time().seconds(), a.change_time().nanos()) <
           std::tuple(b.change_time().seconds(), b.change_time().nanos());
  });
  return changes;
}

absl::StatusOr<std::map<std::string, std::vector<v1::Milestone>>> ReadPortfolioMilestones(
    common::DbConnection& db, const std::vector<std::string>& project_ids, absl::CivilDay as_of) {
  std::map<std::string, std::vector<v1::Milestone>> by_project;
  absl::Status status = db.Query(
      absl::StrCat(kSelect, "JOIN ", common::SqlIdListTable("wanted"),
                   "ON wanted.id = v.project_id ", kLatestAsOf,
                   "ORDER BY v.project_id, v.display_order, v.milestone_id"),
      {common::SqlIdList(project_ids), SqlDate(as_of)},
      [&](const common::Row& row) { by_project[row.String(0)].push_back(MilestoneFromRow(row)); });
  if (!status.ok()) return status;
  return by_project;
}

}  // namespace bch::projects
