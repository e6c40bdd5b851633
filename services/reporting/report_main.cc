// bch_report: the paper from the command line, for `./bch compose|issue|reports|diff|verify` and
// `./bch report render|pdf`: the reporting service, and the gateway for a composition. Each
// command prints what a person needs (one line per issue or change), puts every problem on stderr
// with the field it concerns, and exits non-zero on any failure: 1 for a refused or failed call,
// 2 for bad usage, 3 when verification finds a broken chain.
//
//   bch_report compose [--series=S] [--force=F] [--as_of=YYYY-MM-DD] --format=markdown|html|json
//                                          the paper composed now through the gateway
//   bch_report issue SERIES FILE.json      issue a composed update (proto3 JSON) to SERIES
//   bch_report reports SERIES              the issues of SERIES, newest first
//   bch_report diff [BASE] TARGET          what changed; TARGET an issue or a draft FILE.json,
//                                          BASE the issue before (or the latest) when left out
//   bch_report verify SERIES               recompute every hash and link of SERIES' issues,
//                                          then re-compose each as of its date (the gateway)
//   bch_report render REPORT --format=markdown|html
//
// SERIES is `reportSeries/{id}` or `{id}`; an issue is its name or `{series}/{sequence}`.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/gateway/v1/collaboration_update_service.grpc.pb.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "printed.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50054", "The reporting service, host:port.");
ABSL_FLAG(std::string, issue_date, "", "issue: the day of issue, YYYY-MM-DD; empty means today.");
ABSL_FLAG(int64_t, sequence, 0, "issue: the number the issue must take; 0 means the next.");
ABSL_FLAG(std::string, gateway, "127.0.0.1:50050",
          "The gateway, host:port (compose, and verify's re-compositions).");
ABSL_FLAG(std::string, format, "markdown", "render: markdown or html; compose: json too.");
ABSL_FLAG(std::string, series, "", "compose: the report series; empty for the force's one.");
ABSL_FLAG(std::string, force, "", "compose: the force whose series to compose.");
ABSL_FLAG(std::string, as_of, "", "compose: the report date, YYYY-MM-DD; empty means today.");
ABSL_FLAG(bool, strict, false, "compose: fail rather than leave a section incomplete.");
ABSL_FLAG(int32_t, timeout_seconds, 60, "The deadline of each call.");

namespace bch::reporting {
namespace {

constexpr int kCallFailed = 1;
constexpr int kUsage = 2;
constexpr int kNotVerified = 3;

// Prints a failed call's status, with each violated field, and gives kCallFailed.
int Failed(const grpc::Status& status) {
  std::cerr << "error: " << common::StatusForPerson(common::StatusFromGrpc(status)) << "\n";
  return kCallFailed;
}

int Usage(const std::string& problem) {
  std::cerr << "error: " << problem << "\n" << absl::ProgramUsageMessage() << "\n";
  return kUsage;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_seconds)));
  return context;
}

// The services a command talks to.
struct Clients {
  std::unique_ptr<v1::ReportingService::Stub> reporting;
  std::unique_ptr<gateway::v1::CollaborationUpdateService::Stub> gateway;
};

// A date flag, YYYY-MM-DD; nullopt and a usage message when malformed.
std::optional<google::type::Date> DateFlag(const std::string& text, const char* flag) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    Usage(absl::StrCat("--", flag, " must be YYYY-MM-DD"));
    return std::nullopt;
  }
  return common::DateFromCivilDay(day);
}

// --format as a render format; nullopt for anything but markdown and html.
std::optional<v1::RenderFormat> RenderFormatFlag() {
  const std::string format = absl::AsciiStrToLower(absl::GetFlag(FLAGS_format));
  if (format == "markdown") return v1::RENDER_FORMAT_MARKDOWN;
  if (format == "html") return v1::RENDER_FORMAT_HTML;
  return std::nullopt;
}

std::string SeriesName(const std::string& arg) {
  return absl::StartsWith(arg, "reportSeries/") ? arg : absl::StrCat("reportSeries/", arg);
}

// "bch-update/3" -> "reportSeries/bch-update/issuedReports/3"; full names pass through.
std::string ReportName(const std::string& arg) {
  if (absl::StrContains(arg, "/issuedReports/")) return arg;
  std::vector<std::string> parts = absl::StrSplit(arg, absl::MaxSplits('/', 1));
  if (parts.size() != 2) return arg;  // the service names what is wrong with it
  return absl::StrCat(SeriesName(parts[0]), "/issuedReports/", parts[1]);
}

bool IsFile(const std::string& arg) { return absl::EndsWith(arg, ".json"); }

// A document from a proto3 JSON file; an error names the file and what is wrong.
absl::StatusOr<update::v1::CollaborationUpdate> ReadDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  update::v1::CollaborationUpdate document;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), &document);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.message().as_string()));
  }
  return document;
}

