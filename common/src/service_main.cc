// The shared main of the database-backed services (see service_main.h).
#include "bch/common/service_main.h"

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/common/config.h"
#include "bch/common/log.h"
#include "bch/common/server_flags.h"

ABSL_FLAG(std::string, db_host, "127.0.0.1", "MariaDB/MySQL host.");
ABSL_FLAG(int32_t, db_port, 3306, "MariaDB/MySQL port.");
ABSL_FLAG(std::string, db_user, "", "Database user of this service (required).");
ABSL_FLAG(std::string, db_password, "", "Database password (prefer --db_password_file).");
ABSL_FLAG(std::string, db_password_file, "",
          "File holding the database password, e.g. a mounted Kubernetes secret.");
ABSL_FLAG(std::string, db_name, "", "Schema of this service; default bch_<service>.");
ABSL_FLAG(int32_t, db_pool_size, 8, "Most database connections this process opens.");
ABSL_FLAG(bool, migrate_on_start, true,
          "Apply pending migrations once the database answers, before reporting SERVING.");
ABSL_FLAG(int32_t, health_poll_ms, 1000, "How often the database is pinged for health.");
ABSL_FLAG(int32_t, health_timeout_ms, 2000,
          "How long the health probe waits for the database before reporting NOT_SERVING.");
ABSL_FLAG(int32_t, db_io_timeout_ms, 5000,
          "Longest wait for one database round trip of a call; the server aborts a statement a "
          "little before.");
ABSL_FLAG(std::string, local_principal_force, "forces/local",
          "Force of the fixed development principal every call is made by (local mode).");

namespace bch::common {
namespace {

// A one-way "please stop" shared by the signal thread, the health loop and main.
class StopRequest final {
 public:
  void Request(std::string reason, int exit_code) {
    absl::MutexLock lock(&mutex_);
    if (stopped_) return;
    stopped_ = true;
    reason_ = std::move(reason);
    exit_code_ = exit_code;
  }
  // Waits up to `timeout`; true once a stop was requested.
  bool WaitFor(absl::Duration timeout) {
    absl::MutexLock lock(&mutex_);
    return mutex_.AwaitWithTimeout(absl::Condition(&stopped_), timeout);
  }
  std::string reason() {
    absl::MutexLock lock(&mutex_);
    return reason_;
  }
  int exit_code() {
    absl::MutexLock lock(&mutex_);
    return exit_code_;
  }

 private:
  absl::Mutex mutex_;
  bool stopped_ ABSL_GUARDED_BY(mutex_) = false;
  std::string reason_ ABSL_GUARDED_BY(mutex_);
  int exit_code_ ABSL_GUARDED_BY(mutex_) = 0;
};

absl::StatusOr<DbConfig> DbConfigFromFlags() {
  DbConfig config;
  config.host = absl::GetFlag(FLAGS_db_host);
  config.port = absl::GetFlag(FLAGS_db_port);
  config.user = absl::GetFlag(FLAGS_db_user);
  config.password = absl::GetFlag(FLAGS_db_password);
  config.schema = absl::GetFlag(FLAGS_db_name);
  config.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  config.io_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_db_io_timeout_ms));
  config.probe_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_health_timeout_ms));
  if (config.pool_size < 1) return absl::InvalidArgumentError("--db_pool_size must be at least 1");
  if (config.io_timeout < absl::Seconds(1) || config.probe_timeout < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--db_io_timeout_ms and --health_timeout_ms must be >= 1000");
  }
  const std::string password_file = absl::GetFlag(FLAGS_db_password_file);
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", password_file));
    std::stringstream text;
    text << in.rdbuf();
    config.password = std::string(absl::StripTrailingAsciiWhitespace(text.str()));
  }
  return config;
}

absl::Status Migrate(DbPool& pool, const std::vector<MigrationSet>& sets) {
  // A connection of its own: a migration may rebuild a large table for minutes.
  auto connection = pool.Connect(absl::Minutes(30));
  if (!connection.ok()) return connection.status();
  auto result = ApplyMigrations(**connection, sets, absl::Seconds(60));
  if (!result.ok()) return result.status();
  Log(Severity::kInfo, "schema migrated", {},
      {{"applied", absl::StrJoin(result->applied, ", ")},
       {"already_applied", std::to_string(result->already_applied)}});
  return absl::OkStatus();
}

// Errors a retry cannot fix: an edited or broken migration.
bool IsPermanentMigrationError(const absl::Status& status) {
  return !status.ok() && status.code() != absl::StatusCode::kUnavailable &&
         status.code() != absl::StatusCode::kAborted;
}

