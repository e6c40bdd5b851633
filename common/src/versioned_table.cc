// Versioned resources (see versioned_table.h).
#include "bch/common/versioned_table.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bch/common/audit.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/etag.h"
#include "bch/common/field_mask.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"

namespace bch::common {
namespace {

// The valid_to of the last period: open-ended (requests cannot name a later day).
constexpr char kOpenEnd[] = "9999-12-31";
constexpr char kEveryField[] = "*";

std::string SqlDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay DayOf(const std::string& sql_date) {
  absl::CivilDay day;
  (void)absl::ParseCivilTime(sql_date, &day);
  return day;
}

// "a, b, c" with each name prefixed by `alias.` when an alias is given.
std::string ColumnList(const std::vector<std::string>& names, const std::string& alias) {
  return absl::StrJoin(names, ", ", [&](std::string* out, const std::string& name) {
    absl::StrAppend(out, alias.empty() ? "" : alias + ".", name);
  });
}

std::string Placeholders(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

const google::protobuf::FieldDescriptor* FieldOf(const Message& message, const char* name) {
  return message.GetDescriptor()->FindFieldByName(name);
}

void SetString(Message& out, const char* field_name, const std::string& value) {
  if (const auto* field = FieldOf(out, field_name)) {
    out.GetReflection()->SetString(&out, field, value);
  }
}

void SetSubMessage(Message& out, const char* field_name, const Message& value) {
  if (const auto* field = FieldOf(out, field_name)) {
    out.GetReflection()->MutableMessage(&out, field)->CopyFrom(value);
  }
}

std::string ChangeJson(const Message& resource, absl::CivilDay effective,
                       const std::vector<std::string>& paths) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(resource, &json);
  return absl::StrCat("{\"effectiveDate\":\"", SqlDate(effective), "\",\"updateMask\":\"",
                      absl::StrJoin(paths, ","), "\",\"resource\":", json, "}");
}

}  // namespace

StateColumn BodyColumn(std::vector<std::string> derived) {
  for (const char* kit_filled : {"name", "etag", "create_time", "update_time", "effective_date"}) {
    derived.emplace_back(kit_filled);
  }
  return StateColumn{
      .name = "body",
      .to_sql =
          [derived](const Message& resource) -> SqlParam {
            std::unique_ptr<Message> stored(resource.New());
            stored->CopyFrom(resource);
            for (const std::string& name : derived) {
              if (const auto* field = stored->GetDescriptor()->FindFieldByName(name)) {
                stored->GetReflection()->ClearField(stored.get(), field);
              }
            }
            return stored->SerializeAsString();
          },
      .from_row =
          [](const Row& row, const std::string& column, Message& out) {
            (void)out.MergeFromString(row.String(column));  // unknown fields of newer versions kept
          }};
}

StateColumn FieldColumn(const std::string& field_name) {
  using google::protobuf::FieldDescriptor;
  return StateColumn{
      .name = field_name,
      .to_sql =
          [field_name](const Message& m) -> SqlParam {
            const FieldDescriptor* field = m.GetDescriptor()->FindFieldByName(field_name);
            const auto* reflection = m.GetReflection();
            switch (field->cpp_type()) {
              case FieldDescriptor::CPPTYPE_STRING:
                return reflection->GetString(m, field);
              case FieldDescriptor::CPPTYPE_INT32:
                return int64_t{reflection->GetInt32(m, field)};
              case FieldDescriptor::CPPTYPE_INT64:
                return reflection->GetInt64(m, field);
              case FieldDescriptor::CPPTYPE_ENUM:
                return int64_t{reflection->GetEnumValue(m, field)};
              case FieldDescriptor::CPPTYPE_BOOL:
                return int64_t{reflection->GetBool(m, field) ? 1 : 0};
              default:
                return nullptr;
            }
          },
      .from_row =
          [field_name](const Row& row, const std::string& column, Message& m) {
            const FieldDescriptor* field = m.GetDescriptor()->FindFieldByName(field_name);
            const auto* reflection = m.GetReflection();
            switch (field->cpp_type()) {
              case FieldDescriptor::CPPTYPE_STRING:
                reflection->SetString(&m, field, row.String(column));
                break;
              case FieldDescriptor::CPPTYPE_INT32:
                reflection->SetInt32(&m, field, static_cast<int32_t>(row.Int64(column)));
                break;
              case FieldDescriptor::CPPTYPE_INT64:
                reflection->SetInt64(&m, field, row.Int64(column));
                break;
              case FieldDescriptor::CPPTYPE_ENUM:
                reflection->SetEnumValue(&m, field, static_cast<int>(row.Int64(column)));
                break;
              case FieldDescriptor::CPPTYPE_BOOL:
                reflection->SetBool(&m, field, row.Int64(column) != 0);
                break;
              default:
                break;
            }
          }};
}

void ApplyVersion(const Version& version, Message& state) {
  if (version.mask.size() == 1 && version.mask[0] == kEveryField) {
    state.CopyFrom(*version.values);
  } else {
    ApplyUpdateMask(version.mask, *version.values, state);
  }
}

// The current row of a resource, locked for the rest of the transaction.
struct VersionedTable::Locked {
  std::unique_ptr<Message> current;
  int64_t revision = 0;
  absl::CivilDay first_effective;
  std::string create_time;
};

VersionedTable::VersionedTable(VersionedTableDefinition definition, const Message& prototype)
    : definition_(std::move(definition)), prototype_(prototype) {}

std::string VersionedTable::NameOf(const std::vector<std::string>& keys) const {
  std::string name;
  size_t key = 0;
  for (absl::string_view segment : absl::StrSplit(definition_.name_pattern, '/')) {
    if (!name.empty()) name += '/';
    if (!segment.empty() && segment.front() == '{' && key < keys.size()) {
      name += keys[key++];
    } else {
      absl::StrAppend(&name, segment);
    }
  }
  return name;
}

std::string VersionedTable::KeyCondition(const std::string& alias, size_t keys) const {
  const std::vector<std::string> columns(definition_.key_columns.begin(),
                                         definition_.key_columns.begin() + keys);
  return absl::StrJoin(columns, " AND ",
                       [&](std::string* out, const std::string& column) {
                         absl::StrAppend(out, alias, ".", column, " = ?");
                       });
}

std::vector<SqlParam> VersionedTable::KeyParams(const std::vector<std::string>& keys) const {
  return {keys.begin(), keys.end()};
}

std::vector<SqlParam> VersionedTable::StateParams(const Message& resource) const {
  std::vector<SqlParam> params;
  for (const StateColumn& column : definition_.columns) params.push_back(column.to_sql(resource));
  return params;
}

std::string VersionedTable::StateColumnList() const {
  std::vector<std::string> names;
  for (const StateColumn& column : definition_.columns) names.push_back(column.name);
  return ColumnList(names, "");
}

std::string VersionedTable::CurrentColumns(const std::string& alias) const {
  std::vector<std::string> names = definition_.key_columns;
  for (const char* meta : {"revision", "effective_date", "create_time", "update_time"}) {
    names.emplace_back(meta);
  }
  for (const StateColumn& column : definition_.columns) names.push_back(column.name);
  return ColumnList(names, alias);
}

std::string VersionedTable::TimelineColumns(const std::string& alias) const {
  return CurrentColumns(alias);  // the same names: periods carry the same metadata and state
}

std::string VersionedTable::InEffectOn(const std::string& alias) {
  return absl::StrCat(alias, ".effective_date <= ? AND ", alias, ".valid_to > ?");
}

void VersionedTable::SetMetadata(const std::vector<std::string>& keys, int64_t revision,
                                 absl::CivilDay effective, const std::string& create_time,
                                 const std::string& update_time, Message& out) const {
  SetString(out, "name", NameOf(keys));
  SetString(out, "etag", FormatEtag(revision));
  google::protobuf::Timestamp time;
  SetTimestamp(create_time, time);
  SetSubMessage(out, "create_time", time);
  time.Clear();
  SetTimestamp(update_time, time);
  SetSubMessage(out, "update_time", time);
  SetSubMessage(out, "effective_date", DateFromCivilDay(effective));
}

void VersionedTable::FromRow(const Row& row, Message& out) const {
  for (const StateColumn& column : definition_.columns) {
    if (column.from_row) column.from_row(row, column.name, out);
  }
  std::vector<std::string> keys;
  for (const std::string& column : definition_.key_columns) keys.push_back(row.String(column));
  SetMetadata(keys, row.Int64("revision"), DayOf(row.String("effective_date")),
              row.String("create_time"), row.String("update_time"), out);
}

absl::Status VersionedTable::Get(DbConnection& db, const std::vector<std::string>& keys,
                                 std::optional<absl::CivilDay> as_of, Message& out) const {
  std::string sql;
  std::vector<SqlParam> params = KeyParams(keys);
  if (!as_of) {
    const std::vector<std::string>& extras = definition_.current_extra_columns;
    sql = absl::StrCat("SELECT ", CurrentColumns("t"), extras.empty() ? "" : ", ",
                       ColumnList(extras, "t"), " FROM ", definition_.current_table, " t WHERE ",
                       KeyCondition("t", keys.size()));
  } else {
    sql = absl::StrCat("SELECT ", TimelineColumns("t"), " FROM ", definition_.timeline_table,
                       " t WHERE ", KeyCondition("t", keys.size()),
                       " AND t.effective_date <= ? ORDER BY t.effective_date DESC LIMIT 1");
    params.emplace_back(SqlDate(*as_of));
  }
  bool found = false;
  absl::Status status = db.Query(sql, params, [&](const Row& row) {
    found = true;
    FromRow(row, out);
    if (!as_of && definition_.read_current_extras) definition_.read_current_extras(row, out);
  });
  if (!status.ok()) return status;
  if (!found) {
    return absl::NotFoundError(as_of ? absl::StrCat(NameOf(keys), " did not exist on ",
                                                    SqlDate(*as_of))
                                     : absl::StrCat(NameOf(keys), " does not exist"));
  }
  return absl::OkStatus();
}

Version VersionedTable::VersionFromRow(const Row& row) const {
  Version version;
  for (const std::string& column : definition_.key_columns) {
    version.keys.push_back(row.String(column));
  }
  version.revision = row.Int64("revision");
  version.effective_date = DayOf(row.String("effective_date"));
  version.recorded_at = row.String("recorded_at");
  version.recorded_by = row.String("recorded_by");
  version.mask = absl::StrSplit(row.String("mask"), ',', absl::SkipEmpty());
  version.values.reset(prototype_.New());
  for (const StateColumn& column : definition_.columns) {
    if (column.from_row) column.from_row(row, column.name, *version.values);
  }
  return version;
}

absl::StatusOr<std::vector<Version>> VersionedTable::Versions(
    DbConnection& db, const std::vector<std::string>& key_prefix) const {
  std::vector<Version> versions;
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", ColumnList(definition_.key_columns, ""),
                   ", revision, effective_date, recorded_at, recorded_by, mask, ",
                   StateColumnList(), " FROM ", definition_.versions_table, " v WHERE ",
                   KeyCondition("v", key_prefix.size()), " ORDER BY ",
                   ColumnList(definition_.key_columns, "v"), ", v.effective_date, v.revision"),
      KeyParams(key_prefix), [&](const Row& row) { versions.push_back(VersionFromRow(row)); });
  if (!status.ok()) return status;
  return versions;
}