int Issue(Clients& clients, const std::vector<std::string>& args) {
  v1::ReportingService::Stub& stub = *clients.reporting;
  if (args.size() != 2) return Usage("issue takes SERIES FILE.json");
  absl::StatusOr<update::v1::CollaborationUpdate> document = ReadDocument(args[1]);
  if (!document.ok()) return Usage(std::string(document.status().message()));
  v1::IssueReportRequest request;
  request.set_parent(SeriesName(args[0]));
  *request.mutable_document() = *std::move(document);
  request.set_sequence(absl::GetFlag(FLAGS_sequence));
  if (const std::string day = absl::GetFlag(FLAGS_issue_date); !day.empty()) {
    const std::optional<google::type::Date> date = DateFlag(day, "issue_date");
    if (!date) return kUsage;
    *request.mutable_issue_date() = *date;
  }
  v1::IssuedReport issued;
  const grpc::Status status = stub.IssueReport(Context().get(), request, &issued);
  if (!status.ok()) return Failed(status);
  std::cout << "issued " << issued.name() << " on " << PrintDate(issued.issue_date()) << "\n"
            << "  content hash  " << issued.content_hash() << "\n"
            << "  previous hash "
            << (issued.previous_hash().empty() ? "(first issue)" : issued.previous_hash()) << "\n";
  return 0;
}

