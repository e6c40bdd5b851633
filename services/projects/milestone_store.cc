// SQL for milestones (see milestone_store.h).
#include "milestone_store.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bch/common/checks.h"
#include "bch/common/dated_value.h"
#include "bch/common/list_page.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/sql_time.h"
#include "bch/common/versioned_table.h"
#include "project_store.h"

namespace bch::projects {

using common::DatedValueFromProto;
using common::DatedValueToProto;
using common::IsEmpty;
using common::ParseDatedValue;
using common::RenderDatedValue;
namespace {

using common::SqlParam;

std::string SqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// The canonical words of a wire dated value, or NULL when it is empty (validated beforehand).
SqlParam Words(const v1::DatedValue& proto) {
  if (IsEmpty(proto)) return nullptr;
  auto value = DatedValueFromProto(proto, "");
  return value.ok() ? SqlParam(RenderDatedValue(*value)) : SqlParam(nullptr);
}

// A stored dated value (canonical words) back to its wire form, or nullopt for NULL.
std::optional<v1::DatedValue> DatedFromRow(const common::Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  auto value = ParseDatedValue(row.String(column));
  if (!value.ok()) return std::nullopt;
  return DatedValueToProto(*value);
}

template <v1::DatedValue* (v1::Milestone::*Mutable)(),
          const v1::DatedValue& (v1::Milestone::*Get)() const>
common::StateColumn DatedColumn(std::string name) {
  return common::Column<v1::Milestone>(
      std::move(name), [](const v1::Milestone& m) { return Words((m.*Get)()); },
      [](const common::Row& row, int column, v1::Milestone& m) {
        if (auto value = DatedFromRow(row, column)) *(m.*Mutable)() = *std::move(value);
      });
}

const common::VersionedTable& Milestones() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "projects/{project}/milestones/{milestone}",
       .kind = "Milestone",
       .current_table = "milestones",
       .versions_table = "milestone_versions",
       .timeline_table = "milestone_timeline",
       .key_columns = {"project_id", "id"},
       .columns = {common::FieldColumn("title"), common::FieldColumn("display_order"),
                   DatedColumn<&v1::Milestone::mutable_planned, &v1::Milestone::planned>("planned"),
                   DatedColumn<&v1::Milestone::mutable_forecast, &v1::Milestone::forecast>(
                       "forecast"),
                   DatedColumn<&v1::Milestone::mutable_actual, &v1::Milestone::actual>("actual"),
                   // The latest possible day of the forecast, for ordering and slippage queries.
                   common::Column<v1::Milestone>("forecast_latest",
                                                 [](const v1::Milestone& m) -> SqlParam {
                                                   if (IsEmpty(m.forecast())) return nullptr;
                                                   auto value =
                                                       DatedValueFromProto(m.forecast(), "");
                                                   if (!value.ok() || !value->latest())
                                                     return nullptr;
                                                   return SqlDate(*value->latest());
                                                 })}},
      v1::Milestone::default_instance());
  return *kTable;
}

// A milestone exists only while its project does: not from a day before the project's first.
absl::Status CheckProjectExistsThen(common::DbConnection& db, const std::vector<std::string>& keys,
                                    const google::protobuf::Message&,
                                    std::optional<absl::CivilDay> day) {
  return day ? CheckProjectExistsOn(db, keys[0], *day) : absl::OkStatus();
}

// A new milestone also keeps its project within kMaxMilestonesPerProject. The project's row is
// locked first, so that concurrent creates under one project count one after the other.
const common::WriteHooks& NewMilestoneHooks() {
  static const auto* const kHooks = new common::WriteHooks{
      .check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                  const google::protobuf::Message& state,
                  std::optional<absl::CivilDay> day) -> absl::Status {
        if (day) return CheckProjectExistsThen(db, keys, state, day);
        int64_t count = 0;
        absl::Status status = db.Query("SELECT id FROM projects WHERE id = ? FOR UPDATE", {keys[0]},
                                       [](const common::Row&) {});
        if (status.ok()) {
          status = db.Query("SELECT COUNT(*) FROM milestones WHERE project_id = ?", {keys[0]},
                            [&](const common::Row& row) { count = row.Int64(0); });
        }
        if (!status.ok()) return status;
        if (count > kMaxMilestonesPerProject) {
          return common::WithReason(
              absl::FailedPreconditionError(
                  absl::StrCat("projects/", keys[0], " already has ", kMaxMilestonesPerProject,
                               " milestones, the most a project may have")),
              "TOO_MANY_MILESTONES");
        }
        return absl::OkStatus();
      }};
  return *kHooks;
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
                                                     const common::WriteContext& context) {
  v1::Milestone created;
  absl::Status status = Milestones().Create(pool_, {project_id, id}, milestone, effective, "", "",
                                            context, NewMilestoneHooks(), created);
  if (status.code() == absl::StatusCode::kFailedPrecondition &&
      common::ReasonOf(status) != "TOO_MANY_MILESTONES") {
    // The only reference is to the project (one round trip fewer than checking first).
    return absl::NotFoundError(absl::StrCat("projects/", project_id, " does not exist"));
  }
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<std::vector<v1::Milestone>> MilestoneStore::List(const std::string& project_id,
                                                                std::optional<absl::CivilDay> as_of,
                                                                absl::Time deadline) {
  const common::VersionedTable& table = Milestones();
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = as_of ? CheckProjectExistedOn(**db, project_id, *as_of)
                             : CheckProjectExists(**db, project_id);
      !s.ok()) {
    return s;
  }
  std::string sql;
  std::vector<SqlParam> params = {project_id};
  if (as_of) {
    sql = absl::StrCat("SELECT ", table.TimelineColumns("t"),
                       " FROM milestone_timeline t WHERE t.project_id = ? AND ",
                       common::VersionedTable::InEffectOn("t"));
    params.insert(params.end(), {SqlDate(*as_of), SqlDate(*as_of)});
  } else {
    sql = absl::StrCat("SELECT ", table.CurrentColumns("t"),
                       " FROM milestones t WHERE t.project_id = ?");
  }
  absl::StrAppend(&sql, " ORDER BY t.display_order, t.id");
  std::vector<v1::Milestone> milestones;
  absl::Status status = (*db)->Query(
      sql, params, [&](const common::Row& row) { table.FromRow(row, milestones.emplace_back()); });
  if (!status.ok()) return status;
  return milestones;
}

