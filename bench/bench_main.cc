// bch_bench: measures, in one run on this machine, the suite's calls against a bare gRPC echo
// server built from the same libraries, and a durable write against MariaDB's own autocommit
// inserts, and prints each ratio next to its target from DESIGN.md. Everything runs on loopback
// against a private MariaDB (tests/support); each load runs for a fixed time and stops.
//
// Usage: bch_bench [--seconds=N] [--connections=N]   (./bch bench runs it)
#include <grpcpp/create_channel.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/bench/v1/echo_service.grpc.pb.h"
#include "bch/common/migrations.h"
#include "bch/common/server.h"
#include "projects_service.h"
#include "test_mariadb.h"

ABSL_FLAG(int32_t, seconds, 3, "How long each load runs.");
ABSL_FLAG(int32_t, connections, 16, "Concurrent client connections of the throughput loads.");

namespace bch::bench {
namespace {

using projects::v1::ProjectsService;

class EchoServiceImpl final : public v1::EchoService::Service {
  grpc::Status Echo(grpc::ServerContext*, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override {
    response->set_message(request->message());
    return grpc::Status::OK;
  }
};

struct Result {
  double calls_per_second = 0;
  double p50_microseconds = 0;
  int64_t failures = 0;
};

// A call made by one client; returns false on failure.
using CallFn = std::function<bool()>;
// Makes a client's call function bound to its own connection.
using ClientFactory = std::function<CallFn(int client, std::shared_ptr<grpc::Channel>)>;

std::shared_ptr<grpc::Channel> OwnConnection(int port) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a TCP connection per channel
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials(), arguments);
}

// Runs `connections` clients in a closed loop for `duration`.
Result Drive(int port, int connections, absl::Duration duration, const ClientFactory& factory) {
  std::vector<std::vector<int64_t>> latencies(connections);
  std::atomic<int64_t> failures{0};
  std::vector<CallFn> calls;
  for (int i = 0; i < connections; ++i) calls.push_back(factory(i, OwnConnection(port)));
  for (auto& call : calls) call();  // connect and warm up
  const absl::Time start = absl::Now();
  const absl::Time stop = start + duration;
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      while (absl::Now() < stop) {
        const absl::Time before = absl::Now();
        if (!calls[i]()) ++failures;
        latencies[i].push_back(absl::ToInt64Nanoseconds(absl::Now() - before));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<int64_t> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Result result;
  result.calls_per_second = static_cast<double>(all.size()) / elapsed;
  result.p50_microseconds = all.empty() ? 0 : static_cast<double>(all[all.size() / 2]) / 1000.0;
  result.failures = failures;
  return result;
}

template <typename Request, typename Response, typename Stub>
CallFn Unary(std::shared_ptr<grpc::Channel> channel,
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
             std::function<Request()> make_request,
             std::unique_ptr<Stub> (*new_stub)(const std::shared_ptr<grpc::ChannelInterface>&,
                                               const grpc::StubOptions&)) {
  std::shared_ptr<Stub> stub = new_stub(channel, grpc::StubOptions());
  return [stub, method, make_request] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    Response response;
    return ((*stub).*method)(&context, make_request(), &response).ok();
  };
}

void Report(const char* what, const Result& result, const Result& baseline, double target) {
  const double ratio = result.calls_per_second / baseline.calls_per_second;
  std::printf("%-44s %9.0f /s  p50 %7.0f us  ratio %.2f  target >= %.2f  %s%s\n", what,
              result.calls_per_second, result.p50_microseconds, ratio, target,
              ratio >= target ? "met" : "NOT MET",
              result.failures ? absl::StrCat("  (", result.failures, " failed)").c_str() : "");
}

int Run() {
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  const int connections = absl::GetFlag(FLAGS_connections);

  EchoServiceImpl echo;
  grpc::ServerBuilder builder;
  int echo_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &echo_port);
  builder.RegisterService(&echo);
  std::unique_ptr<grpc::Server> echo_server = builder.BuildAndStart();

  common::DbPool pool(bch::testing::TestMariaDb::Shared().CreateSchema(connections));
  {
    auto db = pool.Acquire(absl::Now() + absl::Seconds(10));
    if (!db.ok() || !common::ApplyMigrations(
                         **db, common::MigrationSetsFor(projects::ProjectsServiceDefinition()),
                         absl::Seconds(10))
                         .ok()) {
      std::fprintf(stderr, "cannot prepare the benchmark schema\n");
      return 1;
    }
  }
  common::LocalDevelopmentCallers callers(common::Principal{"bench", "forces/bench", {"admin"}});
  projects::ProjectsServiceImpl service(common::ServiceDeps{pool, callers});
  common::ServerMetrics metrics;
  auto server = common::GrpcServer::Start(common::GrpcServerOptions{}, {&service}, &metrics);
  if (!server.ok()) return 1;
  const int port = (*server)->port();

