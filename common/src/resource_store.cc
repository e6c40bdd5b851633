// The parent check of child resources (see resource_store.h).
#include "bch/common/resource_store.h"

#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"

namespace bch::common {

WriteHooks WithParentCheck(const VersionedTable& table, ParentOf parent, WriteHooks hooks) {
  auto own_check = std::move(hooks.check);
  hooks.check = [&table, parent, own_check](DbConnection& db, const std::vector<std::string>& keys,
                                            const Message& state,
                                            std::optional<absl::CivilDay> day) -> absl::Status {
    const std::vector<std::string> parent_keys(keys.begin(), keys.end() - 1);
    if (day) {  // each period the write changed: the parent exists from its first day
      if (absl::Status s = parent.table.ExistedOn(db, parent_keys, *day, "effective_date");
          !s.ok()) {
        return s;
      }
    } else {  // once per write: lock the parent (NOT_FOUND if none), then count its children
      if (absl::Status s = parent.table.LockRow(db, parent_keys); !s.ok()) return s;
      auto children = table.CountUnder(db, parent_keys);
      if (!children.ok()) return children.status();
      if (*children > parent.max_children) {
        return WithReason(
            absl::FailedPreconditionError(
                absl::StrCat(parent.table.NameOf(parent_keys), " already has ", parent.max_children,
                             " ", table.definition().kind, " resources, the most it may have")),
            "TOO_MANY_CHILDREN");
      }
    }
    return own_check ? own_check(db, keys, state, day) : absl::OkStatus();
  };
  return hooks;
}

}  // namespace bch::common
