// Ids as one JSON array parameter (see sql_id_list.h).
#include "bch/common/sql_id_list.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace bch::common {

std::string SqlIdList(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

std::string SqlIdListTable(absl::string_view alias) {
  return absl::StrCat(
      "JSON_TABLE(?, '$[*]' COLUMNS (id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin "
      "PATH '$')) ",
      alias, " ");
}

}  // namespace bch::common
