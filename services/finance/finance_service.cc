// gRPC handlers of the finance service (see finance_service.h).
#include "finance_service.h"

#include "bch/common/default_ports.h"
#include "bch/common/handler.h"

namespace bch {
const std::vector<common::MigrationSource>& FinanceMigrations();
}  // namespace bch

namespace bch::finance {

FinanceServiceImpl::FinanceServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("finance")), store_(deps.pool) {}

grpc::Status FinanceServiceImpl::ListMeasures(grpc::ServerContext* context,
                                              const v1::ListMeasuresRequest* request,
                                              v1::ListMeasuresResponse* response) {
  return common::Respond(*context, domain_, *request, [&] {
    return common::ServeList(*request, *response, *response->mutable_measures(), {},
                             [&](const common::PageRequest& page) {
                               return store_.List(page, common::DeadlineOf(*context));
                             });
  });
}

common::ServiceDefinition FinanceServiceDefinition() {
  return {.name = "finance",
          .grpc_service_name = v1::FinanceService::service_full_name(),
          .default_port = common::kFinancePort,
          .default_metrics_port = common::kFinanceMetricsPort,
          .migrations = &FinanceMigrations,
          .make_services = common::ServicesOf<FinanceServiceImpl>()};
}

}  // namespace bch::finance
