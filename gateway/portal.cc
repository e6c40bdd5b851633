// The portal's routes (see portal.h).
#include "portal.h"

#include <grpcpp/client_context.h>
#include <httplib.h>

#include <filesystem>
#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "http_server.h"
#include "portal_page.h"

namespace bch::gateway {
namespace {

namespace rv1 = reporting::v1;
namespace gv1 = governance::v1;

constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr int kListPageSize = 100;
constexpr int kMaxListPages = 10;  // the choices list at most 1,000 series and forces
constexpr int kIssuedShown = 50;   // the newest issues listed under the paper

// The portal's own pages: its style sheet, no script, no frame, forms to itself only.
constexpr char kPagePolicy[] =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";
// An issued report as the reporting service renders it: one page with an inline style sheet.
constexpr char kIssuedPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

void SetSafetyHeaders(httplib::Response& response, const char* policy) {
  response.set_header("Content-Security-Policy", policy);
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "same-origin");
}

void SendPage(httplib::Response& response, int status, const std::string& html) {
  response.status = status;
  response.set_header("Cache-Control", "no-cache");
  SetSafetyHeaders(response, kPagePolicy);
  response.set_content(html, kHtml);
}

void SendProblem(httplib::Response& response, const grpc::Status& status) {
  SendPage(response, HttpStatusFor(static_cast<absl::StatusCode>(status.error_code())),
           RenderProblemPage(status.error_message()));
}

// Headers of an issued report's paper, which never changes: cached for a year, tagged by the
// HTML it is or was printed from. True when the caller holds it already (a 304).
bool SendIssuedHeaders(const httplib::Request& http, httplib::Response& response,
                       const std::string& html, bool pdf) {
  SetSafetyHeaders(response, kIssuedPolicy);
  return NotModified(http, response, pdf ? absl::StrCat(html, "\npdf") : html, /*immutable=*/true);
}

std::string Param(const httplib::Request& http, const char* name) {
  return http.has_param(name) ? http.get_param_value(name) : "";
}

// Every page of a list call (up to kMaxListPages), each given to `take`.
template <typename Request, typename Response>
grpc::Status ListAll(
    const CallOptions& options,
    const std::function<grpc::Status(grpc::ClientContext*, const Request&, Response*)>& method,
    const std::function<void(const Response&)>& take) {
  Request request;
  request.set_page_size(kListPageSize);
  for (int page = 0; page < kMaxListPages; ++page) {
    grpc::ClientContext context;
    Prepare(context, options);
    Response response;
    if (grpc::Status s = method(&context, request, &response); !s.ok()) return s;
    take(response);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return grpc::Status::OK;
}

// A day as the form sends it, YYYY-MM-DD exactly and real; nullopt otherwise.
std::optional<absl::CivilDay> FormDay(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text ||
      day.year() < common::kMinYear || day.year() > common::kMaxYear) {
    return std::nullopt;
  }
  return day;
}

std::string SeriesLabel(const rv1::ReportSeries& series,
                        const std::map<std::string, std::string>& force_names) {
  if (series.force().empty()) return absl::StrCat(series.title(), " (the alliance as a whole)");
  const auto name = force_names.find(series.force());
  return absl::StrCat(series.title(), " (",
                      name == force_names.end() ? series.force() : name->second, ")");
}

}  // namespace

Portal::Portal(const std::shared_ptr<grpc::Channel>& gateway, Options options)
    : gateway_(v1::CollaborationUpdateService::NewStub(gateway)), options_(std::move(options)) {
  if (!options_.pdf_browser.empty()) printer_.emplace(options_.pdf_browser);
}

absl::Status Portal::AddRoutes(httplib::Server& server) {
  if (!std::filesystem::is_regular_file(std::filesystem::path(options_.assets_dir) /
                                        "portal.css")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "portal assets: no portal.css in '", options_.assets_dir, "' (see --portal_assets_dir)"));
  }
  server.set_mount_point("/assets", options_.assets_dir,
                         {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}});
  server.Get("/", [this](const httplib::Request& http, httplib::Response& response) {
    UpdatePage(http, response);
  });
  const auto paper = [this](const httplib::Request& http, httplib::Response& response) {
    IssuedPaper(http, response);
  };
  server.Get(R"(/(reportSeries/[^/]+/issuedReports/[0-9]{1,18}))", paper);
  server.Get(R"(/(reportSeries/[^/]+/issuedReports/[0-9]{1,18})\.pdf)", paper);
  server.Get(R"(/(reportSeries/[^/]+)/issuedReports/([0-9]{1,18})/changes)",
             [this](const httplib::Request& http, httplib::Response& response) {
               ChangesPage(http, response);
             });
  return absl::OkStatus();
}

