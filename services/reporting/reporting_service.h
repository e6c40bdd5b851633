// gRPC handlers of bch.reporting.v1.ReportingService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_
#define BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_

#include "bch/common/service_main.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "report_series_store.h"

namespace bch::reporting {

class ReportingServiceImpl final : public v1::ReportingService::Service {
 public:
  explicit ReportingServiceImpl(const common::ServiceDeps& deps);

  grpc::Status ListReportSeries(grpc::ServerContext* context,
                                const v1::ListReportSeriesRequest* request,
                                v1::ListReportSeriesResponse* response) override;

 private:
  const std::string domain_;
  ReportSeriesStore store_;
};

// How the reporting service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition ReportingServiceDefinition();

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_
