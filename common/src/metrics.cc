// Prometheus metrics (see metrics.h).
#include "bch/common/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bch/common/db_pool.h"

namespace bch::common {

// Reads every registered pool's statistics when Prometheus scrapes.
class PoolCollector final : public prometheus::Collectable {
 public:
  void Add(const DbPool* pool) {
    std::lock_guard<std::mutex> lock(mutex_);
    pools_.push_back(pool);
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PoolStats total;
    for (const DbPool* pool : pools_) {
      const PoolStats s = pool->Stats();
      total.max_size += s.max_size;
      total.open += s.open;
      total.in_use += s.in_use;
      total.waiting += s.waiting;
      total.opened_total += s.opened_total;
      total.discarded_total += s.discarded_total;
    }
    auto family = [](std::string name, std::string help, prometheus::MetricType type) {
      prometheus::MetricFamily f;
      f.name = std::move(name);
      f.help = std::move(help);
      f.type = type;
      return f;
    };
    auto gauge = [](double value, prometheus::ClientMetric::Label label = {}) {
      prometheus::ClientMetric m;
      if (!label.name.empty()) m.label.push_back(label);
      m.gauge.value = value;
      return m;
    };
    auto counter = [](double value) {
      prometheus::ClientMetric m;
      m.counter.value = value;
      return m;
    };
    std::vector<prometheus::MetricFamily> out;
    auto connections = family("bch_db_pool_connections", "Open database connections by state.",
                              prometheus::MetricType::Gauge);
    connections.metric.push_back(gauge(total.open - total.in_use, {"state", "idle"}));
    connections.metric.push_back(gauge(total.in_use, {"state", "in_use"}));
    out.push_back(std::move(connections));
    auto max = family("bch_db_pool_max_connections", "Upper bound of the database pool.",
                      prometheus::MetricType::Gauge);
    max.metric.push_back(gauge(total.max_size));
    out.push_back(std::move(max));
    auto waiting = family("bch_db_pool_waiting", "Callers waiting for a database connection.",
                          prometheus::MetricType::Gauge);
    waiting.metric.push_back(gauge(total.waiting));
    out.push_back(std::move(waiting));
    auto opened = family("bch_db_pool_opened_total", "Database connections opened.",
                         prometheus::MetricType::Counter);
    opened.metric.push_back(counter(static_cast<double>(total.opened_total)));
    out.push_back(std::move(opened));
    auto discarded =
        family("bch_db_pool_discarded_total", "Database connections discarded as broken or stale.",
               prometheus::MetricType::Counter);
    discarded.metric.push_back(counter(static_cast<double>(total.discarded_total)));
    out.push_back(std::move(discarded));
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<const DbPool*> pools_;
};

std::string GrpcCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : absl::StrCat("Code(", index, ")");
}

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      started_(&prometheus::BuildCounter()
                    .Name("grpc_server_started_total")
                    .Help("Total number of RPCs started on the server.")
                    .Register(*registry_)),
      handled_(&prometheus::BuildCounter()
                    .Name("grpc_server_handled_total")
                    .Help("Total number of RPCs completed on the server, regardless of success "
                          "or failure.")
                    .Register(*registry_)),
      handling_seconds_(&prometheus::BuildHistogram()
                             .Name("grpc_server_handling_seconds")
                             .Help("Histogram of response latency (seconds) of gRPC that had "
                                   "been application-level handled by the server.")
                             .Register(*registry_)),
      pool_collector_(std::make_shared<PoolCollector>()) {}

ServerMetrics::~ServerMetrics() = default;

absl::Status ServerMetrics::Serve(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  // CivetWeb matches a handler's URI as a prefix ("/metricsfoo", "/metrics/x"); "$" anchors it,
  // so every other path is 404.
  exposer_->RegisterCollectable(registry_, "/metrics$");
  exposer_->RegisterCollectable(pool_collector_, "/metrics$");
  return absl::OkStatus();
}

int ServerMetrics::port() const {
  if (exposer_ == nullptr) return 0;
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void ServerMetrics::AddPool(const DbPool* pool) { pool_collector_->Add(pool); }

void ServerMetrics::RecordStarted(absl::string_view service, absl::string_view method,
                                  absl::string_view type) {
  started_
      ->Add({{"grpc_service", std::string(service)},
             {"grpc_method", std::string(method)},
             {"grpc_type", std::string(type)}})
      .Increment();
}

void ServerMetrics::RecordHandled(absl::string_view service, absl::string_view method,
                                  absl::string_view type, grpc::StatusCode code, double seconds) {
  handled_
      ->Add({{"grpc_service", std::string(service)},
             {"grpc_method", std::string(method)},
             {"grpc_type", std::string(type)},
             {"grpc_code", GrpcCodeName(code)}})
      .Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  handling_seconds_
      ->Add({{"grpc_service", std::string(service)},
             {"grpc_method", std::string(method)},
             {"grpc_type", std::string(type)}},
            kBuckets)
      .Observe(seconds);
}

std::string ServerMetrics::Scrape() const {
  auto families = registry_->Collect();
  auto pool = pool_collector_->Collect();
  families.insert(families.end(), pool.begin(), pool.end());
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace bch::common
