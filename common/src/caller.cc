// Principal helpers (see caller.h).
#include "bch/common/caller.h"

#include <algorithm>

namespace bch::common {

bool Principal::HasRole(absl::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace bch::common