void HealthLoop(DbPool& pool, GrpcServer& server, const std::vector<MigrationSet>& sets,
                StopRequest& stop) {
  bool migrated = !absl::GetFlag(FLAGS_migrate_on_start);
  bool first = true, last_serving = false;
  const absl::Duration poll = absl::Milliseconds(absl::GetFlag(FLAGS_health_poll_ms));
  do {
    absl::Status status = pool.Ping();
    if (status.ok() && !migrated) {
      status = Migrate(pool, sets);
      migrated = status.ok();
      if (IsPermanentMigrationError(status)) {
        Log(Severity::kError, absl::StrCat("migration failed: ", status.message()));
        stop.Request("migration failed", 1);
        return;
      }
    }
    const bool serving = status.ok();
    if (first || serving != last_serving) {
      server.SetServing(serving);
      Log(serving ? Severity::kInfo : Severity::kWarning,
          serving ? "SERVING: database answers" : "NOT_SERVING: database unavailable", {},
          {{"detail", std::string(status.message())}});
    }
    first = false;
    last_serving = serving;
  } while (!stop.WaitFor(poll));
}

}  // namespace

std::string ErrorDomain(absl::string_view service_name) {
  return absl::StrCat(service_name, ".bch.police.uk");
}

std::vector<MigrationSet> MigrationSetsFor(const ServiceDefinition& definition) {
  return {{"common", CommonMigrations()}, {definition.name, definition.migrations()}};
}

int RunServiceMain(int argc, char** argv, const ServiceDefinition& definition) {
  absl::SetFlag(&FLAGS_port, definition.default_port);
  absl::SetFlag(&FLAGS_metrics_port, definition.default_metrics_port);
  absl::SetFlag(&FLAGS_db_name, absl::StrCat("bch_", definition.name));
  const std::vector<std::string> args = ParseFlagsWithEnv(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "serve";
  if (args.size() > 2 || (command != "serve" && command != "migrate")) {
    Log(Severity::kError,
        absl::StrCat("usage: ", args[0], " [serve|migrate] [--flags]; see --help"));
    return 2;
  }
  if (absl::Status s = RequireFlags({"db_user", "db_name"}); !s.ok()) {
    Log(Severity::kError, s.message());
    return 2;
  }
  auto config = DbConfigFromFlags();
  if (!config.ok()) {
    Log(Severity::kError, config.status().message());
    return 2;
  }
  DbPool pool(*config);
  const std::vector<MigrationSet> sets = MigrationSetsFor(definition);

  if (command == "migrate") {
    absl::Status status = Migrate(pool, sets);
    if (!status.ok()) Log(Severity::kError, absl::StrCat("migration failed: ", status.message()));
    return status.ok() ? 0 : 1;
  }

  PrepareServerProcess();  // before any thread starts; `migrate` above stays interruptible
  ServerMetrics metrics;
  metrics.AddPool(&pool);
  if (absl::Status s = ServeMetricsFromFlags(metrics); !s.ok()) {
    Log(Severity::kError, s.message());
    return 1;
  }
  LocalDevelopmentCallers callers(
      Principal{"local-developer", absl::GetFlag(FLAGS_local_principal_force), {"admin"}});
  std::vector<std::unique_ptr<grpc::Service>> services =
      definition.make_services(ServiceDeps{pool, callers});
  std::vector<grpc::Service*> raw_services;
  for (const auto& service : services) raw_services.push_back(service.get());
  auto server = GrpcServer::Start(ServerOptionsFromFlags(definition.grpc_service_names),
                                  raw_services, &metrics);
  if (!server.ok()) {
    Log(Severity::kError, server.status().message());
    return 1;
  }
  Log(Severity::kInfo,
      absl::StrCat(absl::StrJoin(definition.grpc_service_names, ", "), " listening"), {},
      {{"port", std::to_string((*server)->port())},
       {"metrics_port", std::to_string(metrics.port())},
       {"database", absl::StrCat(config->host, ":", config->port, "/", config->schema)}});

  StopRequest stop;
  std::thread([&stop] {
    const std::string signal_name = WaitForShutdownSignal();
    stop.Request(absl::StrCat("received ", signal_name), 0);
  }).detach();
  std::thread health([&] { HealthLoop(pool, **server, sets, stop); });
  stop.WaitFor(absl::InfiniteDuration());
  health.join();
  Log(Severity::kInfo, absl::StrCat("shutting down: ", stop.reason()), {},
      {{"drain_seconds", std::to_string(absl::GetFlag(FLAGS_drain_seconds))}});
  (*server)->Shutdown(DrainTimeoutFromFlags());
  Log(Severity::kInfo, "stopped");
  return stop.exit_code();
}

}  // namespace bch::common
