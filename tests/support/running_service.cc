// In-process services for tests (see running_service.h).
#include "running_service.h"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "test_mariadb.h"

namespace bch::testing {

RunningService::RunningService(const common::ServiceDefinition& definition,
                               const std::function<void(common::DbConnection&)>& before_migrating)
    : pool_(TestMariaDb::Shared().CreateSchema()),
      callers_(common::Principal{"test-user", "forces/test", {"admin"}}) {
  auto db = pool_.Acquire(absl::Now() + absl::Seconds(5));
  EXPECT_TRUE(db.ok()) << db.status();
  if (before_migrating) before_migrating(**db);
  auto migrated =
      common::ApplyMigrations(**db, common::MigrationSetsFor(definition), absl::Seconds(10));
  EXPECT_TRUE(migrated.ok()) << migrated.status();
  services_ = definition.make_services(common::ServiceDeps{pool_, callers_});
  std::vector<grpc::Service*> raw;
  for (auto& s : services_) raw.push_back(s.get());
  common::GrpcServerOptions options;  // loopback, a free port
  options.health_service_names = definition.grpc_service_names;
  auto server = common::GrpcServer::Start(options, raw, &metrics_);
  EXPECT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  metrics_.AddPool(&pool_);
  channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                 grpc::InsecureChannelCredentials());
}

void RunningService::Sql(const std::string& sql) {
  auto db = pool_.Acquire(absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->ExecuteUnprepared(sql).ok()) << sql;
}

std::string RunningService::QueryValue(const std::string& sql) {
  auto db = pool_.Acquire(absl::Now() + absl::Seconds(5));
  EXPECT_TRUE(db.ok());
  std::string value;
  bool first = true;
  EXPECT_TRUE((*db)
                  ->Query(sql, {},
                          [&](const common::Row& row) {
                            if (first) value = row.String(0);
                            first = false;
                          })
                  .ok())
      << sql;
  return value;
}

}  // namespace bch::testing
