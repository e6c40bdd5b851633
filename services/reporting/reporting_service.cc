// gRPC handlers of the reporting service (see reporting_service.h).
#include "reporting_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "bch/common/idempotency.h"
#include "diff.h"
#include "document_checks.h"
#include "render.h"
#include "report_series_store.h"

namespace bch {
const std::vector<common::MigrationSource>& ReportingMigrations();
}  // namespace bch

namespace bch::reporting {
namespace {

using common::Violations;

// An issued report's name split into its series id and sequence, recording a violation on
// `field` (and giving {"", 0}) when malformed.
std::pair<std::string, int64_t> IssuedReportKeys(Violations& v, const std::string& name,
                                                 const std::string& field) {
  const std::vector<std::string> parts =
      absl::StrSplit(name, absl::MaxSplits("/issuedReports/", 1));
  int64_t sequence = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &sequence) || sequence <= 0 ||
      parts[1] != absl::StrCat(sequence)) {
    v.Add(field,
          "must be reportSeries/{report_series}/issuedReports/{sequence}, the sequence a "
          "positive number");
    return {"", 0};
  }
  Violations series_violations;
  std::string series_id = common::IdFrom(series_violations, parts[0], "reportSeries", field);
  if (!series_violations.empty()) {
    v.Add(field, "names no well-formed report series");
    return {"", 0};
  }
  return {std::move(series_id), sequence};
}

}  // namespace

ReportingServiceImpl::ReportingServiceImpl(const common::ServiceDeps& deps)
    : callers_(deps.callers),
      domain_(common::ErrorDomain("reporting")),
      series_(deps.pool, deps.callers, domain_,
              {.table = ReportSeriesTable(),
               .updatable = UpdatableReportSeriesFields(),
               .check = CheckReportSeries}),
      issued_(deps.pool) {}

grpc::Status ReportingServiceImpl::CreateReportSeries(grpc::ServerContext* context,
                                                      const v1::CreateReportSeriesRequest* request,
                                                      v1::ReportSeries* response) {
  return series_.Create(*context, *request, "", request->report_series_id(),
                        request->report_series(), *response);
}

grpc::Status ReportingServiceImpl::GetReportSeries(grpc::ServerContext* context,
                                                   const v1::GetReportSeriesRequest* request,
                                                   v1::ReportSeries* response) {
  return series_.Get(*context, *request, *response);
}

grpc::Status ReportingServiceImpl::ListReportSeries(grpc::ServerContext* context,
                                                    const v1::ListReportSeriesRequest* request,
                                                    v1::ListReportSeriesResponse* response) {
  return series_.List(*context, *request, "", *response->mutable_report_series(), *response);
}

grpc::Status ReportingServiceImpl::UpdateReportSeries(grpc::ServerContext* context,
                                                      const v1::UpdateReportSeriesRequest* request,
                                                      v1::ReportSeries* response) {
  return series_.Update(*context, *request, request->report_series(), *response);
}

grpc::Status ReportingServiceImpl::IssueReport(grpc::ServerContext* context,
                                               const v1::IssueReportRequest* request,
                                               v1::IssuedReport* response) {
  return common::Respond(*context, domain_, *request, [&] {
    Violations v;
    IssueRequest issue{
        .series_id = common::IdFrom(v, request->parent(), "reportSeries", "parent"),
        .document = request->document(),
        .issue_date = common::OptionalDate(v, "issue_date", request->has_issue_date(),
                                           request->issue_date(), common::Today()),
        .sequence = request->sequence(),
        .request_id = request->request_id(),
        .request_hash = common::RequestHash(*request)};
    if (!request->has_document()) v.Add("document", "is required");
    CheckDocument(v, "document", request->document());
    // An issue is dated, titled and not from the future: a later issue could never follow it.
    if (!request->document().header().has_date()) v.Add("document.header.date", "is required");
    if (absl::StripAsciiWhitespace(request->document().header().title()).empty()) {
      v.Add("document.header.title", "is required");  // its characters: CheckDocument
    }
    if (issue.issue_date > common::Today() + 1) {  // a day's grace for callers ahead of UTC
      v.Add("issue_date", "is after today: a report is issued on the day it is issued");
    }
    update::v1::Header& header = *issue.document.mutable_header();
    if (header.report_series().empty()) header.set_report_series(request->parent());
    if (header.report_series() != request->parent()) {
      v.Add("document.header.report_series", "must name the series issued to, or be empty");
    }
    if (request->sequence() < 0) v.Add("sequence", "must be 0 (the next) or a positive number");
    v.AddFrom(common::CheckRequestIdFormat(request->request_id()));
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const common::WriteContext& write) { return issued_.Issue(issue, write); }, *response);
  });
}

grpc::Status ReportingServiceImpl::GetIssuedReport(grpc::ServerContext* context,
                                                   const v1::GetIssuedReportRequest* request,
                                                   v1::IssuedReport* response) {
  return common::Respond(*context, domain_, *request, [&] {
    Violations v;
    auto [series_id, sequence] = IssuedReportKeys(v, request->name(), "name");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(issued_.Get(series_id, sequence, common::DeadlineOf(*context)),
                          *response);
  });
}

