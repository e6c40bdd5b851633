// The standard methods of a versioned resource whose store adds nothing to the kit but its table
// and write hooks: Create, Get, List (by id, or in display order) and Update, each one call of
// common/versioned_table.h. A resource is named by its keys: {id} for a top-level collection,
// {parent ids..., id} for a child (`alliances/{alliance}/areas/{area}`), whose store is given
// the parent's table so that a child is never written under a parent that does not exist on the
// days it governs. A store with queries of its own (joins, aggregates, batches) uses the
// VersionedTable directly instead.
//
//   common::ResourceStore<v1::Force> forces_{pool, ForceTable()};
//   common::ResourceStore<v1::CollaborationArea, common::ListOrder::kDisplayOrder> areas_{
//       pool, AreaTable(), AreaHooks(), common::ParentOf{AllianceTable(), 100}};
#ifndef BCH_COMMON_RESOURCE_STORE_H_
#define BCH_COMMON_RESOURCE_STORE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/versioned_table.h"
#include "bch/common/write_context.h"

namespace bch::common {

// A child resource's parent and how many children it may have (so that reads of a whole
// parent, such as a summary, stay one bounded response). Every write of a child locks the
// parent's row, so a parent's children are written one at a time: a check across them (a count,
// a tree of reporting lines) sees every other write of them committed.
struct ParentOf {
  const VersionedTable& table;
  int64_t max_children;
};

// `hooks` with a first check that the parent (the keys but the last) exists on each day a write
// of `table` governs (NOT_FOUND if it does not exist, INVALID_ARGUMENT on effective_date if only
// later), then, once per write, locks the parent's row and checks it has at most
// `parent.max_children` children (FAILED_PRECONDITION, reason TOO_MANY_CHILDREN); the own
// check runs after, under that lock.
WriteHooks WithParentCheck(const VersionedTable& table, ParentOf parent, WriteHooks hooks);

template <typename Resource, ListOrder kOrder = ListOrder::kById>
class ResourceStore final {
 public:
  ResourceStore(DbPool& pool, const VersionedTable& table, WriteHooks hooks = {},
                std::optional<ParentOf> parent = std::nullopt)
      : pool_(pool),
        table_(table),
        parent_(parent ? &parent->table : nullptr),
        hooks_(parent ? WithParentCheck(table, *parent, std::move(hooks)) : std::move(hooks)) {}

  // ALREADY_EXISTS if the id is taken; the hooks' checks otherwise.
  absl::StatusOr<Resource> Create(const std::vector<std::string>& keys, const Resource& resource,
                                  absl::CivilDay effective, const WriteContext& context) const {
    Resource created;
    absl::Status status =
        table_.Create(pool_, keys, resource, effective, "", "", context, hooks_, created);
    if (!status.ok()) return status;
    return created;
  }

  // The resource now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<Resource> Get(const std::vector<std::string>& keys,
                               std::optional<absl::CivilDay> as_of, absl::Time deadline) const {
    Resource resource;
    if (absl::Status s = table_.Get(pool_, keys, as_of, deadline, resource); !s.ok()) return s;
    return resource;
  }

  // One page of the collection (of `parent`'s children) that passes `filter`, now or as of a
  // day; NOT_FOUND if the parent does not exist.
  absl::StatusOr<Page<Resource>> List(const PageRequest& page, std::optional<absl::CivilDay> as_of,
                                      absl::Time deadline,
                                      const std::vector<std::string>& parent = {},
                                      const SqlFilter& filter = {}) const {
    auto db = pool_.Acquire(deadline);
    if (!db.ok()) return db.status();
    if (parent_ != nullptr) {
      if (absl::Status s = parent_->ExistedOn(**db, parent, kAfterEveryChange, "parent"); !s.ok()) {
        return s;
      }
    }
    return ListPage<Resource, kOrder>(**db, table_, parent, page, as_of, filter);
  }

  // Applies `paths` of `patch` from `effective` on; the patch's etag, if set, must be current
  // (ABORTED otherwise).
  absl::StatusOr<Resource> Update(const std::vector<std::string>& keys, const Resource& patch,
                                  const std::vector<std::string>& paths, absl::CivilDay effective,
                                  const WriteContext& context) const {
    Resource updated;
    absl::Status status =
        table_.Update(pool_, keys, patch, paths, effective, patch.etag(), context, hooks_, updated);
    if (!status.ok()) return status;
    return updated;
  }

 private:
  DbPool& pool_;
  const VersionedTable& table_;
  const VersionedTable* const parent_;
  const WriteHooks hooks_;
};

}  // namespace bch::common

#endif  // BCH_COMMON_RESOURCE_STORE_H_
