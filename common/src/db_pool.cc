// Connection pool and connection wrapper over Connector/C++ 1.1 (see db_pool.h).
#include "bch/common/db_pool.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bch/common/call_scope.h"
#include "bch/common/errors.h"
#include "bch/common/log.h"

namespace bch::common {
namespace {

sql::mysql::MySQL_Driver* Driver() {
  // The first call is not thread-safe in Connector/C++ 1.1.
  static std::once_flag once;
  static sql::mysql::MySQL_Driver* driver = nullptr;
  std::call_once(once, [] { driver = sql::mysql::get_mysql_driver_instance(); });
  return driver;
}

int WholeSeconds(absl::Duration d) {
  const int64_t seconds = absl::ToInt64Seconds(absl::Ceil(d, absl::Seconds(1)));
  return seconds < 1 ? 1 : static_cast<int>(seconds);
}

void Bind(sql::PreparedStatement& statement, const std::vector<SqlParam>& params) {
  statement.clearParameters();
  for (size_t i = 0; i < params.size(); ++i) {
    const unsigned int index = static_cast<unsigned int>(i + 1);
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            statement.setNull(index, sql::DataType::VARCHAR);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            statement.setInt64(index, value);
          } else {
            statement.setString(index, value);
          }
        },
        params[i]);
  }
}

}  // namespace

std::string Row::String(int column) const { return result_.getString(column + 1); }
int64_t Row::Int64(int column) const { return result_.getInt64(column + 1); }
bool Row::IsNull(int column) const { return result_.isNull(column + 1); }
std::string Row::String(const std::string& column) const { return result_.getString(column); }
int64_t Row::Int64(const std::string& column) const { return result_.getInt64(column); }
bool Row::IsNull(const std::string& column) const { return result_.isNull(column); }

DbConnection::DbConnection(std::unique_ptr<sql::Connection> connection)
    : connection_(std::move(connection)) {}

DbConnection::~DbConnection() = default;

absl::Status DbConnection::Guard(const std::function<void()>& body) {
  // A statement is not started for a caller who has gone: its answer would be thrown away.
  if (absl::Status call = CurrentCallStatus(); !call.ok()) return call;
  last_used_ = absl::Now();
  try {
    body();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    const int code = e.getErrorCode();
    if (IsConnectionError(code) || connection_->isClosed()) broken_ = true;
    Log(Severity::kWarning, "database error", {.method = {}, .request_id = CurrentRequestId()},
        {{"mysql_code", std::to_string(code)},
         {"sql_state", e.getSQLState()},
         {"detail", e.what()}});
    return StatusFromMysqlError(code, e.what());
  }
}

sql::PreparedStatement& DbConnection::Prepare(absl::string_view sql_text) {
  auto it = statements_.find(sql_text);
  if (it == statements_.end()) {
    std::unique_ptr<sql::PreparedStatement> statement(
        connection_->prepareStatement(std::string(sql_text)));
    it = statements_.emplace(std::string(sql_text), std::move(statement)).first;
  }
  return *it->second;
}

absl::Status DbConnection::Query(absl::string_view sql_text, const std::vector<SqlParam>& params,
                                 const std::function<void(const Row&)>& on_row) {
  return Guard([&] {
    sql::PreparedStatement& statement = Prepare(sql_text);
    Bind(statement, params);
    std::unique_ptr<sql::ResultSet> result(statement.executeQuery());
    while (result->next()) on_row(Row(*result));
  });
}

absl::StatusOr<int64_t> DbConnection::Execute(absl::string_view sql_text,
                                              const std::vector<SqlParam>& params) {
  int64_t affected = 0;
  absl::Status status = Guard([&] {
    sql::PreparedStatement& statement = Prepare(sql_text);
    Bind(statement, params);
    affected = statement.executeUpdate();
  });
  if (!status.ok()) return status;
  return affected;
}

absl::Status DbConnection::ExecuteUnprepared(absl::string_view sql_text) {
  return Guard([&] {
    std::unique_ptr<sql::Statement> statement(connection_->createStatement());
    statement->execute(std::string(sql_text));
    // Drain any result so the connection stays in sync for the next command.
    std::unique_ptr<sql::ResultSet> result(statement->getResultSet());
  });
}

absl::Status DbConnection::Begin() {
  absl::Status status = ExecuteUnprepared("START TRANSACTION");
  in_transaction_ = status.ok();
  return status;
}

absl::Status DbConnection::Commit() {
  // Whatever the outcome, the transaction is over: a failed COMMIT rolls back or leaves the
  // connection broken (and discarded).
  in_transaction_ = false;
  return ExecuteUnprepared("COMMIT");
}

absl::Status DbConnection::Rollback() {
  in_transaction_ = false;
  return ExecuteUnprepared("ROLLBACK");
}

bool DbConnection::IsAlive() {
  absl::Status status = Query("SELECT 1", {}, [](const Row&) {});
  return status.ok() && !broken_;
}

PooledConnection::PooledConnection(DbPool* pool, std::unique_ptr<DbConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr) pool_->Release(std::move(connection_));
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

PooledConnection::~PooledConnection() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

DbPool::DbPool(DbConfig config) : config_(std::move(config)) { Driver(); }

DbPool::~DbPool() = default;

