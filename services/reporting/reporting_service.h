// gRPC handlers of bch.reporting.v1.ReportingService: report series through the kit's standard
// methods (one line each); issue, get, list and verify issued reports through the issued-report
// store; diff and render through the pure modules diff.h and render.h. Handlers decode, check,
// call and encode; nothing else.
#ifndef BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_
#define BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_

#include "bch/common/service_main.h"
#include "bch/common/standard_methods.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "issued_report_store.h"

namespace bch::reporting {

class ReportingServiceImpl final : public v1::ReportingService::Service {
 public:
  explicit ReportingServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateReportSeries(grpc::ServerContext* context,
                                  const v1::CreateReportSeriesRequest* request,
                                  v1::ReportSeries* response) override;
  grpc::Status GetReportSeries(grpc::ServerContext* context,
                               const v1::GetReportSeriesRequest* request,
                               v1::ReportSeries* response) override;
  grpc::Status ListReportSeries(grpc::ServerContext* context,
                                const v1::ListReportSeriesRequest* request,
                                v1::ListReportSeriesResponse* response) override;
  grpc::Status UpdateReportSeries(grpc::ServerContext* context,
                                  const v1::UpdateReportSeriesRequest* request,
                                  v1::ReportSeries* response) override;

  grpc::Status IssueReport(grpc::ServerContext* context, const v1::IssueReportRequest* request,
                           v1::IssuedReport* response) override;
  grpc::Status GetIssuedReport(grpc::ServerContext* context,
                               const v1::GetIssuedReportRequest* request,
                               v1::IssuedReport* response) override;
  grpc::Status ListIssuedReports(grpc::ServerContext* context,
                                 const v1::ListIssuedReportsRequest* request,
                                 v1::ListIssuedReportsResponse* response) override;
  grpc::Status VerifyIssuedReports(grpc::ServerContext* context,
                                   const v1::VerifyIssuedReportsRequest* request,
                                   v1::VerifyIssuedReportsResponse* response) override;

  grpc::Status DiffReports(grpc::ServerContext* context, const v1::DiffReportsRequest* request,
                           v1::DiffReportsResponse* response) override;
  grpc::Status RenderReport(grpc::ServerContext* context, const v1::RenderReportRequest* request,
                            v1::RenderReportResponse* response) override;

 private:
  // The issued report named `name` (checked on `field`).
  absl::StatusOr<v1::IssuedReport> IssuedReportNamed(const std::string& name,
                                                     const std::string& field, absl::Time deadline);
  // What a diff compares from: `base`, else the latest issue of a draft's series, else the issue
  // before the target.
  absl::StatusOr<v1::IssuedReport> DiffBase(const v1::DiffReportsRequest& request,
                                            absl::Time deadline);

  const common::CallerResolver& callers_;
  const std::string domain_;
  common::StandardMethods<v1::ReportSeries> series_;
  IssuedReportStore issued_;
};

// How the reporting service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition ReportingServiceDefinition();

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_REPORTING_SERVICE_H_
