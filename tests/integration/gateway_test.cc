// The gateway's composition against fake backends on loopback: the four calls run in parallel,
// carry a deadline derived from the caller's and the request id, a failing or late backend gives
// an incomplete section (or an error when strict), and the HTTP/JSON face maps errors.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/server.h"
#include "composer.h"
#include "gateway_service.h"
#include "http_server.h"
#include "test_mariadb.h"

namespace bch::gateway {
namespace {

// What every fake backend does with a call; shared by the four fakes.
class Behaviour {
 public:
  virtual ~Behaviour() = default;
  virtual grpc::Status Handle(grpc::ServerContext* context) = 0;
};

class FakeProjects final : public projects::v1::ProjectsService::Service {
 public:
  explicit FakeProjects(Behaviour& b) : b_(b) {}
  grpc::Status ListProgrammes(grpc::ServerContext* c, const projects::v1::ListProgrammesRequest*,
                              projects::v1::ListProgrammesResponse* r) override {
    r->add_programmes()->set_name("programmes/other");
    r->set_next_page_token(next_page_token_);
    return b_.Handle(c);
  }
  Behaviour& b_;
  std::string next_page_token_;  // set: the list goes on past the page
};
class FakeFinance final : public finance::v1::FinanceService::Service {
 public:
  explicit FakeFinance(Behaviour& b) : b_(b) {}
  grpc::Status ListMeasures(grpc::ServerContext* c, const finance::v1::ListMeasuresRequest*,
                            finance::v1::ListMeasuresResponse* r) override {
    r->add_measures()->set_name("measures/spend-on-collaboration");
    return b_.Handle(c);
  }
  Behaviour& b_;
};
class FakeGovernance final : public governance::v1::GovernanceService::Service {
 public:
  explicit FakeGovernance(Behaviour& b) : b_(b) {}
  grpc::Status ListForces(grpc::ServerContext* c, const governance::v1::ListForcesRequest*,
                          governance::v1::ListForcesResponse* r) override {
    r->add_forces()->set_name("forces/cambridgeshire");
    return b_.Handle(c);
  }
  Behaviour& b_;
};
class FakeReporting final : public reporting::v1::ReportingService::Service {
 public:
  explicit FakeReporting(Behaviour& b) : b_(b) {}
  grpc::Status ListReportSeries(grpc::ServerContext* c,
                                const reporting::v1::ListReportSeriesRequest*,
                                reporting::v1::ListReportSeriesResponse* r) override {
    r->add_report_series()->set_name("reportSeries/bch-collaboration-update");
    return b_.Handle(c);
  }
  Behaviour& b_;
};

// Answers once all four calls are in flight at the same time (or fails after 5 s), recording
// each call's deadline and request id.
class AllInFlightTogether final : public Behaviour {
 public:
  grpc::Status Handle(grpc::ServerContext* context) override {
    absl::MutexLock lock(&mutex_);
    ++arrived_;
    deadlines_.push_back(absl::FromChrono(context->deadline()));
    request_ids_.push_back(common::RequestIdOf(*context));
    const bool together = mutex_.AwaitWithTimeout(absl::Condition(
                                                      +[](int* n) { return *n >= 4; }, &arrived_),
                                                  absl::Seconds(5));
    return together ? grpc::Status::OK
                    : grpc::Status(grpc::StatusCode::INTERNAL, "calls were not concurrent");
  }
  absl::Mutex mutex_;
  int arrived_ ABSL_GUARDED_BY(mutex_) = 0;
  std::vector<absl::Time> deadlines_;
  std::vector<std::string> request_ids_;
};

// Answers at once, except the "slow" backend, which waits until its caller gives up.
class OneSlow final : public Behaviour {
 public:
  grpc::Status Handle(grpc::ServerContext* context) override {
    if (!slow_) return grpc::Status::OK;
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(5));
    return grpc::Status(grpc::StatusCode::CANCELLED, "gave up");
  }
  bool slow_ = false;
};

class Fakes {
 public:
  Fakes(Behaviour& fast, Behaviour& finance_behaviour)
      : projects_(fast), finance_(finance_behaviour), governance_(fast), reporting_(fast) {
    server_ = *common::GrpcServer::Start(
        common::GrpcServerOptions{}, {&projects_, &finance_, &governance_, &reporting_}, nullptr);
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  FakeProjects& projects() { return projects_; }
  Backends backends() const { return ConnectBackends(target(), target(), target(), target()); }

 private:
  FakeProjects projects_;
  FakeFinance finance_;
  FakeGovernance governance_;
  FakeReporting reporting_;
  std::unique_ptr<common::GrpcServer> server_;
};

v1::ComposeCollaborationUpdateRequest CambridgeshireDecember2017() {
  v1::ComposeCollaborationUpdateRequest request;
  request.set_report_series("reportSeries/bch-collaboration-update");
  request.set_force("forces/cambridgeshire");
  request.mutable_as_of()->set_year(2017);
  request.mutable_as_of()->set_month(12);
  request.mutable_as_of()->set_day(14);
  return request;
}

TEST(ComposerTest, CallsTheFourBackendsInParallelUnderTheCallersDeadline) {
  AllInFlightTogether together;
  Fakes fakes(together, together);
  Composer composer(fakes.backends());
  const absl::Time deadline = absl::Now() + absl::Seconds(8);
  auto update = composer.Compose(CambridgeshireDecember2017(), deadline, "req-77");
  ASSERT_TRUE(update.ok()) << update.status();
  ASSERT_EQ(update->sections_size(), 4);
  for (const auto& section : update->sections()) {
    EXPECT_TRUE(section.complete()) << section.id() << ": " << section.missing_reason();
  }
  EXPECT_EQ(update->programmes(0).name(), "programmes/other");
  EXPECT_EQ(update->measures(0).name(), "measures/spend-on-collaboration");
  EXPECT_EQ(update->forces(0).name(), "forces/cambridgeshire");
  EXPECT_EQ(update->report_series_catalogue(0).name(), "reportSeries/bch-collaboration-update");
  EXPECT_EQ(update->as_of().year(), 2017);
  absl::MutexLock lock(&together.mutex_);
  ASSERT_EQ(together.deadlines_.size(), 4u);
  // The deadline travels as a relative grpc-timeout, so the backend's copy is ours give or
  // take the transit time: far from the 8 s it would be without propagation being exact.
  for (const absl::Time backend_deadline : together.deadlines_) {
    EXPECT_LT(absl::AbsDuration(backend_deadline - deadline), absl::Milliseconds(100));
  }
  EXPECT_EQ(together.request_ids_, std::vector<std::string>(4, "req-77"));
}

TEST(ComposerTest, AListLongerThanOnePageIsAnIncompleteSectionNeverASilentCut) {
  OneSlow fast;
  Fakes fakes(fast, fast);
  fakes.projects().next_page_token_ = "more";
  Composer composer(fakes.backends());
  auto update = composer.Compose(CambridgeshireDecember2017(), absl::Now() + absl::Seconds(5), "r");
  ASSERT_TRUE(update.ok()) << update.status();
  ASSERT_EQ(update->sections(0).id(), "projects");
  EXPECT_FALSE(update->sections(0).complete());
  EXPECT_NE(update->sections(0).missing_reason().find("only the first"), std::string::npos);
  EXPECT_TRUE(update->sections(1).complete());
  auto strict_request = CambridgeshireDecember2017();
  strict_request.set_strict(true);
  auto strict = composer.Compose(strict_request, absl::Now() + absl::Seconds(5), "r");
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kFailedPrecondition) << strict.status();
}

TEST(GatewayServiceTest, BackendDeadlinesDeriveFromTheIncomingCall) {
  AllInFlightTogether together;
  Fakes fakes(together, together);
  Composer composer(fakes.backends());
  CollaborationUpdateServiceImpl service(composer, /*compose_timeout=*/absl::Seconds(30));
  auto server = common::GrpcServer::Start(common::GrpcServerOptions{}, {&service}, nullptr);
  ASSERT_TRUE(server.ok());
  auto stub = v1::CollaborationUpdateService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  const absl::Time deadline = absl::Now() + absl::Seconds(6);
  context.set_deadline(absl::ToChronoTime(deadline));
  context.AddMetadata(common::kRequestIdHeader, "portal-9");
  v1::CollaborationUpdate update;
  const grpc::Status status =
      stub->ComposeCollaborationUpdate(&context, CambridgeshireDecember2017(), &update);
  ASSERT_TRUE(status.ok()) << status.error_message();
  absl::MutexLock lock(&together.mutex_);
  for (const absl::Time backend_deadline : together.deadlines_) {
    EXPECT_LT(absl::AbsDuration(backend_deadline - deadline), absl::Milliseconds(100))
        << "not the 30 s cap: the caller's 6 s deadline is passed on";
  }
  EXPECT_EQ(together.request_ids_, std::vector<std::string>(4, "portal-9"));
}

TEST(ComposerTest, ALateBackendGivesAnIncompleteSectionWithinTheDeadline) {
  OneSlow fast, slow;
  slow.slow_ = true;
  Fakes fakes(fast, slow);
  Composer composer(fakes.backends());
  const absl::Time start = absl::Now();
  auto update =
      composer.Compose(CambridgeshireDecember2017(), start + absl::Milliseconds(300), "r");
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3)) << "the deadline bounds the whole compose";
  for (const auto& section : update->sections()) {
    if (section.id() == "finance") {
      EXPECT_FALSE(section.complete());
      EXPECT_NE(section.missing_reason().find("DeadlineExceeded"), std::string::npos)
          << section.missing_reason();
    } else {
      EXPECT_TRUE(section.complete()) << section.id();
    }
  }
  EXPECT_EQ(update->measures_size(), 0);
  EXPECT_EQ(update->forces_size(), 1);
}

