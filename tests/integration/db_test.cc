// The connection pool, transaction helper, MySQL error mapping, id-list parameters and audit
// helper against a real MariaDB (started by the harness), including a server crash and restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/synchronization/barrier.h"
#include "absl/time/clock.h"
#include "bch/common/audit.h"
#include "bch/common/call_scope.h"
#include "bch/common/db_pool.h"
#include "bch/common/errors.h"
#include "bch/common/sql_id_list.h"
#include "bch/common/transaction.h"
#include "test_mariadb.h"

namespace bch::common {
namespace {

using bch::testing::TestMariaDb;

absl::Time Soon() { return absl::Now() + absl::Seconds(5); }

int64_t CountRows(DbPool& pool, const std::string& table) {
  int64_t count = -1;
  auto db = pool.Acquire(Soon());
  EXPECT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE((*db)
                  ->Query("SELECT COUNT(*) FROM " + table, {},
                          [&](const Row& row) { count = row.Int64(0); })
                  .ok());
  return count;
}

void Exec(DbConnection& db, const std::string& sql, const std::vector<SqlParam>& params = {}) {
  auto result = db.Execute(sql, params);
  ASSERT_TRUE(result.ok()) << sql << ": " << result.status();
}

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<DbPool>(TestMariaDb::Shared().CreateSchema(/*pool_size=*/2));
    auto db = pool_->Acquire(Soon());
    ASSERT_TRUE(db.ok()) << db.status();
    ASSERT_TRUE(
        (*db)
            ->ExecuteUnprepared("CREATE TABLE parent (id INT PRIMARY KEY, note VARCHAR(200) NULL) "
                                "ENGINE=InnoDB")
            .ok());
    ASSERT_TRUE(
        (*db)
            ->ExecuteUnprepared("CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, "
                                "FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB")
            .ok());
  }
  std::unique_ptr<DbPool> pool_;
};

TEST_F(DbTest, PreparedParametersRoundTripIncludingNullAndSqlMetacharacters) {
  auto db = pool_->Acquire(Soon());
  ASSERT_TRUE(db.ok());
  const std::string hostile = "Robert'); DROP TABLE parent;-- \\ \" ` %_ \xE2\x82\xAC";
  Exec(**db, "INSERT INTO parent (id, note) VALUES (?, ?), (?, ?)",
       {int64_t{1}, hostile, int64_t{2}, nullptr});
  std::vector<std::pair<std::string, bool>> rows;
  ASSERT_TRUE((*db)
                  ->Query("SELECT note, note IS NULL FROM parent ORDER BY id", {},
                          [&](const Row& row) {
                            rows.emplace_back(row.IsNull(0) ? "" : row.String(0), row.Int64(1));
                          })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].first, hostile);
  EXPECT_TRUE(rows[1].second);
}

TEST_F(DbTest, AnIdListParameterComesBackAsRowsWhateverItsContentAndLength) {
  auto db = pool_->Acquire(Soon());
  ASSERT_TRUE(db.ok());
  const std::string sql = "SELECT w.id FROM " + SqlIdListTable("w") + "ORDER BY w.id";
  for (const std::vector<std::string>& ids :
       {std::vector<std::string>{}, std::vector<std::string>{"athena"},
        std::vector<std::string>{"a\"b", "back\\slash", "x'); DROP TABLE parent;--", "\xE2\x82\xAC",
                                 "tab\there"}}) {
    std::vector<std::string> rows;
    ASSERT_TRUE(
        (*db)
            ->Query(sql, {SqlIdList(ids)}, [&](const Row& row) { rows.push_back(row.String(0)); })
            .ok());
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(rows, sorted);
  }
  EXPECT_EQ(CountRows(*pool_, "parent"), 0) << "the table is still there";
}

