// The reviews' and recommendations' tables and list (see review_store.h).
#include "review_store.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "alliance_store.h"
#include "bch/common/checks.h"

namespace bch::governance {

using common::SqlParam;

const common::VersionedTable& ReviewTable() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "alliances/{alliance}/reviews/{review}",
                                  .kind = "Review",
                                  .current_table = "reviews",
                                  .versions_table = "review_versions",
                                  .timeline_table = "review_timeline",
                                  .key_columns = {"alliance_id", "id"},
                                  .columns = {common::BodyColumn()}},
                                 v1::Review::default_instance());
  return *kTable;
}

const common::VersionedTable& RecommendationTable() {
  using v1::Recommendation;
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "alliances/{alliance}/reviews/{review}/recommendations/{recommendation}",
       .kind = "Recommendation",
       .current_table = "recommendations",
       .versions_table = "recommendation_versions",
       .timeline_table = "recommendation_timeline",
       .key_columns = {"alliance_id", "review_id", "id"},
       .columns = {common::BodyColumn(),
                   common::Column<Recommendation>("display_order",
                                                  [](const Recommendation& r) -> SqlParam {
                                                    return int64_t{r.display_order()};
                                                  }),
                   common::Column<Recommendation>("closed",
                                                  [](const Recommendation& r) -> SqlParam {
                                                    return int64_t{IsClosed(r.status()) ? 1 : 0};
                                                  }),
                   common::Column<Recommendation>("due_date",
                                                  [](const Recommendation& r) -> SqlParam {
                                                    if (!r.has_due_date()) return nullptr;
                                                    const auto& d = r.due_date();
                                                    return absl::FormatCivilTime(absl::CivilDay(
                                                        d.year(), d.month(), d.day()));
                                                  })}},
      v1::Recommendation::default_instance());
  return *kTable;
}

bool IsClosed(v1::RecommendationStatus status) {
  return status == v1::RECOMMENDATION_STATUS_IMPLEMENTED ||
         status == v1::RECOMMENDATION_STATUS_NOT_ACCEPTED;
}

bool IsOverdue(const v1::Recommendation& recommendation, absl::CivilDay day) {
  if (IsClosed(recommendation.status()) || !recommendation.has_due_date()) return false;
  const auto& due = recommendation.due_date();
  return absl::CivilDay(due.year(), due.month(), due.day()) < day;
}

absl::StatusOr<common::Page<v1::Recommendation>> ListRecommendations(
    common::DbPool& pool, const RecommendationFilter& filter, const common::PageRequest& page,
    absl::Time deadline) {
  using common::KeyPart;
  if (absl::Status s =
          common::CheckPageKey(page, {KeyPart::kText, KeyPart::kInteger, KeyPart::kText});
      !s.ok()) {
    return s;
  }
  const common::VersionedTable& table = RecommendationTable();
  std::vector<std::string> parent = {filter.alliance_id};
  if (!filter.review_id.empty()) parent.push_back(filter.review_id);
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  const common::VersionedTable& parent_table =
      filter.review_id.empty() ? AllianceTable() : ReviewTable();
  if (absl::Status s = parent_table.ExistedOn(**db, parent, common::kAfterEveryChange, "parent");
      !s.ok()) {
    return s;
  }
  std::vector<SqlParam> params;
  std::string sql = table.SelectIn(parent, filter.as_of, params);
  if (filter.open_only || filter.overdue_only) absl::StrAppend(&sql, " AND t.closed = 0");
  if (filter.overdue_only) {
    absl::StrAppend(&sql, " AND t.due_date < ?");
    params.emplace_back(absl::FormatCivilTime(filter.overdue_on));
  }
  const std::vector<std::string> order = {"t.review_id", "t.display_order", "t.id"};
  if (!page.after.empty()) {
    int64_t display_order = 0;
    (void)absl::SimpleAtoi(page.after[1], &display_order);  // CheckPageKey made it an integer
    absl::StrAppend(&sql, " AND ", common::KeysetCondition(order, ">"));
    for (SqlParam& param : common::KeysetParams({page.after[0], display_order, page.after[2]})) {
      params.push_back(std::move(param));
    }
  }
  absl::StrAppend(&sql, " ORDER BY t.review_id, t.display_order, t.id LIMIT ?");
  return common::FetchPage<v1::Recommendation>(
      **db, page, sql, std::move(params),
      [&](const common::Row& row) {
        v1::Recommendation recommendation;
        table.FromRow(row, recommendation);
        return recommendation;
      },
      [](const v1::Recommendation& r) {
        // alliances/{alliance}/reviews/{review}/recommendations/{recommendation}
        const std::vector<std::string> segments = absl::StrSplit(r.name(), '/');
        return std::vector<std::string>{segments[3], absl::StrCat(r.display_order()), segments[5]};
      });
}

}  // namespace bch::governance
