// SQL for projects (see project_store.h).
#include "project_store.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/audit.h"
#include "bch/common/errors.h"
#include "bch/common/etag.h"
#include "bch/common/field_mask.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "dated_value.h"
#include "status_update_store.h"
#include "validation.h"

namespace bch::projects {
namespace {

// The latest version of each project effective by a day: (project_id, revision).
constexpr char kLatestVersions[] =
    "(SELECT project_id, MAX(revision) AS revision FROM project_versions "
    "WHERE effective_date <= ? GROUP BY project_id) latest";

// Columns read by ProjectFromRow, then the keyset columns.
constexpr char kVersionColumns[] =
    "v.project_id, v.revision, v.effective_date, v.recorded_at, v.body, p.create_time, "
    "v.archived, pr.display_order, v.programme_id, v.display_order";
constexpr int kVersionColumnCount =
    std::count(std::begin(kVersionColumns), std::end(kVersionColumns), ',') + 1;
constexpr char kVersionTables[] =
    " FROM project_versions v JOIN projects p ON p.id = v.project_id "
    "JOIN programmes pr ON pr.id = v.programme_id ";

// Project versions, to be completed with joins and a WHERE clause.
std::string SelectVersions() { return absl::StrCat("SELECT ", kVersionColumns, kVersionTables); }

// The same with each project's latest status update by a day (the first `?`), for
// ProjectWithStatusFromRow.
std::string SelectVersionsWithLatestStatus() {
  return absl::StrCat("SELECT ", kVersionColumns, ", ", kStatusUpdateColumns, kVersionTables,
                      LatestStatusJoin());
}

constexpr char kOrder[] =
    " ORDER BY pr.display_order, v.programme_id, v.display_order, v.project_id";

std::string SqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// Continues a query over the versions' tables so that it keeps each project's latest version
// by `as_of`, opening its WHERE clause (the caller goes on with " AND ..."). Without a day to
// resolve (LatestRecorded()) that is the current version, projects.revision; otherwise the
// highest revision effective by then, grouped from the versions.
void KeepLatestVersionsBy(absl::CivilDay as_of, std::string& sql,
                          std::vector<common::SqlParam>& params) {
  if (as_of == LatestRecorded()) {
    absl::StrAppend(&sql, "WHERE p.revision = v.revision");
    return;
  }
  absl::StrAppend(&sql, "JOIN ", kLatestVersions,
                  " ON latest.project_id = v.project_id AND latest.revision = v.revision "
                  "WHERE 1 = 1");
  params.emplace_back(SqlDate(as_of));
}

v1::Project ProjectFromRow(const common::Row& row) {
  v1::Project project;
  (void)project.ParseFromString(row.String(4));  // unknown fields of newer versions are kept
  project.set_name(common::ResourceName("projects", row.String(0)));
  project.set_etag(common::FormatEtag(row.Int64(1)));
  absl::CivilDay effective;
  if (absl::ParseCivilTime(row.String(2), &effective)) {
    *project.mutable_effective_date() = DateFromCivilDay(effective);
  }
  common::SetTimestamp(row.String(3), *project.mutable_update_time());
  common::SetTimestamp(row.String(5), *project.mutable_create_time());
  project.set_archived(row.Int64(6) != 0);
  return project;
}

v1::Project ProjectWithStatusFromRow(const common::Row& row) {
  v1::Project project = ProjectFromRow(row);
  if (auto latest = LatestStatusFromRow(row, kVersionColumnCount)) {
    *project.mutable_latest_status() = *std::move(latest);
  }
  return project;
}

std::vector<std::string> KeyOf(const v1::Project& project, int64_t programme_order) {
  return {absl::StrCat(programme_order), project.programme(), absl::StrCat(project.display_order()),
          std::string(common::IdOfName(project.name()))};
}

std::string Body(const v1::Project& project) {
  v1::Project stored = project;  // output-only fields live in columns, not in the body
  stored.clear_etag();
  stored.clear_archived();
  stored.clear_create_time();
  stored.clear_update_time();
  stored.clear_effective_date();
  stored.clear_latest_status();
  return stored.SerializeAsString();
}

// The change recorded in an audit event: the project as JSON, for people to read.
std::string ChangeJson(const v1::Project& project) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(project, &json);
  return json;
}

std::string IdOf(const std::string& name) { return std::string(common::IdOfName(name)); }

// Checks what needs the database: the programme, parent and dependencies exist; the parent is in
// the same programme; no dependency or parent cycle. Locks the link rows so that concurrent
// changes cannot build a cycle together. Violations are INVALID_ARGUMENT.
absl::Status CheckReferences(common::DbConnection& db, const std::string& id,
                             const v1::Project& project) {
  Violations violations;
  auto exists = [&](const char* sql, const std::string& key) -> absl::StatusOr<bool> {
    bool found = false;
    absl::Status s = db.Query(sql, {key}, [&](const common::Row&) { found = true; });
    if (!s.ok()) return s;
    return found;
  };
  auto programme = exists("SELECT 1 FROM programmes WHERE id = ?", IdOf(project.programme()));
  if (!programme.ok()) return programme.status();
  if (!*programme) violations.Add("project.programme", "no such programme");

  std::map<std::string, std::vector<std::string>> dependencies, parents;
  absl::Status links =
      db.Query("SELECT project_id, kind, target_id FROM project_links FOR UPDATE", {},
               [&](const common::Row& row) {
                 (row.String(1) == "dependency" ? dependencies : parents)[row.String(0)].push_back(
                     row.String(2));
               });
  if (!links.ok()) return links;
  dependencies[id].clear();
  parents[id].clear();

  if (!project.parent().empty()) {
    const std::string parent_id = IdOf(project.parent());
    std::optional<std::string> parent_programme;
    absl::Status s =
        db.Query(absl::StrCat("SELECT v.programme_id FROM project_versions v JOIN projects p ON "
                              "p.id = v.project_id AND p.revision = v.revision WHERE p.id = ?"),
                 {parent_id}, [&](const common::Row& row) { parent_programme = row.String(0); });
    if (!s.ok()) return s;
    if (!parent_programme) {
      violations.Add("project.parent", "no such project");
    } else if (*parent_programme != IdOf(project.programme())) {
      violations.Add("project.parent", absl::StrCat("is in programmes/", *parent_programme,
                                                    ", not in ", project.programme()));
    } else {
      parents[id].push_back(parent_id);
      const auto cycle = FindDependencyCycle(parents, id);
      if (!cycle.empty()) {
        violations.Add("project.parent", absl::StrCat("would make a loop of parents: ",
                                                      absl::StrJoin(cycle, " -> ")));
      }
    }
  }
  // Sub-projects stay in their parent's programme: a parent cannot move away from them.
  std::vector<std::string> stranded;
  absl::Status children = db.Query(
      "SELECT l.project_id FROM project_links l JOIN projects p ON p.id = l.project_id "
      "JOIN project_versions v ON v.project_id = p.id AND v.revision = p.revision "
      "WHERE l.kind = 'parent' AND l.target_id = ? AND v.programme_id <> ?",
      {id, IdOf(project.programme())},
      [&](const common::Row& row) { stranded.push_back("projects/" + row.String(0)); });
  if (!children.ok()) return children;
  if (!stranded.empty()) {
    violations.Add("project.programme",
                   absl::StrCat("its sub-projects ", absl::StrJoin(stranded, ", "),
                                " are in another programme; move them first"));
  }
  for (int i = 0; i < project.dependencies_size(); ++i) {
    const std::string target = IdOf(project.dependencies(i).project());
    auto found = exists("SELECT 1 FROM projects WHERE id = ?", target);
    if (!found.ok()) return found.status();
    if (!*found) {
      violations.Add(absl::StrCat("project.dependencies[", i, "].project"), "no such project");
    } else {
      dependencies[id].push_back(target);
    }
  }
  const auto cycle = FindDependencyCycle(dependencies, id);
  if (!cycle.empty()) {
    violations.Add("project.dependencies", absl::StrCat("would make a cycle of dependencies: ",
                                                        absl::StrJoin(cycle, " -> ")));
  }
  return std::move(violations).ToStatus();
}

// Writes version `revision` of project `id` and replaces its current links.
absl::Status WriteVersion(common::DbConnection& db, const std::string& id, int64_t revision,
                          absl::CivilDay effective, bool archived, const v1::Project& project,
                          const WriteContext& context) {
  auto version = db.Execute(
      "INSERT INTO project_versions (project_id, revision, effective_date, recorded_by, "
      "programme_id, lead_force, state, display_order, archived, body) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, revision, SqlDate(effective), context.actor.subject, IdOf(project.programme()),
       project.lead_force(), static_cast<int64_t>(project.state()),
       static_cast<int64_t>(project.display_order()), static_cast<int64_t>(archived ? 1 : 0),
       Body(project)});
  if (!version.ok()) return version.status();
  for (const std::string& force : project.participating_forces()) {
    auto inserted = db.Execute(
        "INSERT INTO project_version_forces (project_id, revision, force_name) VALUES (?, ?, ?)",
        {id, revision, force});
    if (!inserted.ok()) return inserted.status();
  }
  auto cleared = db.Execute("DELETE FROM project_links WHERE project_id = ?", {id});
  if (!cleared.ok()) return cleared.status();
  std::vector<std::pair<std::string, std::string>> links;
  if (!project.parent().empty()) links.emplace_back("parent", IdOf(project.parent()));
  for (const auto& dependency : project.dependencies()) {
    links.emplace_back("dependency", IdOf(dependency.project()));
  }
  for (const auto& [kind, target] : links) {
    auto inserted =
        db.Execute("INSERT INTO project_links (project_id, kind, target_id) VALUES (?, ?, ?)",
                   {id, kind, target});
    if (!inserted.ok()) return inserted.status();
  }
  return absl::OkStatus();
}

