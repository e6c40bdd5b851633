// Versioned resources: the one mechanism every service uses for a resource whose history is kept
// and read "as of" a day. A store declares its tables, its state columns and their row mapping;
// VersionedTable owns the sequence of every write and read.
//
// Three tables per resource (see docs/writing-a-service.md for their SQL):
//   current   one row per resource: its state now, with what a read without as_of returns
//             (one primary-key lookup);
//   versions  append-only: what each write said (revision, effective date, recorded at and by,
//             the field mask, the values it wrote). Never updated or deleted;
//   timeline  derived from the versions: the state in each period [effective_date, valid_to),
//             for reads as of a day (one primary-key range probe). Rebuilt from the day a write
//             takes effect, inside the write's transaction.
//
// Meaning of a write (the same for every resource, as SQL:2011's UPDATE ... FOR PORTION OF): a
// write dated D changes the fields it names from D until the next change of those same fields
// dated after D, and nothing else. Changes of one day apply in the order they were recorded.
// Without as_of a read returns the state after every change, whatever its date (the state the
// etag guards, whose revision is the latest recorded). A period's revision and update time are
// those of the last write applied to it in that order: the write whose values it ends with. A write
// dated before the resource exists is INVALID_ARGUMENT on effective_date; an update that names no
// field is INVALID_ARGUMENT on update_mask; archiving what is already archived on that day is
// FAILED_PRECONDITION. None of them records a version.
//
// Creates take an AIP-155 request id (a retry gets what the first attempt answered, even if the
// resource changed since); a duplicate id is ALREADY_EXISTS (reason
// RESOURCE_ALREADY_EXISTS) naming the resource; a stale etag is ABORTED (ETAG_MISMATCH); every
// write records its audit event in its own transaction.
#ifndef BCH_COMMON_VERSIONED_TABLE_H_
#define BCH_COMMON_VERSIONED_TABLE_H_

#include <google/protobuf/message.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/resource_names.h"
#include "bch/common/write_context.h"

namespace bch::common {

using google::protobuf::Message;

// A day after every recorded change (the timeline's open periods end on 9999-12-31): reading
// "as of" it gives the state a read without as_of gives, through the timeline.
inline constexpr absl::CivilDay kAfterEveryChange(9999, 12, 30);

// One column of a resource's state, in its current, versions and timeline tables alike.
struct StateColumn {
  std::string name;
  // The value stored for a resource.
  std::function<SqlParam(const Message&)> to_sql;
  // Reads the column back into a resource from `row`, where the kit selected it at index
  // `column`; empty for columns that only mirror what the body holds (for filters and order).
  std::function<void(const Row& row, int column, Message&)> from_row;
};

// The declaration of one versioned resource.
struct VersionedTableDefinition {
  std::string name_pattern;  // "projects/{project}/milestones/{milestone}"
  // How the resource is named in messages and audit events when name_pattern cannot say it
  // (a figure is identified by owner, measure, period, basis and scope); null: by name_pattern.
  std::function<std::string(const std::vector<std::string>& keys)> label_of = nullptr;
  std::string kind;  // "Milestone": audit actions CreateMilestone, UpdateMilestone, ...
  std::string current_table;
  std::string versions_table;
  std::string timeline_table;
  std::vector<std::string> key_columns;  // one per {segment} of name_pattern, in order
  std::vector<StateColumn> columns;
  // Columns of the current table alone that the store maintains (e.g. a project's latest status
  // update), read by `read_current_extras` into what a read without as_of returns.
  std::vector<std::string> current_extra_columns = {};
  std::function<void(const Row&, Message&)> read_current_extras = nullptr;
};

// A column holding one scalar field of the resource under the field's own name (strings as text;
// integers, enums and booleans as integers), read back into it.
StateColumn FieldColumn(const std::string& field);

// A column declared with typed functions, e.g. one that mirrors what the body holds:
//   Column<v1::Project>("lead_force", [](const v1::Project& p) -> SqlParam { ... })
template <typename Resource>
StateColumn Column(std::string name, SqlParam (*to_sql)(const Resource&),
                   void (*from_row)(const Row&, int column, Resource&) = nullptr) {
  StateColumn column{std::move(name),
                     [to_sql](const Message& m) { return to_sql(static_cast<const Resource&>(m)); },
                     nullptr};
  if (from_row != nullptr) {
    column.from_row = [from_row](const Row& row, int index, Message& m) {
      from_row(row, index, static_cast<Resource&>(m));
    };
  }
  return column;
}

// A resource's whole state serialized as one column `body`, with the fields the kit fills on
// reads (name, etag, revision, create_time, update_time, effective_date) and `derived` ones left
// out.
StateColumn BodyColumn(std::vector<std::string> derived = {});

// Checks and side effects a store adds to the kit's writes, inside the write's transaction.
struct WriteHooks {
  // Checks that need the database, run inside the write after it is applied: once on the state
  // after every change (`day` unset: the current state), and once on each period the write
  // changed (`day`: the period's first day; the state holds until the next period), so that a
  // back-dated write is checked on the days it governs. A non-OK status rolls the write back.
  std::function<absl::Status(DbConnection&, const std::vector<std::string>& keys,
                             const Message& state, std::optional<absl::CivilDay> day)>
      check = nullptr;
  // Keeps the store's own tables in step with the new current state (e.g. link tables).
  std::function<absl::Status(DbConnection&, const std::vector<std::string>& keys,
                             const Message& current)>
      after_write = nullptr;
};

// One recorded write, as the versions table keeps it.
struct Version {
  std::vector<std::string> keys;
  int64_t revision = 0;
  absl::CivilDay effective_date;
  std::string recorded_at;  // SQL TIMESTAMP(6) text, UTC
  std::string recorded_by;
  std::vector<std::string> mask;  // {"*"}: every field (creates)
  std::unique_ptr<Message> values;
};

// INVALID_ARGUMENT on `field`: `day` is before resource `name` exists (from `first`).
absl::Status DatedBeforeItExists(const std::string& field, const std::string& name,
                                 absl::CivilDay day, absl::CivilDay first);

// Applies a recorded write to `state` (the fold that builds the timeline).
void ApplyVersion(const Version& version, Message& state);

class VersionedTable final {
 public:
  // `prototype` is the resource message type (e.g. v1::Project::default_instance()).
  VersionedTable(VersionedTableDefinition definition, const Message& prototype);

