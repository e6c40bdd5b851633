// gRPC handlers of bch.gateway.v1.CollaborationUpdateService: check the request, derive the
// deadline from the incoming call, compose through the Composer, and render, issue or compare
// through the reporting service.
#ifndef BCH_GATEWAY_GATEWAY_SERVICE_H_
#define BCH_GATEWAY_GATEWAY_SERVICE_H_

#include "absl/time/time.h"
#include "bch/gateway/v1/collaboration_update_service.grpc.pb.h"
#include "composer.h"

namespace bch::gateway {

inline constexpr char kErrorDomain[] = "gateway.bch.police.uk";

// The most a composition keeps back from its caller's deadline to assemble and send the paper
// once the backends have answered or timed out.
inline constexpr absl::Duration kAnswerReserve = absl::Milliseconds(100);

// The backends' deadline: the caller's less a tenth of the time left, at most kAnswerReserve, so
// a late backend still leaves time to answer with the other sections.
absl::Time BackendDeadline(absl::Time caller_deadline);

// ComposeCollaborationUpdate: checks `request` (INVALID_ARGUMENT listing every bad field), then
// composes.
absl::StatusOr<update::v1::CollaborationUpdate> ComposeRequested(
    Composer& composer, const v1::ComposeCollaborationUpdateRequest& request,
    const CallOptions& options);

class CollaborationUpdateServiceImpl final : public v1::CollaborationUpdateService::Service {
 public:
  // `compose_timeout` caps the deadline of a call that has none or a later one.
  CollaborationUpdateServiceImpl(Composer& composer, absl::Duration compose_timeout)
      : composer_(composer), compose_timeout_(compose_timeout) {}

  grpc::Status ComposeCollaborationUpdate(grpc::ServerContext* context,
                                          const v1::ComposeCollaborationUpdateRequest* request,
                                          update::v1::CollaborationUpdate* response) override;
  grpc::Status RenderCollaborationUpdate(grpc::ServerContext* context,
                                         const v1::RenderCollaborationUpdateRequest* request,
                                         reporting::v1::RenderReportResponse* response) override;
  grpc::Status IssueCollaborationUpdate(grpc::ServerContext* context,
                                        const v1::IssueCollaborationUpdateRequest* request,
                                        reporting::v1::IssuedReport* response) override;
  grpc::Status CompareIssuedReport(grpc::ServerContext* context,
                                   const v1::CompareIssuedReportRequest* request,
                                   v1::IssuedReportComparison* response) override;
  // Reads of the reporting and governance services, passed on as they are (for portals).
  grpc::Status ListReportSeries(grpc::ServerContext* context,
                                const reporting::v1::ListReportSeriesRequest* request,
                                reporting::v1::ListReportSeriesResponse* response) override;
  grpc::Status ListForces(grpc::ServerContext* context,
                          const governance::v1::ListForcesRequest* request,
                          governance::v1::ListForcesResponse* response) override;
  grpc::Status ListIssuedReports(grpc::ServerContext* context,
                                 const reporting::v1::ListIssuedReportsRequest* request,
                                 reporting::v1::ListIssuedReportsResponse* response) override;
  grpc::Status GetIssuedReport(grpc::ServerContext* context,
                               const reporting::v1::GetIssuedReportRequest* request,
                               reporting::v1::IssuedReport* response) override;
  grpc::Status RenderReport(grpc::ServerContext* context,
                            const reporting::v1::RenderReportRequest* request,
                            reporting::v1::RenderReportResponse* response) override;
  grpc::Status DiffReports(grpc::ServerContext* context,
                           const reporting::v1::DiffReportsRequest* request,
                           reporting::v1::DiffReportsResponse* response) override;

 private:
  CallOptions OptionsOf(const grpc::ServerContext& context) const;
  // A backend's read passed on as it is, under this call's deadline and request id.
  template <typename Stub, typename Request, typename Response>
  grpc::Status PassOn(const grpc::ServerContext& context, Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request, Response* response) const;

  Composer& composer_;
  const absl::Duration compose_timeout_;
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_GATEWAY_SERVICE_H_