TEST_F(DbTest, ServerErrorsMapToTheDocumentedCodes) {
  auto db = pool_->Acquire(Soon());
  ASSERT_TRUE(db.ok());
  Exec(**db, "INSERT INTO parent (id) VALUES (1)");
  Exec(**db, "INSERT INTO child (id, parent_id) VALUES (10, 1)");

  auto duplicate = (*db)->Execute("INSERT INTO parent (id) VALUES (?)", {int64_t{1}});
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists);
  auto orphan = (*db)->Execute("INSERT INTO child (id, parent_id) VALUES (11, ?)", {int64_t{99}});
  EXPECT_EQ(orphan.status().code(), absl::StatusCode::kFailedPrecondition);
  auto referenced = (*db)->Execute("DELETE FROM parent WHERE id = ?", {int64_t{1}});
  EXPECT_EQ(referenced.status().code(), absl::StatusCode::kFailedPrecondition);
  auto bad_sql = (*db)->Execute("INSERT INTO no_such_table VALUES (?)", {int64_t{1}});
  EXPECT_EQ(bad_sql.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(bad_sql.status().message().find("no_such_table"), absl::string_view::npos);
  EXPECT_FALSE((*db)->broken()) << "statement errors keep the connection";
}

TEST_F(DbTest, PoolIsBoundedAndWaitersGetTheNextFreeConnection) {
  auto first = pool_->Acquire(Soon());
  auto second = pool_->Acquire(Soon());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(pool_->Stats().in_use, 2);

  auto exhausted = pool_->Acquire(absl::Now() + absl::Milliseconds(100));
  ASSERT_FALSE(exhausted.ok());
  EXPECT_EQ(exhausted.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(exhausted.status()), "DATABASE_POOL_EXHAUSTED");

  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(100));
    first = absl::UnavailableError("released");  // drops the lease
  });
  auto waited = pool_->Acquire(Soon());
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.status();
  EXPECT_EQ(pool_->Stats().open, 2) << "the freed connection is reused, not a new one opened";
}

TEST_F(DbTest, ATransactionLeftOpenIsRolledBackOnRelease) {
  {
    auto db = pool_->Acquire(Soon());
    ASSERT_TRUE((*db)->Begin().ok());
    Exec(**db, "INSERT INTO parent (id) VALUES (7)");
  }  // released without Commit
  EXPECT_EQ(CountRows(*pool_, "parent"), 0);
}