absl::StatusOr<std::unique_ptr<DbConnection>> DbPool::Connect(absl::Duration io_timeout) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(config_.host);
  options["port"] = config_.port;
  options["userName"] = sql::SQLString(config_.user);
  options["password"] = sql::SQLString(config_.password);
  options["schema"] = sql::SQLString(config_.schema);
  options["OPT_RECONNECT"] = false;
  options["OPT_CONNECT_TIMEOUT"] = WholeSeconds(config_.connect_timeout);
  options["OPT_READ_TIMEOUT"] = WholeSeconds(io_timeout);
  options["OPT_WRITE_TIMEOUT"] = WholeSeconds(io_timeout);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  std::unique_ptr<sql::Connection> raw;
  try {
    raw.reset(Driver()->connect(options));
  } catch (const sql::SQLException& e) {
    Log(Severity::kWarning, "cannot connect to the database",
        {.method = {}, .request_id = CurrentRequestId()},
        {{"host", config_.host},
         {"port", std::to_string(config_.port)},
         {"mysql_code", std::to_string(e.getErrorCode())},
         {"detail", e.what()}});
    if (IsConnectionError(e.getErrorCode())) return StatusFromMysqlError(e.getErrorCode(), "");
    // Access denied, unknown database and the like: still "not reachable" for the caller.
    return WithReason(absl::UnavailableError("cannot connect to the database"),
                      "DATABASE_UNAVAILABLE");
  }
  auto connection = std::make_unique<DbConnection>(std::move(raw));
  // Times are stored and compared in UTC; strict mode refuses truncated or invalid values. The
  // server gives up on a statement (and on a lock wait) before the socket times out, so that a
  // slow statement fails alone and the connection stays usable.
  const int64_t io_ms = absl::ToInt64Milliseconds(io_timeout);
  absl::Status status = connection->ExecuteUnprepared(absl::StrCat(
      "SET SESSION time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
      "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', max_statement_time = ",
      static_cast<double>(io_ms) * 0.8 / 1000.0,
      ", innodb_lock_wait_timeout = ", std::max<int64_t>(1, io_ms * 6 / 10 / 1000)));
  if (!status.ok()) return status;
  // A write locks a row and then reads what depends on it (a resource's versions and timeline,
  // an earlier request id): each read must see what was committed before the lock was granted,
  // not a snapshot taken earlier in the transaction, as REPEATABLE READ would give a batch that
  // read before it waited. READ COMMITTED also takes no gap locks, so concurrent writers of
  // neighbouring rows deadlock less.
  status = connection->ExecuteUnprepared("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  if (!status.ok()) return status;
  return connection;
}

absl::StatusOr<PooledConnection> DbPool::Acquire(absl::Time deadline) {
  std::unique_ptr<DbConnection> connection;
  {
    absl::MutexLock lock(&mutex_);
    ++waiting_;
    const bool ready = mutex_.AwaitWithDeadline(
        absl::Condition(
            +[](DbPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mutex_) {
              return !pool->idle_.empty() || pool->open_ < pool->config_.pool_size;
            },
            this),
        deadline);
    --waiting_;
    if (!ready) {
      return WithReason(
          absl::UnavailableError("no database connection became free before the deadline"),
          "DATABASE_POOL_EXHAUSTED");
    }
    ++in_use_;
    if (!idle_.empty()) {
      connection = std::move(idle_.back());  // most recently used: likely still alive
      idle_.pop_back();
    } else {
      ++open_;  // reserve the slot; the connection is opened outside the lock
    }
  }
  if (connection != nullptr &&
      absl::Now() - connection->last_used() > config_.validate_after_idle &&
      !connection->IsAlive()) {
    connection.reset();  // stale (e.g. the server restarted): replace it in the same slot
    absl::MutexLock lock(&mutex_);
    ++discarded_total_;
  }
  if (connection == nullptr) {
    // Not worth a connect for a caller who has gone while the stale one was tried.
    absl::Status call = CurrentCallStatus();
    if (call.ok() && absl::Now() >= deadline) call = CallDeadlinePassedError();
    if (!call.ok()) {
      absl::MutexLock lock(&mutex_);
      --open_;
      --in_use_;
      return call;
    }
    auto opened = Connect(config_.io_timeout);
    absl::MutexLock lock(&mutex_);
    if (!opened.ok()) {
      --open_;
      --in_use_;
      return opened.status();
    }
    ++opened_total_;
    connection = *std::move(opened);
  }
  return PooledConnection(this, std::move(connection));
}

void DbPool::Release(std::unique_ptr<DbConnection> connection) {
  if (connection->in_transaction()) {
    // A caller left a transaction open: never hand it to the next caller as is.
    (void)connection->Rollback();
  }
  absl::MutexLock lock(&mutex_);
  --in_use_;
  if (connection->broken()) {
    --open_;
    ++discarded_total_;
    return;  // the parameter outlives `lock`: the connection closes outside the lock
  }
  idle_.push_back(std::move(connection));
}

absl::Status DbPool::Ping() {
  absl::MutexLock lock(&probe_mutex_);
  // A second try only after a quick failure: after a server restart the probe's old connection
  // is dead at once, while a server that timed out would only time out again.
  absl::Status status;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const absl::Time start = absl::Now();
    if (probe_ == nullptr) {
      auto opened = Connect(config_.probe_timeout);
      if (!opened.ok()) return opened.status();
      probe_ = *std::move(opened);
    }
    status = probe_->Query("SELECT 1", {}, [](const Row&) {});
    if (status.ok()) return status;
    if (probe_->broken()) probe_.reset();
    if (absl::Now() - start > config_.probe_timeout / 2) break;
  }
  return status;
}

PoolStats DbPool::Stats() const {
  absl::MutexLock lock(&mutex_);
  return PoolStats{config_.pool_size, open_, in_use_, waiting_, opened_total_, discarded_total_};
}

}  // namespace bch::common
