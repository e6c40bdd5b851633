// bch_bench: measures, in one run on this machine, the suite's calls against a bare gRPC echo
// server built from the same libraries, and a durable write against MariaDB's own autocommit
// inserts, and prints each ratio next to its target from DESIGN.md. Each measurement also prints
// its profile per call (CPU of this process and of MariaDB, statements executed), and a bare
// primary-key SELECT shows what one database round trip costs and so the best ratio a call that
// makes one can reach here. Everything runs on loopback against a private MariaDB
// (tests/support); each load runs for a fixed time and stops.
//
// It then loads a portfolio at a tenth of DESIGN.md's scale and at full scale (43 forces with four
// programmes each, 5,000 projects, 100,000 status updates over ten years) through the API and
// reports one force's portfolio read and a list page at both sizes, to show how cost grows.
//
// Finance: BatchRecordFigures throughput in figures per second (beside MariaDB's own inserts),
// and GetFinanceSummary for one force over ten years (beside an echo round trip). Governance:
// GetGovernanceSummary for one alliance with history (beside an echo round trip). Reporting: an
// issued report of the paper's size read back, diffed against the issue before and rendered as
// HTML (each beside an echo round trip), and the verification of a series of 100 issues.
//
// Usage: bch_bench [--seconds=N] [--connections=N] [--scale=false]   (./bch bench runs it)
#include <grpcpp/create_channel.h>
#include <grpcpp/server_builder.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/bench/v1/echo_service.grpc.pb.h"
#include "bch/common/checks.h"
#include "bch/common/migrations.h"
#include "bch/common/money.h"
#include "bch/common/period.h"
#include "bch/common/server.h"
#include "bch/gateway/v1/collaboration_update_service.grpc.pb.h"
#include "bch/governance/v1/register_service.grpc.pb.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "composer.h"
#include "finance_service.h"
#include "gateway_service.h"
#include "governance_service.h"
#include "http_server.h"
#include "loader.h"
#include "projects_service.h"
#include "reporting_service.h"
#include "test_mariadb.h"

ABSL_FLAG(int32_t, seconds, 3, "How long each load runs.");
ABSL_FLAG(int32_t, connections, 16, "Concurrent client connections of the throughput loads.");
ABSL_FLAG(bool, http, true, "Also compose the worked example over HTTP/JSON.");
ABSL_FLAG(bool, scale, true, "Also load 5,000 projects and 100,000 status updates and time reads.");

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
  double p99_microseconds = 0;
  int64_t failures = 0;
  // The profile of a call: CPU time of this process (clients and servers) and of MariaDB, and
  // the statements MariaDB executed, each per call.
  double process_cpu_us = 0;
  double database_cpu_us = 0;
  double statements = 0;
};

