// Prometheus metrics of a server, served over HTTP at /metrics (prometheus-cpp).
//
// gRPC metrics use go-grpc-prometheus names so existing dashboards work:
//   grpc_server_started_total{grpc_service,grpc_method,grpc_type}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_type,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method,grpc_type} (histogram)
// Database pool gauges are read from the pool at scrape time:
//   bch_db_pool_connections{state="idle"|"in_use"}, bch_db_pool_max_connections,
//   bch_db_pool_waiting, bch_db_pool_opened_total, bch_db_pool_discarded_total
#ifndef BCH_COMMON_METRICS_H_
#define BCH_COMMON_METRICS_H_

#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace prometheus {
class Counter;
class Exposer;
class Histogram;
template <typename T>
class Family;
class Registry;
}  // namespace prometheus

namespace bch::common {

class DbPool;

class ServerMetrics final {
 public:
  ServerMetrics();
  ~ServerMetrics();

  // Serves /metrics on `address` ("127.0.0.1:9091"; port 0 picks a free port).
  absl::Status Serve(const std::string& address);
  // The port /metrics is served on, or 0 if not serving.
  int port() const;

  // Exposes the pool's gauges; `pool` must outlive this object.
  void AddPool(const DbPool* pool);

  void RecordStarted(absl::string_view service, absl::string_view method, absl::string_view type);
  void RecordHandled(absl::string_view service, absl::string_view method, absl::string_view type,
                     grpc::StatusCode code, double seconds);

  // The text exposition format of every metric, as served at /metrics.
  std::string Scrape() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  std::shared_ptr<class PoolCollector> pool_collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// The go-grpc-prometheus name of a status code, e.g. "NotFound".
std::string GrpcCodeName(grpc::StatusCode code);

}  // namespace bch::common

#endif  // BCH_COMMON_METRICS_H_