void Portal::UpdatePage(const httplib::Request& http, httplib::Response& response) const {
  // One deadline for the whole page, however many calls it makes.
  const CallOptions options = CallOptionsOf(http, options_.call_timeout);
  PortalView view;
  view.chosen_series = Param(http, "series");
  view.chosen_force = Param(http, "force");
  view.chosen_day = Param(http, "as_of");
  view.pdf = printer_.has_value();
  if (!common::IsValidUtf8(view.chosen_series) || !common::IsValidUtf8(view.chosen_force)) {
    view.chosen_series.clear();  // not shown back
    view.chosen_force.clear();
    view.error = "Report series and force: choose from the lists";
    return SendPage(response, 400, RenderUpdatePage(view));
  }
  // The choices are read first; the paper is composed even when they cannot be.
  std::map<std::string, std::string> force_names;
  const grpc::Status forces = ListAll<gv1::ListForcesRequest, gv1::ListForcesResponse>(
      options,
      [&](grpc::ClientContext* c, const auto& q, auto* r) { return gateway_->ListForces(c, q, r); },
      [&](const gv1::ListForcesResponse& page) {
        for (const gv1::Force& force : page.forces()) {
          force_names[force.name()] = force.display_name();
          view.forces.push_back({force.name(), force.display_name()});
        }
      });
  const grpc::Status series = ListAll<rv1::ListReportSeriesRequest, rv1::ListReportSeriesResponse>(
      options,
      [&](grpc::ClientContext* c, const auto& q, auto* r) {
        return gateway_->ListReportSeries(c, q, r);
      },
      [&](const rv1::ListReportSeriesResponse& page) {
        for (const rv1::ReportSeries& one : page.report_series()) {
          view.series.push_back({one.name(), SeriesLabel(one, force_names)});
        }
      });
  view.choices_unavailable = !forces.ok() || !series.ok();

  v1::ComposeCollaborationUpdateRequest request;
  if (!view.chosen_day.empty()) {
    const std::optional<absl::CivilDay> day = FormDay(view.chosen_day);
    if (!day) {
      view.chosen_day.clear();  // not shown back: it may hold anything
      view.error = "Date of the paper: enter a real date, for example 2017-12-14";
      return SendPage(response, 400, RenderUpdatePage(view));
    }
    *request.mutable_as_of() = common::DateFromCivilDay(*day);
  }
  // With nothing chosen, the first series as of today.
  if (view.chosen_series.empty() && view.chosen_force.empty()) {
    if (view.series.empty()) {
      if (!series.ok()) return SendProblem(response, series);
      view.error = "No report series is set up yet.";
      return SendPage(response, 404, RenderUpdatePage(view));
    }
    view.chosen_series = view.series.front().value;
  }
  request.set_report_series(view.chosen_series);
  request.set_force(view.chosen_force);
  grpc::ClientContext compose;
  Prepare(compose, options);
  update::v1::CollaborationUpdate update;
  if (grpc::Status s = gateway_->ComposeCollaborationUpdate(&compose, request, &update); !s.ok()) {
    view.error = s.error_message();
    return SendPage(response, HttpStatusFor(static_cast<absl::StatusCode>(s.error_code())),
                    RenderUpdatePage(view));
  }
  rv1::ListIssuedReportsRequest issued;
  issued.set_parent(update.header().report_series());
  issued.set_page_size(kIssuedShown);
  issued.set_omit_documents(true);
  grpc::ClientContext list;
  Prepare(list, options);
  rv1::ListIssuedReportsResponse page;
  if (gateway_->ListIssuedReports(&list, issued, &page).ok()) {
    view.issued.assign(page.issued_reports().begin(), page.issued_reports().end());
  } else {
    view.issued_unavailable = true;
  }
  view.update = std::move(update);
  SendPage(response, 200, RenderUpdatePage(view));
}

void Portal::IssuedPaper(const httplib::Request& http, httplib::Response& response) {
  const bool pdf = absl::EndsWith(http.path, ".pdf");
  if (pdf && !printer_) {
    return SendPage(response, 501,
                    RenderProblemPage("This gateway prints no PDFs (no --pdf_browser is set)."));
  }
  rv1::RenderReportRequest request;
  request.set_report(http.matches[1].str());
  request.set_format(rv1::RENDER_FORMAT_HTML);
  grpc::ClientContext call;
  Prepare(call, CallOptionsOf(http, options_.call_timeout));
  rv1::RenderReportResponse rendered;
  if (grpc::Status s = gateway_->RenderReport(&call, request, &rendered); !s.ok()) {
    return SendProblem(response, s);
  }
  // A PDF's bytes differ from one print to the next: its tag is its HTML's, checked before
  // printing.
  if (SendIssuedHeaders(http, response, rendered.content(), pdf)) return;
  if (!pdf) {
    response.set_content(rendered.content(), kHtml);
    return;
  }
  absl::StatusOr<std::string> printed = printer_->Print(rendered.content(), options_.pdf_timeout);
  if (!printed.ok()) {
    response.headers.clear();  // a failure is not to be kept for a year
    return SendPage(response, HttpStatusFor(printed.status().code()),
                    RenderProblemPage(printed.status().message()));
  }
  response.set_content(*printed, "application/pdf");
}

void Portal::ChangesPage(const httplib::Request& http, httplib::Response& response) const {
  const std::string series = http.matches[1].str();
  int64_t sequence = 0;
  if (!absl::SimpleAtoi(http.matches[2].str(), &sequence) || sequence < 2) {
    return SendPage(response, 404,
                    RenderProblemPage("The first issue of a series has no issue before it."));
  }
  rv1::DiffReportsRequest request;
  request.set_base(absl::StrCat(series, "/issuedReports/", sequence - 1));
  request.set_report(absl::StrCat(series, "/issuedReports/", sequence));
  grpc::ClientContext call;
  Prepare(call, CallOptionsOf(http, options_.call_timeout));
  rv1::DiffReportsResponse diff;
  if (grpc::Status s = gateway_->DiffReports(&call, request, &diff); !s.ok()) {
    return SendProblem(response, s);
  }
  SendPage(response, 200, RenderChangesPage(diff));
}

}  // namespace bch::gateway