// The project as of a day with its latest status update by then: one query.
absl::StatusOr<v1::Project> ReadAsOf(common::DbConnection& db, const std::string& id,
                                     absl::CivilDay as_of) {
  std::string sql = SelectVersionsWithLatestStatus();
  std::vector<common::SqlParam> params = {SqlDate(as_of)};
  KeepLatestVersionsBy(as_of, sql, params);
  absl::StrAppend(&sql, " AND v.project_id = ?");
  params.emplace_back(id);
  std::optional<v1::Project> found;
  absl::Status status =
      db.Query(sql, params, [&](const common::Row& row) { found = ProjectWithStatusFromRow(row); });
  if (!status.ok()) return status;
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("projects/", id, " did not exist as of ", SqlDate(as_of)));
  }
  return *std::move(found);
}

absl::Status Audit(common::DbConnection& db, const WriteContext& context, const char* action,
                   const v1::Project& project) {
  return common::RecordAuditEvent(
      db, {context.actor, action, project.name(), ChangeJson(project), context.request_id});
}

// Reads a project's current version on `db` for update (locks its row); NOT_FOUND if missing.
// Its revision goes to `*revision` when asked for: the next version's is one more, the row
// being locked until the transaction ends.
absl::StatusOr<v1::Project> ReadCurrentProject(common::DbConnection& db, const std::string& id,
                                               int64_t* current_revision = nullptr) {
  std::optional<int64_t> revision;
  absl::Status locked = db.Query("SELECT revision FROM projects WHERE id = ? FOR UPDATE", {id},
                                 [&](const common::Row& row) { revision = row.Int64(0); });
  if (!locked.ok()) return locked;
  if (!revision) return absl::NotFoundError(absl::StrCat("projects/", id, " does not exist"));
  std::optional<v1::Project> found;
  absl::Status status =
      db.Query(absl::StrCat(SelectVersions(), "WHERE v.project_id = ? AND v.revision = ?"),
               {id, *revision}, [&](const common::Row& row) { found = ProjectFromRow(row); });
  if (!status.ok()) return status;
  if (!found) return absl::InternalError(absl::StrCat("projects/", id, " has no current version"));
  if (current_revision != nullptr) *current_revision = *revision;
  return *std::move(found);
}

