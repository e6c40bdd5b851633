// SQL for projects (see project_store.h).
#include "project_store.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/transaction.h"
#include "bch/common/versioned_table.h"
#include "programme_store.h"
#include "status_update_store.h"
#include "validation.h"

namespace bch::projects {
namespace {

using common::SqlParam;

std::string IdOf(const std::string& name) { return std::string(common::IdOfName(name)); }

std::string SqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

const common::VersionedTable& Projects() {
  using common::Column;
  static const auto* const kTable =
      new common::VersionedTable(
          {.name_pattern = "projects/{project}",
           .kind = "Project",
           .current_table = "projects",
           .versions_table = "project_versions",
           .timeline_table = "project_timeline",
           .key_columns = {"id"},
           // The body holds the project; the other columns mirror it for filters and list order.
           .columns =
               {common::BodyColumn({"latest_status"}),
                Column<v1::Project>(
                    "programme_id",
                    [](const v1::Project& p) -> SqlParam { return IdOf(p.programme()); }),
                Column<v1::Project>(
                    "lead_force", [](const v1::Project& p) -> SqlParam { return p.lead_force(); }),
                Column<v1::Project>(
                    "state", [](const v1::Project& p) -> SqlParam { return int64_t{p.state()}; }),
                Column<v1::Project>(
                    "display_order",
                    [](const v1::Project& p) -> SqlParam { return int64_t{p.display_order()}; }),
                Column<v1::Project>(
                    "archived",
                    [](const v1::Project& p) -> SqlParam { return int64_t{p.archived() ? 1 : 0}; }),
                Column<v1::Project>("participating_forces",
                                    [](const v1::Project& p) -> SqlParam {
                                      return nlohmann::json(std::vector<std::string>(
                                                                p.participating_forces().begin(),
                                                                p.participating_forces().end()))
                                          .dump();
                                    })},
           .current_extra_columns = LatestStatusColumns(),
           .read_current_extras =
               [](const common::Row& row, google::protobuf::Message& project) {
                 ReadLatestStatus(row, static_cast<v1::Project&>(project));
               }},
          v1::Project::default_instance());
  return *kTable;
}

// Checks what needs the database: the programme, parent and dependencies exist; the parent is in
// the same programme (sub-projects move with their parent: MoveSubProjects); no dependency or
// parent cycle. Locks the link rows so that concurrent changes cannot build a cycle together.
// Violations are INVALID_ARGUMENT.
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
    absl::Status s = db.Query("SELECT programme_id FROM projects WHERE id = ?", {parent_id},
                              [&](const common::Row& row) { parent_programme = row.String(0); });
    if (!s.ok()) return s;
    if (!parent_programme) {
      violations.Add("project.parent", "no such project");
    } else if (*parent_programme != IdOf(project.programme())) {
      violations.Add(
          "project.parent",
          absl::StrCat("is in programmes/", *parent_programme, ", not in ", project.programme(),
                       "; a sub-project stays in its parent's programme (move the "
                       "parent: its sub-projects move with it)"));
    } else {
      parents[id].push_back(parent_id);
      const auto cycle = FindDependencyCycle(parents, id);
      if (!cycle.empty()) {
        violations.Add("project.parent", absl::StrCat("would make a loop of parents: ",
                                                      absl::StrJoin(cycle, " -> ")));
      }
    }
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

// The programme project `id` was in at the end of `day`, or nullopt if it did not exist then.
absl::StatusOr<std::optional<std::string>> ProgrammeOfProjectOn(common::DbConnection& db,
                                                                const std::string& id,
                                                                absl::CivilDay day) {
  std::optional<std::string> programme;
  absl::Status status = db.Query(
      "SELECT programme_id FROM project_timeline WHERE id = ? AND effective_date <= ? "
      "ORDER BY effective_date DESC LIMIT 1",
      {id, SqlDate(day)}, [&](const common::Row& row) { programme = row.String(0); });
  if (!status.ok()) return status;
  return programme;
}

// What a state of a project must satisfy on `day`, the first day of a period it holds: its
// programme, parent and dependencies existed then, and its parent was in its programme then.
// (Cycles are checked on the current links, by CheckReferences.)
absl::Status CheckReferencesOn(common::DbConnection& db, const v1::Project& project,
                               absl::CivilDay day) {
  Violations violations;
  absl::Status programme =
      CheckProgrammeExistsOn(db, IdOf(project.programme()), day, "project.programme");
  if (!violations.AddFrom(programme)) return programme;
  const std::string then = absl::StrCat(" on ", SqlDate(day));
  if (!project.parent().empty()) {
    auto parent = ProgrammeOfProjectOn(db, IdOf(project.parent()), day);
    if (!parent.ok()) return parent.status();
    if (!*parent) {
      violations.Add("project.parent", absl::StrCat("did not exist", then));
    } else if (**parent != IdOf(project.programme())) {
      violations.Add("project.parent", absl::StrCat("was in programmes/", **parent, then,
                                                    ", not in ", project.programme()));
    }
  }
  for (int i = 0; i < project.dependencies_size(); ++i) {
    auto target = ProgrammeOfProjectOn(db, IdOf(project.dependencies(i).project()), day);
    if (!target.ok()) return target.status();
    if (!*target) {
      violations.Add(absl::StrCat("project.dependencies[", i, "].project"),
                     absl::StrCat("did not exist", then));
    }
  }
  return std::move(violations).ToStatus();
}

// The kit's write hooks for projects: references checked against the stored portfolio now and
// on every day a write governs; the link table and the programme's display order kept in step
// with the current state.
const common::WriteHooks& ProjectHooks() {
  static const auto* const kHooks = new common::WriteHooks{
      .check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                  const google::protobuf::Message& state,
                  std::optional<absl::CivilDay> day) -> absl::Status {
        const auto& project = static_cast<const v1::Project&>(state);
        return day ? CheckReferencesOn(db, project, *day) : CheckReferences(db, keys[0], project);
      },
      .after_write = [](common::DbConnection& db, const std::vector<std::string>& keys,
                        const google::protobuf::Message& current_message) -> absl::Status {
        const auto& project = static_cast<const v1::Project&>(current_message);
        const std::string& id = keys[0];
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
        // A plain read: a locking one (as an UPDATE's subquery would take) waits on a
        // programme being updated, which waits on this project's row. A programme update that
        // commits meanwhile rewrites this row's order after this transaction ends.
        int64_t programme_order = 0;
        absl::Status read = db.Query(
            "SELECT display_order FROM programmes WHERE id = ?", {IdOf(project.programme())},
            [&](const common::Row& row) { programme_order = row.Int64(0); });
        if (!read.ok()) return read;
        return db
            .Execute("UPDATE projects SET programme_order = ? WHERE id = ?", {programme_order, id})
            .status();
      }};
  return *kHooks;
}

// The programmes project `id` is in, in its periods from `from` on (before a write changes them).
absl::StatusOr<std::vector<std::string>> ProgrammesSince(common::DbConnection& db,
                                                         const std::string& id,
                                                         absl::CivilDay from) {
  std::vector<std::string> programmes;
  absl::Status status = db.Query(
      "SELECT DISTINCT programme_id FROM project_timeline WHERE id = ? AND valid_to > ?",
      {id, SqlDate(from)}, [&](const common::Row& row) { programmes.push_back(row.String(0)); });
  if (!status.ok()) return status;
  return programmes;
}

// Sub-projects stay in their parent's programme: when project `parent_id`, in `programmes` from
// `from` on, moves to `programme` from `from` on, every project that is its sub-project in any
// period from then on moves too, from the first day it is one (or `from`, if later), and theirs
// after them; in the same transaction, each recorded as the same caller's update. (A sub-project
// shares its parent's programme in every period, so it is found among those programmes'.)
absl::Status MoveSubProjects(common::DbConnection& db, const std::string& parent_id,
                             const std::vector<std::string>& programmes,
                             const std::string& programme, absl::CivilDay from,
                             const common::WriteContext& context) {
  const common::VersionedTable& table = Projects();
  std::map<std::string, absl::CivilDay> children;  // id -> first day it moves
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", table.TimelineColumns("t"), " FROM project_timeline t JOIN ",
                   common::SqlIdListTable("wanted"),
                   " ON wanted.id = t.programme_id WHERE t.valid_to > ? AND t.id <> ?"),
      {common::SqlIdList(programmes), SqlDate(from), parent_id}, [&](const common::Row& row) {
        v1::Project period;
        table.FromRow(row, period);
        if (period.parent().empty() || IdOf(period.parent()) != parent_id) return;
        const google::type::Date& start = period.effective_date();
        const absl::CivilDay day =
            std::max(from, absl::CivilDay(start.year(), start.month(), start.day()));
        auto [it, added] = children.emplace(IdOf(period.name()), day);
        if (!added && day < it->second) it->second = day;
      });
  if (!status.ok()) return status;
  v1::Project patch;
  patch.set_programme(programme);
  for (const auto& [child, child_from] : children) {
    auto child_programmes = ProgrammesSince(db, child, child_from);
    if (!child_programmes.ok()) return child_programmes.status();
    v1::Project moved;
    status = Projects().UpdateIn(db, {child}, patch, {"programme"}, child_from, "", context,
                                 ProjectHooks(), moved);
    if (status.code() == absl::StatusCode::kInvalidArgument) {
      // Say which project could not follow, and why, on the field the caller changed.
      const auto why = common::FieldViolationsOf(status);
      return common::InvalidArgumentError(
          {{"project.programme",
            absl::StrCat("the move takes along projects/", child, ", a sub-project from ",
                         SqlDate(child_from), ", which cannot follow: ",
                         why.empty() ? std::string(status.message())
                                     : absl::StrCat(why[0].field, " ", why[0].description))}});
    }
    if (status.ok()) {
      status = MoveSubProjects(db, child, *child_programmes, programme, child_from, context);
    }
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// The keyset of the list order: programme display order, programme, display order, id.
std::vector<std::string> KeyOf(const v1::Project& project, int64_t programme_order) {
  return {absl::StrCat(programme_order), IdOf(project.programme()),
          absl::StrCat(project.display_order()), IdOf(project.name())};
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

absl::Status CheckProjectExistedOn(common::DbConnection& db, const std::string& id,
                                   absl::CivilDay day) {
  v1::Project project;
  return Projects().Get(db, {id}, day, project);
}

absl::Status CheckProjectExistsOn(common::DbConnection& db, const std::string& id,
                                  absl::CivilDay day, const std::string& field) {
  return Projects().ExistedOn(db, {id}, day, field);
}

absl::StatusOr<v1::Project> ProjectStore::Create(const std::string& id, const v1::Project& project,
                                                 absl::CivilDay effective,
                                                 const std::string& request_id,
                                                 const std::string& request_hash,
                                                 const common::WriteContext& context) {
  v1::Project stored = project;
  stored.clear_archived();  // output only: a project starts active
  v1::Project created;
  absl::Status status = Projects().Create(pool_, {id}, stored, effective, request_id, request_hash,
                                          context, ProjectHooks(), created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<v1::Project> ProjectStore::Get(const std::string& id,
                                              std::optional<absl::CivilDay> as_of,
                                              absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  v1::Project project;
  if (absl::Status s = Projects().Get(**db, {id}, as_of, project); !s.ok()) return s;
  if (as_of) {  // the current row holds only the latest entry of all
    absl::Status status = (*db)->Query(
        absl::StrCat("SELECT ", LatestStatusByDayColumns(), " FROM projects p",
                     LatestStatusByDayJoin("p.id"), " WHERE p.id = ?"),
        {SqlDate(*as_of), id}, [&](const common::Row& row) { ReadLatestStatus(row, project); });
    if (!status.ok()) return status;
  }
  return project;
}

absl::StatusOr<common::Page<v1::Project>> ProjectStore::List(const ProjectFilter& filter,
                                                             const common::PageRequest& page,
                                                             absl::Time deadline) {
  const common::VersionedTable& table = Projects();
  std::string sql;
  std::vector<SqlParam> params;
  if (filter.as_of) {
    // The version path: periods in effect that day, ordered by their programme's display order
    // on that day.
    sql = absl::StrCat("SELECT ", table.TimelineColumns("t"),
                       ", pr.display_order AS programme_order FROM project_timeline t "
                       "JOIN programme_timeline pr ON pr.id = t.programme_id AND ",
                       common::VersionedTable::InEffectOn("pr"), " WHERE ",
                       common::VersionedTable::InEffectOn("t"));
    const std::string day = SqlDate(*filter.as_of);
    params = {day, day, day, day};
  } else {
    // Current rows in list order (index projects_list, or projects_programme for a programme).
    sql = absl::StrCat("SELECT ", table.CurrentColumns("t"),
                       ", t.programme_order FROM projects t WHERE 1 = 1");
  }
  const std::string order_column = filter.as_of ? "pr.display_order" : "t.programme_order";
  if (!filter.programme_id.empty()) {
    absl::StrAppend(&sql, " AND t.programme_id = ?");
    params.emplace_back(filter.programme_id);
  }
  if (!filter.lead_force.empty()) {
    absl::StrAppend(&sql, " AND t.lead_force = ?");
    params.emplace_back(filter.lead_force);
  }
  if (filter.state != v1::LIFECYCLE_STATE_UNSPECIFIED) {
    absl::StrAppend(&sql, " AND t.state = ?");
    params.emplace_back(int64_t{filter.state});
  }
  if (!filter.participating_force.empty()) {
    absl::StrAppend(&sql, " AND JSON_CONTAINS(t.participating_forces, JSON_QUOTE(?))");
    params.emplace_back(filter.participating_force);
  }
  if (!filter.show_archived) absl::StrAppend(&sql, " AND t.archived = 0");
  int64_t programme_order = 0, display_order = 0;
  if (absl::Status s =
          common::CheckPageKey(page, {common::KeyPart::kInteger, common::KeyPart::kText,
                                      common::KeyPart::kInteger, common::KeyPart::kText});
      !s.ok())
    return s;
  if (!page.after.empty() && absl::SimpleAtoi(page.after[0], &programme_order) &&
      absl::SimpleAtoi(page.after[2], &display_order)) {
    absl::StrAppend(
        &sql, " AND ",
        common::KeysetCondition({order_column, "t.programme_id", "t.display_order", "t.id"}, ">"));
    for (SqlParam& param :
         common::KeysetParams({programme_order, page.after[1], display_order, page.after[3]})) {
      params.push_back(std::move(param));
    }
  }
  // Within one programme its display order is the same for every row: leaving it out of the
  // order lets MariaDB read projects_programme in order.
  absl::StrAppend(&sql, " ORDER BY ", filter.programme_id.empty() ? order_column + ", " : "",
                  "t.programme_id, t.display_order, t.id LIMIT ?");
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  std::map<std::string, int64_t> programme_orders;  // for the keys of the page's last item
  return common::FetchPage<v1::Project>(
      **db, page, sql, std::move(params),
      [&](const common::Row& row) {
        v1::Project project;
        table.FromRow(row, project);
        programme_orders[IdOf(project.programme())] = row.Int64("programme_order");
        return project;
      },
      [&](const v1::Project& project) {
        return KeyOf(project, programme_orders[IdOf(project.programme())]);
      });
}

absl::StatusOr<v1::Project> ProjectStore::Update(const std::string& id, const v1::Project& patch,
                                                 const std::vector<std::string>& paths,
                                                 absl::CivilDay effective,
                                                 const common::WriteContext& context) {
  v1::Project updated;
  const bool moves = std::find(paths.begin(), paths.end(), "programme") != paths.end();
  absl::Status status =
      moves ? common::RunInTransaction(
                  pool_, {.deadline = context.deadline},
                  [&](common::DbConnection& db) -> absl::Status {
                    auto before = ProgrammesSince(db, id, effective);
                    if (!before.ok()) return before.status();
                    absl::Status s =
                        Projects().UpdateIn(db, {id}, patch, paths, effective, patch.etag(),
                                            context, ProjectHooks(), updated);
                    if (!s.ok()) return s;
                    return MoveSubProjects(db, id, *before, patch.programme(), effective, context);
                  })
            : Projects().Update(pool_, {id}, patch, paths, effective, patch.etag(), context,
                                ProjectHooks(), updated);
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<v1::Project> ProjectStore::Archive(const std::string& id, const std::string& etag,
                                                  absl::CivilDay effective,
                                                  const common::WriteContext& context) {
  v1::Project archived;
  absl::Status status = Projects().Archive(pool_, {id}, effective, etag, context, {}, archived);
  if (!status.ok()) return status;
  return archived;
}

absl::StatusOr<std::vector<v1::Project>> ReadPortfolioProjects(
    common::DbConnection& db, const std::vector<std::string>& programme_ids, absl::CivilDay as_of) {
  const common::VersionedTable& table = Projects();
  std::vector<v1::Project> projects;
  // Only the wanted programmes' periods are read (project_timeline_programme); each project's
  // latest status is one probe of status_updates_latest.
  const std::string day = SqlDate(as_of);
  absl::Status status =
      db.Query(absl::StrCat("SELECT ", table.TimelineColumns("t"), ", ", LatestStatusByDayColumns(),
                            " FROM project_timeline t JOIN ", common::SqlIdListTable("wanted"),
                            " ON wanted.id = t.programme_id", LatestStatusByDayJoin("t.id"),
                            " WHERE ", common::VersionedTable::InEffectOn("t"),
                            " AND t.archived = 0 ORDER BY t.programme_id, t.display_order, t.id"),
               {common::SqlIdList(programme_ids), day, day, day}, [&](const common::Row& row) {
                 v1::Project& project = projects.emplace_back();
                 table.FromRow(row, project);
                 ReadLatestStatus(row, project);
               });
  if (!status.ok()) return status;
  return projects;
}

}  // namespace bch::projects