grpc::Status ReportingServiceImpl::ListIssuedReports(grpc::ServerContext* context,
                                                     const v1::ListIssuedReportsRequest* request,
                                                     v1::ListIssuedReportsResponse* response) {
  return common::Respond(*context, domain_, *request, [&] {
    Violations v;
    const std::string series_id = common::IdFrom(v, request->parent(), "reportSeries", "parent");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_issued_reports(),
                             {request->parent(), request->omit_documents() ? "omit" : ""},
                             [&](const common::PageRequest& page) {
                               return issued_.List(series_id, page, request->omit_documents(),
                                                   common::DeadlineOf(*context));
                             });
  });
}

grpc::Status ReportingServiceImpl::VerifyIssuedReports(
    grpc::ServerContext* context, const v1::VerifyIssuedReportsRequest* request,
    v1::VerifyIssuedReportsResponse* response) {
  return common::Respond(*context, domain_, *request, [&] {
    Violations v;
    const std::string series_id = common::IdFrom(v, request->parent(), "reportSeries", "parent");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    // Verification reads every issue: it may take longer than an ordinary call.
    return common::Answer(issued_.Verify(series_id, common::DeadlineOf(*context, absl::Minutes(5))),
                          *response);
  });
}

absl::StatusOr<v1::IssuedReport> ReportingServiceImpl::IssuedReportNamed(const std::string& name,
                                                                         const std::string& field,
                                                                         absl::Time deadline) {
  Violations v;
  auto [series_id, sequence] = IssuedReportKeys(v, name, field);
  if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
  return issued_.Get(series_id, sequence, deadline);
}

absl::StatusOr<v1::IssuedReport> ReportingServiceImpl::DiffBase(
    const v1::DiffReportsRequest& request, absl::Time deadline) {
  if (!request.base().empty()) return IssuedReportNamed(request.base(), "base", deadline);
  Violations v;
  if (request.has_draft()) {  // the latest issue of the draft's series
    const std::string& series = request.draft().header().report_series();
    const std::string series_id =
        common::IdFrom(v, series, "reportSeries", "draft.header.report_series");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    absl::StatusOr<std::optional<v1::IssuedReport>> latest = issued_.Latest(series_id, deadline);
    if (!latest.ok()) return latest.status();
    if (!latest->has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat(series, " has no issue to compare the draft with"));
    }
    return **std::move(latest);
  }
  auto [series_id, sequence] = IssuedReportKeys(v, request.report(), "report");
  if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
  if (sequence == 1) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.report(), " is the first issue: there is none before it"));
  }
  return issued_.Get(series_id, sequence - 1, deadline);
}

grpc::Status ReportingServiceImpl::DiffReports(grpc::ServerContext* context,
                                               const v1::DiffReportsRequest* request,
                                               v1::DiffReportsResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const absl::Time deadline = common::DeadlineOf(*context);
    if (request->target_case() == v1::DiffReportsRequest::TARGET_NOT_SET) {
      v.Add("target", "give `report` (an issued report) or `draft`");
    }
    if (request->has_draft()) CheckDocument(v, "draft", request->draft());
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;

    absl::StatusOr<v1::IssuedReport> target;
    if (!request->has_draft()) {
      target = IssuedReportNamed(request->report(), "report", deadline);
      if (!target.ok()) return target.status();
    }
    absl::StatusOr<v1::IssuedReport> base = DiffBase(*request, deadline);
    if (!base.ok()) return base.status();
    response->set_base(base->name());
    response->set_target(request->report());
    for (v1::ReportChange& change : DiffDocuments(
             base->document(), request->has_draft() ? request->draft() : target->document())) {
      *response->add_changes() = std::move(change);
    }
    return common::CheckResponseSize(*response, "the diff");
  });
}

grpc::Status ReportingServiceImpl::RenderReport(grpc::ServerContext* context,
                                                const v1::RenderReportRequest* request,
                                                v1::RenderReportResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    if (request->source_case() == v1::RenderReportRequest::SOURCE_NOT_SET) {
      v.Add("source", "give `report` (an issued report) or `draft`");
    }
    if (request->has_draft()) CheckDocument(v, "draft", request->draft());
    common::CheckEnumSet(v, "format", request->format());
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    absl::StatusOr<v1::IssuedReport> issued;
    if (!request->has_draft()) {
      issued = IssuedReportNamed(request->report(), "report", common::DeadlineOf(*context));
      if (!issued.ok()) return issued.status();
    }
    const update::v1::CollaborationUpdate& document =
        request->has_draft() ? request->draft() : issued->document();
    if (request->format() == v1::RENDER_FORMAT_HTML) {
      response->set_content_type("text/html; charset=utf-8");
      response->set_content(RenderHtml(document));
    } else {
      response->set_content_type("text/markdown; charset=utf-8");
      response->set_content(RenderMarkdown(document));
    }
    return common::CheckResponseSize(*response, "the rendered report");
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
