// gateway_server: flags and wiring only. Serves CollaborationUpdateService over gRPC, the same
// over HTTP/JSON and the portal's pages beside it; reports SERVING as soon as it listens, since it
// owns no data (an unavailable backend shows as an incomplete section, not as gateway ill health).
#include <grpcpp/create_channel.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "bch/common/config.h"
#include "bch/common/default_ports.h"
#include "bch/common/log.h"
#include "bch/common/server_flags.h"
#include "gateway_service.h"
#include "http_server.h"
#include "portal.h"

ABSL_FLAG(int32_t, http_port, bch::common::kGatewayHttpPort, "HTTP/JSON port for portals.");
ABSL_FLAG(std::string, projects_target, absl::StrCat("127.0.0.1:", bch::common::kProjectsPort),
          "Address of the projects service.");
ABSL_FLAG(std::string, finance_target, absl::StrCat("127.0.0.1:", bch::common::kFinancePort),
          "Address of the finance service.");
ABSL_FLAG(std::string, governance_target, absl::StrCat("127.0.0.1:", bch::common::kGovernancePort),
          "Address of the governance service.");
ABSL_FLAG(std::string, reporting_target, absl::StrCat("127.0.0.1:", bch::common::kReportingPort),
          "Address of the reporting service.");
ABSL_FLAG(std::string, portal_assets_dir, "",
          "Folder of the portal's style sheet (portal.css, built from GOV.UK Frontend); empty: "
          "no portal pages, the HTTP/JSON API only.");
ABSL_FLAG(std::string, pdf_browser, "",
          "Chromium executable the portal prints issued reports to PDF with; empty: no PDFs.");
ABSL_FLAG(int32_t, compose_timeout_ms, 5000,
          "Deadline of a composition when the caller gives none or a later one.");

int main(int argc, char** argv) {
  using bch::common::Log;
  using bch::common::Severity;
  bch::common::PrepareServerProcess();
  absl::SetFlag(&FLAGS_port, bch::common::kGatewayPort);
  absl::SetFlag(&FLAGS_metrics_port, bch::common::kGatewayMetricsPort);
  const std::vector<std::string> args = bch::common::ParseFlagsWithEnv(argc, argv);
  if (args.size() > 1) {
    Log(Severity::kError, absl::StrCat("unexpected argument ", args[1], "; see --help"));
    return 2;
  }
  const absl::Duration compose_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_compose_timeout_ms));

  bch::gateway::Composer composer(bch::gateway::ConnectBackends(
      absl::GetFlag(FLAGS_projects_target), absl::GetFlag(FLAGS_finance_target),
      absl::GetFlag(FLAGS_governance_target), absl::GetFlag(FLAGS_reporting_target)));
  bch::gateway::CollaborationUpdateServiceImpl service(composer, compose_timeout);

  bch::common::ServerMetrics metrics;
  if (absl::Status s = bch::common::ServeMetricsFromFlags(metrics); !s.ok()) {
    Log(Severity::kError, s.message());
    return 1;
  }
  auto server = bch::common::GrpcServer::Start(
      bch::common::ServerOptionsFromFlags(
          {bch::gateway::v1::CollaborationUpdateService::service_full_name()}),
      {&service}, &metrics);
  if (!server.ok()) {
    Log(Severity::kError, server.status().message());
    return 1;
  }
  // The HTTP face calls this server's own gRPC methods, so it serves whatever they annotate.
  const std::shared_ptr<grpc::Channel> http_backend = grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*server)->port()), grpc::InsecureChannelCredentials());
  bch::gateway::HttpServer http(
      http_backend,
      {google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          bch::gateway::v1::CollaborationUpdateService::service_full_name())},
      compose_timeout);
  const std::string assets = absl::GetFlag(FLAGS_portal_assets_dir);
  bch::gateway::Portal portal(http_backend, {.assets_dir = assets,
                                             .pdf_browser = absl::GetFlag(FLAGS_pdf_browser),
                                             .call_timeout = compose_timeout});
  if (!assets.empty()) {
    if (absl::Status s = portal.AddRoutes(http.server()); !s.ok()) {
      Log(Severity::kError, s.message());
      return 1;
    }
  }
  if (absl::Status s = http.Start(absl::GetFlag(FLAGS_host), absl::GetFlag(FLAGS_http_port));
      !s.ok()) {
    Log(Severity::kError, s.message());
    return 1;
  }
  (*server)->SetServing(true);
  Log(Severity::kInfo, "bch.gateway.v1.CollaborationUpdateService listening", {},
      {{"port", std::to_string((*server)->port())},
       {"http_port", std::to_string(http.port())},
       {"metrics_port", std::to_string(metrics.port())}});

  const std::string signal_name = bch::common::WaitForShutdownSignal();
  Log(Severity::kInfo, absl::StrCat("shutting down: received ", signal_name));
  http.Stop();
  (*server)->Shutdown(bch::common::DrainTimeoutFromFlags());
  Log(Severity::kInfo, "stopped");
  return 0;
}
