// A bounded pool of MySQL/MariaDB connections over Connector/C++ (JDBC-style 1.1 API).
//
// - Every Connector/C++ object is owned by a std::unique_ptr; every SQL exception is turned
//   into an absl::Status here (via StatusFromMysqlError) and never escapes.
// - Data access is through prepared statements only, cached per connection.
// - Connections are created lazily up to `pool_size`; callers beyond that wait until their
//   deadline, then get UNAVAILABLE.
// - Every round trip is bounded: by `io_timeout` on the socket (a stalled server fails the
//   call, the connection is discarded), by the session's max_statement_time and lock wait
//   timeout on the server, and by the call being served (call_scope.h): a statement is not
//   started once the caller has gone or its deadline has passed.
// - The health probe (Ping) has a connection of its own with the short `probe_timeout`, so a
//   stalled server shows as NOT_SERVING within seconds, whatever the pool is doing.
// - A connection idle for longer than `validate_after_idle` is pinged before it is lent.
//   A connection that hit a connection-class error is discarded when returned, and a fresh one
//   is opened on demand: the driver's auto-reconnect is off, so a connection never silently
//   reconnects inside a transaction.
#ifndef BCH_COMMON_DB_POOL_H_
#define BCH_COMMON_DB_POOL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sql {
class Connection;
class PreparedStatement;
class ResultSet;
}  // namespace sql

namespace bch::common {

// Where and how to connect. `password` may be empty (e.g. a socket-authenticated account).
struct DbConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string schema;
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(2);
  // Read/write timeout of one round trip; a hung server fails the call instead of a thread.
  // The server aborts a statement (and a lock wait) a little before, leaving the connection
  // usable.
  absl::Duration io_timeout = absl::Seconds(5);
  // Read/write timeout of the health probe's connection.
  absl::Duration probe_timeout = absl::Seconds(2);
  absl::Duration validate_after_idle = absl::Seconds(5);
};

// A statement parameter: NULL, an integer, or a string (dates and times travel as their SQL
// text form, e.g. "2017-12-14").
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string>;

// One row of a result, read by 0-based column index or by column name (its label: the alias
// given with AS, else the column's own name).
class Row final {
 public:
  explicit Row(sql::ResultSet& result) : result_(result) {}
  std::string String(int column) const;
  int64_t Int64(int column) const;
  bool IsNull(int column) const;
  std::string String(const std::string& column) const;
  int64_t Int64(const std::string& column) const;
  bool IsNull(const std::string& column) const;

 private:
  sql::ResultSet& result_;
};

// One open connection. Not thread-safe: lent to one caller at a time by DbPool.
class DbConnection final {
 public:
  explicit DbConnection(std::unique_ptr<sql::Connection> connection);
  ~DbConnection();
  DbConnection(const DbConnection&) = delete;
  DbConnection& operator=(const DbConnection&) = delete;

  // Runs a prepared SELECT, calling `on_row` for each row in order.
  absl::Status Query(absl::string_view sql, const std::vector<SqlParam>& params,
                     const std::function<void(const Row&)>& on_row);
  // Runs a prepared INSERT/UPDATE/DELETE; returns the number of rows affected.
  absl::StatusOr<int64_t> Execute(absl::string_view sql, const std::vector<SqlParam>& params);
  // Runs one statement that cannot take parameters (DDL of a migration, locking functions).
  absl::Status ExecuteUnprepared(absl::string_view sql);

  absl::Status Begin();
  absl::Status Commit();
  absl::Status Rollback();
  bool in_transaction() const { return in_transaction_; }

  // True once the connection hit a connection-class error; the pool then discards it.
  bool broken() const { return broken_; }
  // Cheap liveness check (a ping); marks the connection broken if it fails.
  bool IsAlive();

  absl::Time last_used() const { return last_used_; }

 private:
  // Runs `body`, converting any SQLException into a status and noting broken connections.
  absl::Status Guard(const std::function<void()>& body);
  sql::PreparedStatement& Prepare(absl::string_view sql);

  std::unique_ptr<sql::Connection> connection_;
  // Declared after connection_ so statements are destroyed before their connection.
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  bool in_transaction_ = false;
  bool broken_ = false;
  absl::Time last_used_ = absl::Now();
};

class DbPool;

// A connection on loan from a DbPool; returns it (or discards it, if broken) on destruction.
class PooledConnection final {
 public:
  PooledConnection(DbPool* pool, std::unique_ptr<DbConnection> connection);
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&& other) noexcept;  // returns the current one
  ~PooledConnection();

  DbConnection* operator->() const { return connection_.get(); }
  DbConnection& operator*() const { return *connection_; }

 private:
  DbPool* pool_;
  std::unique_ptr<DbConnection> connection_;
};

// A snapshot of the pool for metrics and tests.
struct PoolStats {
  int max_size = 0;
  int open = 0;     // connections currently open (idle + in use)
  int in_use = 0;   // connections lent out
  int waiting = 0;  // callers waiting for a connection
  int64_t opened_total = 0;
  int64_t discarded_total = 0;
};

class DbPool final {
 public:
  explicit DbPool(DbConfig config);
  ~DbPool();
  DbPool(const DbPool&) = delete;
  DbPool& operator=(const DbPool&) = delete;

  // Lends a connection, opening one if below the bound, or waits for one until `deadline`.
  // UNAVAILABLE if the database cannot be reached or the pool stays exhausted.
  absl::StatusOr<PooledConnection> Acquire(absl::Time deadline);

  // OK if the database answers a query on the probe connection within `probe_timeout`.
  absl::Status Ping();

  // A connection outside the pool with its own read/write timeout, for work that may
  // legitimately take long (migrations).
  absl::StatusOr<std::unique_ptr<DbConnection>> Connect(absl::Duration io_timeout);

  PoolStats Stats() const;
  const DbConfig& config() const { return config_; }

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<DbConnection> connection);

  const DbConfig config_;
  mutable absl::Mutex mutex_;
  std::deque<std::unique_ptr<DbConnection>> idle_ ABSL_GUARDED_BY(mutex_);
  int open_ ABSL_GUARDED_BY(mutex_) = 0;  // includes connections being opened
  int in_use_ ABSL_GUARDED_BY(mutex_) = 0;
  int waiting_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t opened_total_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t discarded_total_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::Mutex probe_mutex_;
  std::unique_ptr<DbConnection> probe_ ABSL_GUARDED_BY(probe_mutex_);
};

}  // namespace bch::common

#endif  // BCH_COMMON_DB_POOL_H_
