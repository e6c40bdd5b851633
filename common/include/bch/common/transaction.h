// Runs a unit of work in one database transaction, retrying it from the start when MariaDB
// reports a deadlock or lock-wait timeout (reason TRANSACTION_CONFLICT). Any other error rolls
// back and is returned as is; a lost connection is never retried here, because whether the
// commit happened is unknown (callers make creates idempotent with request ids instead).
#ifndef BCH_COMMON_TRANSACTION_H_
#define BCH_COMMON_TRANSACTION_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"

namespace bch::common {

struct TransactionOptions {
  absl::Time deadline = absl::InfiniteFuture();
  int max_attempts = 5;
  // Run the body and undo what it wrote even when it succeeds (an AIP-163 validate_only
  // request: every check a write makes, including the database's, and nothing kept).
  bool roll_back = false;
};

// `body` may run more than once: keep its effects inside the transaction, and reset any output
// it fills at its start.
absl::Status RunInTransaction(DbPool& pool, const TransactionOptions& options,
                              const std::function<absl::Status(DbConnection&)>& body);

}  // namespace bch::common

#endif  // BCH_COMMON_TRANSACTION_H_
