// SQL for forces (bch_governance.forces) (see force_store.h).
#include "force_store.h"

#include "bch/common/resource_names.h"

namespace bch::governance {
namespace {

v1::Force ForceFromRow(const common::Row& row) {
  v1::Force force;
  force.set_name(common::ResourceName("forces", row.String(0)));
  force.set_display_name(row.String(1));
  force.set_short_name(row.String(2));
  return force;
}

}  // namespace

absl::StatusOr<common::Page<v1::Force>> ForceStore::List(const common::PageRequest& page,
                                                         absl::Time deadline) {
  return common::FetchPageById<v1::Force>(
      pool_, page, deadline,
      "SELECT id, display_name, short_name FROM forces WHERE id > ? ORDER BY id LIMIT ?",
      ForceFromRow);
}

}  // namespace bch::governance