// Writes version `revision` of `id` (archived or not), the one after the current version read
// and locked by ReadCurrentProject, and reads it back into `out`.
absl::Status WriteNextVersion(common::DbConnection& db, const std::string& id, int64_t revision,
                              absl::CivilDay effective, bool archived, const v1::Project& project,
                              const WriteContext& context, const char* action, v1::Project& out) {
  auto bumped = db.Execute("UPDATE projects SET revision = ? WHERE id = ?", {revision, id});
  if (!bumped.ok()) return bumped.status();
  if (absl::Status s = WriteVersion(db, id, revision, effective, archived, project, context);
      !s.ok()) {
    return s;
  }
  auto read = ReadCurrentProject(db, id);
  if (!read.ok()) return read.status();
  out = *std::move(read);
  return Audit(db, context, action, out);
}

}  // namespace

absl::Status CheckProjectExists(common::DbConnection& db, const std::string& id) {
  bool found = false;
  absl::Status status = db.Query("SELECT 1 FROM projects WHERE id = ?", {id},
                                 [&](const common::Row&) { found = true; });
  if (!status.ok()) return status;
  return found ? absl::OkStatus()
               : absl::NotFoundError(absl::StrCat("projects/", id, " does not exist"));
}

absl::StatusOr<v1::Project> ProjectStore::Create(const std::string& id, const v1::Project& project,
                                                 absl::CivilDay effective,
                                                 const std::string& idempotency_key,
                                                 const std::string& request_hash,
                                                 const WriteContext& context) {
  const std::string name = common::ResourceName("projects", id);
  v1::Project created;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        auto earlier =
            common::ClaimRequestId(db, idempotency_key, "CreateProject", request_hash, name);
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {  // a retry: answer with what the first attempt created
          auto first = ReadCurrentProject(db, IdOf(**earlier));
          if (!first.ok()) return first.status();
          created = *std::move(first);
          return absl::OkStatus();
        }
        auto inserted = db.Execute("INSERT INTO projects (id, revision) VALUES (?, 1)", {id});
        if (!inserted.ok()) return inserted.status();
        if (absl::Status s = CheckReferences(db, id, project); !s.ok()) return s;
        if (absl::Status s = WriteVersion(db, id, 1, effective, false, project, context); !s.ok()) {
          return s;
        }
        auto read = ReadCurrentProject(db, id);
        if (!read.ok()) return read.status();
        created = *std::move(read);
        return Audit(db, context, "CreateProject", created);
      });
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    return common::WithReason(absl::AlreadyExistsError(absl::StrCat(name, " already exists")),
                              "RESOURCE_ALREADY_EXISTS");
  }
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Project> ProjectStore::Get(const std::string& id, absl::CivilDay as_of,
                                              absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  return ReadAsOf(**db, id, as_of);
}

