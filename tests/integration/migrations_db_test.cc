// The migration runner against a real MariaDB: apply once, refuse edited history, lock out
// concurrent runners, and stop at a failing statement without recording it.
#include <gtest/gtest.h>

#include <thread>

#include "absl/time/clock.h"
#include "bch/common/errors.h"
#include "bch/common/migrations.h"
#include "test_mariadb.h"

namespace bch::common {
namespace {

using bch::testing::TestMariaDb;

const MigrationSet kDemo{"demo",
                         {{"V0001__create_things.sql",
                           "CREATE TABLE things (id INT PRIMARY KEY);\n"
                           "INSERT INTO things VALUES (1), (2);"},
                          {"V0002__add_name.sql",
                           "ALTER TABLE things ADD COLUMN name VARCHAR(20) NOT NULL DEFAULT 'x'"}}};

std::vector<std::string> Recorded(DbConnection& db) {
  std::vector<std::string> rows;
  EXPECT_TRUE(db.Query("SELECT CONCAT(component, ' ', version) FROM schema_migrations "
                       "ORDER BY component, version",
                       {}, [&](const Row& row) { rows.push_back(row.String(0)); })
                  .ok());
  return rows;
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<DbPool>(TestMariaDb::Shared().CreateSchema(/*pool_size=*/6));
  }
  PooledConnection Connection() {
    auto db = pool_->Acquire(absl::Now() + absl::Seconds(5));
    EXPECT_TRUE(db.ok()) << db.status();
    return *std::move(db);
  }
  std::unique_ptr<DbPool> pool_;
};

TEST_F(MigrationsTest, AppliesEachMigrationOnceInOrder) {
  auto db = Connection();
  auto first = ApplyMigrations(*db, {{"common", CommonMigrations()}, kDemo}, absl::Seconds(5));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->applied,
            (std::vector<std::string>{"common V1 create_audit_events",
                                      "common V2 create_idempotency_keys", "demo V1 create_things",
                                      "demo V2 add_name"}));
  auto second = ApplyMigrations(*db, {{"common", CommonMigrations()}, kDemo}, absl::Seconds(5));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->already_applied, 4);
  int64_t things = 0;
  ASSERT_TRUE(db->Query("SELECT COUNT(*) FROM things WHERE name = 'x'", {}, [&](const Row& row) {
                  things = row.Int64(0);
                }).ok());
  EXPECT_EQ(things, 2) << "the insert ran once, the column exists";
}

TEST_F(MigrationsTest, RefusesAnEditedAppliedFileAndAppliesNothingElse) {
  auto db = Connection();
  ASSERT_TRUE(ApplyMigrations(*db, {{"demo", {kDemo.sources[0]}}}, absl::Seconds(5)).ok());
  const MigrationSet edited{
      "demo", {{"V0001__create_things.sql", "CREATE TABLE things (id BIGINT);"}, kDemo.sources[1]}};
  auto result = ApplyMigrations(*db, {edited}, absl::Seconds(5));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(result.status()), "MIGRATION_CHECKSUM_MISMATCH");
  EXPECT_NE(result.status().message().find("demo V1"), absl::string_view::npos);
  EXPECT_EQ(Recorded(*db), std::vector<std::string>{"demo 1"}) << "V2 must not run";
}

TEST_F(MigrationsTest, WaitsForTheLockAndGivesUpWhenAnotherRunnerHoldsIt) {
  auto holder = Connection();
  int64_t got = 0;
  ASSERT_TRUE(holder
                  ->Query("SELECT GET_LOCK(CONCAT('bch_migrate.', DATABASE()), 0)", {},
                          [&](const Row& row) { got = row.Int64(0); })
                  .ok());
  ASSERT_EQ(got, 1);
  auto db = Connection();
  auto blocked = ApplyMigrations(*db, {kDemo}, absl::Seconds(1));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(blocked.status()), "MIGRATION_LOCK_TIMEOUT");
  EXPECT_TRUE(Recorded(*db).empty());

  ASSERT_TRUE(
      holder
          ->Query("SELECT RELEASE_LOCK(CONCAT('bch_migrate.', DATABASE()))", {}, [](const Row&) {})
          .ok());
  EXPECT_TRUE(ApplyMigrations(*db, {kDemo}, absl::Seconds(1)).ok());
}

TEST_F(MigrationsTest, ConcurrentRunnersApplyEachMigrationExactlyOnce) {
  constexpr int kRunners = 4;
  std::vector<absl::StatusOr<MigrationResult>> results(kRunners, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      auto db = Connection();
      results[i] = ApplyMigrations(*db, {kDemo}, absl::Seconds(30));
    });
  }
  for (auto& t : threads) t.join();
  size_t applied = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    applied += r->applied.size();
  }
  EXPECT_EQ(applied, 2u);
  auto db = Connection();
  EXPECT_EQ(Recorded(*db), (std::vector<std::string>{"demo 1", "demo 2"}));
}

TEST_F(MigrationsTest, AFailingStatementStopsTheRunAndIsNotRecorded) {
  auto db = Connection();
  const MigrationSet broken{
      "demo", {kDemo.sources[0], {"V0002__broken.sql", "ALTER TABLE nowhere ADD x INT"}}};
  auto result = ApplyMigrations(*db, {broken}, absl::Seconds(5));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("demo V2 statement 1"), absl::string_view::npos)
      << result.status();
  EXPECT_EQ(Recorded(*db), std::vector<std::string>{"demo 1"});
}

}  // namespace
}  // namespace bch::common
