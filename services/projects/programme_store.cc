// SQL for programmes (see programme_store.h).
#include "programme_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"

namespace bch::projects {
namespace {

v1::Programme ProgrammeFromRow(const common::Row& row) {
  v1::Programme programme;
  programme.set_name(common::ResourceName("programmes", row.String(0)));
  programme.set_title(row.String(1));
  programme.set_lead_force(row.String(2));
  programme.set_display_order(static_cast<int32_t>(row.Int64(3)));
  programme.set_etag(absl::StrCat("\"", row.Int64(4), "\""));
  common::SetTimestamp(row.String(5), *programme.mutable_create_time());
  common::SetTimestamp(row.String(6), *programme.mutable_update_time());
  return programme;
}

}  // namespace

absl::StatusOr<common::Page<v1::Programme>> ProgrammeStore::List(const common::PageRequest& page,
                                                                 absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  // Keyset: rows strictly after the last (display_order, id) served.
  int64_t after_order = INT32_MIN;
  std::string after_id;
  if (page.after.size() == 2 && absl::SimpleAtoi(page.after[0], &after_order)) {
    after_id = page.after[1];
  }
  return common::FetchPage<v1::Programme>(
      **db, page,
      "SELECT id, title, lead_force, display_order, revision, create_time, update_time "
      "FROM programmes WHERE display_order > ? OR (display_order = ? AND id > ?) "
      "ORDER BY display_order, id LIMIT ?",
      {after_order, after_order, after_id}, ProgrammeFromRow, [](const v1::Programme& p) {
        return std::vector<std::string>{absl::StrCat(p.display_order()),
                                        std::string(common::IdOfName(p.name()))};
      });
}

}  // namespace bch::projects