absl::StatusOr<VersionedTable::Locked> VersionedTable::Lock(
    DbConnection& db, const std::vector<std::string>& keys) const {
  std::optional<Locked> locked;
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", CurrentColumns("t"), ", t.first_effective FROM ",
                   definition_.current_table, " t WHERE ", KeyCondition("t", keys.size()), " FOR UPDATE"),
      KeyParams(keys), [&](const Row& row) {
        locked.emplace();
        locked->current.reset(prototype_.New());
        FromRow(row, *locked->current);
        locked->revision = row.Int64("revision");
        locked->first_effective = DayOf(row.String("first_effective"));
        locked->create_time = row.String("create_time");
      });
  if (!status.ok()) return status;
  if (!locked) return absl::NotFoundError(absl::StrCat(NameOf(keys), " does not exist"));
  return *std::move(locked);
}

absl::Status VersionedTable::Create(DbPool& pool, const std::vector<std::string>& keys,
                                    const Message& resource, absl::CivilDay effective,
                                    const std::string& request_id,
                                    const std::string& request_hash, const WriteContext& context,
                                    const WriteHooks& hooks, Message& out) const {
  const std::string name = NameOf(keys);
  const std::string action = absl::StrCat("Create", definition_.kind);
  absl::Status status = RunInTransaction(
      pool, {.deadline = context.deadline}, [&](DbConnection& db) -> absl::Status {
        out.Clear();
        auto earlier = ClaimRequestId(db, request_id, action, request_hash, name);
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {  // a retry: answer with what the first attempt created
          auto earlier_keys = ParseResourceName(**earlier, definition_.name_pattern, "name");
          if (!earlier_keys.ok()) return earlier_keys.status();
          return Get(db, *earlier_keys, std::nullopt, out);
        }
        const std::string now = SqlTimestamp(absl::Now());
        std::vector<SqlParam> row = KeyParams(keys);
        for (SqlParam value : {SqlParam(int64_t{1}), SqlParam(SqlDate(effective)),
                               SqlParam(SqlDate(effective)), SqlParam(now), SqlParam(now)}) {
          row.push_back(std::move(value));
        }
        const std::vector<SqlParam> state = StateParams(resource);
        row.insert(row.end(), state.begin(), state.end());
        const std::string keys_list = ColumnList(definition_.key_columns, "");
        auto inserted = db.Execute(
            absl::StrCat("INSERT INTO ", definition_.current_table, " (", keys_list,
                         ", revision, first_effective, effective_date, create_time, update_time, ",
                         StateColumnList(), ") VALUES (", Placeholders(row.size()), ")"),
            row);
        if (inserted.status().code() == absl::StatusCode::kAlreadyExists) {
          return WithReason(absl::AlreadyExistsError(absl::StrCat(name, " already exists")),
                            "RESOURCE_ALREADY_EXISTS");
        }
        if (!inserted.ok()) return inserted.status();

        std::vector<SqlParam> version = KeyParams(keys);
        for (SqlParam value : {SqlParam(int64_t{1}), SqlParam(SqlDate(effective)), SqlParam(now),
                               SqlParam(context.actor.subject), SqlParam(kEveryField)}) {
          version.push_back(std::move(value));
        }
        version.insert(version.end(), state.begin(), state.end());
        auto recorded = db.Execute(
            absl::StrCat("INSERT INTO ", definition_.versions_table, " (", keys_list,
                         ", revision, effective_date, recorded_at, recorded_by, mask, ",
                         StateColumnList(), ") VALUES (", Placeholders(version.size()), ")"),
            version);
        if (!recorded.ok()) return recorded.status();

        std::vector<SqlParam> period = KeyParams(keys);
        for (SqlParam value : {SqlParam(SqlDate(effective)), SqlParam(kOpenEnd),
                               SqlParam(int64_t{1}), SqlParam(now), SqlParam(now)}) {
          period.push_back(std::move(value));
        }
        period.insert(period.end(), state.begin(), state.end());
        auto timeline = db.Execute(
            absl::StrCat("INSERT INTO ", definition_.timeline_table, " (", keys_list,
                         ", effective_date, valid_to, revision, create_time, update_time, ",
                         StateColumnList(), ") VALUES (", Placeholders(period.size()), ")"),
            period);
        if (!timeline.ok()) return timeline.status();

        // The response is what a read returns (values as the columns keep them).
        if (absl::Status s = Get(db, keys, std::nullopt, out); !s.ok()) return s;
        if (hooks.check) {
          if (absl::Status s = hooks.check(db, out, out, effective); !s.ok()) return s;
        }
        if (hooks.after_write) {
          if (absl::Status s = hooks.after_write(db, keys, out); !s.ok()) return s;
        }
        return RecordAuditEvent(db, {context.actor, action, name,
                                     ChangeJson(out, effective, {kEveryField}),
                                     context.request_id});
      });
  return status;
}