  // Creates the resource named by `keys` from `resource`, effective `effective`. With a
  // `request_id`, a retry of the same request (by `request_hash`) returns what the first made.
  absl::Status Create(DbPool& pool, const std::vector<std::string>& keys, const Message& resource,
                      absl::CivilDay effective, const std::string& request_id,
                      const std::string& request_hash, const WriteContext& context,
                      const WriteHooks& hooks, Message& out) const;
  // Applies `paths` of `patch` from `effective` on; `etag` (if not empty) must be current.
  absl::Status Update(DbPool& pool, const std::vector<std::string>& keys, const Message& patch,
                      const std::vector<std::string>& paths, absl::CivilDay effective,
                      const std::string& etag, const WriteContext& context, const WriteHooks& hooks,
                      Message& out) const;
  // The same within the caller's transaction on `db`, for a store whose one write changes several
  // resources (a parent project moving with its sub-projects).
  absl::Status UpdateIn(DbConnection& db, const std::vector<std::string>& keys,
                        const Message& patch, const std::vector<std::string>& paths,
                        absl::CivilDay effective, const std::string& etag,
                        const WriteContext& context, const WriteHooks& hooks, Message& out) const;
  // The same within the caller's transaction on `db`, for a store whose one request writes many
  // resources atomically (a batch of figures); no request id.
  absl::Status CreateIn(DbConnection& db, const std::vector<std::string>& keys,
                        const Message& resource, absl::CivilDay effective,
                        const WriteContext& context, const WriteHooks& hooks, Message& out) const;
  // Sets the resource's `archived` field from `effective` on.
  absl::Status Archive(DbPool& pool, const std::vector<std::string>& keys, absl::CivilDay effective,
                       const std::string& etag, const WriteContext& context,
                       const WriteHooks& hooks, Message& out) const;

  // The current state (as_of unset) or the state at the end of day `as_of`; NOT_FOUND if the
  // resource does not exist (then).
  absl::Status Get(DbConnection& db, const std::vector<std::string>& keys,
                   std::optional<absl::CivilDay> as_of, Message& out) const;
  // The same on a connection of `pool` (UNAVAILABLE if none is free by `deadline`).
  absl::Status Get(DbPool& pool, const std::vector<std::string>& keys,
                   std::optional<absl::CivilDay> as_of, absl::Time deadline, Message& out) const;
  // OK if the resource existed on `day`; NOT_FOUND if it does not exist; DatedBeforeItExists on
  // `field` if it exists only from a later day. One primary-key lookup.
  absl::Status ExistedOn(DbConnection& db, const std::vector<std::string>& keys, absl::CivilDay day,
                         const std::string& field) const;
  // For another resource's reference to this one (a write hook's check): OK if the resource
  // exists on `day` (unset: at all); else INVALID_ARGUMENT on `field`, saying that it does not
  // exist, or not yet on that day.
  absl::Status ReferencedOn(DbConnection& db, const std::vector<std::string>& keys,
                            std::optional<absl::CivilDay> day, const std::string& field) const;
  // ReferencedOn for each of `names` (names of this top-level collection, e.g. an alliance's
  // member forces), the i-th on field `field`[i].
  absl::Status EachReferencedOn(DbConnection& db,
                                const google::protobuf::RepeatedPtrField<std::string>& names,
                                std::optional<absl::CivilDay> day, const std::string& field) const;
  // Every recorded write of the resources whose keys start with `key_prefix` (all keys: one
  // resource), by resource, then in the order they apply (effective date, then revision).
  absl::StatusOr<std::vector<Version>> Versions(DbConnection& db,
                                                const std::vector<std::string>& key_prefix) const;

