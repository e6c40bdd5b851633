// gRPC handlers of the reporting service (see reporting_service.h).
#include "reporting_service.h"

#include "bch/common/default_ports.h"
#include "bch/common/handler.h"

namespace bch {
const std::vector<common::MigrationSource>& ReportingMigrations();
}  // namespace bch

namespace bch::reporting {

ReportingServiceImpl::ReportingServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("reporting")), store_(deps.pool) {}

grpc::Status ReportingServiceImpl::ListReportSeries(grpc::ServerContext* context,
                                                    const v1::ListReportSeriesRequest* request,
                                                    v1::ListReportSeriesResponse* response) {
  return common::Respond(*context, domain_, *request, [&] {
    return common::ServeList(*request, *response, *response->mutable_report_series(), {},
                             [&](const common::PageRequest& page) {
                               return store_.List(page, common::DeadlineOf(*context));
                             });
  });
}

common::ServiceDefinition ReportingServiceDefinition() {
  return {.name = "reporting",
          .grpc_service_names = {v1::ReportingService::service_full_name()},
          .default_port = common::kReportingPort,
          .default_metrics_port = common::kReportingMetricsPort,
          .migrations = &ReportingMigrations,
          .make_services = common::ServicesOf<ReportingServiceImpl>()};
}

}  // namespace bch::reporting