  // A portfolio to read: one programme, 60 projects.
  auto stub = ProjectsService::NewStub(OwnConnection(port));
  {
    grpc::ClientContext context;
    projects::v1::CreateProgrammeRequest request;
    request.set_programme_id("bench");
    request.mutable_programme()->set_title("Bench");
    request.mutable_programme()->set_lead_force("forces/bench");
    projects::v1::Programme programme;
    if (!stub->CreateProgramme(&context, request, &programme).ok()) return 1;
  }
  for (int i = 0; i < 60; ++i) {
    grpc::ClientContext context;
    projects::v1::CreateProjectRequest request;
    request.set_project_id(absl::StrCat("project-", i));
    request.mutable_project()->set_title(absl::StrCat("Project ", i));
    request.mutable_project()->set_programme("programmes/bench");
    request.mutable_project()->set_lead_force("forces/bench");
    request.mutable_project()->add_participating_forces("forces/bench");
    request.mutable_project()->set_state(projects::v1::LIFECYCLE_STATE_IN_DELIVERY);
    projects::v1::Project project;
    if (!stub->CreateProject(&context, request, &project).ok()) return 1;
  }

  std::printf(
      "bch_bench: %d connections, %d s per load; clients, server and MariaDB share this "
      "machine (loopback)\n\n",
      connections, absl::GetFlag(FLAGS_seconds));
  const auto echo_call = [](int, std::shared_ptr<grpc::Channel> channel) {
    return Unary<v1::EchoRequest, v1::EchoResponse>(
        channel, &v1::EchoService::Stub::Echo,
        [] {
          v1::EchoRequest r;
          r.set_message("ping");
          return r;
        },
        &v1::EchoService::NewStub);
  };
  const Result echo_rate = Drive(echo_port, connections, duration, echo_call);
  const Result echo_single = Drive(echo_port, 1, duration, echo_call);
  std::printf("%-44s %9.0f /s  p50 %7.0f us\n", "echo (baseline)", echo_rate.calls_per_second,
              echo_rate.p50_microseconds);
  std::printf("%-44s %9.0f /s  p50 %7.0f us\n\n", "echo, 1 connection",
              echo_single.calls_per_second, echo_single.p50_microseconds);

  Report("GetProject (one resource, MariaDB)",
         Drive(port, connections, duration,
               [](int client, auto channel) {
                 return Unary<projects::v1::GetProjectRequest, projects::v1::Project>(
                     channel, &ProjectsService::Stub::GetProject,
                     [client] {
                       projects::v1::GetProjectRequest r;
                       r.set_name(absl::StrCat("projects/project-", client % 60));
                       return r;
                     },
                     &ProjectsService::NewStub);
               }),
         echo_rate, 0.60);
  Report(
      "ListProjects (a page of 50)",
      Drive(port, connections, duration,
            [](int, auto channel) {
              return Unary<projects::v1::ListProjectsRequest, projects::v1::ListProjectsResponse>(
                  channel, &ProjectsService::Stub::ListProjects,
                  [] {
                    projects::v1::ListProjectsRequest r;
                    r.set_page_size(50);
                    return r;
                  },
                  &ProjectsService::NewStub);
            }),
      echo_rate, 0.30);

  // Durable writes: MariaDB's own autocommit insert rate over the same pool size, then the
  // service's CreateStatusUpdate (transaction, insert, audit event) at the same concurrency.
  {
    auto db = pool.Acquire(absl::Now() + absl::Seconds(5));
    (void)(*db)->ExecuteUnprepared(
        "CREATE TABLE bench_inserts (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(200))");
  }
  std::atomic<int64_t> inserts{0}, insert_failures{0};
  {
    const absl::Time stop = absl::Now() + duration;
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i) {
      threads.emplace_back([&] {
        auto db = pool.Acquire(absl::Now() + absl::Seconds(5));
        if (!db.ok()) return;
        while (absl::Now() < stop) {
          if ((*db)
                  ->Execute("INSERT INTO bench_inserts (text) VALUES (?)",
                            {std::string("a durable row")})
                  .ok()) {
            ++inserts;
          } else {
            ++insert_failures;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  Result mariadb;
  mariadb.calls_per_second = static_cast<double>(inserts) / absl::ToDoubleSeconds(duration);
  std::printf("\n%-44s %9.0f /s\n", "MariaDB autocommit INSERT (baseline)",
              mariadb.calls_per_second);
  Report("CreateStatusUpdate (transaction + audit)",
         Drive(port, connections, duration,
               [](int client, auto channel) {
                 return Unary<projects::v1::CreateStatusUpdateRequest, projects::v1::StatusUpdate>(
                     channel, &ProjectsService::Stub::CreateStatusUpdate,
                     [client] {
                       projects::v1::CreateStatusUpdateRequest r;
                       r.set_parent(absl::StrCat("projects/project-", client % 60));
                       auto* update = r.mutable_status_update();
                       update->mutable_as_of_date()->set_year(2017);
                       update->mutable_as_of_date()->set_month(12);
                       update->mutable_as_of_date()->set_day(14);
                       update->set_author("bench");
                       update->set_text("a durable row");
                       return r;
                     },
                     &ProjectsService::NewStub);
               }),
         mariadb, 0.50);

  (*server)->Shutdown(absl::Seconds(1));
  echo_server->Shutdown();
  return 0;
}

}  // namespace
}  // namespace bch::bench

int main(int argc, char** argv) {
  // The servers' process setting (see PrepareServerProcess), without blocking Ctrl-C.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::ParseCommandLine(argc, argv);
  return bch::bench::Run();
}
