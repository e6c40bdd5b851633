// The standard methods of a versioned resource named `collection/{id}` whose store adds nothing
// to the kit but its table and write hooks: Create, Get, List (by id, or in display order) and
// Update, each one call of common/versioned_table.h. A store with queries of its own (filters,
// joins, batches) uses the VersionedTable directly instead.
//
//   common::ResourceStore<v1::Force> forces_{pool, ForceTable()};
//   common::ResourceStore<v1::Measure, common::ListOrder::kDisplayOrder> measures_{
//       pool, MeasureTable(), MeasureHooks()};
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

// How List orders a collection: by id, or by (display_order, id) for resources with a
// display_order field.
enum class ListOrder { kById, kDisplayOrder };

template <typename Resource, ListOrder kOrder = ListOrder::kById>
class ResourceStore final {
 public:
  ResourceStore(DbPool& pool, const VersionedTable& table, WriteHooks hooks = {})
      : pool_(pool), table_(table), hooks_(std::move(hooks)) {}

  // ALREADY_EXISTS if the id is taken; the hooks' checks otherwise.
  absl::StatusOr<Resource> Create(const std::string& id, const Resource& resource,
                                  absl::CivilDay effective, const WriteContext& context) const {
    Resource created;
    absl::Status status =
        table_.Create(pool_, {id}, resource, effective, "", "", context, hooks_, created);
    if (!status.ok()) return status;
    return created;
  }

  // The resource now (as_of unset) or at the end of day `as_of`; NOT_FOUND if it did not exist.
  absl::StatusOr<Resource> Get(const std::string& id, std::optional<absl::CivilDay> as_of,
                               absl::Time deadline) const {
    Resource resource;
    if (absl::Status s = table_.Get(pool_, {id}, as_of, deadline, resource); !s.ok()) return s;
    return resource;
  }

  // One page of the collection, now or as of a day.
  absl::StatusOr<Page<Resource>> List(const PageRequest& page, std::optional<absl::CivilDay> as_of,
                                      absl::Time deadline) const {
    if constexpr (kOrder == ListOrder::kDisplayOrder) {
      return ListInDisplayOrder<Resource>(pool_, table_, page, as_of, deadline);
    } else {
      return ListById<Resource>(pool_, table_, page, as_of, deadline);
    }
  }

  // Applies `paths` of `patch` from `effective` on; the patch's etag, if set, must be current
  // (ABORTED otherwise).
  absl::StatusOr<Resource> Update(const std::string& id, const Resource& patch,
                                  const std::vector<std::string>& paths, absl::CivilDay effective,
                                  const WriteContext& context) const {
    Resource updated;
    absl::Status status =
        table_.Update(pool_, {id}, patch, paths, effective, patch.etag(), context, hooks_, updated);
    if (!status.ok()) return status;
    return updated;
  }

 private:
  DbPool& pool_;
  const VersionedTable& table_;
  const WriteHooks hooks_;
};

}  // namespace bch::common

#endif  // BCH_COMMON_RESOURCE_STORE_H_