absl::StatusOr<v1::Milestone> MilestoneStore::Update(const std::string& project_id,
                                                     const std::string& id,
                                                     const v1::Milestone& patch,
                                                     const std::vector<std::string>& paths,
                                                     absl::CivilDay effective,
                                                     const common::WriteContext& context) {
  v1::Milestone updated;
  absl::Status status = Milestones().Update(pool_, {project_id, id}, patch, paths, effective,
                                            patch.etag(), context, {}, updated);
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<common::Page<v1::MilestoneChange>> MilestoneStore::ListChanges(
    const std::string& project_id, bool slipped_only, const common::PageRequest& page,
    absl::Time deadline) {
  if (absl::Status s = common::CheckPageKey(page, {common::KeyPart::kDay, common::KeyPart::kStamp,
                                                   common::KeyPart::kText, common::KeyPart::kText});
      !s.ok())
    return s;
  const common::VersionedTable& table = Milestones();
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = CheckProjectExists(**db, project_id); !s.ok()) return s;
  auto versions = table.Versions(**db, {project_id});  // by milestone, in the order they apply
  if (!versions.ok()) return versions.status();
  std::vector<v1::MilestoneChange> changes;
  v1::Milestone state;
  for (size_t i = 0; i < versions->size(); ++i) {
    const common::Version& version = (*versions)[i];
    if (i == 0 || version.keys != (*versions)[i - 1].keys) state.Clear();
    const v1::Milestone before = state;
    common::ApplyVersion(version, state);
    const std::string name = table.NameOf(version.keys);
    const std::pair<const char*, const v1::DatedValue& (v1::Milestone::*)() const> fields[] = {
        {"planned", &v1::Milestone::planned},
        {"forecast", &v1::Milestone::forecast},
        {"actual", &v1::Milestone::actual}};
    for (const auto& [field, get] : fields) {
      const v1::DatedValue& from = (before.*get)();
      const v1::DatedValue& to = (state.*get)();
      if (from.text() == to.text()) continue;
      v1::MilestoneChange change;
      change.set_milestone(name);
      change.set_field(field);
      if (!IsEmpty(from)) *change.mutable_from() = from;
      if (!IsEmpty(to)) *change.mutable_to() = to;
      change.set_actor(version.recorded_by);
      common::SetTimestamp(version.recorded_at, *change.mutable_change_time());
      *change.mutable_effective_date() = common::DateFromCivilDay(version.effective_date);
      change.set_slipped(Slipped(from, to));
      if (!slipped_only || change.slipped()) changes.push_back(std::move(change));
    }
  }
  // When it takes effect, then when it was recorded (one write may change several dates).
  const auto key_of = [](const v1::MilestoneChange& change) {
    const google::type::Date& day = change.effective_date();
    return std::vector<std::string>{
        absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day()),
        absl::StrFormat("%020d.%09d", change.change_time().seconds(), change.change_time().nanos()),
        change.milestone(), change.field()};
  };
  // The same order as the keys' (they are written fixed-width), without formatting them.
  const auto order = [](const v1::MilestoneChange& c) {
    const google::type::Date& d = c.effective_date();
    return std::make_tuple(d.year(), d.month(), d.day(), c.change_time().seconds(),
                           c.change_time().nanos(), absl::string_view(c.milestone()),
                           absl::string_view(c.field()));
  };
  std::sort(changes.begin(), changes.end(),
            [&](const v1::MilestoneChange& a, const v1::MilestoneChange& b) {
              return order(a) < order(b);
            });
  return common::PageOf(std::move(changes), page, key_of);
}

absl::StatusOr<std::map<std::string, std::vector<v1::Milestone>>> ReadPortfolioMilestones(
    common::DbConnection& db, const std::vector<std::string>& project_ids, absl::CivilDay as_of) {
  const common::VersionedTable& table = Milestones();
  std::map<std::string, std::vector<v1::Milestone>> by_project;
  const std::string day = SqlDate(as_of);
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", table.TimelineColumns("t"), " FROM milestone_timeline t JOIN ",
                   common::SqlIdListTable("wanted"), " ON wanted.id = t.project_id WHERE ",
                   common::VersionedTable::InEffectOn("t"),
                   " ORDER BY t.project_id, t.display_order, t.id"),
      {common::SqlIdList(project_ids), day, day}, [&](const common::Row& row) {
        v1::Milestone milestone;
        table.FromRow(row, milestone);
        // "projects/{project}/milestones/{milestone}": the project's id is the second segment.
        const std::vector<absl::string_view> segments = absl::StrSplit(milestone.name(), '/');
        by_project[std::string(segments[1])].push_back(std::move(milestone));
      });
  if (!status.ok()) return status;
  return by_project;
}

}  // namespace bch::projects