TEST_F(DbTest, TransactionCommitsOrRollsBackAsAWhole) {
  ASSERT_TRUE(RunInTransaction(*pool_, {.deadline = Soon()}, [](DbConnection& db) {
                return db.Execute("INSERT INTO parent (id) VALUES (1), (2)", {}).status();
              }).ok());
  const absl::Status failed = RunInTransaction(*pool_, {.deadline = Soon()}, [](DbConnection& db) {
    auto inserted = db.Execute("INSERT INTO parent (id) VALUES (3)", {});
    if (!inserted.ok()) return inserted.status();
    return db.Execute("INSERT INTO parent (id) VALUES (1)", {}).status();  // duplicate
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CountRows(*pool_, "parent"), 2) << "row 3 was rolled back with the failed insert";
}

TEST_F(DbTest, DeadlocksAreRetriedUntilBothTransactionsCommit) {
  {
    auto db = pool_->Acquire(Soon());
    Exec(**db, "INSERT INTO parent (id, note) VALUES (1, ''), (2, '')");
  }
  absl::Barrier* both_locked_first_row = new absl::Barrier(2);
  std::atomic<int> attempts{0};
  auto crosswise = [&](int64_t first, int64_t second) {
    bool first_attempt = true;
    return RunInTransaction(*pool_, {.deadline = Soon(), .max_attempts = 5},
                            [&](DbConnection& db) -> absl::Status {
                              ++attempts;
                              auto a = db.Execute(
                                  "UPDATE parent SET note = CONCAT(note, 'x') "
                                  "WHERE id = ?",
                                  {first});
                              if (!a.ok()) return a.status();
                              if (first_attempt) {
                                first_attempt = false;
                                if (both_locked_first_row->Block()) delete both_locked_first_row;
                              }
                              return db
                                  .Execute(
                                      "UPDATE parent SET note = CONCAT(note, 'y') "
                                      "WHERE id = ?",
                                      {second})
                                  .status();
                            });
  };
  absl::Status one, two;
  std::thread t1([&] { one = crosswise(1, 2); });
  std::thread t2([&] { two = crosswise(2, 1); });
  t1.join();
  t2.join();
  EXPECT_TRUE(one.ok()) << one;
  EXPECT_TRUE(two.ok()) << two;
  EXPECT_GE(attempts.load(), 3) << "one of the two must have been chosen as deadlock victim";
  // Each row got exactly one 'x' and one 'y': each transaction applied once (the victim's first
  // attempt was rolled back); their order depends on which one was chosen as victim.
  std::vector<std::string> notes;
  auto db = pool_->Acquire(Soon());
  ASSERT_TRUE((*db)
                  ->Query("SELECT note FROM parent ORDER BY id", {},
                          [&](const Row& row) { notes.push_back(row.String(0)); })
                  .ok());
  ASSERT_EQ(notes.size(), 2u);
  for (const std::string& note : notes) {
    EXPECT_TRUE(note == "xy" || note == "yx") << note;
  }
}

TEST_F(DbTest, AuditEventsAreWrittenOnlyInsideTheMutationsTransaction) {
  {
    auto db = pool_->Acquire(Soon());
    ASSERT_TRUE((*db)
                    ->ExecuteUnprepared(
                        "CREATE TABLE audit_events (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        "occurred_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6), actor "
                        "VARCHAR(200), actor_force VARCHAR(100), action VARCHAR(100), resource "
                        "VARCHAR(400), change_json MEDIUMTEXT, request_id VARCHAR(100))")
                    .ok());
    const absl::Status outside = RecordAuditEvent(**db, {});
    EXPECT_EQ(outside.code(), absl::StatusCode::kInternal);
  }
  const AuditEvent event{.actor = {"alice", "forces/cambridgeshire", {"editor"}},
                         .action = "CreateParent",
                         .resource = "parents/1",
                         .change_json = R"({"id":1})",
                         .request_id = "req-1"};
  ASSERT_TRUE(RunInTransaction(*pool_, {.deadline = Soon()}, [&](DbConnection& db) {
                auto inserted = db.Execute("INSERT INTO parent (id) VALUES (1)", {});
                if (!inserted.ok()) return inserted.status();
                return RecordAuditEvent(db, event);
              }).ok());
  (void)RunInTransaction(*pool_, {.deadline = Soon()}, [&](DbConnection& db) {
    if (absl::Status s = RecordAuditEvent(db, event); !s.ok()) return s;
    return db.Execute("INSERT INTO parent (id) VALUES (1)", {}).status();  // fails: duplicate
  });
  std::vector<std::string> rows;
  auto db = pool_->Acquire(Soon());
  ASSERT_TRUE((*db)
                  ->Query("SELECT CONCAT_WS('|', actor, actor_force, action, resource, "
                          "change_json, request_id) FROM audit_events",
                          {}, [&](const Row& row) { rows.push_back(row.String(0)); })
                  .ok());
  EXPECT_EQ(rows,
            std::vector<std::string>{
                "alice|forces/cambridgeshire|CreateParent|parents/1|{\"id\":1}|req-1"})
      << "the event of the rolled-back change is gone with it";
}

TEST(DbPoolResilience, ServerKilledAndRestartedMidTransaction) {
  TestMariaDb& server = TestMariaDb::Shared();
  DbPool pool(server.CreateSchema(/*pool_size=*/2));
  {
    auto db = pool.Acquire(Soon());
    ASSERT_TRUE(db.ok()) << db.status();
    Exec(**db, "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
  }
  auto lease = pool.Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)->Begin().ok());
  Exec(**lease, "INSERT INTO t (id) VALUES (1)");

  server.Kill();
  const absl::Time before = absl::Now();
  const absl::Status down = pool.Ping();
  EXPECT_EQ(down.code(), absl::StatusCode::kUnavailable) << down;
  EXPECT_LT(absl::Now() - before, absl::Seconds(3)) << "UNAVAILABLE must come promptly";

  server.Start();
  // The connection in the transaction does not silently reconnect: its statements fail.
  auto after = (*lease)->Execute("INSERT INTO t (id) VALUES (2)", {});
  EXPECT_EQ(after.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE((*lease)->broken());
  lease = absl::UnavailableError("released");  // the broken connection is discarded

  EXPECT_TRUE(pool.Ping().ok()) << "a fresh connection replaces the broken ones";
  EXPECT_EQ(CountRows(pool, "t"), 0) << "the uncommitted insert died with the server";
  const PoolStats stats = pool.Stats();
  EXPECT_GE(stats.discarded_total, 1);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_LE(stats.open, stats.max_size);
}