absl::Status VersionedTable::RebuildTimeline(DbConnection& db,
                                             const std::vector<std::string>& keys,
                                             absl::CivilDay from, const std::string& create_time,
                                             Message& current, int64_t& revision,
                                             std::string& update_time,
                                             absl::CivilDay& last_effective,
                                             Message& on_day) const {
  // The state before `from`: the period in effect the day before, if the resource existed.
  std::unique_ptr<Message> state(prototype_.New());
  std::optional<absl::CivilDay> base_start;
  revision = 0;
  std::vector<SqlParam> params = KeyParams(keys);
  params.emplace_back(SqlDate(from));
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", TimelineColumns("t"), " FROM ", definition_.timeline_table,
                   " t WHERE ", KeyCondition("t", keys.size()),
                   " AND t.effective_date < ? ORDER BY t.effective_date DESC LIMIT 1"),
      params, [&](const Row& row) {
        FromRow(row, *state);
        base_start = DayOf(row.String("effective_date"));
        revision = row.Int64("revision");
        update_time = row.String("update_time");
      });
  if (!status.ok()) return status;

  // Every write taking effect from `from` on, folded in the order they apply.
  std::vector<Version> changes;
  status = db.Query(
      absl::StrCat("SELECT ", ColumnList(definition_.key_columns, ""),
                   ", revision, effective_date, recorded_at, recorded_by, mask, ",
                   StateColumnList(), " FROM ", definition_.versions_table, " v WHERE ",
                   KeyCondition("v", keys.size()),
                   " AND v.effective_date >= ? ORDER BY v.effective_date, v.revision"),
      params, [&](const Row& row) { changes.push_back(VersionFromRow(row)); });
  if (!status.ok()) return status;

  auto deleted = db.Execute(absl::StrCat("DELETE FROM ", definition_.timeline_table, " WHERE ",
                                         KeyCondition(definition_.timeline_table, keys.size()),
                                         " AND effective_date >= ?"),
                            params);
  if (!deleted.ok()) return deleted.status();
  if (base_start) {
    std::vector<SqlParam> close = {SqlDate(from)};
    for (const std::string& key : keys) close.emplace_back(key);
    close.emplace_back(SqlDate(*base_start));
    auto closed = db.Execute(absl::StrCat("UPDATE ", definition_.timeline_table,
                                          " SET valid_to = ? WHERE ",
                                          KeyCondition(definition_.timeline_table, keys.size()),
                                          " AND effective_date = ?"),
                             close);
    if (!closed.ok()) return closed.status();
  }

  const std::string insert = absl::StrCat(
      "INSERT INTO ", definition_.timeline_table, " (",
      ColumnList(definition_.key_columns, ""),
      ", effective_date, valid_to, revision, create_time, update_time, ", StateColumnList(),
      ") VALUES (",
      Placeholders(definition_.key_columns.size() + 5 + definition_.columns.size()), ")");
  bool first_period = true;
  for (size_t i = 0; i < changes.size();) {
    const absl::CivilDay day = changes[i].effective_date;
    for (; i < changes.size() && changes[i].effective_date == day; ++i) {
      ApplyVersion(changes[i], *state);
      if (changes[i].revision > revision) {
        revision = changes[i].revision;
        update_time = changes[i].recorded_at;
      }
    }
    std::vector<SqlParam> period = KeyParams(keys);
    for (SqlParam value :
         {SqlParam(SqlDate(day)),
          SqlParam(i < changes.size() ? SqlDate(changes[i].effective_date) : kOpenEnd),
          SqlParam(revision), SqlParam(create_time), SqlParam(update_time)}) {
      period.push_back(std::move(value));
    }
    const std::vector<SqlParam> values = StateParams(*state);
    period.insert(period.end(), values.begin(), values.end());
    auto inserted = db.Execute(insert, period);
    if (!inserted.ok()) return inserted.status();
    if (first_period) {
      on_day.CopyFrom(*state);
      first_period = false;
    }
    last_effective = day;
  }
  current.CopyFrom(*state);
  return absl::OkStatus();
}

