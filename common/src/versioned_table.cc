// Versioned resources (see versioned_table.h).
#include "bch/common/versioned_table.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/field_mask_util.h>
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

void SetString(Message& out, const google::protobuf::FieldDescriptor* field,
               const std::string& value) {
  if (field != nullptr) out.GetReflection()->SetString(&out, field, value);
}

void SetSubMessage(Message& out, const google::protobuf::FieldDescriptor* field,
                   const Message& value) {
  if (field != nullptr) out.GetReflection()->MutableMessage(&out, field)->CopyFrom(value);
}

// Where the kit's SELECT lists put what it reads, after the key columns: the metadata of a
// current row or period in this order, then the state columns.
enum StateRowColumn { kRevision, kEffectiveDate, kCreateTime, kUpdateTime, kFirstState };
constexpr const char* kMetadataColumns[kFirstState] = {"revision", "effective_date", "create_time",
                                                       "update_time"};
enum VersionRowColumn {
  kVersionRevision,
  kVersionEffectiveDate,
  kRecordedAt,
  kRecordedBy,
  kMask,
  kFirstVersionState
};
constexpr char kVersionColumns[] = "revision, effective_date, recorded_at, recorded_by, mask";

// The audit record of a write: its day, its mask, the values it wrote (the patch's fields in the
// mask: a back-dated write may not show in the current state) and the resource after it.
std::string ChangeJson(const Message& patch, const Message& resource, absl::CivilDay effective,
                       const std::vector<std::string>& paths) {
  std::unique_ptr<Message> written(patch.New());
  written->CopyFrom(patch);
  if (!(paths.size() == 1 && paths[0] == kEveryField)) {
    google::protobuf::FieldMask mask;
    for (const std::string& path : paths) mask.add_paths(path);
    google::protobuf::util::FieldMaskUtil::TrimMessage(mask, written.get());
  }
  std::string written_json, resource_json;
  (void)google::protobuf::util::MessageToJsonString(*written, &written_json);
  (void)google::protobuf::util::MessageToJsonString(resource, &resource_json);
  return absl::StrCat("{\"effectiveDate\":\"", SqlDate(effective), "\",\"updateMask\":\"",
                      absl::StrJoin(paths, ","), "\",\"written\":", written_json,
                      ",\"resource\":", resource_json, "}");
}

}  // namespace

absl::Status DatedBeforeItExists(const std::string& field, const std::string& name,
                                 absl::CivilDay day, absl::CivilDay first) {
  return InvalidArgumentError(
      {{field, absl::StrCat(SqlDate(day), " is before ", name, " exists (it does from ",
                            SqlDate(first), ")")}});
}

absl::Status VersionedTable::ExistedOn(DbConnection& db, const std::vector<std::string>& keys,
                                       absl::CivilDay day, const std::string& field) const {
  std::optional<absl::CivilDay> first;
  absl::Status status =
      db.Query(absl::StrCat("SELECT first_effective FROM ", definition_.current_table, " t WHERE ",
                            KeyCondition("t", keys.size())),
               KeyParams(keys), [&](const Row& row) { first = DayFromSql(row.String(0)); });
  if (!status.ok()) return status;
  if (!first) return absl::NotFoundError(absl::StrCat(NameOf(keys), " does not exist"));
  return day < *first ? DatedBeforeItExists(field, NameOf(keys), day, *first) : absl::OkStatus();
}

absl::Status VersionedTable::ReferencedOn(DbConnection& db, const std::vector<std::string>& keys,
                                          std::optional<absl::CivilDay> day,
                                          const std::string& field) const {
  absl::Status status = ExistedOn(db, keys, day.value_or(kAfterEveryChange), field);
  if (status.code() != absl::StatusCode::kNotFound) return status;
  return InvalidArgumentError({{field, absl::StrCat(NameOf(keys), " does not exist")}});
}