  // Locks the resource's current row until the transaction ends (NOT_FOUND if there is none):
  // for a check across resources (a parent's count of children, an alliance's reporting lines)
  // that two writes must not pass side by side.
  absl::Status LockRow(DbConnection& db, const std::vector<std::string>& keys) const;
  // How many resources have keys starting with `parent` (a parent's children).
  absl::StatusOr<int64_t> CountUnder(DbConnection& db,
                                     const std::vector<std::string>& parent) const;

  // For a store's own list queries: the columns FromRow reads, each prefixed with `alias`; they
  // must open the SELECT list (FromRow reads them by position), and the store's own columns
  // follow them.
  std::string CurrentColumns(const std::string& alias) const;
  std::string TimelineColumns(const std::string& alias) const;
  // A condition (two `?`, both the day) keeping the timeline rows in effect at the end of a day.
  static std::string InEffectOn(const std::string& alias);
  // "SELECT <columns> FROM <table> t WHERE ..." of the resources whose keys start with `parent`:
  // the current rows, or the periods in effect at the end of `as_of`. Appends its parameters to
  // `params`; a caller may add " AND ..." conditions, then its ORDER BY.
  std::string SelectIn(const std::vector<std::string>& parent, std::optional<absl::CivilDay> as_of,
                       std::vector<SqlParam>& params) const;
  // "SELECT <columns> FROM <timeline> t WHERE ... ORDER BY t.effective_date": every period of
  // the resource `keys`, oldest first (its history as now recorded). Appends its parameters.
  std::string SelectPeriods(const std::vector<std::string>& keys,
                            std::vector<SqlParam>& params) const;
  // Fills a resource from a row selected with CurrentColumns or TimelineColumns.
  void FromRow(const Row& row, Message& out) const;
  // The resource name of `keys`, e.g. "projects/athena" (or its label_of).
  std::string NameOf(const std::vector<std::string>& keys) const;

  const VersionedTableDefinition& definition() const { return definition_; }

 private:
  struct Locked;
  absl::StatusOr<Locked> Lock(DbConnection& db, const std::vector<std::string>& keys) const;
  // The resource as its create wrote it (version 1): what the create answered.
  absl::Status ReadCreated(DbConnection& db, const std::vector<std::string>& keys,
                           Message& out) const;
  // Records a write on a row locked by Lock: the version, the timeline, the current row, the
  // hooks and the audit event.
  absl::Status Write(DbConnection& db, const std::vector<std::string>& keys, const Locked& locked,
                     const Message& patch, const std::vector<std::string>& paths,
                     absl::CivilDay effective, const std::string& etag, const char* action,
                     const WriteContext& context, const WriteHooks& hooks, Message& out) const;
  // Rebuilds the timeline from day `from` on; `periods` gets each new period's first day and
  // state, in order (the last is the current state).
  absl::Status RebuildTimeline(
      DbConnection& db, const std::vector<std::string>& keys, absl::CivilDay from,
      const std::string& create_time,
      std::vector<std::pair<absl::CivilDay, std::unique_ptr<Message>>>& periods) const;
  // INSERT of one row of `table`: the key columns, the named metadata, the state columns.
  absl::Status InsertRow(DbConnection& db, const std::string& table,
                         const std::vector<std::string>& keys,
                         std::initializer_list<std::pair<const char*, SqlParam>> metadata,
                         const Message& state) const;
  absl::Status AppendVersion(DbConnection& db, const std::vector<std::string>& keys,
                             int64_t revision, absl::CivilDay effective,
                             const std::string& recorded_at, const WriteContext& context,
                             const std::vector<std::string>& paths, const Message& values) const;
  std::string KeyCondition(const std::string& alias, size_t keys) const;
  // SELECT of the versions of the resources matching the first `keys` key columns (one `?` each).
  std::string SelectVersions(size_t keys) const;
  Version VersionFromRow(const Row& row) const;
  std::vector<SqlParam> KeyParams(const std::vector<std::string>& keys) const;
  std::vector<SqlParam> StateParams(const Message& resource) const;
  std::string StateColumnList() const;
  void SetMetadata(const std::vector<std::string>& keys, int64_t revision, absl::CivilDay effective,
                   const std::string& create_time, const std::string& update_time,
                   Message& out) const;