absl::StatusOr<common::Page<v1::Project>> ProjectStore::List(const ProjectFilter& filter,
                                                             const common::PageRequest& page,
                                                             absl::Time deadline) {
  std::string sql = SelectVersions();
  std::vector<common::SqlParam> params;
  KeepLatestVersionsBy(filter.as_of, sql, params);
  if (!filter.programme_id.empty()) {
    absl::StrAppend(&sql, " AND v.programme_id = ?");
    params.emplace_back(filter.programme_id);
  }
  if (!filter.lead_force.empty()) {
    absl::StrAppend(&sql, " AND v.lead_force = ?");
    params.emplace_back(filter.lead_force);
  }
  if (filter.state != v1::LIFECYCLE_STATE_UNSPECIFIED) {
    absl::StrAppend(&sql, " AND v.state = ?");
    params.emplace_back(static_cast<int64_t>(filter.state));
  }
  if (!filter.participating_force.empty()) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM project_version_forces f WHERE "
                    "f.project_id = v.project_id AND f.revision = v.revision AND "
                    "f.force_name = ?)");
    params.emplace_back(filter.participating_force);
  }
  if (!filter.show_archived) absl::StrAppend(&sql, " AND v.archived = 0");
  int64_t programme_order = 0, display_order = 0;
  if (page.after.size() == 4 && absl::SimpleAtoi(page.after[0], &programme_order) &&
      absl::SimpleAtoi(page.after[2], &display_order)) {
    absl::StrAppend(&sql,
                    " AND (pr.display_order, v.programme_id, v.display_order, "
                    "v.project_id) > (?, ?, ?, ?)");
    params.insert(params.end(),
                  {programme_order, IdOf(page.after[1]), display_order, page.after[3]});
  }
  absl::StrAppend(&sql, kOrder, " LIMIT ?");
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  std::map<std::string, int64_t> programme_orders;  // for the keys of the page's last item
  return common::FetchPage<v1::Project>(
      **db, page, sql, std::move(params),
      [&](const common::Row& row) {
        programme_orders[row.String(8)] = row.Int64(7);
        return ProjectFromRow(row);
      },
      [&](const v1::Project& project) {
        return KeyOf(project, programme_orders[IdOf(project.programme())]);
      });
}