TEST(ComposerTest, ADownBackendFailsAStrictCompose) {
  OneSlow fast;
  Fakes fakes(fast, fast);
  Backends backends = fakes.backends();
  backends.governance =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(bch::testing::FreeLoopbackPort()),
                          grpc::InsecureChannelCredentials());
  Composer composer(backends);
  auto lenient =
      composer.Compose(CambridgeshireDecember2017(), absl::Now() + absl::Seconds(5), "r");
  ASSERT_TRUE(lenient.ok());
  EXPECT_FALSE(lenient->sections(2).complete());
  EXPECT_EQ(lenient->sections(2).id(), "governance");

  auto request = CambridgeshireDecember2017();
  request.set_strict(true);
  auto strict = composer.Compose(request, absl::Now() + absl::Seconds(5), "r");
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(strict.status().message().find("governance service"), absl::string_view::npos);
}

TEST(ComposerTest, RefusesBadNamesAndImpossibleDatesTogether) {
  OneSlow fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  auto request = CambridgeshireDecember2017();
  request.set_force("Cambridgeshire");
  request.set_report_series("reportSeries/Bad Name");
  request.mutable_as_of()->set_month(2);
  request.mutable_as_of()->set_day(30);
  auto update = composer.Compose(request, absl::Now() + absl::Seconds(5), "r");
  ASSERT_FALSE(update.ok());
  const auto violations = common::FieldViolationsOf(update.status());
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].field, "report_series");
  EXPECT_EQ(violations[1].field, "force");
  EXPECT_EQ(violations[2].field, "as_of");
}

