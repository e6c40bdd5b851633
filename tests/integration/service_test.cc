// A real service (projects) on a loopback gRPC server over a migrated MariaDB schema, called by a
// real client: pagination across pages, errors with google.rpc details, health gating, request
// ids and metrics. The other services share this machinery through common/.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "bch/common/handler.h"
#include "bch/common/server.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "governance_service.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "projects_service.h"
#include "reporting_service.h"
#include "rpc.h"
#include "running_service.h"
#include "test_mariadb.h"

namespace bch {
namespace {

using bch::testing::TestMariaDb;

using bch::testing::RunningService;

grpc::health::v1::HealthCheckResponse::ServingStatus Health(std::shared_ptr<grpc::Channel> channel,
                                                            const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_TRUE(stub->Check(&context, request, &response).ok());
  return response.status();
}

TEST(ProjectsServiceTest, ListsProgrammesPageByPageInDisplayOrder) {
  RunningService service(projects::ProjectsServiceDefinition());
  service.server().SetServing(true);
  service.Sql(
      "INSERT INTO programmes (id, title, lead_force, display_order, revision, first_effective, "
      "effective_date, update_time) VALUES "
      "('other', 'Other', '', 4, 1, '2017-01-01', '2017-01-01', NOW(6)), "
      "('organisational-support', 'Organisational Support', 'forces/cambridgeshire', 1, 1, "
      "'2017-01-01', '2017-01-01', NOW(6)), "
      "('operational-support', 'Operational Support', 'forces/hertfordshire', 2, 1, "
      "'2017-01-01', '2017-01-01', NOW(6)), "
      "('joint-protective-services', 'Joint Protective Services', 'forces/bedfordshire', 3, 1, "
      "'2017-01-01', '2017-01-01', NOW(6)), "
      "('aaa-also-third', 'Also third', 'forces/bedfordshire', 3, 1, '2017-01-01', '2017-01-01', "
      "NOW(6))");
  auto stub = projects::v1::ProjectsService::NewStub(service.channel());
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    grpc::ClientContext context;
    projects::v1::ListProgrammesRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    projects::v1::ListProgrammesResponse response;
    const grpc::Status status = stub->ListProgrammes(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.programmes_size(), 2);
    for (const auto& p : response.programmes()) names.push_back(p.name());
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names,
            (std::vector<std::string>{"programmes/organisational-support",
                                      "programmes/operational-support", "programmes/aaa-also-third",
                                      "programmes/joint-protective-services", "programmes/other"}));
}

TEST(ProjectsServiceTest, BadInputIsInvalidArgumentWithEveryViolationInTheDetails) {
  RunningService service(projects::ProjectsServiceDefinition());
  auto stub = projects::v1::ProjectsService::NewStub(service.channel());
  grpc::ClientContext context;
  projects::v1::ListProgrammesRequest request;
  request.set_page_size(-1);
  request.set_page_token("not-a-token");
  projects::v1::ListProgrammesResponse response;
  const grpc::Status status = stub->ListProgrammes(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(details.details_size(), 2);
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  EXPECT_EQ(info.domain(), "projects.bch.police.uk");
  EXPECT_EQ(info.reason(), "INVALID_FIELDS");
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
  EXPECT_EQ(bad_request.field_violations(1).field(), "page_token");
}

TEST(ProjectsServiceTest, HealthIsNotServingUntilToldAndRequestIdsAreEchoed) {
  RunningService service(projects::ProjectsServiceDefinition());
  const std::string name = "bch.projects.v1.ProjectsService";
  EXPECT_EQ(Health(service.channel(), name), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(service.channel(), ""), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  service.server().SetServing(true);
  EXPECT_EQ(Health(service.channel(), name), grpc::health::v1::HealthCheckResponse::SERVING);

  auto stub = projects::v1::ProjectsService::NewStub(service.channel());
  projects::v1::ListProgrammesResponse response;
  grpc::ClientContext given;
  given.AddMetadata(common::kRequestIdHeader, "operator-42");
  ASSERT_TRUE(stub->ListProgrammes(&given, {}, &response).ok());
  auto echoed = given.GetServerInitialMetadata().find(common::kRequestIdHeader);
  ASSERT_NE(echoed, given.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "operator-42");

  grpc::ClientContext generated;
  ASSERT_TRUE(stub->ListProgrammes(&generated, {}, &response).ok());
  auto made_up = generated.GetServerInitialMetadata().find(common::kRequestIdHeader);
  ASSERT_NE(made_up, generated.GetServerInitialMetadata().end());
  EXPECT_EQ(made_up->second.size(), 32u) << "a 128-bit hex id is made up when none is given";

  const std::string metrics = service.metrics().Scrape();
  EXPECT_NE(
      metrics.find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"ListProgrammes\","
                   "grpc_service=\"bch.projects.v1.ProjectsService\",grpc_type=\"unary\"} 2"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("grpc_server_handling_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.find("bch_db_pool_connections{state=\"idle\"}"), std::string::npos);
}

TEST(ProjectsServiceTest, ShutdownDrainsAndReportsNotServing) {
  RunningService service(projects::ProjectsServiceDefinition());
  service.server().SetServing(true);
  service.server().Shutdown(absl::Milliseconds(200));
  auto stub = projects::v1::ProjectsService::NewStub(service.channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  projects::v1::ListProgrammesResponse response;
  EXPECT_EQ(stub->ListProgrammes(&context, {}, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

// Governance and reporting: each migrates its own schema and serves its read (finance has
// finance_test.cc).
TEST(ServicesTest, EachServiceReadsItsOwnSchema) {
  RunningService governance(governance::GovernanceServiceDefinition());
  {
    grpc::ClientContext c1;
    governance::v1::CreateForceRequest create;
    create.set_force_id("cambridgeshire");
    create.mutable_force()->set_display_name("Cambridgeshire Constabulary");
    governance::v1::Force force;
    ASSERT_TRUE(governance::v1::GovernanceService::NewStub(governance.channel())
                    ->CreateForce(&c1, create, &force)
                    .ok());
  }
  grpc::ClientContext c2;
  governance::v1::ListForcesResponse forces;
  ASSERT_TRUE(governance::v1::GovernanceService::NewStub(governance.channel())
                  ->ListForces(&c2, {}, &forces)
                  .ok());
  ASSERT_EQ(forces.forces_size(), 1);
  EXPECT_EQ(forces.forces(0).display_name(), "Cambridgeshire Constabulary");

  RunningService reporting(reporting::ReportingServiceDefinition());
  {
    grpc::ClientContext c;
    reporting::v1::CreateReportSeriesRequest create;
    create.set_report_series_id("bch-collaboration-update");
    create.mutable_report_series()->set_title("Collaboration Update");
    create.mutable_report_series()->set_audience("Joint Audit Committee");
    auto& section = *create.mutable_report_series()->mutable_layout()->add_sections();
    section.set_id("purpose");
    section.set_title("Purpose");
    reporting::v1::ReportSeries created;
    ASSERT_TRUE(reporting::v1::ReportingService::NewStub(reporting.channel())
                    ->CreateReportSeries(&c, create, &created)
                    .ok());
  }
  grpc::ClientContext c3;
  reporting::v1::ListReportSeriesResponse series;
  ASSERT_TRUE(reporting::v1::ReportingService::NewStub(reporting.channel())
                  ->ListReportSeries(&c3, {}, &series)
                  .ok());
  ASSERT_EQ(series.report_series_size(), 1);
  EXPECT_EQ(series.report_series(0).audience(), "Joint Audit Committee");
}

TEST(ServicesTest, DatabaseDownIsUnavailableWithAReason) {
  common::DbConfig config = TestMariaDb::Shared().CreateSchema();
  config.port = bch::testing::FreeLoopbackPort();
  common::DbPool pool(config);
  common::LocalDevelopmentCallers callers(common::Principal{"t", "forces/t", {}});
  projects::ProjectsServiceImpl impl(common::ServiceDeps{pool, callers});
  auto server = common::GrpcServer::Start(common::GrpcServerOptions{}, {&impl}, nullptr);
  ASSERT_TRUE(server.ok());
  auto stub = projects::v1::ProjectsService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  projects::v1::ListProgrammesResponse response;
  const grpc::Status status = stub->ListProgrammes(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(bch::testing::ReasonOf(status), "DATABASE_UNAVAILABLE");
}

}  // namespace
}  // namespace bch