absl::StatusOr<v1::Project> ProjectStore::Update(const std::string& id, const v1::Project& patch,
                                                 const std::vector<std::string>& paths,
                                                 absl::CivilDay effective,
                                                 const WriteContext& context) {
  v1::Project updated;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        int64_t revision = 0;
        auto current = ReadCurrentProject(db, id, &revision);
        if (!current.ok()) return current.status();
        if (absl::Status s = common::CheckEtag(patch.etag(), current->etag()); !s.ok()) return s;
        updated = *current;
        common::ApplyUpdateMask(paths, patch, updated);
        Violations violations;  // the merged project must be whole, e.g. keep a programme
        CheckProject(violations, updated, UpdatableProjectFields(), updated.name());
        if (absl::Status s = std::move(violations).ToStatus(); !s.ok()) return s;
        if (absl::Status s = CheckReferences(db, id, updated); !s.ok()) return s;
        return WriteNextVersion(db, id, revision + 1, effective, updated.archived(), updated,
                                context, "UpdateProject", updated);
      });
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<v1::Project> ProjectStore::Archive(const std::string& id, const std::string& etag,
                                                  absl::CivilDay effective,
                                                  const WriteContext& context) {
  v1::Project archived;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](common::DbConnection& db) -> absl::Status {
        int64_t revision = 0;
        auto current = ReadCurrentProject(db, id, &revision);
        if (!current.ok()) return current.status();
        if (absl::Status s = common::CheckEtag(etag, current->etag()); !s.ok()) return s;
        return WriteNextVersion(db, id, revision + 1, effective, true, *current, context,
                                "ArchiveProject", archived);
      });
  if (!status.ok()) return status;
  return archived;
}

absl::StatusOr<std::vector<v1::Project>> ReadPortfolioProjects(
    common::DbConnection& db, const std::vector<std::string>& programme_ids, absl::CivilDay as_of) {
  std::vector<v1::Project> projects;
  // Only the versions of the wanted programmes are joined with the latest revisions, so MariaDB
  // resolves "latest by then" for those projects alone (a split, lateral derived table); each
  // project's latest status is one probe of status_updates_latest.
  std::string sql =
      absl::StrCat(SelectVersionsWithLatestStatus(), "JOIN ", common::SqlIdListTable("wanted"),
                   "ON wanted.id = v.programme_id ");
  std::vector<common::SqlParam> params = {SqlDate(as_of), common::SqlIdList(programme_ids)};
  KeepLatestVersionsBy(as_of, sql, params);
  absl::StrAppend(&sql, " AND v.archived = 0", kOrder);
  absl::Status status = db.Query(sql, params, [&](const common::Row& row) {
    projects.push_back(ProjectWithStatusFromRow(row));
  });
  if (!status.ok()) return status;
  return projects;
}

}  // namespace bch::projects
