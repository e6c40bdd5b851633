// The standard AIP-132 List mechanics shared by every service, on top of pagination.h:
// parse page_size/page_token into a PageRequest, run a keyset SELECT for one page (fetching one
// row more than asked to learn whether another page follows), and fill the response.
#ifndef BCH_COMMON_LIST_PAGE_H_
#define BCH_COMMON_LIST_PAGE_H_

#include <google/protobuf/repeated_ptr_field.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/pagination.h"
#include "bch/common/resource_names.h"

namespace bch::common {

// A validated page request: how many items, and the key of the last item already served
// (empty for the first page).
struct PageRequest {
  int size = kDefaultPageSize;
  std::vector<std::string> after;
  uint64_t fingerprint = 0;
};

// `bound_parameters`: the request's other parameters (filter, parent, order) a token is tied to.
absl::StatusOr<PageRequest> ParsePageRequest(int32_t page_size, absl::string_view page_token,
                                             const std::vector<std::string>& bound_parameters);

// What one part of a page key holds.
enum class KeyPart {
  kText,     // any text (an id, a name)
  kInteger,  // decimal digits with an optional minus, e.g. a display order or a row id
  kDay,      // a day, YYYY-MM-DD, within the suite's years
  kStamp,    // a fixed-point time, digits "." digits
};

// OK for a first page, or when the page's key has this list's shape, one value per part.
// INVALID_ARGUMENT on page_token otherwise (a token edited by hand, or made by another list), so
// that a malformed key is never read as some other position.
absl::Status CheckPageKey(const PageRequest& page, std::initializer_list<KeyPart> shape);

// The keyset condition of a page: the row comes after (`direction` ">", ascending order) or
// before ("<", descending) the last key served, in the order of `columns`. Written as
// (a > ? OR (a = ? AND (b > ? OR ...))) with KeysetParams, because MariaDB reads that as a range
// of the list's index, where a row comparison (a, b) > (?, ?) makes it scan from the first row.
std::string KeysetCondition(const std::vector<std::string>& columns, absl::string_view direction);
// The parameters of KeysetCondition for the last key served, one value per column.
std::vector<SqlParam> KeysetParams(const std::vector<SqlParam>& last_key);

template <typename Item>
struct Page {
  std::vector<Item> items;
  std::string next_page_token;
};

// Adds `item` to `items` unless that would pass `max_bytes` (counted in `bytes`, as encoded)
// with some already there; false once full. The first item always goes in.
template <typename Item>
bool AddWithinBytes(Item item, std::vector<Item>& items, size_t& bytes, size_t max_bytes) {
  const size_t size = item.ByteSizeLong() + 6;  // the field's tag and length prefix
  if (!items.empty() && bytes + size > max_bytes) return false;
  bytes += size;
  items.push_back(std::move(item));
  return true;
}

// Runs `sql`, whose last placeholder is the LIMIT, with `params` followed by page.size + 1;
// maps rows with `map_row` and derives the next token from the last item's `key_of`. The page
// ends early, with a token, where its items would pass kMaxResponseItemBytes.
template <typename Item>
absl::StatusOr<Page<Item>> FetchPage(
    DbConnection& db, const PageRequest& page, absl::string_view sql, std::vector<SqlParam> params,
    const std::function<Item(const Row&)>& map_row,
    const std::function<std::vector<std::string>(const Item&)>& key_of) {
  params.emplace_back(static_cast<int64_t>(page.size) + 1);
  Page<Item> result;
  size_t bytes = 0;
  bool more = false;  // rows left over: another page follows
  absl::Status status = db.Query(sql, params, [&](const Row& row) {
    if (more) return;
    if (static_cast<int>(result.items.size()) == page.size ||
        !AddWithinBytes(map_row(row), result.items, bytes, kMaxResponseItemBytes)) {
      more = true;
    }
  });
  if (!status.ok()) return status;
  if (more) result.next_page_token = EncodePageToken(key_of(result.items.back()), page.fingerprint);
  return result;
}

// One page of a list assembled in memory (e.g. from a resource's versions): `items` must be in
// ascending order of `key_of` (keys compared as strings, element by element). Takes the items
// after the page's key, up to its size and `max_bytes`.
template <typename Item, typename KeyOf>
Page<Item> PageOf(std::vector<Item> items, const PageRequest& page, KeyOf key_of,
                  size_t max_bytes = kMaxResponseItemBytes) {
  Page<Item> result;
  size_t bytes = 0;
  for (Item& item : items) {
    if (!page.after.empty() && !(page.after < key_of(item))) continue;
    if (static_cast<int>(result.items.size()) == page.size ||
        !AddWithinBytes(std::move(item), result.items, bytes, max_bytes)) {
      result.next_page_token = EncodePageToken(key_of(result.items.back()), page.fingerprint);
      break;
    }
  }
  return result;
}

// Moves a page into a List response's repeated field and next_page_token.
template <typename Item, typename Response>
void FillListResponse(Page<Item> page, google::protobuf::RepeatedPtrField<Item>& items,
                      Response& response) {
  items.Reserve(static_cast<int>(page.items.size()));
  for (Item& item : page.items) *items.Add() = std::move(item);
  response.set_next_page_token(std::move(page.next_page_token));
}

// The body of a standard List handler: parse the page request, `fetch` it, fill the response.
template <typename Item, typename Request, typename Response, typename Fetch>
absl::Status ServeList(const Request& request, Response& response,
                       google::protobuf::RepeatedPtrField<Item>& items,
                       const std::vector<std::string>& bound_parameters, Fetch fetch) {
  // A token is tied to its method (by its response type) as well as to the parameters.
  std::vector<std::string> bound = bound_parameters;
  bound.push_back(Response::descriptor()->full_name());
  auto page = ParsePageRequest(request.page_size(), request.page_token(), bound);
  if (!page.ok()) return page.status();
  absl::StatusOr<Page<Item>> result = fetch(*page);
  if (!result.ok()) return result.status();
  FillListResponse(*std::move(result), items, response);
  return absl::OkStatus();
}

// One page of a table listed in id order: `sql` selects with "WHERE id > ? ... ORDER BY id
// LIMIT ?", and items are resources whose name ends in that id.
template <typename Item>
absl::StatusOr<Page<Item>> FetchPageById(DbPool& pool, const PageRequest& page, absl::Time deadline,
                                         absl::string_view sql,
                                         const std::function<Item(const Row&)>& map_row) {
  if (absl::Status s = CheckPageKey(page, {KeyPart::kText}); !s.ok()) return s;
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  return FetchPage<Item>(**db, page, sql, {page.after.empty() ? std::string() : page.after[0]},
                         map_row, [](const Item& item) {
                           return std::vector<std::string>{std::string(IdOfName(item.name()))};
                         });
}

}  // namespace bch::common

#endif  // BCH_COMMON_LIST_PAGE_H_