TEST(HttpServerTest, ServesTheUpdateAsProto3JsonAndErrorsAsGoogleRpcStatus) {
  OneSlow fast;
  Fakes fakes(fast, fast);
  Composer composer(fakes.backends());
  HttpServer http(composer, absl::Seconds(5));
  ASSERT_TRUE(http.Start("127.0.0.1", 0).ok());
  httplib::Client client("127.0.0.1", http.port());

  auto ok =
      client.Get("/v1/collaborationUpdate:compose?force=forces/cambridgeshire&asOf=2017-12-14");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const auto update = nlohmann::json::parse(ok->body);
  EXPECT_EQ(update["force"], "forces/cambridgeshire");
  EXPECT_EQ(update["asOf"]["day"], 14);
  EXPECT_EQ(update["sections"].size(), 4u);
  EXPECT_EQ(update["forces"][0]["name"], "forces/cambridgeshire");

  auto bad = client.Get("/v1/collaborationUpdate:compose?as_of=14/12/2017&strict=maybe");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  const auto error = nlohmann::json::parse(bad->body);
  EXPECT_EQ(error["code"], 3);
  const auto& violations = error["details"][1]["fieldViolations"];
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0]["field"], "as_of");
  EXPECT_EQ(violations[1]["field"], "strict");

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  http.Stop();
}

TEST(HttpServerTest, StatusCodesFollowTheGoogleRpcMapping) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
}

}  // namespace
}  // namespace bch::gateway