// CPU seconds used so far by process `pid` (user and system), from /proc.
double CpuSecondsOf(int pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  std::vector<std::string> fields = absl::StrSplit(line.substr(line.rfind(')') + 2), ' ');
  if (fields.size() < 13) return 0;
  return (std::stod(fields[11]) + std::stod(fields[12])) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Reads the counters a call's profile is made of: CPU of this process and of MariaDB, and
// MariaDB's count of executed statements.
class Meter final {
 public:
  Meter(common::DbPool& pool, int database_pid) : pool_(pool), database_pid_(database_pid) {}
  struct Reading {
    double process_cpu = 0, database_cpu = 0, statements = 0;
  };
  Reading Read() const {
    Reading reading{CpuSecondsOf(getpid()), CpuSecondsOf(database_pid_), 0};
    auto db = pool_.Acquire(absl::Now() + absl::Seconds(5));
    if (db.ok()) {
      (void)(*db)->Query("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'", {},
                         [&](const common::Row& row) { reading.statements = row.Int64(1); });
    }
    return reading;
  }
  void Fill(const Reading& before, const Reading& after, int64_t calls, Result& result) const {
    if (calls == 0) return;
    const double n = static_cast<double>(calls);
    result.process_cpu_us = (after.process_cpu - before.process_cpu) * 1e6 / n;
    result.database_cpu_us = (after.database_cpu - before.database_cpu) * 1e6 / n;
    result.statements = (after.statements - before.statements - 1) / n;  // less the reading's own
  }

 private:
  common::DbPool& pool_;
  const int database_pid_;
};

const Meter* meter = nullptr;  // set once in Run()

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

// Runs `connections` clients, each making calls made by `make_call(client)` in a closed loop,
// for `duration`.
Result Measure(int connections, absl::Duration duration,
               const std::function<CallFn(int client)>& make_call) {
  std::vector<std::vector<int64_t>> latencies(connections);
  std::atomic<int64_t> failures{0};
  std::vector<CallFn> calls;
  for (int i = 0; i < connections; ++i) calls.push_back(make_call(i));
  for (auto& call : calls) call();  // connect and warm up
  const Meter::Reading before = meter != nullptr ? meter->Read() : Meter::Reading{};
  const absl::Time start = absl::Now();
  const absl::Time stop = start + duration;
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      while (absl::Now() < stop) {
        const absl::Time call_start = absl::Now();
        if (!calls[i]()) ++failures;
        latencies[i].push_back(absl::ToInt64Nanoseconds(absl::Now() - call_start));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const Meter::Reading after = meter != nullptr ? meter->Read() : Meter::Reading{};
  std::vector<int64_t> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Result result;
  result.calls_per_second = static_cast<double>(all.size()) / elapsed;
  result.p50_microseconds = all.empty() ? 0 : static_cast<double>(all[all.size() / 2]) / 1000.0;
  result.p99_microseconds =
      all.empty() ? 0 : static_cast<double>(all[all.size() * 99 / 100]) / 1000.0;
  result.failures = failures;
  if (meter != nullptr) meter->Fill(before, after, static_cast<int64_t>(all.size()), result);
  return result;
}

// gRPC clients, each on its own connection to `port`.
Result Drive(int port, int connections, absl::Duration duration, const ClientFactory& factory) {
  return Measure(connections, duration,
                 [&](int client) { return factory(client, OwnConnection(port)); });
}

// Clients of the database alone, each on a pool connection of its own, running `statement`.
Result DriveDatabase(common::DbPool& pool, int connections, absl::Duration duration,
                     const std::function<bool(common::DbConnection&)>& statement) {
  return Measure(connections, duration, [&](int) -> CallFn {
    auto db = pool.Acquire(absl::Now() + absl::Seconds(5));
    if (!db.ok()) return [] { return false; };
    auto connection = std::make_shared<common::PooledConnection>(*std::move(db));
    return [connection, &statement] { return statement(**connection); };
  });
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

// A client asking for the first page of 50 of all projects.
CallFn ListFirstPageOf50(int, std::shared_ptr<grpc::Channel> channel) {
  return Unary<projects::v1::ListProjectsRequest, projects::v1::ListProjectsResponse>(
      channel, &ProjectsService::Stub::ListProjects,
      [] {
        projects::v1::ListProjectsRequest r;
        r.set_page_size(50);
        return r;
      },
      &ProjectsService::NewStub);
}

// Runs `fn(i)` for every i in [begin, end) on `threads` threads; false once any call fails.
bool ParallelFor(int begin, int end, int threads, const std::function<bool(int)>& fn) {
  std::atomic<int> next{begin};
  std::atomic<bool> ok{true};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < end && ok; i = next++) {
        if (!fn(i)) ok = false;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return ok;
}

// The day the bench's programmes and projects exist from: before any status update it writes.
const google::type::Date kLoadedFrom = [] {
  google::type::Date date;
  date.set_year(2000);
  date.set_month(1);
  date.set_day(1);
  return date;
}();

// The scale portfolio: kForces forces with kProgrammesPerForce programmes each; project i is in
// programme i % (kForces * kProgrammesPerForce); each project has status updates spread over
// ten years before the day read.
constexpr int kForces = 43;
constexpr int kProgrammesPerForce = 4;
constexpr int kProgrammes = kForces * kProgrammesPerForce;
constexpr int kUpdatesPerProject = 20;

std::string ScaleProgramme(int n) {
  return absl::StrCat("force-", n / kProgrammesPerForce, "-", n % kProgrammesPerForce);
}

bool CreateScaleProgrammes(ProjectsService::Stub& stub) {
  return ParallelFor(0, kProgrammes, 8, [&](int n) {
    grpc::ClientContext context;
    projects::v1::CreateProgrammeRequest request;
    request.set_programme_id(ScaleProgramme(n));
    request.mutable_programme()->set_title(absl::StrCat("Programme ", n));
    request.mutable_programme()->set_lead_force(
        absl::StrCat("forces/force-", n / kProgrammesPerForce));
    request.mutable_programme()->set_display_order(n % kProgrammesPerForce);
    *request.mutable_effective_date() = kLoadedFrom;
    projects::v1::Programme programme;
    return stub.CreateProgramme(&context, request, &programme).ok();
  });
}

// Adds projects [begin, end) and their status updates through the API.
bool LoadScaleProjects(ProjectsService::Stub& stub, int begin, int end, int threads) {
  const bool projects_ok = ParallelFor(begin, end, threads, [&](int i) {
    grpc::ClientContext context;
    projects::v1::CreateProjectRequest request;
    const int programme = i % kProgrammes;
    const std::string force = absl::StrCat("forces/force-", programme / kProgrammesPerForce);
    request.set_project_id(absl::StrCat("scale-", i));
    request.mutable_project()->set_title(absl::StrCat("Project ", i));
    request.mutable_project()->set_programme(
        absl::StrCat("programmes/", ScaleProgramme(programme)));
    request.mutable_project()->set_lead_force(force);
    request.mutable_project()->add_participating_forces(force);
    request.mutable_project()->set_state(projects::v1::LIFECYCLE_STATE_IN_DELIVERY);
    request.mutable_project()->set_display_order(i / kProgrammes);
    *request.mutable_effective_date() = kLoadedFrom;
    projects::v1::Project project;
    return stub.CreateProject(&context, request, &project).ok();
  });
  return projects_ok &&
         ParallelFor(begin * kUpdatesPerProject, end * kUpdatesPerProject, threads, [&](int n) {
           grpc::ClientContext context;
           projects::v1::CreateStatusUpdateRequest request;
           request.set_parent(absl::StrCat("projects/scale-", n / kUpdatesPerProject));
           auto* update = request.mutable_status_update();
           const int k = n % kUpdatesPerProject;  // two a year, 2008 to 2017
           update->mutable_as_of_date()->set_year(2008 + k / 2);
           update->mutable_as_of_date()->set_month(k % 2 ? 12 : 6);
           update->mutable_as_of_date()->set_day(1);
           update->set_author("bench");
           update->set_text(absl::StrCat("Update ", k, " of project ", n / kUpdatesPerProject));
           projects::v1::StatusUpdate created;
           return stub.CreateStatusUpdate(&context, request, &created).ok();
         });
}

struct ScaleReads {
  Result portfolio;
  Result list;
};

// One force's portfolio (its four programmes, as of 14 December 2017) and the first page of 50
// of all projects, each at one connection.
ScaleReads TimeScaleReads(int port, absl::Duration duration) {
  ScaleReads reads;
  reads.portfolio = Drive(port, 1, duration, [](int, auto channel) {
    return Unary<projects::v1::GetPortfolioRequest, projects::v1::Portfolio>(
        channel, &ProjectsService::Stub::GetPortfolio,
        [] {
          projects::v1::GetPortfolioRequest r;
          for (int k = 0; k < kProgrammesPerForce; ++k) {
            r.add_programmes(
                absl::StrCat("programmes/", ScaleProgramme(7 * kProgrammesPerForce + k)));
          }
          r.mutable_as_of()->set_year(2017);
          r.mutable_as_of()->set_month(12);
          r.mutable_as_of()->set_day(14);
          return r;
        },
        &ProjectsService::NewStub);
  });
  reads.list = Drive(port, 1, duration, ListFirstPageOf50);
  return reads;
}

// Loads the scale portfolio in two steps and prints the reads at each size.
bool RunScale(ProjectsService::Stub& stub, int port, int connections, absl::Duration duration) {
  constexpr int kFullProjects = 5000;
  if (!CreateScaleProgrammes(stub)) return false;
  std::vector<ScaleReads> sizes;  // a tenth, then all
  int loaded = 0;
  for (const int projects : {kFullProjects / 10, kFullProjects}) {
    const absl::Time start = absl::Now();
    if (!LoadScaleProjects(stub, loaded, projects, connections)) return false;
    std::printf("loaded %d projects and %d status updates through the API in %.1f s\n",
                projects - loaded, (projects - loaded) * kUpdatesPerProject,
                absl::ToDoubleSeconds(absl::Now() - start));
    loaded = projects;
    sizes.push_back(TimeScaleReads(port, duration));
  }
  std::printf("\n%-44s %16s %16s\n", "scale, 1 connection (p50)", "1/10 of DESIGN", "DESIGN scale");
  const auto row = [&](const std::string& what, auto field) {
    const double small = (sizes[0].*field).p50_microseconds / 1000.0;
    const double full = (sizes[1].*field).p50_microseconds / 1000.0;
    const int64_t failures = (sizes[0].*field).failures + (sizes[1].*field).failures;
    std::printf("%-44s %13.1f ms %13.1f ms  x%.1f for 10x the data%s\n", what.c_str(), small, full,
                full / small, failures ? absl::StrCat("  (", failures, " failed)").c_str() : "");
  };
  row(absl::StrCat("GetPortfolio, one force (", kProgrammesPerForce, " of ", kProgrammes,
                   " programmes)"),
      &ScaleReads::portfolio);
  row("ListProjects, first page of 50", &ScaleReads::list);
  const double full_portfolio_ms = sizes[1].portfolio.p50_microseconds / 1000.0;
  std::printf("%-44s target < 100 ms (projects part of a composed update)  %s\n", "",
              full_portfolio_ms < 100 ? "met" : "NOT MET");
  return true;
}

// The profile of a call: where its CPU goes and how many statements it costs.
void PrintProfile(const Result& result) {
  std::printf("%-44s cpu/call: process %5.0f us, MariaDB %5.0f us; statements/call %.2f\n", "",
              result.process_cpu_us, result.database_cpu_us, result.statements);
}

void Report(const char* what, const Result& result, const Result& baseline, double target) {
  const double ratio = result.calls_per_second / baseline.calls_per_second;
  std::printf("%-44s %9.0f /s  p50 %7.0f us  ratio %.2f  target >= %.2f  %s%s\n", what,
              result.calls_per_second, result.p50_microseconds, ratio, target,
              ratio >= target ? "met" : "NOT MET",
              result.failures ? absl::StrCat("  (", result.failures, " failed)").c_str() : "");
  PrintProfile(result);
}

// Finance: the figures path on a finance service of its own schema.
constexpr int kFiguresPerBatch = 100;

// A read for a paper (no target of its own): at one connection, its p50 in echo round trips;
// at `connections`, its rate against echo's.
void TimeRead(const std::string& what, int port, int connections, absl::Duration duration,
              const ClientFactory& call, const Result& echo_single, const Result& echo_rate) {
  const Result single = Drive(port, 1, duration, call);
  std::printf("%-44s %9.0f /s  p50 %7.0f us  = %.1f echo round trips%s\n",
              (what + ", 1 conn").c_str(), single.calls_per_second, single.p50_microseconds,
              single.p50_microseconds / echo_single.p50_microseconds,
              single.failures ? "  (failures)" : "");
  PrintProfile(single);
  const Result rate = Drive(port, connections, duration, call);
  std::printf("%-44s %9.0f /s  p50 %7.0f us  ratio to echo %.2f%s\n", what.c_str(),
              rate.calls_per_second, rate.p50_microseconds,
              rate.calls_per_second / echo_rate.calls_per_second,
              rate.failures ? "  (failures)" : "");
  PrintProfile(rate);
}

// One service of the suite on a fresh schema of the shared MariaDB, migrated, on a loopback port.
class BenchService final {
 public:
  static std::unique_ptr<BenchService> Start(const common::ServiceDefinition& definition,
                                             const common::CallerResolver& callers,
                                             int connections) {
    auto service = std::unique_ptr<BenchService>(new BenchService(connections));
    {
      auto db = service->pool_.Acquire(absl::Now() + absl::Seconds(10));
      if (!db.ok() ||
          !common::ApplyMigrations(**db, common::MigrationSetsFor(definition), absl::Seconds(10))
               .ok()) {
        return nullptr;
      }
    }
    service->services_ = definition.make_services(common::ServiceDeps{service->pool_, callers});
    std::vector<grpc::Service*> services;
    for (const auto& s : service->services_) services.push_back(s.get());
    auto server =
        common::GrpcServer::Start(common::GrpcServerOptions{}, services, &service->metrics_);
    if (!server.ok()) return nullptr;
    service->server_ = *std::move(server);
    return service;
  }
  ~BenchService() {
    if (server_) server_->Shutdown(absl::Seconds(1));
  }

  int port() const { return server_->port(); }

 private:
  explicit BenchService(int connections)
      : pool_(bch::testing::TestMariaDb::Shared().CreateSchema(connections)) {}

  common::DbPool pool_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  common::ServerMetrics metrics_;
  std::unique_ptr<common::GrpcServer> server_;
};

finance::v1::Figure BenchFigure(const std::string& owner, int n, int64_t pence) {
  finance::v1::Figure figure;
  figure.set_owner(owner);
  figure.set_measure(n % 2 ? "measures/savings" : "measures/spend");
  figure.set_period(common::FormatPeriod({1990 + n / 2, 1990 + n / 2}));
  figure.set_basis(finance::v1::BASIS_ACTUAL);
  *figure.mutable_amount() = common::MoneyFromPence(pence);
  figure.set_reason("bench");
  return figure;
}

bool RunFinance(common::CallerResolver& callers, int connections, absl::Duration duration,
                const Result& echo_rate, const Result& echo_single, const Result& inserts) {
  using finance::v1::FinanceService;
  const auto service =
      BenchService::Start(finance::FinanceServiceDefinition(), callers, connections);
  if (!service) return false;
  const int port = service->port();
  auto stub = FinanceService::NewStub(OwnConnection(port));
  for (const char* id : {"spend", "savings"}) {
    grpc::ClientContext context;
    finance::v1::CreateMeasureRequest request;
    request.set_measure_id(id);
    request.mutable_measure()->set_display_name(id);
    request.mutable_measure()->set_unit(finance::v1::MEASURE_UNIT_MONEY);
    if (std::string(id) == "savings") request.mutable_measure()->set_share_of("measures/spend");
    request.mutable_effective_date()->set_year(1990);
    request.mutable_effective_date()->set_month(1);
    request.mutable_effective_date()->set_day(1);
    finance::v1::Measure measure;
    if (!stub->CreateMeasure(&context, request, &measure).ok()) return false;
  }
  // One force's ten years (2011/12 to 2020/21): both measures on every basis, each figure
  // revised three times, on later days.
  for (int revision = 0; revision < 3; ++revision) {
    grpc::ClientContext context;
    finance::v1::BatchRecordFiguresRequest request;
    for (int year = 0; year < 10; ++year) {
      for (int measure = 0; measure < 2; ++measure) {
        for (int basis = 1; basis <= 4; ++basis) {
          finance::v1::Figure figure =
              BenchFigure("forces/summary", 2 * (21 + year) + measure, 1'000'000 * (revision + 1));
          figure.set_basis(static_cast<finance::v1::Basis>(basis));
          *request.add_figures() = std::move(figure);
        }
      }
    }
    request.mutable_effective_date()->set_year(2012 + 3 * revision);
    request.mutable_effective_date()->set_month(6);
    request.mutable_effective_date()->set_day(1);
    finance::v1::BatchRecordFiguresResponse response;
    if (!stub->BatchRecordFigures(&context, request, &response).ok()) return false;
  }

  // Each client revises its own force's 100 figures, a day later each call (a revision dated
  // after the last is what a force's monthly feed sends).
  const Result batch = Drive(port, connections, duration, [](int client, auto channel) {
    auto day = std::make_shared<absl::CivilDay>(2000, 1, 1);
    return Unary<finance::v1::BatchRecordFiguresRequest, finance::v1::BatchRecordFiguresResponse>(
        channel, &FinanceService::Stub::BatchRecordFigures,
        [client, day] {
          finance::v1::BatchRecordFiguresRequest r;
          for (int n = 0; n < kFiguresPerBatch; ++n) {
            *r.add_figures() = BenchFigure(absl::StrCat("forces/bench-", client), n,
                                           (*day - absl::CivilDay(2000, 1, 1)) * 100 + n);
          }
          r.mutable_effective_date()->set_year(static_cast<int32_t>(day->year()));
          r.mutable_effective_date()->set_month(day->month());
          r.mutable_effective_date()->set_day(day->day());
          *day += 1;
          return r;
        },
        &FinanceService::NewStub);
  });
  const double figures_per_second = batch.calls_per_second * kFiguresPerBatch;
  std::printf("\n%-44s %9.0f figures/s  p50 %7.0f us per call  %.2f of MariaDB's inserts/s%s\n",
              "BatchRecordFigures (100 per call)", figures_per_second, batch.p50_microseconds,
              figures_per_second / inserts.calls_per_second,
              batch.failures ? absl::StrCat("  (", batch.failures, " failed)").c_str() : "");
  PrintProfile(batch);

  const auto summary_call = [](int, auto channel) {
    return Unary<finance::v1::GetFinanceSummaryRequest, finance::v1::FinanceSummary>(
        channel, &FinanceService::Stub::GetFinanceSummary,
        [] {
          finance::v1::GetFinanceSummaryRequest r;
          r.add_owners("forces/summary");
          for (int year = 2011; year <= 2020; ++year) {
            r.add_periods(common::FormatPeriod({year, year}));
          }
          r.mutable_as_of()->set_year(2017);
          r.mutable_as_of()->set_month(12);
          r.mutable_as_of()->set_day(14);
          return r;
        },
        &FinanceService::NewStub);
  };
  TimeRead("GetFinanceSummary, one force, ten years", port, connections, duration, summary_call,
           echo_single, echo_rate);
  return true;
}

// A date for a request.
google::type::Date BenchDay(int year, int month, int day) {
  return common::DateFromCivilDay(absl::CivilDay(year, month, day));
}

// One alliance shaped like the paper's, with history: three forces (each with a later change of
// chief), six more for a regional collaboration and a consortium it is part of, three areas of
// 11, 4 and 4 units (each changed yearly for five years), five agreements (two ended), twelve
// bodies in three levels (each line changed once), two reviews of ten recommendations.
bool LoadGovernanceAlliance(governance::v1::GovernanceService::Stub& stub) {
  namespace gv = governance::v1;
  using Stub = gv::GovernanceService::Stub;
  bool ok = true;
  const auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    const grpc::Status status = (stub.*method)(&context, request, response);
    if (!status.ok())
      std::fprintf(stderr, "loading governance: %s\n", status.error_message().c_str());
    ok = ok && status.ok();
  };
  for (int i = 0; i < 9; ++i) {
    gv::CreateForceRequest request;
    request.set_force_id(absl::StrCat("force-", i));
    request.mutable_force()->set_display_name(absl::StrCat("Force ", i, " Constabulary"));
    request.mutable_force()->set_commissioner("A Commissioner");
    request.mutable_force()->set_chief_officer("A Chief Constable");
    *request.mutable_effective_date() = BenchDay(2010, 1, 1);
    gv::Force force;
    call(&Stub::CreateForce, request, &force);
    gv::UpdateForceRequest update;
    update.mutable_force()->set_name(force.name());
    update.mutable_force()->set_chief_officer("The Next Chief Constable");
    update.mutable_update_mask()->add_paths("chief_officer");
    *update.mutable_effective_date() = BenchDay(2015 + i % 4, 7, 1);
    call(&Stub::UpdateForce, update, &force);
  }
  for (const auto& [id, type, members, part_of] :
       {std::tuple{"region", gv::ALLIANCE_TYPE_REGIONAL_COLLABORATION, 7, ""},
        std::tuple{"consortium", gv::ALLIANCE_TYPE_PROJECT_CONSORTIUM, 9, ""},
        std::tuple{"alliance", gv::ALLIANCE_TYPE_STRATEGIC_ALLIANCE, 3, "yes"}}) {
    gv::CreateAllianceRequest request;
    request.set_alliance_id(id);
    gv::Alliance& alliance = *request.mutable_alliance();
    alliance.set_display_name(id);
    alliance.set_type(type);
    for (int i = 0; i < members; ++i) alliance.add_members(absl::StrCat("forces/force-", i));
    alliance.set_aim(std::string(400, 'a'));
    for (int i = 0; i < 5; ++i) alliance.add_objectives(std::string(150, 'o'));
    if (*part_of != '\0') {
      alliance.add_part_of("alliances/region");
      alliance.add_part_of("alliances/consortium");
    }
    *request.mutable_effective_date() = BenchDay(2012, 1, 1);
    gv::Alliance created;
    call(&Stub::CreateAlliance, request, &created);
  }
  for (int area = 0; area < 3; ++area) {
    gv::CreateCollaborationAreaRequest request;
    request.set_parent("alliances/alliance");
    request.set_area_id(absl::StrCat("area-", area));
    request.mutable_area()->set_display_name(absl::StrCat("Area ", area));
    request.mutable_area()->set_lead_force(absl::StrCat("forces/force-", area));
    request.mutable_area()->set_display_order(area);
    *request.mutable_effective_date() = BenchDay(2012, 1, 1);
    gv::CollaborationArea created;
    call(&Stub::CreateCollaborationArea, request, &created);
    for (int year = 0; year < 5; ++year) {  // a unit more each year
      gv::UpdateCollaborationAreaRequest update;
      update.mutable_area()->set_name(created.name());
      for (int unit = 0; unit < (area == 0 ? 7 : 0) + year; ++unit) {
        update.mutable_area()->add_units(absl::StrCat("Unit ", unit, " of area ", area));
      }
      update.mutable_update_mask()->add_paths("units");
      *update.mutable_effective_date() = BenchDay(2013 + year, 4, 1);
      call(&Stub::UpdateCollaborationArea, update, &created);
    }
  }
  for (int n = 0; n < 5; ++n) {
    gv::CreateAgreementRequest request;
    request.set_parent("alliances/alliance");
    request.set_agreement_id(absl::StrCat("agreement-", n));
    gv::Agreement& agreement = *request.mutable_agreement();
    agreement.set_type(gv::AGREEMENT_TYPE_SECTION_22A);
    agreement.set_title(absl::StrCat("Agreement ", n));
    agreement.set_objective(std::string(300, 'x'));
    for (int force = 0; force < 3; ++force) {
      for (auto role : {gv::PARTY_ROLE_CHIEF_OFFICER, gv::PARTY_ROLE_POLICING_BODY}) {
        gv::AgreementParty& party = *agreement.add_parties();
        party.set_force(absl::StrCat("forces/force-", force));
        party.set_role(role);
      }
    }
    *agreement.mutable_commencement_date() = BenchDay(2012 + n, 1, 1);
    if (n < 2) *agreement.mutable_end_date() = BenchDay(2016, 1, 1);
    agreement.set_publication(gv::PUBLICATION_IN_FULL);
    *request.mutable_effective_date() = BenchDay(2012, 1, 1);
    gv::Agreement created;
    call(&Stub::CreateAgreement, request, &created);
  }
  for (int body = 0; body < 12; ++body) {  // body 0 on top, 1-3 under it, the rest under those
    gv::CreateGovernanceBodyRequest request;
    request.set_parent("alliances/alliance");
    request.set_body_id(absl::StrCat("body-", body));
    request.mutable_body()->set_display_name(absl::StrCat("Board ", body));
    request.mutable_body()->set_type(gv::BODY_TYPE_BOARD);
    request.mutable_body()->set_terms_of_reference(std::string(500, 't'));
    if (body > 0) {
      request.mutable_body()->set_reports_to(
          absl::StrCat("alliances/alliance/bodies/body-", body <= 3 ? 0 : 1 + body % 3));
    }
    *request.mutable_effective_date() = BenchDay(2012, 1, 1);
    gv::GovernanceBody created;
    call(&Stub::CreateGovernanceBody, request, &created);
  }
  for (int body = 4; body < 12; ++body) {  // the review moves each lower body once
    gv::UpdateGovernanceBodyRequest update;
    update.mutable_body()->set_name(absl::StrCat("alliances/alliance/bodies/body-", body));
    update.mutable_body()->set_reports_to(
        absl::StrCat("alliances/alliance/bodies/body-", 1 + (body + 1) % 3));
    update.mutable_update_mask()->add_paths("reports_to");
    *update.mutable_effective_date() = BenchDay(2017, 9, 1);
    gv::GovernanceBody updated;
    call(&Stub::UpdateGovernanceBody, update, &updated);
  }
  for (int review = 0; review < 2; ++review) {
    gv::CreateReviewRequest request;
    request.set_parent("alliances/alliance");
    request.set_review_id(absl::StrCat("review-", review));
    request.mutable_review()->set_title(absl::StrCat("Review ", review));
    *request.mutable_effective_date() = BenchDay(2016, 1, 1);
    gv::Review created;
    call(&Stub::CreateReview, request, &created);
    for (int n = 0; n < 10; ++n) {
      gv::CreateRecommendationRequest recommend;
      recommend.set_parent(created.name());
      recommend.set_recommendation_id(absl::StrCat("r", n));
      recommend.mutable_recommendation()->set_text(std::string(200, 'r'));
      *recommend.mutable_recommendation()->mutable_due_date() = BenchDay(2017, 1 + n, 1);
      recommend.mutable_recommendation()->set_status(gv::RECOMMENDATION_STATUS_OPEN);
      *recommend.mutable_effective_date() = BenchDay(2016, 1, 1);
      gv::Recommendation recommendation;
      call(&Stub::CreateRecommendation, recommend, &recommendation);
    }
  }
  return ok;
}

// The registers of that alliance: kRegisterEntries risks (levels and scores spread, each
// rescored and reviewed once, a third overdue for review on the day read, a tenth closed) and
// kRegisterEntries cash-releasing benefits over its three areas (spread over the four stages, two
// years realised each), written by four clients at once.
constexpr int kRegisterEntries = 500;

bool LoadRegisters(const std::shared_ptr<grpc::Channel>& channel) {
  namespace gv = governance::v1;
  const auto ok = [](const grpc::Status& status) {
    if (!status.ok())
      std::fprintf(stderr, "loading registers: %s\n", status.error_message().c_str());
    return status.ok();
  };
  const auto risk = [&](int n) {
    auto stub = gv::RiskService::NewStub(channel);
    gv::CreateRiskRequest request;
    request.set_parent("alliances/alliance");
    request.set_risk_id(absl::StrCat("risk-", n));
    gv::Risk& r = *request.mutable_risk();
    r.set_level(static_cast<gv::RegisterLevel>(1 + n % 3));
    if (r.level() == gv::REGISTER_LEVEL_PROJECT) r.set_object(absl::StrCat("projects/p-", n));
    if (r.level() == gv::REGISTER_LEVEL_PROGRAMME) r.set_object("programmes/change");
    r.set_title(absl::StrCat("Risk ", n, " to the delivery of the collaboration programme"));
    r.set_cause(std::string(300, 'c'));
    r.set_effect(std::string(300, 'e'));
    r.set_owner("Programme manager");
    r.set_category("Operational");
    r.mutable_inherent()->set_likelihood(1 + n % 5);
    r.mutable_inherent()->set_impact(1 + n / 5 % 5);
    *r.mutable_residual() = r.inherent();
    r.set_response(gv::RISK_RESPONSE_TREAT);
    r.set_status(n % 10 == 0 ? gv::RISK_STATUS_CLOSED : gv::RISK_STATUS_OPEN);
    *r.mutable_raised_date() = BenchDay(2016, 4, 1);
    *r.mutable_next_review_date() = BenchDay(2017, 6, 1);
    for (int a = 0; a < 3; ++a) {
      gv::RiskAction& action = *r.add_actions();
      action.set_description(std::string(200, 'a'));
      action.set_owner("Action owner");
      *action.mutable_due_date() = BenchDay(2017, 3 + a, 1);
    }
    *request.mutable_effective_date() = BenchDay(2016, 4, 1);
    gv::Risk created;
    grpc::ClientContext create;
    if (!ok(stub->CreateRisk(&create, request, &created))) return false;
    gv::ReviewRiskRequest review;
    review.set_name(created.name());
    review.mutable_review()->set_reviewer("Portfolio board");
    review.mutable_review()->set_outcome(std::string(200, 'o'));
    *review.mutable_review_date() = BenchDay(2017, 6, 1);
    review.mutable_residual()->set_likelihood(std::max(1, created.inherent().likelihood() - 1));
    review.mutable_residual()->set_impact(created.inherent().impact());
    *review.mutable_next_review_date() = BenchDay(n % 3 ? 2018 : 2017, n % 3 ? 3 : 11, 1);
    grpc::ClientContext reviewed;
    return ok(stub->ReviewRisk(&reviewed, review, &created));
  };
  const auto benefit = [&](int n) {
    auto stub = gv::BenefitService::NewStub(channel);
    gv::CreateBenefitRequest request;
    request.set_parent("alliances/alliance");
    request.set_benefit_id(absl::StrCat("benefit-", n));
    gv::Benefit& b = *request.mutable_benefit();
    b.set_level(gv::REGISTER_LEVEL_PORTFOLIO);
    b.set_title(absl::StrCat("Benefit ", n, " of a joint service"));
    b.set_description(std::string(300, 'd'));
    b.set_area(absl::StrCat("alliances/alliance/areas/area-", n % 3));
    b.set_category(gv::BENEFIT_CATEGORY_CASH_RELEASING);
    b.set_measure(gv::BENEFIT_MEASURE_QUANTITATIVE);
    b.set_responsible_officer("Head of service");
    b.set_kpi("Cost per case");
    *b.mutable_full_year_value() = common::MoneyFromPence(1'000'000 + n * 1'234);
    *b.mutable_timescale_start() = BenchDay(2016, 4, 1);
    *b.mutable_identified_date() = BenchDay(2015, 6, 1);
    if (n % 4 >= 1) *b.mutable_tracked_date() = BenchDay(2015, 9, 1);
    if (n % 4 >= 2) *b.mutable_realised_date() = BenchDay(2016, 9, 1);
    if (n % 4 >= 3) *b.mutable_sustained_date() = BenchDay(2017, 9, 1);
    for (int year : {2016, 2017}) {
      gv::BenefitRealisation& realised = *b.add_realisations();
      realised.set_period(common::FormatPeriod({year, year}));
      *realised.mutable_value() = common::MoneyFromPence(400'000 + n);
    }
    *request.mutable_effective_date() = BenchDay(2017, 9, 1);
    gv::Benefit created;
    grpc::ClientContext context;
    return ok(stub->CreateBenefit(&context, request, &created));
  };
  return ParallelFor(0, kRegisterEntries, 4, risk) && ParallelFor(0, kRegisterEntries, 4, benefit);
}

bool RunGovernance(common::CallerResolver& callers, int connections, absl::Duration duration,
                   const Result& echo_rate, const Result& echo_single) {
  using governance::v1::GovernanceService;
  const auto service =
      BenchService::Start(governance::GovernanceServiceDefinition(), callers, connections);
  if (!service) return false;
  auto stub = GovernanceService::NewStub(OwnConnection(service->port()));
  if (!LoadGovernanceAlliance(*stub)) return false;
  const auto summary_call = [](int, auto channel) {
    return Unary<governance::v1::GetGovernanceSummaryRequest, governance::v1::GovernanceSummary>(
        channel, &GovernanceService::Stub::GetGovernanceSummary,
        [] {
          governance::v1::GetGovernanceSummaryRequest r;
          r.set_alliance("alliances/alliance");
          *r.mutable_as_of() = BenchDay(2017, 12, 14);
          return r;
        },
        &GovernanceService::NewStub);
  };
  std::printf("\n");
  TimeRead("GetGovernanceSummary, one alliance", service->port(), connections, duration,
           summary_call, echo_single, echo_rate);

  if (!LoadRegisters(OwnConnection(service->port()))) return false;
  using governance::v1::RegisterService;
  const auto register_call = [](int, auto channel) {
    return Unary<governance::v1::GetRegisterSummaryRequest, governance::v1::RegisterSummary>(
        channel, &RegisterService::Stub::GetRegisterSummary,
        [] {
          governance::v1::GetRegisterSummaryRequest r;
          r.set_alliance("alliances/alliance");
          *r.mutable_as_of() = BenchDay(2017, 12, 14);
          return r;
        },
        &RegisterService::NewStub);
  };
  TimeRead(absl::StrCat("GetRegisterSummary, ", kRegisterEntries, "+", kRegisterEntries),
           service->port(), connections, duration, register_call, echo_single, echo_rate);
  return true;
}

// Reporting: a paper of the worked example's size (13 projects in 4 programmes with their update
// text and key dates, a finance table of 2 rows by 5 years, 3 areas with their units), issued
// `kIssues` times so that reads, diffs and renders work on a series with history.
constexpr int kIssues = 100;

update::v1::CollaborationUpdate BenchPaper(int issue) {
  update::v1::CollaborationUpdate paper;
  paper.mutable_header()->set_title("Collaboration Update");
  paper.mutable_header()->set_report_series("reportSeries/bench");
  *paper.mutable_header()->mutable_date() = BenchDay(2008 + issue / 12, 1 + issue % 12, 14);
  auto& purpose = *paper.add_sections();
  purpose.set_id("purpose");
  purpose.set_title("Purpose");
  purpose.add_blocks()->mutable_paragraph()->set_text(std::string(300, 'p'));
  auto& areas = *purpose.add_blocks()->mutable_areas();
  for (int a = 0; a < 3; ++a) {
    auto& area = *areas.add_areas();
    area.set_area(absl::StrCat("alliances/bench/areas/a", a));
    area.set_title(absl::StrCat("Area ", a));
    area.add_lead_forces("Bench Constabulary");
    for (int u = 0; u < 6; ++u) area.add_units(absl::StrCat("Unit ", u));
  }
  auto& projects = *paper.add_sections();
  projects.set_id("projects");
  projects.set_title("Project Updates");
  auto& table = *projects.add_blocks()->mutable_project_table();
  for (int p = 0; p < 13; ++p) {
    if (p % 4 == 0) table.add_programmes()->set_title(absl::StrCat("Programme ", p / 4));
    auto& row = *table.mutable_programmes(table.programmes_size() - 1)->add_projects();
    row.set_project(absl::StrCat("projects/p", p));
    row.set_title(absl::StrCat("Project ", p));
    row.set_state(projects::v1::LIFECYCLE_STATE_IN_DELIVERY);
    row.set_update(absl::StrCat(std::string(250, 'u'), " issue ", issue));
    auto& key_date = *row.add_key_dates();
    key_date.set_milestone(absl::StrCat("projects/p", p, "/milestones/go-live"));
    key_date.set_title("Go-live");
    key_date.mutable_date()->set_text("Spring/Summer 2018");
    key_date.mutable_date()->set_precision(projects::v1::DATE_PRECISION_SEASON);
    *key_date.mutable_date()->mutable_period_start() = BenchDay(2018, 3, 1);
    *key_date.mutable_date()->mutable_period_end() = BenchDay(2018, 8, 31);
  }
  auto& money = *paper.add_sections();
  money.set_id("finance");
  money.set_title("Spending and Savings");
  auto& figures = *money.add_blocks()->mutable_finance_table();
  for (int y = 0; y < 5; ++y) figures.add_periods(absl::StrCat(2016 + y, "/", 17 + y));
  for (const char* measure : {"spend", "savings"}) {
    auto& row = *figures.add_rows();
    row.set_key(absl::StrCat("measures/", measure));
    row.set_label(measure);
    for (int y = 0; y < 5; ++y) {
      *row.add_cells()->mutable_amount() = common::MoneyFromPence(2'199'800'000 + issue * 100 + y);
    }
  }
  return paper;
}

// Clients that each call `method` of the reporting service with `request`, again and again.
template <typename Request, typename Response>
ClientFactory Calling(grpc::Status (reporting::v1::ReportingService::Stub::*method)(
                          grpc::ClientContext*, const Request&, Response*),
                      Request request) {
  return [method, request](int, std::shared_ptr<grpc::Channel> channel) {
    return Unary<Request, Response>(
        channel, method, [request] { return request; }, &reporting::v1::ReportingService::NewStub);
  };
}

bool RunReporting(common::CallerResolver& callers, int connections, absl::Duration duration,
                  const Result& echo_rate, const Result& echo_single) {
  using reporting::v1::ReportingService;
  const auto service =
      BenchService::Start(reporting::ReportingServiceDefinition(), callers, connections);
  if (!service) return false;
  auto stub = ReportingService::NewStub(OwnConnection(service->port()));
  {
    grpc::ClientContext context;
    reporting::v1::CreateReportSeriesRequest create;
    create.set_report_series_id("bench");
    create.mutable_report_series()->set_title("Collaboration Update");
    auto& section = *create.mutable_report_series()->mutable_layout()->add_sections();
    section.set_id("purpose");
    section.set_title("Purpose");
    reporting::v1::ReportSeries series;
    if (!stub->CreateReportSeries(&context, create, &series).ok()) return false;
  }
  for (int issue = 0; issue < kIssues; ++issue) {
    grpc::ClientContext context;
    reporting::v1::IssueReportRequest request;
    request.set_parent("reportSeries/bench");
    *request.mutable_document() = BenchPaper(issue);
    *request.mutable_issue_date() = request.document().header().date();
    reporting::v1::IssuedReport issued;
    if (!stub->IssueReport(&context, request, &issued).ok()) return false;
  }
  const std::string latest = absl::StrCat("reportSeries/bench/issuedReports/", kIssues);
  reporting::v1::GetIssuedReportRequest get;
  get.set_name(latest);
  reporting::v1::DiffReportsRequest diff;
  diff.set_report(latest);
  reporting::v1::RenderReportRequest render;
  render.set_report(latest);
  render.set_format(reporting::v1::RENDER_FORMAT_HTML);
  std::printf("\nreporting: a series of %d issues, the latest %zu bytes serialised\n", kIssues,
              BenchPaper(kIssues - 1).ByteSizeLong());
  TimeRead("GetIssuedReport, a paper-sized issue", service->port(), connections, duration,
           Calling(&ReportingService::Stub::GetIssuedReport, get), echo_single, echo_rate);
  TimeRead("DiffReports, an issue and the one before", service->port(), connections, duration,
           Calling(&ReportingService::Stub::DiffReports, diff), echo_single, echo_rate);
  TimeRead("RenderReport HTML, an issue", service->port(), connections, duration,
           Calling(&ReportingService::Stub::RenderReport, render), echo_single, echo_rate);
  grpc::ClientContext context;
  reporting::v1::VerifyIssuedReportsRequest verify;
  verify.set_parent("reportSeries/bench");
  reporting::v1::VerifyIssuedReportsResponse verified;
  const absl::Time start = absl::Now();
  const bool ok = stub->VerifyIssuedReports(&context, verify, &verified).ok();
  std::printf("%-44s %9.1f ms for %lld issues%s\n", "VerifyIssuedReports, one call",
              absl::ToDoubleMilliseconds(absl::Now() - start),
              static_cast<long long>(verified.checked()),
              ok && verified.verified() ? "" : "  (FAILED)");
  return ok;
}

// The composed update: the four services, each on a schema of its own, and the gateway's
// composer in this process on a loopback port.
struct Suite {
  std::unique_ptr<BenchService> projects, finance, governance, reporting;
  std::unique_ptr<gateway::Composer> composer;
  std::unique_ptr<gateway::CollaborationUpdateServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;

  // Starts the services (`projects_port`, when not 0, is an already running projects service).
  static std::unique_ptr<Suite> Start(common::CallerResolver& callers, int projects_port) {
    auto suite = std::make_unique<Suite>();
    if (projects_port == 0) {
      suite->projects = BenchService::Start(projects::ProjectsServiceDefinition(), callers, 4);
      if (!suite->projects) return nullptr;
      projects_port = suite->projects->port();
    }
    suite->finance = BenchService::Start(finance::FinanceServiceDefinition(), callers, 4);
    suite->governance = BenchService::Start(governance::GovernanceServiceDefinition(), callers, 4);
    suite->reporting = BenchService::Start(reporting::ReportingServiceDefinition(), callers, 4);
    if (!suite->finance || !suite->governance || !suite->reporting) return nullptr;
    const auto at = [](int port) { return absl::StrCat("127.0.0.1:", port); };
    suite->composer = std::make_unique<gateway::Composer>(
        gateway::ConnectBackends(at(projects_port), at(suite->finance->port()),
                                 at(suite->governance->port()), at(suite->reporting->port())));
    suite->service = std::make_unique<gateway::CollaborationUpdateServiceImpl>(*suite->composer,
                                                                               absl::Seconds(10));
    auto server =
        common::GrpcServer::Start(common::GrpcServerOptions{}, {suite->service.get()}, nullptr);
    if (!server.ok()) return nullptr;
    suite->server = *std::move(server);
    return suite;
  }

  gateway::LoadTargets Targets(int projects_port) const {
    return {{"bch.projects.v1", OwnConnection(projects_port)},
            {"bch.finance.v1", OwnConnection(finance->port())},
            {"bch.governance.v1", OwnConnection(governance->port())},
            {"bch.reporting.v1", OwnConnection(reporting->port())}};
  }
};

ClientFactory Composing(const std::string& force) {
  return [force](int, std::shared_ptr<grpc::Channel> channel) {
    return Unary<gateway::v1::ComposeCollaborationUpdateRequest, update::v1::CollaborationUpdate>(
        channel, &gateway::v1::CollaborationUpdateService::Stub::ComposeCollaborationUpdate,
        [force] {
          gateway::v1::ComposeCollaborationUpdateRequest r;
          r.set_force(force);
          *r.mutable_as_of() = BenchDay(2017, 12, 14);
          r.set_strict(true);  // a failed backend counts as a failed call
          return r;
        },
        &gateway::v1::CollaborationUpdateService::NewStub);
  };
}

template <typename Stub, typename Request, typename Response>
ClientFactory CallingOnce(
    std::unique_ptr<Stub> (*new_stub)(const std::shared_ptr<grpc::ChannelInterface>&,
                                      const grpc::StubOptions&),
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    Request request) {
  return [=](int, std::shared_ptr<grpc::Channel> channel) {
    return Unary<Request, Response>(
        channel, method, [request] { return request; }, new_stub);
  };
}

// Composes the worked example (data/bch, loaded through the APIs) at one connection, and each
// call the composition makes on its own: the composition against the sum of its calls (it makes
// the series read, then the rest at once) and against the echo round trip.
bool RunCompose(common::CallerResolver& callers, absl::Duration duration,
                const Result& echo_single) {
  namespace gv = governance::v1;
  namespace rv = reporting::v1;
  const auto suite = Suite::Start(callers, 0);
  if (!suite) return false;
  std::ostringstream progress;
  auto loaded = gateway::LoadFolder(BCH_EXAMPLE_DIR, suite->Targets(suite->projects->port()),
                                    absl::Seconds(10), progress);
  if (!loaded.ok()) {
    std::fprintf(stderr, "loading the example: %s\n",
                 std::string(loaded.status().message()).c_str());
    return false;
  }
  // The calls a composition of the example makes, read from its series' layout.
  rv::GetReportSeriesRequest get_series;
  get_series.set_name("reportSeries/cambridgeshire-collaboration-update");
  *get_series.mutable_as_of() = BenchDay(2017, 12, 14);
  rv::ReportSeries series;
  {
    grpc::ClientContext context;
    if (!rv::ReportingService::NewStub(OwnConnection(suite->reporting->port()))
             ->GetReportSeries(&context, get_series, &series)
             .ok()) {
      return false;
    }
  }
  projects::v1::GetPortfolioRequest portfolio;
  finance::v1::GetFinanceSummaryRequest figures;
  for (const auto& section : series.layout().sections()) {
    for (const auto& item : section.items()) {
      if (item.content().kind() == rv::CONTENT_KIND_PROJECT_TABLE) {
        *portfolio.mutable_programmes() = item.content().programmes();
      } else if (item.content().kind() == rv::CONTENT_KIND_FINANCE_TABLE) {
        figures.add_owners(series.force());
        *figures.mutable_periods() = item.content().periods();
        *figures.mutable_measures() = item.content().measures();
      }
    }
  }
  *portfolio.mutable_as_of() = *figures.mutable_as_of() = BenchDay(2017, 12, 14);
  gv::GetGovernanceSummaryRequest governance;
  governance.set_alliance(series.alliance());
  *governance.mutable_as_of() = BenchDay(2017, 12, 14);
  gv::GetRegisterSummaryRequest registers;
  registers.set_alliance(series.alliance());
  *registers.mutable_as_of() = BenchDay(2017, 12, 14);
  rv::ListIssuedReportsRequest issues;
  issues.set_parent(series.name());
  issues.set_page_size(1);

  std::printf("\ncompose: the worked example (%d calls loaded through the APIs), 1 connection\n",
              loaded->calls);
  const Result compose =
      Drive(suite->server->port(), 1, duration, Composing("forces/cambridgeshire"));
  std::printf(
      "%-44s %9.0f /s  p50 %7.0f us  p99 %7.0f us  = %.1f echo round trips  target <= 5  %s%s\n",
      "ComposeCollaborationUpdate", compose.calls_per_second, compose.p50_microseconds,
      compose.p99_microseconds, compose.p50_microseconds / echo_single.p50_microseconds,
      compose.p50_microseconds <= 5 * echo_single.p50_microseconds ? "met" : "NOT MET",
      compose.failures ? absl::StrCat("  (", compose.failures, " failed)").c_str() : "");
  PrintProfile(compose);
  // The same paper over HTTP/JSON: the gateway's HTTP face, routed from the annotations, calling
  // its gRPC service, at one connection.
  if (absl::GetFlag(FLAGS_http)) {
    gateway::HttpServer http(OwnConnection(suite->server->port()),
                             {google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                                 gateway::v1::CollaborationUpdateService::service_full_name())},
                             absl::Seconds(10));
    if (!http.Start("127.0.0.1", 0).ok()) return false;
    const Result over_http = Measure(1, duration, [&http](int) -> CallFn {
      auto client = std::make_shared<httplib::Client>("127.0.0.1", http.port());
      return [client] {
        auto answer = client->Get(
            "/v1/collaborationUpdate:compose?force=forces/"
            "cambridgeshire&asOf=2017-12-14&strict=true");
        return answer && answer->status == 200;
      };
    });
    std::printf(
        "%-44s %9.0f /s  p50 %7.0f us  p99 %7.0f us  = %.2f of the gRPC compose's p50%s\n",
        "ComposeCollaborationUpdate over HTTP/JSON", over_http.calls_per_second,
        over_http.p50_microseconds, over_http.p99_microseconds,
        over_http.p50_microseconds / compose.p50_microseconds,
        over_http.failures ? absl::StrCat("  (", over_http.failures, " failed)").c_str() : "");
    PrintProfile(over_http);
    http.Stop();
  }
  const struct {
    const char* what;
    int port;
    ClientFactory call;
  } backends[] = {
      {"  GetReportSeries (first, alone)", suite->reporting->port(),
       CallingOnce(&rv::ReportingService::NewStub, &rv::ReportingService::Stub::GetReportSeries,
                   get_series)},
      {"  GetPortfolio", suite->projects->port(),
       CallingOnce(&projects::v1::ProjectsService::NewStub,
                   &projects::v1::ProjectsService::Stub::GetPortfolio, portfolio)},
      {"  GetFinanceSummary", suite->finance->port(),
       CallingOnce(&finance::v1::FinanceService::NewStub,
                   &finance::v1::FinanceService::Stub::GetFinanceSummary, figures)},
      {"  GetGovernanceSummary", suite->governance->port(),
       CallingOnce(&gv::GovernanceService::NewStub,
                   &gv::GovernanceService::Stub::GetGovernanceSummary, governance)},
      {"  GetRegisterSummary", suite->governance->port(),
       CallingOnce(&gv::RegisterService::NewStub, &gv::RegisterService::Stub::GetRegisterSummary,
                   registers)},
      {"  ListIssuedReports (latest, for highlights)", suite->reporting->port(),
       CallingOnce(&rv::ReportingService::NewStub, &rv::ReportingService::Stub::ListIssuedReports,
                   issues)},
  };
  double sum = 0, first = 0, slowest_parallel = 0;
  for (const auto& backend : backends) {
    const Result alone = Drive(backend.port, 1, duration, backend.call);
    std::printf("%-44s %9.0f /s  p50 %7.0f us%s\n", backend.what, alone.calls_per_second,
                alone.p50_microseconds, alone.failures ? "  (failures)" : "");
    PrintProfile(alone);
    sum += alone.p50_microseconds;
    if (first == 0) {
      first = alone.p50_microseconds;
    } else {
      slowest_parallel = std::max(slowest_parallel, alone.p50_microseconds);
    }
  }
  // Everything shares this machine's cores, so a composition can be no quicker than its CPU
  // (the services', the gateway's and MariaDB's) spread over all of them.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf(
      "%-44s sum of the calls' p50 %.0f us; series then the slowest of the rest %.0f us; "
      "CPU floor on %u cores %.0f us; compose p50 %.0f us = %.2f of the sum\n",
      "", sum, first + slowest_parallel, cores,
      (compose.process_cpu_us + compose.database_cpu_us) / cores, compose.p50_microseconds,
      compose.p50_microseconds / sum);
  return compose.failures == 0;
}

// One force's update at national scale: kForces forces in an alliance, the scale portfolio
// already loaded in the projects service on `projects_port` (5,000 projects, 100,000 status
// updates), ten years of both measures for every force, a series for force 7.
bool RunNationalCompose(common::CallerResolver& callers, int projects_port,
                        absl::Duration duration) {
  namespace gv = governance::v1;
  const auto suite = Suite::Start(callers, projects_port);
  if (!suite) return false;
  bool ok = true;
  const auto call = [&ok](auto& stub, auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status status = (stub.*method)(&context, request, response);
    if (!status.ok()) std::fprintf(stderr, "national load: %s\n", status.error_message().c_str());
    ok = ok && status.ok();
  };
  auto governance = gv::GovernanceService::NewStub(OwnConnection(suite->governance->port()));
  gv::CreateAllianceRequest alliance;
  alliance.set_alliance_id("national");
  alliance.mutable_alliance()->set_display_name("National");
  alliance.mutable_alliance()->set_type(gv::ALLIANCE_TYPE_REGIONAL_COLLABORATION);
  for (int f = 0; f < kForces; ++f) {
    gv::CreateForceRequest force;
    force.set_force_id(absl::StrCat("force-", f));
    force.mutable_force()->set_display_name(absl::StrCat("Force ", f, " Constabulary"));
    *force.mutable_effective_date() = BenchDay(2000, 1, 1);
    gv::Force created;
    call(*governance, &gv::GovernanceService::Stub::CreateForce, force, &created);
    alliance.mutable_alliance()->add_members(created.name());
  }
  *alliance.mutable_effective_date() = BenchDay(2000, 1, 1);
  gv::Alliance created_alliance;
  call(*governance, &gv::GovernanceService::Stub::CreateAlliance, alliance, &created_alliance);

  auto finance = finance::v1::FinanceService::NewStub(OwnConnection(suite->finance->port()));
  for (const char* id : {"spend", "savings"}) {
    finance::v1::CreateMeasureRequest measure;
    measure.set_measure_id(id);
    measure.mutable_measure()->set_display_name(id);
    measure.mutable_measure()->set_unit(finance::v1::MEASURE_UNIT_MONEY);
    *measure.mutable_effective_date() = BenchDay(1990, 1, 1);
    finance::v1::Measure created;
    call(*finance, &finance::v1::FinanceService::Stub::CreateMeasure, measure, &created);
  }
  finance::v1::BatchRecordFiguresRequest figures;  // 43 forces x 10 years x 2 measures
  for (int f = 0; f < kForces; ++f) {
    for (int n = 0; n < 20; ++n) {
      *figures.add_figures() = BenchFigure(absl::StrCat("forces/force-", f), 2 * 21 + n, 1000 + n);
    }
  }
  *figures.mutable_effective_date() = BenchDay(2017, 6, 1);
  finance::v1::BatchRecordFiguresResponse recorded;
  call(*finance, &finance::v1::FinanceService::Stub::BatchRecordFigures, figures, &recorded);

  reporting::v1::CreateReportSeriesRequest create;
  create.set_report_series_id("force-7-update");
  reporting::v1::ReportSeries& series = *create.mutable_report_series();
  series.set_title("Collaboration Update");
  series.set_force("forces/force-7");
  series.set_alliance("alliances/national");
  const auto slot = [&series](const char* id, reporting::v1::ContentKind kind) {
    auto& section = *series.mutable_layout()->add_sections();
    section.set_id(id);
    section.set_title(id);
    auto* spec = section.add_items()->mutable_content();
    spec->set_kind(kind);
    return spec;
  };
  auto* projects = slot("projects", reporting::v1::CONTENT_KIND_PROJECT_TABLE);
  for (int k = 0; k < kProgrammesPerForce; ++k) {
    projects->add_programmes(
        absl::StrCat("programmes/", ScaleProgramme(7 * kProgrammesPerForce + k)));
  }
  auto* table = slot("spending", reporting::v1::CONTENT_KIND_FINANCE_TABLE);
  for (int year = 2011; year <= 2020; ++year)
    table->add_periods(common::FormatPeriod({year, year}));
  slot("areas", reporting::v1::CONTENT_KIND_AREAS);
  slot("risks", reporting::v1::CONTENT_KIND_REGISTER_SUMMARY);
  *slot("highlights", reporting::v1::CONTENT_KIND_HIGHLIGHTS)->mutable_since() =
      BenchDay(2016, 12, 14);
  *create.mutable_effective_date() = BenchDay(2000, 1, 1);
  reporting::v1::ReportSeries created_series;
  auto reporting =
      reporting::v1::ReportingService::NewStub(OwnConnection(suite->reporting->port()));
  call(*reporting, &reporting::v1::ReportingService::Stub::CreateReportSeries, create,
       &created_series);
  if (!ok) return false;

  const Result compose = Drive(suite->server->port(), 1, duration, Composing("forces/force-7"));
  std::printf("%-44s %9.0f /s  p50 %7.1f ms  p99 %7.1f ms  target p50 < 100 ms  %s%s\n",
              "ComposeCollaborationUpdate, national scale", compose.calls_per_second,
              compose.p50_microseconds / 1000, compose.p99_microseconds / 1000,
              compose.p50_microseconds < 100'000 ? "met" : "NOT MET",
              compose.failures ? absl::StrCat("  (", compose.failures, " failed)").c_str() : "");
  PrintProfile(compose);
  return compose.failures == 0;
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
  common::DbPool meter_pool(bch::testing::TestMariaDb::Shared().CreateSchema(1));
  const Meter run_meter(meter_pool, bch::testing::TestMariaDb::Shared().ServerPid());
  meter = &run_meter;
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
    *request.mutable_effective_date() = kLoadedFrom;
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
    *request.mutable_effective_date() = kLoadedFrom;
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
  PrintProfile(echo_rate);
  std::printf("%-44s %9.0f /s  p50 %7.0f us\n", "echo, 1 connection", echo_single.calls_per_second,
              echo_single.p50_microseconds);
  PrintProfile(echo_single);
  std::printf("\n");

  const auto get_project = [](int client, auto channel) {
    return Unary<projects::v1::GetProjectRequest, projects::v1::Project>(
        channel, &ProjectsService::Stub::GetProject,
        [client] {
          projects::v1::GetProjectRequest r;
          r.set_name(absl::StrCat("projects/project-", client % 60));
          return r;
        },
        &ProjectsService::NewStub);
  };
  // What one database round trip costs on this machine, and so the most a call that makes one
  // can reach: on saturated cores the two costs add, so its ratio is at most
  // select / (echo + select).
  const auto select_project = [](common::DbConnection& db) {
    return db
        .Query("SELECT body FROM projects WHERE id = ?", {std::string("project-7")},
               [](const common::Row&) {})
        .ok();
  };
  const Result select = DriveDatabase(pool, connections, duration, select_project);
  const Result select_single = DriveDatabase(pool, 1, duration, select_project);
  for (const auto& [what, db, grpc] :
       {std::tuple("MariaDB primary-key SELECT (baseline)", select, echo_rate),
        std::tuple("MariaDB primary-key SELECT, 1 connection", select_single, echo_single)}) {
    std::printf("%-44s %9.0f /s  p50 %7.0f us  bound for one round trip per call: %.2f\n", what,
                db.calls_per_second, db.p50_microseconds,
                db.calls_per_second / (db.calls_per_second + grpc.calls_per_second));
    PrintProfile(db);
  }
  Report("GetProject (one resource, MariaDB)", Drive(port, connections, duration, get_project),
         echo_rate, 0.60);
  Report("GetProject, 1 connection", Drive(port, 1, duration, get_project), echo_single, 0.60);
  Report("ListProjects (a page of 50)", Drive(port, connections, duration, ListFirstPageOf50),
         echo_rate, 0.30);

  // Durable writes: MariaDB's own autocommit insert rate over the same pool size, then the
  // service's CreateStatusUpdate (transaction, insert, audit event) at the same concurrency.
  {
    auto db = pool.Acquire(absl::Now() + absl::Seconds(5));
    (void)(*db)->ExecuteUnprepared(
        "CREATE TABLE bench_inserts (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(200))");
  }
  const Result mariadb = DriveDatabase(pool, connections, duration, [](common::DbConnection& db) {
    return db.Execute("INSERT INTO bench_inserts (text) VALUES (?)", {std::string("a durable row")})
        .ok();
  });
  std::printf("\n%-44s %9.0f /s\n", "MariaDB autocommit INSERT (baseline)",
              mariadb.calls_per_second);
  PrintProfile(mariadb);
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

  if (!RunFinance(callers, connections, duration, echo_rate, echo_single, mariadb)) {
    std::fprintf(stderr, "the finance benchmark failed to set up\n");
    return 1;
  }
  if (!RunGovernance(callers, connections, duration, echo_rate, echo_single)) {
    std::fprintf(stderr, "the governance benchmark failed to set up\n");
    return 1;
  }
  if (!RunReporting(callers, connections, duration, echo_rate, echo_single)) {
    std::fprintf(stderr, "the reporting benchmark failed to set up\n");
    return 1;
  }
  if (!RunCompose(callers, duration, echo_single)) {
    std::fprintf(stderr, "the compose benchmark failed\n");
    return 1;
  }

  if (absl::GetFlag(FLAGS_scale)) {
    std::printf("\n");
    if (!RunScale(*stub, port, connections, duration)) {
      std::fprintf(stderr, "loading the scale portfolio failed\n");
      return 1;
    }
    if (!RunNationalCompose(callers, port, duration)) {
      std::fprintf(stderr, "the national compose benchmark failed\n");
      return 1;
    }
  }

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
