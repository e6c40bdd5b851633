// The parent check of child resources (see resource_store.h) and the name patterns of the
// standard methods (see standard_methods.h).
#include "bch/common/resource_store.h"

#include "absl/strings/str_cat.h"
#include "bch/common/errors.h"
#include "bch/common/standard_methods.h"

namespace bch::common {

WriteHooks WithParentCheck(const VersionedTable& table, ParentOf parent, WriteHooks hooks) {
  auto own_check = std::move(hooks.check);
  hooks.check = [&table, parent, own_check](DbConnection& db, const std::vector<std::string>& keys,
                                            const Message& state,
                                            std::optional<absl::CivilDay> day) -> absl::Status {
    const std::vector<std::string> parent_keys(keys.begin(), keys.end() - 1);
    if (absl::Status s = parent.table.ExistedOn(db, parent_keys, day.value_or(kAfterEveryChange),
                                                "effective_date");
        !s.ok()) {
      return s;
    }
    if (!day) {  // once per write, under the parent's lock (so two creates count one by one)
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

std::string ParentPattern(absl::string_view pattern) {
  const size_t slash = pattern.rfind('/');
  if (slash == absl::string_view::npos) return "";
  const size_t collection = pattern.rfind('/', slash - 1);
  return collection == absl::string_view::npos ? "" : std::string(pattern.substr(0, collection));
}

std::string ResourceVariable(absl::string_view pattern) {
  const size_t open = pattern.rfind('{');
  return std::string(pattern.substr(open + 1, pattern.size() - open - 2));
}

}  // namespace bch::common