absl::Status VersionedTable::EachReferencedOn(
    DbConnection& db, const google::protobuf::RepeatedPtrField<std::string>& names,
    std::optional<absl::CivilDay> day, const std::string& field) const {
  for (int i = 0; i < names.size(); ++i) {
    if (absl::Status s = ReferencedOn(db, {std::string(IdOfName(names[i]))}, day,
                                      absl::StrCat(field, "[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

StateColumn BodyColumn(std::vector<std::string> derived) {
  for (const char* kit_filled :
       {"name", "etag", "revision", "create_time", "update_time", "effective_date"}) {
    derived.emplace_back(kit_filled);
  }
  return StateColumn{
      .name = "body",
      .to_sql = [derived](const Message& resource) -> SqlParam {
        std::unique_ptr<Message> stored(resource.New());
        stored->CopyFrom(resource);
        // Fields a caller sent that the schema does not know are not stored: they would
        // escape every check (a 3 MB unknown field, say) and come back on every read.
        stored->DiscardUnknownFields();
        for (const std::string& name : derived) {
          if (const auto* field = stored->GetDescriptor()->FindFieldByName(name)) {
            stored->GetReflection()->ClearField(stored.get(), field);
          }
        }
        return stored->SerializeAsString();
      },
      .from_row = [](const Row& row, int column,
                     Message& out) { (void)out.MergeFromString(row.String(column)); }};
}

StateColumn FieldColumn(const std::string& field_name) {
  using google::protobuf::FieldDescriptor;
  return StateColumn{
      .name = field_name,
      .to_sql = [field_name](const Message& m) -> SqlParam {
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
          [field_name](const Row& row, int column, Message& m) {
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

// What a write needs of the current row it has locked for the rest of the transaction.
struct VersionedTable::Locked {
  int64_t revision = 0;
  absl::CivilDay first_effective;
  std::string create_time;
};

VersionedTable::VersionedTable(VersionedTableDefinition definition, const Message& prototype)
    : definition_(std::move(definition)),
      prototype_(prototype),
      fields_{FieldOf(prototype, "name"),           FieldOf(prototype, "etag"),
              FieldOf(prototype, "create_time"),    FieldOf(prototype, "update_time"),
              FieldOf(prototype, "effective_date"), FieldOf(prototype, "revision")} {}

std::string VersionedTable::NameOf(const std::vector<std::string>& keys) const {
  if (definition_.label_of) return definition_.label_of(keys);
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
  return absl::StrJoin(columns, " AND ", [&](std::string* out, const std::string& column) {
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
  for (const char* meta : kMetadataColumns) {
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

absl::Status VersionedTable::LockRow(DbConnection& db, const std::vector<std::string>& keys) const {
  return Lock(db, keys).status();
}

absl::StatusOr<int64_t> VersionedTable::CountUnder(DbConnection& db,
                                                   const std::vector<std::string>& parent) const {
  int64_t count = 0;
  absl::Status status = db.Query(absl::StrCat("SELECT COUNT(*) FROM ", definition_.current_table,
                                              " t WHERE ", KeyCondition("t", parent.size())),
                                 KeyParams(parent), [&](const Row& row) { count = row.Int64(0); });
  if (!status.ok()) return status;
  return count;
}

std::string VersionedTable::SelectIn(const std::vector<std::string>& parent,
                                     std::optional<absl::CivilDay> as_of,
                                     std::vector<SqlParam>& params) const {
  std::string sql;
  if (as_of) {
    sql = absl::StrCat("SELECT ", TimelineColumns("t"), " FROM ", definition_.timeline_table,
                       " t WHERE ", InEffectOn("t"));
    params.insert(params.end(), {SqlDate(*as_of), SqlDate(*as_of)});
  } else {
    sql = absl::StrCat("SELECT ", CurrentColumns("t"), " FROM ", definition_.current_table,
                       " t WHERE 1 = 1");
  }
  if (!parent.empty()) {
    absl::StrAppend(&sql, " AND ", KeyCondition("t", parent.size()));
    params.insert(params.end(), parent.begin(), parent.end());
  }
  return sql;
}

std::string VersionedTable::SelectPeriods(const std::vector<std::string>& keys,
                                          std::vector<SqlParam>& params) const {
  params.insert(params.end(), keys.begin(), keys.end());
  return absl::StrCat("SELECT ", TimelineColumns("t"), " FROM ", definition_.timeline_table,
                      " t WHERE ", KeyCondition("t", keys.size()), " ORDER BY t.effective_date");
}

void VersionedTable::SetMetadata(const std::vector<std::string>& keys, int64_t revision,
                                 absl::CivilDay effective, const std::string& create_time,
                                 const std::string& update_time, Message& out) const {
  SetString(out, fields_.name, NameOf(keys));
  SetString(out, fields_.etag, FormatEtag(revision));
  if (fields_.revision != nullptr) out.GetReflection()->SetInt64(&out, fields_.revision, revision);
  google::protobuf::Timestamp time;
  SetTimestamp(create_time, time);
  SetSubMessage(out, fields_.create_time, time);
  time.Clear();
  SetTimestamp(update_time, time);
  SetSubMessage(out, fields_.update_time, time);
  SetSubMessage(out, fields_.effective_date, DateFromCivilDay(effective));
}

void VersionedTable::FromRow(const Row& row, Message& out) const {
  const int keys = static_cast<int>(definition_.key_columns.size());
  for (size_t i = 0; i < definition_.columns.size(); ++i) {
    const StateColumn& column = definition_.columns[i];
    if (column.from_row) column.from_row(row, keys + kFirstState + static_cast<int>(i), out);
  }
  std::vector<std::string> key_values;
  for (int i = 0; i < keys; ++i) key_values.push_back(row.String(i));
  SetMetadata(key_values, row.Int64(keys + kRevision),
              DayFromSql(row.String(keys + kEffectiveDate)), row.String(keys + kCreateTime),
              row.String(keys + kUpdateTime), out);
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
  if (found) return absl::OkStatus();
  if (as_of) {  // not yet then, or never: say which
    bool exists = false;
    status = db.Query(absl::StrCat("SELECT 1 FROM ", definition_.current_table, " t WHERE ",
                                   KeyCondition("t", keys.size())),
                      KeyParams(keys), [&](const Row&) { exists = true; });
    if (!status.ok()) return status;
    if (exists) {
      return absl::NotFoundError(absl::StrCat(NameOf(keys), " did not exist on ", SqlDate(*as_of)));
    }
  }
  return absl::NotFoundError(absl::StrCat(NameOf(keys), " does not exist"));
}

absl::Status VersionedTable::Get(DbPool& pool, const std::vector<std::string>& keys,
                                 std::optional<absl::CivilDay> as_of, absl::Time deadline,
                                 Message& out) const {
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  return Get(**db, keys, as_of, out);
}

Version VersionedTable::VersionFromRow(const Row& row) const {
  const int keys = static_cast<int>(definition_.key_columns.size());
  Version version;
  for (int i = 0; i < keys; ++i) version.keys.push_back(row.String(i));
  version.revision = row.Int64(keys + kVersionRevision);
  version.effective_date = DayFromSql(row.String(keys + kVersionEffectiveDate));
  version.recorded_at = row.String(keys + kRecordedAt);
  version.recorded_by = row.String(keys + kRecordedBy);
  version.mask = absl::StrSplit(row.String(keys + kMask), ',', absl::SkipEmpty());
  version.values.reset(prototype_.New());
  for (size_t i = 0; i < definition_.columns.size(); ++i) {
    const StateColumn& column = definition_.columns[i];
    if (column.from_row) {
      column.from_row(row, keys + kFirstVersionState + static_cast<int>(i), *version.values);
    }
  }
  return version;
}

std::string VersionedTable::SelectVersions(size_t keys) const {
  return absl::StrCat("SELECT ", ColumnList(definition_.key_columns, ""), ", ", kVersionColumns,
                      ", ", StateColumnList(), " FROM ", definition_.versions_table, " v WHERE ",
                      KeyCondition("v", keys));
}

absl::StatusOr<std::vector<Version>> VersionedTable::Versions(
    DbConnection& db, const std::vector<std::string>& key_prefix) const {
  std::vector<Version> versions;
  absl::Status status = db.Query(
      absl::StrCat(SelectVersions(key_prefix.size()), " ORDER BY ",
                   ColumnList(definition_.key_columns, "v"), ", v.effective_date, v.revision"),
      KeyParams(key_prefix), [&](const Row& row) { versions.push_back(VersionFromRow(row)); });
  if (!status.ok()) return status;
  return versions;
}

absl::Status VersionedTable::ReadCreated(DbConnection& db, const std::vector<std::string>& keys,
                                         Message& out) const {
  std::optional<Version> created;
  absl::Status status =
      db.Query(absl::StrCat(SelectVersions(keys.size()), " AND v.revision = 1"), KeyParams(keys),
               [&](const Row& row) { created = VersionFromRow(row); });
  if (!status.ok()) return status;
  if (!created) return absl::InternalError(absl::StrCat(NameOf(keys), " has no first version"));
  out.CopyFrom(*created->values);
  SetMetadata(keys, 1, created->effective_date, created->recorded_at, created->recorded_at, out);
  return absl::OkStatus();
}

absl::StatusOr<VersionedTable::Locked> VersionedTable::Lock(
    DbConnection& db, const std::vector<std::string>& keys) const {
  std::optional<Locked> locked;
  absl::Status status = db.Query(
      absl::StrCat("SELECT revision, first_effective, create_time FROM ", definition_.current_table,
                   " t WHERE ", KeyCondition("t", keys.size()), " FOR UPDATE"),
      KeyParams(keys), [&](const Row& row) {
        locked = Locked{row.Int64(0), DayFromSql(row.String(1)), row.String(2)};
      });
  if (!status.ok()) return status;
  if (!locked) return absl::NotFoundError(absl::StrCat(NameOf(keys), " does not exist"));
  return *std::move(locked);
}

absl::Status VersionedTable::InsertRow(
    DbConnection& db, const std::string& table, const std::vector<std::string>& keys,
    std::initializer_list<std::pair<const char*, SqlParam>> metadata, const Message& state) const {
  std::vector<std::string> columns = definition_.key_columns;
  std::vector<SqlParam> values = KeyParams(keys);
  for (const auto& [column, value] : metadata) {
    columns.emplace_back(column);
    values.push_back(value);
  }
  for (const StateColumn& column : definition_.columns) {
    columns.push_back(column.name);
    values.push_back(column.to_sql(state));
  }
  return db
      .Execute(absl::StrCat("INSERT INTO ", table, " (", ColumnList(columns, ""), ") VALUES (",
                            Placeholders(values.size()), ")"),
               values)
      .status();
}

absl::Status VersionedTable::AppendVersion(DbConnection& db, const std::vector<std::string>& keys,
                                           int64_t revision, absl::CivilDay effective,
                                           const std::string& recorded_at,
                                           const WriteContext& context,
                                           const std::vector<std::string>& paths,
                                           const Message& values) const {
  return InsertRow(db, definition_.versions_table, keys,
                   {{"revision", revision},
                    {"effective_date", SqlDate(effective)},
                    {"recorded_at", recorded_at},
                    {"recorded_by", context.actor.subject},
                    {"mask", absl::StrJoin(paths, ",")}},
                   values);
}

absl::Status VersionedTable::Create(DbPool& pool, const std::vector<std::string>& keys,
                                    const Message& resource, absl::CivilDay effective,
                                    const std::string& request_id, const std::string& request_hash,
                                    const WriteContext& context, const WriteHooks& hooks,
                                    Message& out) const {
  const std::string name = NameOf(keys);
  const std::string action = absl::StrCat("Create", definition_.kind);
  absl::Status status =
      RunInTransaction(pool, {.deadline = context.deadline}, [&](DbConnection& db) -> absl::Status {
        out.Clear();
        auto earlier = ClaimRequestId(db, request_id, action, request_hash, name);
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {  // a retry: answer what the first attempt answered
          auto earlier_keys = ParseResourceName(**earlier, definition_.name_pattern, "name");
          if (!earlier_keys.ok()) return earlier_keys.status();
          return ReadCreated(db, *earlier_keys, out);
        }
        return CreateIn(db, keys, resource, effective, context, hooks, out);
      });
  return status;
}

absl::Status VersionedTable::CreateIn(DbConnection& db, const std::vector<std::string>& keys,
                                      const Message& resource, absl::CivilDay effective,
                                      const WriteContext& context, const WriteHooks& hooks,
                                      Message& out) const {
  const std::string name = NameOf(keys);
  const std::string action = absl::StrCat("Create", definition_.kind);
  const std::string now = SqlTimestamp(absl::Now());
  const std::string day = SqlDate(effective);
  absl::Status inserted = InsertRow(db, definition_.current_table, keys,
                                    {{"revision", int64_t{1}},
                                     {"first_effective", day},
                                     {"effective_date", day},
                                     {"create_time", now},
                                     {"update_time", now}},
                                    resource);
  if (inserted.code() == absl::StatusCode::kAlreadyExists) {
    return WithReason(absl::AlreadyExistsError(absl::StrCat(name, " already exists")),
                      "RESOURCE_ALREADY_EXISTS");
  }
  if (!inserted.ok()) return inserted;
  if (absl::Status s = AppendVersion(db, keys, 1, effective, now, context, {kEveryField}, resource);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = InsertRow(db, definition_.timeline_table, keys,
                                 {{"effective_date", day},
                                  {"valid_to", kOpenEnd},
                                  {"revision", int64_t{1}},
                                  {"create_time", now},
                                  {"update_time", now}},
                                 resource);
      !s.ok()) {
    return s;
  }
  // The response is what a read returns (values as the columns keep them).
  if (absl::Status s = Get(db, keys, std::nullopt, out); !s.ok()) return s;
  if (hooks.check) {
    if (absl::Status s = hooks.check(db, keys, out, std::nullopt); !s.ok()) return s;
    if (absl::Status s = hooks.check(db, keys, out, effective); !s.ok()) return s;
  }
  if (hooks.after_write) {
    if (absl::Status s = hooks.after_write(db, keys, out); !s.ok()) return s;
  }
  return RecordAuditEvent(
      db, {context.actor, action, name, ChangeJson(resource, out, effective, {kEveryField}),
           context.request_id});
}

absl::Status VersionedTable::RebuildTimeline(
    DbConnection& db, const std::vector<std::string>& keys, absl::CivilDay from,
    const std::string& create_time,
    std::vector<std::pair<absl::CivilDay, std::unique_ptr<Message>>>& periods) const {
  // The state before `from`: the period in effect the day before, if the resource existed.
  std::unique_ptr<Message> state(prototype_.New());
  std::optional<absl::CivilDay> base_start;
  int64_t revision = 0;     // the last write applied so far, in the order writes apply
  std::string update_time;  // and when it was recorded
  std::vector<SqlParam> params = KeyParams(keys);
  params.emplace_back(SqlDate(from));
  absl::Status status =
      db.Query(absl::StrCat("SELECT ", TimelineColumns("t"), " FROM ", definition_.timeline_table,
                            " t WHERE ", KeyCondition("t", keys.size()),
                            " AND t.effective_date < ? ORDER BY t.effective_date DESC LIMIT 1"),
               params, [&](const Row& row) {
                 FromRow(row, *state);
                 const int keys_count = static_cast<int>(keys.size());
                 base_start = DayFromSql(row.String(keys_count + kEffectiveDate));
                 revision = row.Int64(keys_count + kRevision);
                 update_time = row.String(keys_count + kUpdateTime);
               });
  if (!status.ok()) return status;

  // Every write taking effect from `from` on, folded in the order they apply.
  std::vector<Version> changes;
  status =
      db.Query(absl::StrCat(SelectVersions(keys.size()),
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
    auto closed =
        db.Execute(absl::StrCat("UPDATE ", definition_.timeline_table, " SET valid_to = ? WHERE ",
                                KeyCondition(definition_.timeline_table, keys.size()),
                                " AND effective_date = ?"),
                   close);
    if (!closed.ok()) return closed.status();
  }

  for (size_t i = 0; i < changes.size();) {
    const absl::CivilDay day = changes[i].effective_date;
    for (; i < changes.size() && changes[i].effective_date == day; ++i) {
      ApplyVersion(changes[i], *state);
      revision = changes[i].revision;  // the period ends with this write's values
      update_time = changes[i].recorded_at;
    }
    absl::Status inserted =
        InsertRow(db, definition_.timeline_table, keys,
                  {{"effective_date", SqlDate(day)},
                   {"valid_to", i < changes.size() ? SqlDate(changes[i].effective_date) : kOpenEnd},
                   {"revision", revision},
                   {"create_time", create_time},
                   {"update_time", update_time}},
                  *state);
    if (!inserted.ok()) return inserted;
    periods.emplace_back(day, std::unique_ptr<Message>(state->New()));
    periods.back().second->CopyFrom(*state);
  }
  if (periods.empty()) return absl::InternalError("a write rebuilt no period");
  return absl::OkStatus();
}

absl::Status VersionedTable::Write(DbConnection& db, const std::vector<std::string>& keys,
                                   const Locked& locked, const Message& patch,
                                   const std::vector<std::string>& paths, absl::CivilDay effective,
                                   const std::string& etag, const char* action,
                                   const WriteContext& context, const WriteHooks& hooks,
                                   Message& out) const {
  const std::string name = NameOf(keys);
  if (absl::Status s = CheckEtag(etag, FormatEtag(locked.revision)); !s.ok()) return s;
  if (effective < locked.first_effective) {
    return DatedBeforeItExists("effective_date", name, effective, locked.first_effective);
  }
  const int64_t revision = locked.revision + 1;
  const std::string now = SqlTimestamp(absl::Now());
  if (absl::Status s = AppendVersion(db, keys, revision, effective, now, context, paths, patch);
      !s.ok()) {
    return s;
  }

  std::vector<std::pair<absl::CivilDay, std::unique_ptr<Message>>> periods;
  if (absl::Status s = RebuildTimeline(db, keys, effective, locked.create_time, periods); !s.ok()) {
    return s;
  }
  // The last period is the current state.
  const absl::CivilDay last_effective = periods.back().first;
  out.CopyFrom(*periods.back().second);
  std::vector<SqlParam> row = {revision, SqlDate(last_effective), now};
  const std::vector<SqlParam> state = StateParams(out);
  row.insert(row.end(), state.begin(), state.end());
  for (const std::string& key : keys) row.emplace_back(key);
  std::vector<std::string> assignments;
  for (const StateColumn& column : definition_.columns) assignments.push_back(column.name + " = ?");
  auto updated = db.Execute(absl::StrCat("UPDATE ", definition_.current_table,
                                         " SET revision = ?, effective_date = ?, update_time = ?, ",
                                         absl::StrJoin(assignments, ", "), " WHERE ",
                                         KeyCondition(definition_.current_table, keys.size())),
                            row);
  if (!updated.ok()) return updated.status();
  SetMetadata(keys, revision, last_effective, locked.create_time, now, out);
  if (hooks.check) {
    if (absl::Status s = hooks.check(db, keys, out, std::nullopt); !s.ok()) return s;
    for (const auto& [day, period_state] : periods) {
      if (absl::Status s = hooks.check(db, keys, *period_state, day); !s.ok()) return s;
    }
  }
  if (hooks.after_write) {
    if (absl::Status s = hooks.after_write(db, keys, out); !s.ok()) return s;
  }
  return RecordAuditEvent(db, {context.actor, action, name,
                               ChangeJson(patch, out, effective, paths), context.request_id});
}

absl::Status VersionedTable::Update(DbPool& pool, const std::vector<std::string>& keys,
                                    const Message& patch, const std::vector<std::string>& paths,
                                    absl::CivilDay effective, const std::string& etag,
                                    const WriteContext& context, const WriteHooks& hooks,
                                    Message& out) const {
  return RunInTransaction(pool, {.deadline = context.deadline}, [&](DbConnection& db) {
    return UpdateIn(db, keys, patch, paths, effective, etag, context, hooks, out);
  });
}

absl::Status VersionedTable::UpdateIn(DbConnection& db, const std::vector<std::string>& keys,
                                      const Message& patch, const std::vector<std::string>& paths,
                                      absl::CivilDay effective, const std::string& etag,
                                      const WriteContext& context, const WriteHooks& hooks,
                                      Message& out) const {
  if (paths.empty()) {
    return InvalidArgumentError(
        {{"update_mask", "names no field to change (and the patch sets none)"}});
  }
  auto locked = Lock(db, keys);
  if (!locked.ok()) return locked.status();
  const std::string action = absl::StrCat("Update", definition_.kind);
  return Write(db, keys, *locked, patch, paths, effective, etag, action.c_str(), context, hooks,
               out);
}

absl::Status VersionedTable::Archive(DbPool& pool, const std::vector<std::string>& keys,
                                     absl::CivilDay effective, const std::string& etag,
                                     const WriteContext& context, const WriteHooks& hooks,
                                     Message& out) const {
  std::unique_ptr<Message> patch(prototype_.New());
  const auto* archived = FieldOf(prototype_, "archived");
  if (archived == nullptr) return absl::InternalError("this resource cannot be archived");
  patch->GetReflection()->SetBool(patch.get(), archived, true);
  const std::string action = absl::StrCat("Archive", definition_.kind);
  return RunInTransaction(
      pool, {.deadline = context.deadline}, [&](DbConnection& db) -> absl::Status {
        auto locked = Lock(db, keys);
        if (!locked.ok()) return locked.status();
        std::unique_ptr<Message> then(prototype_.New());
        absl::Status read = Get(db, keys, effective, *then);
        if (read.ok() && then->GetReflection()->GetBool(*then, archived)) {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                NameOf(keys), " is already archived on ", SqlDate(effective))),
                            "ALREADY_ARCHIVED");
        }
        if (!read.ok() && read.code() != absl::StatusCode::kNotFound) return read;
        // NOT_FOUND here means a day before the resource exists: Write says so.
        return Write(db, keys, *locked, *patch, {"archived"}, effective, etag, action.c_str(),
                     context, hooks, out);
      });
}

}  // namespace bch::common