int Reports(Clients& clients, const std::vector<std::string>& args) {
  v1::ReportingService::Stub& stub = *clients.reporting;
  if (args.size() != 1) return Usage("reports takes SERIES");
  v1::ListIssuedReportsRequest request;
  request.set_parent(SeriesName(args[0]));
  request.set_omit_documents(true);
  int count = 0;
  do {
    v1::ListIssuedReportsResponse page;
    const grpc::Status status = stub.ListIssuedReports(Context().get(), request, &page);
    if (!status.ok()) return Failed(status);
    for (const v1::IssuedReport& report : page.issued_reports()) {
      std::cout << report.name() << "  " << PrintDate(report.issue_date()) << "  by "
                << report.issuer() << "  sha256 " << report.content_hash().substr(0, 16) << "…\n";
      ++count;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (count == 0) std::cout << request.parent() << " has no issued reports\n";
  return 0;
}

int Diff(Clients& clients, const std::vector<std::string>& args) {
  v1::ReportingService::Stub& stub = *clients.reporting;
  if (args.empty() || args.size() > 2) return Usage("diff takes [BASE] TARGET");
  v1::DiffReportsRequest request;
  if (args.size() == 2) request.set_base(ReportName(args[0]));
  const std::string& target = args.back();
  if (IsFile(target)) {
    absl::StatusOr<update::v1::CollaborationUpdate> draft = ReadDocument(target);
    if (!draft.ok()) return Usage(std::string(draft.status().message()));
    *request.mutable_draft() = *std::move(draft);
  } else {
    request.set_report(ReportName(target));
  }
  v1::DiffReportsResponse diff;
  const grpc::Status status = stub.DiffReports(Context().get(), request, &diff);
  if (!status.ok()) return Failed(status);
  std::cout << "from " << diff.base() << " to "
            << (diff.target().empty() ? std::string("the draft ") + target : diff.target()) << ": "
            << diff.changes_size() << (diff.changes_size() == 1 ? " change" : " changes") << "\n";
  for (const v1::ReportChange& change : diff.changes()) {
    std::cout << "  [" << change.section() << "] " << change.description() << "\n";
  }
  return 0;
}

// Re-composes each issue of `series` as of its date through the gateway and says whether the
// record still gives the same paper, or what it now says differently (a change made afterwards
// with an effective date on or before the issue's). Not a failure: the issue stands as issued.
int CompareWithRecord(Clients& clients, const std::string& series) {
  v1::ListIssuedReportsRequest list;
  list.set_parent(series);
  list.set_page_size(1000);
  list.set_omit_documents(true);
  do {
    v1::ListIssuedReportsResponse page;
    if (grpc::Status s = clients.reporting->ListIssuedReports(Context().get(), list, &page);
        !s.ok()) {
      return Failed(s);
    }
    for (const v1::IssuedReport& issued : page.issued_reports()) {
      gateway::v1::CompareIssuedReportRequest request;
      request.set_issued_report(issued.name());
      gateway::v1::IssuedReportComparison comparison;
      if (grpc::Status s =
              clients.gateway->CompareIssuedReport(Context().get(), request, &comparison);
          !s.ok()) {
        return Failed(s);
      }
      if (comparison.reproduced()) {
        std::cout << issued.name() << ": re-composed as of " << PrintDate(issued.issue_date())
                  << ", the record gives the same paper (hash reproduced)\n";
        continue;
      }
      std::cout << issued.name() << ": the record now says " << comparison.changes_size()
                << " thing(s) differently about " << PrintDate(issued.issue_date())
                << " than the committee was told:\n";
      for (const v1::ReportChange& change : comparison.changes()) {
        std::cout << "  [" << change.section() << "] " << change.description() << "\n";
      }
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return 0;
}

// The paper composed now through the gateway: rendered, or as proto3 JSON.
int Compose(Clients& clients, const std::vector<std::string>& args) {
  if (!args.empty()) return Usage("compose takes flags only");
  gateway::v1::RenderCollaborationUpdateRequest request;
  if (const std::string series = absl::GetFlag(FLAGS_series); !series.empty()) {
    request.set_report_series(SeriesName(series));
  }
  if (const std::string force = absl::GetFlag(FLAGS_force); !force.empty()) {
    request.set_force(absl::StartsWith(force, "forces/") ? force : absl::StrCat("forces/", force));
  }
  if (const std::string day = absl::GetFlag(FLAGS_as_of); !day.empty()) {
    const std::optional<google::type::Date> date = DateFlag(day, "as_of");
    if (!date) return kUsage;
    *request.mutable_as_of() = *date;
  }
  request.set_strict(absl::GetFlag(FLAGS_strict));
  if (absl::AsciiStrToLower(absl::GetFlag(FLAGS_format)) == "json") {
    gateway::v1::ComposeCollaborationUpdateRequest compose;
    compose.set_report_series(request.report_series());
    compose.set_force(request.force());
    if (request.has_as_of()) *compose.mutable_as_of() = request.as_of();
    compose.set_strict(request.strict());
    update::v1::CollaborationUpdate update;
    if (grpc::Status s =
            clients.gateway->ComposeCollaborationUpdate(Context().get(), compose, &update);
        !s.ok()) {
      return Failed(s);
    }
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    (void)google::protobuf::util::MessageToJsonString(update, &json, options);
    std::cout << json;
    return 0;
  }
  const std::optional<v1::RenderFormat> format = RenderFormatFlag();
  if (!format) return Usage("--format must be markdown, html or json");
  request.set_format(*format);
  v1::RenderReportResponse rendered;
  if (grpc::Status s =
          clients.gateway->RenderCollaborationUpdate(Context().get(), request, &rendered);
      !s.ok()) {
    return Failed(s);
  }
  std::cout << rendered.content();
  return 0;
}

int Verify(Clients& clients, const std::vector<std::string>& args) {
  v1::ReportingService::Stub& stub = *clients.reporting;
  if (args.size() != 1) return Usage("verify takes SERIES");
  v1::VerifyIssuedReportsRequest request;
  request.set_parent(SeriesName(args[0]));
  v1::VerifyIssuedReportsResponse result;
  const grpc::Status status = stub.VerifyIssuedReports(Context().get(), request, &result);
  if (!status.ok()) return Failed(status);
  if (!result.verified()) {
    std::cout << "FAILED: " << result.first_failure() << " " << result.failure_reason() << " ("
              << result.checked() << " issues read)\n";
    return kNotVerified;
  }
  std::cout << "verified: " << result.checked() << " issues of " << request.parent()
            << ", every hash and link holds\n";
  return CompareWithRecord(clients, request.parent());
}

int Render(Clients& clients, const std::vector<std::string>& args) {
  v1::ReportingService::Stub& stub = *clients.reporting;
  if (args.size() != 1) return Usage("render takes REPORT or FILE.json");
  v1::RenderReportRequest request;
  const std::optional<v1::RenderFormat> format = RenderFormatFlag();
  if (!format) return Usage("--format must be markdown or html");
  request.set_format(*format);
  if (IsFile(args[0])) {
    absl::StatusOr<update::v1::CollaborationUpdate> draft = ReadDocument(args[0]);
    if (!draft.ok()) return Usage(std::string(draft.status().message()));
    *request.mutable_draft() = *std::move(draft);
  } else {
    request.set_report(ReportName(args[0]));
  }
  v1::RenderReportResponse rendered;
  const grpc::Status status = stub.RenderReport(Context().get(), request, &rendered);
  if (!status.ok()) return Failed(status);
  std::cout << rendered.content();
  return 0;
}

}  // namespace
}  // namespace bch::reporting

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "bch_report [--target=HOST:PORT] [--gateway=HOST:PORT] compose [--series=S] [--force=F] "
      "[--as_of=YYYY-MM-DD] --format=markdown|html|json | issue SERIES FILE.json | reports SERIES "
      "| diff [BASE] TARGET | verify SERIES | render REPORT|FILE.json --format=markdown|html");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) return bch::reporting::Usage("name a command");
  const std::string command = positional[1];
  const std::vector<std::string> args(positional.begin() + 2, positional.end());
  bch::reporting::Clients clients{
      bch::reporting::v1::ReportingService::NewStub(
          grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials())),
      bch::gateway::v1::CollaborationUpdateService::NewStub(
          grpc::CreateChannel(absl::GetFlag(FLAGS_gateway), grpc::InsecureChannelCredentials()))};
  using Command = int (*)(bch::reporting::Clients&, const std::vector<std::string>&);
  const std::pair<const char*, Command> commands[] = {
      {"compose", bch::reporting::Compose}, {"issue", bch::reporting::Issue},
      {"reports", bch::reporting::Reports}, {"diff", bch::reporting::Diff},
      {"verify", bch::reporting::Verify},   {"render", bch::reporting::Render}};
  for (const auto& [name, run] : commands) {
    if (command == name) return run(clients, args);
  }
  return bch::reporting::Usage("unknown command " + command);
}
