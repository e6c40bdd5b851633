// SQL for figures (bch_finance.figures, figure_versions, figure_timeline): a versioned resource
// on the kit (common/versioned_table.h) identified by owner, measure, period, basis and scope,
// whose versions are the figure's revisions. No gRPC here: statuses and proto messages only.
#ifndef BCH_SERVICES_FINANCE_FIGURE_STORE_H_
#define BCH_SERVICES_FINANCE_FIGURE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/period.h"
#include "bch/common/write_context.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

// What identifies a figure.
struct FigureKey {
  std::string owner;       // "forces/cambridgeshire"
  std::string measure_id;  // "spend-on-collaboration"
  common::Period period;
  v1::Basis basis = v1::BASIS_UNSPECIFIED;
  std::string scope;  // "" for the owner as a whole

  // The kit's key values, in the order of the tables' key columns.
  std::vector<std::string> Keys() const;
  auto operator<=>(const FigureKey&) const = default;
};

// ListFigures' filters; unset members do not filter.
struct FigureFilter {
  std::string owner;
  std::string measure_id;
  std::optional<int> first_year;  // periods starting in or after
  std::optional<int> last_year;   // periods ending in or before
  v1::Basis basis = v1::BASIS_UNSPECIFIED;
  std::string scope;
  bool unscoped_only = false;
};

// One figure as the summary reads it: the amount in effect for a key.
struct KnownFigure {
  FigureKey key;
  int64_t pence = 0;
};

class FigureStore final {
 public:
  explicit FigureStore(common::DbPool& pool) : pool_(pool) {}

  // Records `figures` (checked, periods canonical; `keys[i]` is the key of `figures[i]`) in one
  // transaction, all or nothing: a new figure is created, an existing one gets a new revision
  // dated `effective`. INVALID_ARGUMENT listing every figure, by index, whose measure did not
  // exist on `effective` or that was first recorded after it. With `validate_only` nothing is
  // written and the answer is empty. A retry with the same `request_id` (and `request_hash`)
  // records nothing and answers the figures' state now.
  absl::StatusOr<std::vector<v1::Figure>> Record(const std::vector<v1::Figure>& figures,
                                                 const std::vector<FigureKey>& keys,
                                                 absl::CivilDay effective, bool validate_only,
                                                 const std::string& request_id,
                                                 const std::string& request_hash,
                                                 const common::WriteContext& context);
  // One page of figures in key order, now (as_of unset) or as known at the end of `as_of`.
  absl::StatusOr<common::Page<v1::Figure>> List(const FigureFilter& filter,
                                                const common::PageRequest& page,
                                                std::optional<absl::CivilDay> as_of,
                                                absl::Time deadline);
  // One page of the revisions of the figure `key`, oldest first; NOT_FOUND if never recorded.
  absl::StatusOr<common::Page<v1::FigureRevision>> Revisions(const FigureKey& key,
                                                             const common::PageRequest& page,
                                                             absl::Time deadline);
  // Every figure of `owners` for `scope` with a period within [first_year, last_year], on any
  // basis and measure, now or as known at the end of `as_of`.
  absl::StatusOr<std::vector<KnownFigure>> Known(const std::vector<std::string>& owners,
                                                 const std::string& scope, int first_year,
                                                 int last_year, std::optional<absl::CivilDay> as_of,
                                                 absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_FIGURE_STORE_H_
