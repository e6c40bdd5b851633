// gRPC handlers of the governance service (see governance_service.h).
#include "governance_service.h"

#include "bch/common/default_ports.h"
#include "bch/common/handler.h"

namespace bch {
const std::vector<common::MigrationSource>& GovernanceMigrations();
}  // namespace bch

namespace bch::governance {

GovernanceServiceImpl::GovernanceServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("governance")), store_(deps.pool) {}

grpc::Status GovernanceServiceImpl::ListForces(grpc::ServerContext* context,
                                               const v1::ListForcesRequest* request,
                                               v1::ListForcesResponse* response) {
  return common::Respond(*context, domain_, *request, [&] {
    return common::ServeList(*request, *response, *response->mutable_forces(), {},
                             [&](const common::PageRequest& page) {
                               return store_.List(page, common::DeadlineOf(*context));
                             });
  });
}

common::ServiceDefinition GovernanceServiceDefinition() {
  return {.name = "governance",
          .grpc_service_name = v1::GovernanceService::service_full_name(),
          .default_port = common::kGovernancePort,
          .default_metrics_port = common::kGovernanceMetricsPort,
          .migrations = &GovernanceMigrations,
          .make_services = common::ServicesOf<GovernanceServiceImpl>()};
}

}  // namespace bch::governance
