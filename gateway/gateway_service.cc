// gRPC handlers of the gateway (see gateway_service.h).
#include "gateway_service.h"

#include <grpcpp/client_context.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/idempotency.h"
#include "content_hash.h"
#include "diff.h"

namespace bch::gateway {
namespace {

namespace rv1 = reporting::v1;

// The composition a request names (Compose, Render and Issue share these fields), checked:
// every bad field listed.
template <typename Request>
absl::StatusOr<ComposeTarget> TargetOf(const Request& request, common::Violations& v) {
  common::CheckName(v, "report_series", request.report_series(), "reportSeries",
                    common::Required::kNo);
  common::CheckName(v, "force", request.force(), "forces", common::Required::kNo);
  if (request.report_series().empty() && request.force().empty()) {
    v.Add("report_series", "name a report series, or a force that has one");
  }
  ComposeTarget target{.report_series = request.report_series(),
                       .force = request.force(),
                       .as_of = common::OptionalDate(v, "as_of", request.has_as_of(),
                                                     request.as_of(), common::Today())};
  if (absl::Status status = std::move(v).ToStatus(); !status.ok()) return status;
  return target;
}

// One call to a backend under the composition's deadline and request id.
template <typename Stub, typename Request, typename Response>
absl::Status Ask(Stub& stub,
                 grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                 const Request& request, Response* response, const CallOptions& options) {
  grpc::ClientContext context;
  Prepare(context, options);
  const grpc::Status status = (stub.*method)(&context, request, response);
  return status.ok() ? absl::OkStatus() : common::StatusFromGrpc(status);
}

}  // namespace

absl::Time BackendDeadline(absl::Time caller_deadline) {
  const absl::Duration left = caller_deadline - absl::Now();
  return caller_deadline - std::clamp(left / 10, absl::ZeroDuration(), kAnswerReserve);
}

absl::StatusOr<update::v1::CollaborationUpdate> ComposeRequested(
    Composer& composer, const v1::ComposeCollaborationUpdateRequest& request,
    const CallOptions& options) {
  common::Violations v;
  absl::StatusOr<ComposeTarget> target = TargetOf(request, v);
  if (!target.ok()) return target.status();
  target->strict = request.strict();
  return composer.Compose(*target, options);
}

template <typename Stub, typename Request, typename Response>
grpc::Status CollaborationUpdateServiceImpl::PassOn(
    const grpc::ServerContext& context, Stub& stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, Response* response) const {
  return common::Respond(context, kErrorDomain, request,
                         [&] { return Ask(stub, method, request, response, OptionsOf(context)); });
}

CallOptions CollaborationUpdateServiceImpl::OptionsOf(const grpc::ServerContext& context) const {
  return {.deadline = BackendDeadline(common::DeadlineOf(context, compose_timeout_)),
          .request_id = common::RequestIdOf(context)};
}

grpc::Status CollaborationUpdateServiceImpl::ComposeCollaborationUpdate(
    grpc::ServerContext* context, const v1::ComposeCollaborationUpdateRequest* request,
    update::v1::CollaborationUpdate* response) {
  return common::Respond(*context, kErrorDomain, *request, [&]() -> absl::Status {
    auto update = ComposeRequested(composer_, *request, OptionsOf(*context));
    if (!update.ok()) return update.status();
    *response = *std::move(update);
    return absl::OkStatus();
  });
}

grpc::Status CollaborationUpdateServiceImpl::RenderCollaborationUpdate(
    grpc::ServerContext* context, const v1::RenderCollaborationUpdateRequest* request,
    rv1::RenderReportResponse* response) {
  return common::Respond(*context, kErrorDomain, *request, [&]() -> absl::Status {
    common::Violations v;
    common::CheckEnumSet(v, "format", request->format());
    absl::StatusOr<ComposeTarget> target = TargetOf(*request, v);
    if (!target.ok()) return target.status();
    target->strict = request->strict();
    const CallOptions options = OptionsOf(*context);
    auto update = composer_.Compose(*target, options);
    if (!update.ok()) return update.status();
    rv1::RenderReportRequest render;
    *render.mutable_draft() = *std::move(update);
    render.set_format(request->format());
    return Ask(composer_.reporting(), &rv1::ReportingService::Stub::RenderReport, render, response,
               options);
  });
}

grpc::Status CollaborationUpdateServiceImpl::IssueCollaborationUpdate(
    grpc::ServerContext* context, const v1::IssueCollaborationUpdateRequest* request,
    rv1::IssuedReport* response) {
  return common::Respond(*context, kErrorDomain, *request, [&]() -> absl::Status {
    common::Violations v;
    if (absl::Status s = common::CheckRequestIdFormat(request->request_id()); !s.ok()) return s;
    absl::StatusOr<ComposeTarget> target = TargetOf(*request, v);
    if (!target.ok()) return target.status();
    target->strict = true;  // a paper goes to its committee whole
    const CallOptions options = OptionsOf(*context);
    // Without a request id, the issue must take the number after the latest one now, so that an
    // issue made meanwhile (which this paper's highlights did not count from) refuses it
    // (ALREADY_EXISTS: compose and issue again). With one, a retry must be the same request to
    // get the first answer, so the number is left to the service.
    absl::StatusOr<rv1::ReportSeries> series = composer_.FindSeries(*target, options);
    if (!series.ok()) return series.status();
    int64_t latest = 0;
    if (request->request_id().empty()) {
      rv1::ListIssuedReportsRequest list;
      list.set_parent(series->name());
      list.set_page_size(1);
      list.set_omit_documents(true);
      rv1::ListIssuedReportsResponse page;
      if (absl::Status s =
              Ask(composer_.reporting(), &rv1::ReportingService::Stub::ListIssuedReports, list,
                  &page, options);
          !s.ok()) {
        return s;
      }
      if (!page.issued_reports().empty()) latest = page.issued_reports(0).sequence();
    }
    auto update = composer_.ComposeSeries(*target, *std::move(series), options);
    if (!update.ok()) return update.status();
    rv1::IssueReportRequest issue;
    if (request->request_id().empty()) issue.set_sequence(latest + 1);
    issue.set_parent(update->header().report_series());
    *issue.mutable_issue_date() = update->header().date();
    *issue.mutable_document() = *std::move(update);
    issue.set_request_id(request->request_id());
    return Ask(composer_.reporting(), &rv1::ReportingService::Stub::IssueReport, issue, response,
               options);
  });
}

grpc::Status CollaborationUpdateServiceImpl::CompareIssuedReport(
    grpc::ServerContext* context, const v1::CompareIssuedReportRequest* request,
    v1::IssuedReportComparison* response) {
  return common::Respond(*context, kErrorDomain, *request, [&]() -> absl::Status {
    if (request->issued_report().empty()) {  // its form is the reporting service's to check
      common::Violations v;
      v.Add("issued_report", "is required");
      return std::move(v).ToStatus();
    }
    const CallOptions options = OptionsOf(*context);
    rv1::GetIssuedReportRequest get;
    get.set_name(request->issued_report());
    rv1::IssuedReport issued;
    if (absl::Status s = Ask(composer_.reporting(), &rv1::ReportingService::Stub::GetIssuedReport,
                             get, &issued, options);
        !s.ok()) {
      return s;
    }
    // As it was composed: the same series and day, strictly, counting highlights from the
    // issues before it.
    const absl::StatusOr<absl::CivilDay> day =
        common::CivilDayFromDate(issued.document().header().date(), "document.header.date");
    if (!day.ok()) return day.status();
    const std::string series = issued.name().substr(0, issued.name().find("/issuedReports/"));
    auto recomposed = composer_.Compose({.report_series = series,
                                         .force = "",
                                         .as_of = *day,
                                         .strict = true,
                                         .issues_below = issued.sequence()},
                                        options);
    if (!recomposed.ok()) return recomposed.status();
    rv1::IssuedReport candidate = issued;
    *candidate.mutable_document() = *recomposed;
    response->set_issued_report(issued.name());
    response->set_content_hash(issued.content_hash());
    response->set_recomposed_hash(reporting::ContentHash(candidate));
    response->set_reproduced(response->recomposed_hash() == issued.content_hash());
    for (rv1::ReportChange& change : reporting::DiffDocuments(issued.document(), *recomposed)) {
      *response->add_changes() = std::move(change);
    }
    return absl::OkStatus();
  });
}

grpc::Status CollaborationUpdateServiceImpl::ListReportSeries(
    grpc::ServerContext* context, const rv1::ListReportSeriesRequest* request,
    rv1::ListReportSeriesResponse* response) {
  return PassOn(*context, composer_.reporting(), &rv1::ReportingService::Stub::ListReportSeries,
                *request, response);
}

grpc::Status CollaborationUpdateServiceImpl::ListForces(
    grpc::ServerContext* context, const governance::v1::ListForcesRequest* request,
    governance::v1::ListForcesResponse* response) {
  return PassOn(*context, composer_.governance(),
                &governance::v1::GovernanceService::Stub::ListForces, *request, response);
}

grpc::Status CollaborationUpdateServiceImpl::ListIssuedReports(
    grpc::ServerContext* context, const rv1::ListIssuedReportsRequest* request,
    rv1::ListIssuedReportsResponse* response) {
  return PassOn(*context, composer_.reporting(), &rv1::ReportingService::Stub::ListIssuedReports,
                *request, response);
}

grpc::Status CollaborationUpdateServiceImpl::GetIssuedReport(
    grpc::ServerContext* context, const rv1::GetIssuedReportRequest* request,
    rv1::IssuedReport* response) {
  return PassOn(*context, composer_.reporting(), &rv1::ReportingService::Stub::GetIssuedReport,
                *request, response);
}

grpc::Status CollaborationUpdateServiceImpl::RenderReport(grpc::ServerContext* context,
                                                          const rv1::RenderReportRequest* request,
                                                          rv1::RenderReportResponse* response) {
  return PassOn(*context, composer_.reporting(), &rv1::ReportingService::Stub::RenderReport,
                *request, response);
}

grpc::Status CollaborationUpdateServiceImpl::DiffReports(grpc::ServerContext* context,
                                                         const rv1::DiffReportsRequest* request,
                                                         rv1::DiffReportsResponse* response) {
  return PassOn(*context, composer_.reporting(), &rv1::ReportingService::Stub::DiffReports,
                *request, response);
}

}  // namespace bch::gateway
