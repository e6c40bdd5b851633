// A service definition running in-process for tests: a fresh schema on the shared test MariaDB,
// migrated as the service would migrate it, a pool, and a real gRPC server on a free loopback
// port with a channel to it.
#ifndef BCH_TESTS_SUPPORT_RUNNING_SERVICE_H_
#define BCH_TESTS_SUPPORT_RUNNING_SERVICE_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bch/common/server.h"
#include "bch/common/service_main.h"

namespace bch::testing {

class RunningService final {
 public:
  // `before_migrating`, if given, runs on the fresh schema before the service's migrations (e.g.
  // to fill a schema the way an earlier release left it).
  explicit RunningService(
      const common::ServiceDefinition& definition,
      const std::function<void(common::DbConnection&)>& before_migrating = nullptr);

  // Runs SQL on the service's schema as the service's own user.
  void Sql(const std::string& sql);
  // The first column of the first row of `sql`, as text.
  std::string QueryValue(const std::string& sql);

  common::GrpcServer& server() { return *server_; }
  common::ServerMetrics& metrics() { return metrics_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

 private:
  common::DbPool pool_;
  common::LocalDevelopmentCallers callers_;
  common::ServerMetrics metrics_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<common::GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace bch::testing

#endif  // BCH_TESTS_SUPPORT_RUNNING_SERVICE_H_