absl::Status VersionedTable::Write(DbConnection& db, const std::vector<std::string>& keys,
                                   const Message& patch, const std::vector<std::string>& paths,
                                   absl::CivilDay effective, const std::string& etag,
                                   const char* action, const WriteContext& context,
                                   const WriteHooks& hooks, Message& out) const {
  const std::string name = NameOf(keys);
  auto locked = Lock(db, keys);
  if (!locked.ok()) return locked.status();
  if (absl::Status s = CheckEtag(etag, FormatEtag(locked->revision)); !s.ok()) return s;
  if (effective < locked->first_effective) {
    return InvalidArgumentError(
        {{"effective_date", absl::StrCat(SqlDate(effective), " is before ", name,
                                         " exists (it does from ",
                                         SqlDate(locked->first_effective), ")")}});
  }
  const int64_t revision = locked->revision + 1;
  const std::string now = SqlTimestamp(absl::Now());
  std::vector<SqlParam> version = KeyParams(keys);
  for (SqlParam value : {SqlParam(revision), SqlParam(SqlDate(effective)), SqlParam(now),
                         SqlParam(context.actor.subject), SqlParam(absl::StrJoin(paths, ","))}) {
    version.push_back(std::move(value));
  }
  const std::vector<SqlParam> values = StateParams(patch);
  version.insert(version.end(), values.begin(), values.end());
  auto recorded = db.Execute(
      absl::StrCat("INSERT INTO ", definition_.versions_table, " (",
                   ColumnList(definition_.key_columns, ""),
                   ", revision, effective_date, recorded_at, recorded_by, mask, ",
                   StateColumnList(), ") VALUES (", Placeholders(version.size()), ")"),
      version);
  if (!recorded.ok()) return recorded.status();

  std::unique_ptr<Message> on_day(prototype_.New());
  int64_t latest_revision = 0;
  std::string update_time;
  absl::CivilDay last_effective = effective;
  if (absl::Status s = RebuildTimeline(db, keys, effective, locked->create_time, out,
                                       latest_revision, update_time, last_effective, *on_day);
      !s.ok()) {
    return s;
  }
  std::vector<SqlParam> row = {revision, SqlDate(last_effective), now};
  const std::vector<SqlParam> state = StateParams(out);
  row.insert(row.end(), state.begin(), state.end());
  for (const std::string& key : keys) row.emplace_back(key);
  std::vector<std::string> assignments;
  for (const StateColumn& column : definition_.columns) assignments.push_back(column.name + " = ?");
  auto updated = db.Execute(
      absl::StrCat("UPDATE ", definition_.current_table,
                   " SET revision = ?, effective_date = ?, update_time = ?, ",
                   absl::StrJoin(assignments, ", "), " WHERE ",
                   KeyCondition(definition_.current_table, keys.size())),
      row);
  if (!updated.ok()) return updated.status();
  SetMetadata(keys, revision, last_effective, locked->create_time, now, out);
  if (hooks.check) {
    if (absl::Status s = hooks.check(db, out, *on_day, effective); !s.ok()) return s;
  }
  if (hooks.after_write) {
    if (absl::Status s = hooks.after_write(db, keys, out); !s.ok()) return s;
  }
  return RecordAuditEvent(
      db, {context.actor, action, name, ChangeJson(out, effective, paths), context.request_id});
}