  const VersionedTableDefinition definition_;
  const Message& prototype_;
  // The fields the kit fills on reads, where the resource has them (else null).
  struct MetadataFields {
    const google::protobuf::FieldDescriptor* name;
    const google::protobuf::FieldDescriptor* etag;
    const google::protobuf::FieldDescriptor* create_time;
    const google::protobuf::FieldDescriptor* update_time;
    const google::protobuf::FieldDescriptor* effective_date;
    const google::protobuf::FieldDescriptor* revision;
  } fields_;
};

// How a list orders a collection: by id, or by (display_order, id) for resources with a
// display_order field.
enum class ListOrder { kById, kDisplayOrder };

// A condition a list adds to its query, on columns of alias t with a `?` for each of `params`:
//   {"t.closed = 0 AND t.next_review_date < ?", {std::string("2017-12-14")}}
struct SqlFilter {
  std::string condition;  // empty: none
  std::vector<SqlParam> params;
};

// One page of the resources under `parent` (the leading keys: a parent's children; empty: the
// whole collection) that pass `filter`, in `kOrder`: their current rows, or their periods in
// effect at the end of `as_of`. The last key column is the resource's id.
template <typename Item, ListOrder kOrder>
absl::StatusOr<Page<Item>> ListPage(DbConnection& db, const VersionedTable& table,
                                    const std::vector<std::string>& parent, const PageRequest& page,
                                    std::optional<absl::CivilDay> as_of,
                                    const SqlFilter& filter = {}) {
  constexpr bool kByOrder = kOrder == ListOrder::kDisplayOrder;
  if (absl::Status s = kByOrder ? CheckPageKey(page, {KeyPart::kInteger, KeyPart::kText})
                                : CheckPageKey(page, {KeyPart::kText});
      !s.ok()) {
    return s;
  }
  std::vector<SqlParam> params;
  std::string sql = table.SelectIn(parent, as_of, params);
  if (!filter.condition.empty()) {
    absl::StrAppend(&sql, " AND (", filter.condition, ")");
    params.insert(params.end(), filter.params.begin(), filter.params.end());
  }
  const std::string id = "t." + table.definition().key_columns.at(parent.size());
  const std::vector<std::string> columns =
      kByOrder ? std::vector<std::string>{"t.display_order", id} : std::vector<std::string>{id};
  if (!page.after.empty()) {
    std::vector<SqlParam> last;
    if constexpr (kByOrder) {
      int64_t order = 0;
      (void)absl::SimpleAtoi(page.after[0], &order);  // CheckPageKey made it an integer
      last = {order, page.after[1]};
    } else {
      last = {page.after[0]};
    }
    absl::StrAppend(&sql, " AND ", KeysetCondition(columns, ">"));
    for (SqlParam& param : KeysetParams(last)) params.push_back(std::move(param));
  }
  absl::StrAppend(&sql, " ORDER BY ", absl::StrJoin(columns, ", "), " LIMIT ?");
  return FetchPage<Item>(
      db, page, sql, std::move(params),
      [&](const Row& row) {
        Item item;
        table.FromRow(row, item);
        return item;
      },
      [](const Item& item) {
        std::vector<std::string> key;
        if constexpr (kByOrder) key.push_back(absl::StrCat(item.display_order()));
        key.emplace_back(IdOfName(item.name()));
        return key;
      });
}

// Every resource under `parent` (see ListPage), now or at the end of `as_of`, ordered by
// `order_by` (columns of alias t, e.g. "t.display_order, t.id"): one query, for reads that
// assemble a whole parent (a governance model, a summary). Callers bound the count by a limit
// per parent.
template <typename Item>
absl::StatusOr<std::vector<Item>> ReadAll(DbConnection& db, const VersionedTable& table,
                                          const std::vector<std::string>& parent,
                                          std::optional<absl::CivilDay> as_of,
                                          absl::string_view order_by) {
  std::vector<SqlParam> params;
  const std::string sql =
      absl::StrCat(table.SelectIn(parent, as_of, params), " ORDER BY ", order_by);
  std::vector<Item> items;
  absl::Status status =
      db.Query(sql, params, [&](const Row& row) { table.FromRow(row, items.emplace_back()); });
  if (!status.ok()) return status;
  return items;
}

// Every period of the resource `keys`, oldest first, each with the state it held from its
// effective_date to the next one's (see SelectPeriods): one query, for a resource's trend.
template <typename Item>
absl::StatusOr<std::vector<Item>> ReadPeriods(DbConnection& db, const VersionedTable& table,
                                              const std::vector<std::string>& keys) {
  std::vector<SqlParam> params;
  const std::string sql = table.SelectPeriods(keys, params);
  std::vector<Item> items;
  absl::Status status =
      db.Query(sql, params, [&](const Row& row) { table.FromRow(row, items.emplace_back()); });
  if (!status.ok()) return status;
  return items;
}

}  // namespace bch::common

#endif  // BCH_COMMON_VERSIONED_TABLE_H_
