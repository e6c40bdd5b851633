// A list of ids as one prepared-statement parameter: a JSON array that MariaDB's JSON_TABLE turns
// back into rows. One statement text then serves any number of ids, where IN (?, ?, ...) would
// prepare (and cache) a statement per list length.
#ifndef BCH_COMMON_SQL_ID_LIST_H_
#define BCH_COMMON_SQL_ID_LIST_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace bch::common {

// The parameter: {"a", "b"} -> ["a","b"].
std::string SqlIdList(const std::vector<std::string>& ids);

// SQL for the rows of such a parameter (one `?`): a table named `alias` with one column `id`,
// compared as the schemas' utf8mb4_bin ids so that joins on it use their indexes.
std::string SqlIdListTable(absl::string_view alias);

}  // namespace bch::common

#endif  // BCH_COMMON_SQL_ID_LIST_H_