absl::Status VersionedTable::Update(DbPool& pool, const std::vector<std::string>& keys,
                                    const Message& patch, const std::vector<std::string>& paths,
                                    absl::CivilDay effective, const std::string& etag,
                                    const WriteContext& context, const WriteHooks& hooks,
                                    Message& out) const {
  if (paths.empty()) {
    return InvalidArgumentError(
        {{"update_mask", "names no field to change (and the patch sets none)"}});
  }
  const std::string action = absl::StrCat("Update", definition_.kind);
  return RunInTransaction(pool, {.deadline = context.deadline}, [&](DbConnection& db) {
    return Write(db, keys, patch, paths, effective, etag, action.c_str(), context, hooks, out);
  });
}

absl::Status VersionedTable::Archive(DbPool& pool, const std::vector<std::string>& keys,
                                     absl::CivilDay effective, const std::string& etag,
                                     const WriteContext& context, const WriteHooks& hooks,
                                     Message& out) const {
  std::unique_ptr<Message> patch(prototype_.New());
  const auto* archived = FieldOf(*patch, "archived");
  if (archived == nullptr) return absl::InternalError("this resource cannot be archived");
  patch->GetReflection()->SetBool(patch.get(), archived, true);
  const std::string action = absl::StrCat("Archive", definition_.kind);
  return RunInTransaction(
      pool, {.deadline = context.deadline}, [&](DbConnection& db) -> absl::Status {
        if (auto locked = Lock(db, keys); !locked.ok()) return locked.status();
        std::unique_ptr<Message> then(prototype_.New());
        absl::Status read = Get(db, keys, effective, *then);
        if (read.ok() && then->GetReflection()->GetBool(*then, archived)) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(NameOf(keys), " is already archived on ",
                                                         SqlDate(effective))),
              "ALREADY_ARCHIVED");
        }
        if (!read.ok() && read.code() != absl::StatusCode::kNotFound) return read;
        // NOT_FOUND here means a day before the resource exists: Write says so.
        return Write(db, keys, *patch, {"archived"}, effective, etag, action.c_str(), context,
                     hooks, out);
      });
}

}  // namespace bch::common
