// The whole `main` of a database-backed service, so the four services differ only in what they
// declare here: flags with BCH_* overrides (database, ports, pool), migrations on start or via
// the `migrate` subcommand, a health loop that reports SERVING only while the database answers
// (and the schema is migrated), metrics, and graceful shutdown on SIGTERM/SIGINT.
//
// Usage: <binary> [serve|migrate] [--flags]
#ifndef BCH_COMMON_SERVICE_MAIN_H_
#define BCH_COMMON_SERVICE_MAIN_H_

#include <grpcpp/impl/service_type.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bch/common/caller.h"
#include "bch/common/db_pool.h"
#include "bch/common/migrations.h"

namespace bch::common {

// What a service's handlers are given.
struct ServiceDeps {
  DbPool& pool;
  const CallerResolver& callers;
};

struct ServiceDefinition {
  std::string name;  // "projects": schema bch_projects, ErrorInfo domain
  // The gRPC services it serves, each reported SERVING by the health service; the first is the
  // binary's own ("bch.projects.v1.ProjectsService").
  std::vector<std::string> grpc_service_names;
  int default_port = 0;
  int default_metrics_port = 0;
  // The service's own migrations (the common ones are applied first).
  const std::vector<MigrationSource>& (*migrations)() = nullptr;
  std::function<std::vector<std::unique_ptr<grpc::Service>>(const ServiceDeps&)> make_services;
};

// A make_services that builds one instance of each handler class from the deps.
template <typename... Impl>
auto ServicesOf() {
  return [](const ServiceDeps& deps) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    (services.push_back(std::make_unique<Impl>(deps)), ...);
    return services;
  };
}

// The ErrorInfo domain of a service: "projects" -> "projects.bch.police.uk".
std::string ErrorDomain(absl::string_view service_name);

// All migration sets of a service, common first.
std::vector<MigrationSet> MigrationSetsFor(const ServiceDefinition& definition);

int RunServiceMain(int argc, char** argv, const ServiceDefinition& definition);

}  // namespace bch::common

#endif  // BCH_COMMON_SERVICE_MAIN_H_
