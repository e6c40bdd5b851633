// Transaction helper with deadlock retry (see transaction.h).
#include "bch/common/transaction.h"

#include <random>

#include "absl/time/clock.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

bool IsTransactionConflict(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && ReasonOf(status) == "TRANSACTION_CONFLICT";
}

absl::Status RunOnce(DbPool& pool, const TransactionOptions& options,
                     const std::function<absl::Status(DbConnection&)>& body) {
  auto connection = pool.Acquire(options.deadline);
  if (!connection.ok()) return connection.status();
  DbConnection& db = **connection;
  if (absl::Status status = db.Begin(); !status.ok()) return status;
  absl::Status status = body(db);
  if (status.ok()) return options.roll_back ? db.Rollback() : db.Commit();
  if (!db.broken()) (void)db.Rollback();
  return status;
}

}  // namespace

absl::Status RunInTransaction(DbPool& pool, const TransactionOptions& options,
                              const std::function<absl::Status(DbConnection&)>& body) {
  absl::Status status;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    status = RunOnce(pool, options, body);
    if (!IsTransactionConflict(status) || absl::Now() >= options.deadline) return status;
    // A brief backoff, spread so that the transactions that collided do not meet again.
    thread_local std::mt19937 random(std::random_device{}());
    absl::SleepFor(absl::Milliseconds(5 * attempt + static_cast<int>(random() % 10)));
  }
  return status;
}

}  // namespace bch::common
