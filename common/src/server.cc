// gRPC server bootstrap and the per-call observability interceptor (see server.h).
#include "bch/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/server_interceptor.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bch/common/handler.h"
#include "bch/common/log.h"
#include "bch/common/server_reflection.h"
#include "grpc/health/v1/health.pb.h"

namespace bch::common {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::string NewRequestId() {
  thread_local std::mt19937_64 generator(std::random_device{}());
  const uint64_t high = generator(), low = generator();
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(&high), 8)) +
         absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(&low), 8));
}

absl::string_view TypeLabel(grpc::experimental::ServerRpcInfo::Type type) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  switch (type) {
    case Type::UNARY:
      return "unary";
    case Type::CLIENT_STREAMING:
      return "client_stream";
    case Type::SERVER_STREAMING:
      return "server_stream";
    case Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// One per call: ensures a request id (echoed to the caller), then logs and counts the outcome the
// caller gets: a response over the size limit fails as RESOURCE_EXHAUSTED, and a call whose
// caller went away (or whose deadline passed) before the answer is CANCELLED (DEADLINE_EXCEEDED),
// whatever the handler returned. A request that does not parse is INVALID_ARGUMENT (gRPC's own
// answer is INTERNAL with no message).
class ObservabilityInterceptor final : public grpc::experimental::Interceptor {
 public:
  ObservabilityInterceptor(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics,
                           int max_message_bytes)
      : metrics_(metrics),
        context_(info->server_context()),
        max_message_bytes_(max_message_bytes),
        method_(info->method()),
        type_(TypeLabel(info->type())) {
    // "/bch.projects.v1.ProjectsService/ListProgrammes" -> service, method.
    std::vector<absl::string_view> parts = absl::StrSplit(method_, '/', absl::SkipEmpty());
    service_name_ = parts.size() == 2 ? std::string(parts[0]) : "unknown";
    method_name_ = parts.size() == 2 ? std::string(parts[1]) : method_;
    quiet_ = absl::StartsWith(method_, "/grpc.health.v1.") ||
             absl::StartsWith(method_, "/grpc.reflection.");
    if (metrics_ != nullptr) metrics_->RecordStarted(service_name_, method_name_, type_);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdHeader);
      if (it != metadata->end() &&
          IsKeptRequestId(absl::string_view(it->second.data(), it->second.size()))) {
        request_id_.assign(it->second.data(), it->second.size());
      } else {
        if (it != metadata->end()) metadata->erase(it);
        request_id_ = NewRequestId();
        // The map holds string_refs: both strings live as long as this interceptor (the call).
        metadata->emplace(grpc::string_ref(kRequestIdHeader), grpc::string_ref(request_id_));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // No message: the bytes did not parse as the method's request type.
      if (methods->GetRecvMessage() == nullptr) malformed_request_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      // Serialised once here; the transport sends this same buffer.
      const grpc::ByteBuffer* message = methods->GetSerializedSendMessage();
      if (message != nullptr && message->Length() > static_cast<size_t>(max_message_bytes_)) {
        oversize_bytes_ = message->Length();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (malformed_request_ && methods->GetSendStatus().error_code() == grpc::INTERNAL) {
        // gRPC answers INTERNAL with no message; the fault is the caller's.
        methods->ModifySendStatus(
            {grpc::StatusCode::INVALID_ARGUMENT,
             "the request is not a valid message of the method's request type (for example, a "
             "string field that is not UTF-8)"});
      }
      const grpc::Status status = OutcomeOf(methods->GetSendStatus());
      const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
      if (metrics_ != nullptr) {
        metrics_->RecordHandled(service_name_, method_name_, type_, status.error_code(), seconds);
      }
      if (!quiet_) {
        LogFields fields = {{"code", GrpcCodeName(status.error_code())},
                            {"latency_ms", absl::StrCat(seconds * 1000.0)}};
        if (!status.ok()) fields.emplace_back("error", status.error_message());
        Log(status.ok() ? Severity::kInfo : Severity::kWarning, "call finished",
            {method_, request_id_}, fields);
      }
    }
    methods->Proceed();
  }

 private:
  // What the caller gets, which may differ from what the handler returned.
  grpc::Status OutcomeOf(const grpc::Status& returned) const {
    if (context_ != nullptr && context_->IsCancelled()) {
      if (absl::Now() >= absl::FromChrono(context_->deadline())) {
        return {grpc::StatusCode::DEADLINE_EXCEEDED, "the deadline passed before the answer"};
      }
      return {grpc::StatusCode::CANCELLED, "the caller cancelled before the answer"};
    }
    if (returned.ok() && oversize_bytes_ > 0) {
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              absl::StrCat("the response of ", oversize_bytes_, " bytes is over the limit of ",
                           max_message_bytes_)};
    }
    return returned;
  }

  ServerMetrics* metrics_;
  grpc::ServerContextBase* context_;
  const int max_message_bytes_;
  size_t oversize_bytes_ = 0;
  bool malformed_request_ = false;
  const std::string method_;
  const absl::string_view type_;
  std::string service_name_;
  std::string method_name_;
  bool quiet_ = false;  // health checks and reflection are counted but not logged
  std::string request_id_;
  const absl::Time start_ = absl::Now();
};

class ObservabilityInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  ObservabilityInterceptorFactory(ServerMetrics* metrics, int max_message_bytes)
      : metrics_(metrics), max_message_bytes_(max_message_bytes) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new ObservabilityInterceptor(info, metrics_, max_message_bytes_);
  }

 private:
  ServerMetrics* metrics_;
  const int max_message_bytes_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const GrpcServerOptions& options, const std::vector<grpc::Service*>& services,
    ServerMetrics* metrics) {
  // Links health.proto's descriptors so reflection can describe grpc.health.v1.Health.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  // Authentication arrives behind the caller seam (caller.h); transport security with it.
  builder.AddListeningPort(absl::StrCat(options.host, ":", options.port),
                           grpc::InsecureServerCredentials(), &port);
  // A sync server thread that has served a call goes back to polling, and exits if more threads
  // poll than MAX_POLLERS (default 2). Handlers wait on the database, so with the default every
  // burst of calls creates and destroys threads; keeping them costs only idle stacks.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              options.idle_threads);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  builder.SetOption(ServerReflectionV1Option());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(
      std::make_unique<ObservabilityInterceptorFactory>(metrics, options.max_message_bytes));
  builder.experimental().SetInterceptorCreators(std::move(factories));

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.host, ":", options.port));
  }
  auto result = std::unique_ptr<GrpcServer>(
      new GrpcServer(std::move(server), port, options.health_service_names));
  result->SetServing(false);
  return result;
}

GrpcServer::GrpcServer(std::unique_ptr<grpc::Server> server, int port,
                       std::vector<std::string> names)
    : server_(std::move(server)), port_(port), health_service_names_(std::move(names)) {}

GrpcServer::~GrpcServer() { Shutdown(absl::ZeroDuration()); }

void GrpcServer::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  health->SetServingStatus(serving);
  for (const auto& name : health_service_names_) health->SetServingStatus(name, serving);
}

void GrpcServer::Shutdown(absl::Duration drain) {
  if (shut_down_) return;
  shut_down_ = true;
  SetServing(false);
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + drain));
  server_->Wait();
}

void PrepareServerProcess() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  RouteLibraryLogsToLog();
  BlockShutdownSignals();
}

void BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string WaitForShutdownSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace bch::common