// SIGSTOP freezes the server with its sockets open: nothing answers and nothing fails. The probe
// must say so within its own timeout, a call's round trip within the pool's, and the connection
// that timed out must never be lent again.
TEST(DbPoolResilience, StalledServerIsReportedPromptlyAndRecoveredFrom) {
  TestMariaDb& server = TestMariaDb::Shared();
  DbConfig config = server.CreateSchema(/*pool_size=*/2);
  config.io_timeout = absl::Seconds(2);
  config.probe_timeout = absl::Seconds(1);
  DbPool pool(config);
  ASSERT_TRUE(pool.Ping().ok());
  auto lease = pool.Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)->Query("SELECT 1", {}, [](const Row&) {}).ok());

  server.Pause();
  absl::Time before = absl::Now();
  const absl::Status probe = pool.Ping();
  const absl::Duration probe_took = absl::Now() - before;
  before = absl::Now();
  const absl::Status query = (*lease)->Query("SELECT 1", {}, [](const Row&) {});
  const absl::Duration query_took = absl::Now() - before;
  const bool broken = (*lease)->broken();
  server.Resume();

  EXPECT_EQ(probe.code(), absl::StatusCode::kUnavailable) << probe;
  // One try: a probe that timed out is not retried (a second would only time out again).
  EXPECT_LT(probe_took, absl::Milliseconds(1000 + 700)) << probe_took;
  EXPECT_EQ(query.code(), absl::StatusCode::kUnavailable) << query;
  EXPECT_LT(query_took, absl::Milliseconds(2000 + 1000)) << query_took;
  EXPECT_TRUE(broken) << "a connection that timed out mid-answer is out of sync";
  lease = absl::UnavailableError("released");
  EXPECT_EQ(pool.Stats().open, 0) << "the timed-out connection was discarded, not pooled";
  EXPECT_TRUE(pool.Ping().ok()) << "the probe recovers by itself";
  EXPECT_GT(CountRows(pool, "information_schema.schemata"), 0);
}

// Work for a caller who has gone stops before its next statement; outside a call nothing is
// checked.
TEST(DbPoolResilience, StatementsStopWhenTheCallEnds) {
  DbPool pool(TestMariaDb::Shared().CreateSchema(/*pool_size=*/1));
  auto db = pool.Acquire(Soon());
  ASSERT_TRUE(db.ok());
  auto run = [&] { return (*db)->Query("SELECT 1", {}, [](const Row&) {}); };
  EXPECT_TRUE(run().ok());
  bool cancelled = false;
  {
    CallScope call("req-cancel", absl::InfiniteFuture(), [&] { return cancelled; });
    EXPECT_TRUE(run().ok());
    cancelled = true;
    EXPECT_EQ(run().code(), absl::StatusCode::kCancelled);
    EXPECT_EQ(CurrentRequestId(), "req-cancel");
  }
  {
    CallScope call("req-late", absl::Now() - absl::Seconds(1), nullptr);
    EXPECT_EQ(run().code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_FALSE((*db)->broken()) << "no round trip was started: the connection stays usable";
  }
  EXPECT_TRUE(run().ok());
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST(DbPoolResilience, UnreachableDatabaseIsUnavailable) {
  DbConfig config = TestMariaDb::Shared().CreateSchema();
  config.port = bch::testing::FreeLoopbackPort();  // nothing listens there
  DbPool pool(config);
  const absl::Status status = pool.Ping();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(status), "DATABASE_UNAVAILABLE");
  EXPECT_EQ(pool.Stats().open, 0) << "a failed open frees its slot";
}

}  // namespace
}  // namespace bch::common
