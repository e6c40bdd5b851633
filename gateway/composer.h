// Composes the collaboration update: calls the four services in parallel, every call under
// one deadline (the caller's, capped), and assembles their answers. A backend that fails or is
// late gives a section marked incomplete with the reason, unless the request is strict.
#ifndef BCH_GATEWAY_COMPOSER_H_
#define BCH_GATEWAY_COMPOSER_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "bch/gateway/v1/collaboration_update_service.pb.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"

namespace bch::gateway {

// Channels to the four services (shared by all calls).
struct Backends {
  std::shared_ptr<grpc::Channel> projects;
  std::shared_ptr<grpc::Channel> finance;
  std::shared_ptr<grpc::Channel> governance;
  std::shared_ptr<grpc::Channel> reporting;
};

// Insecure channels to "host:port" targets (authentication arrives with the security work).
Backends ConnectBackends(const std::string& projects, const std::string& finance,
                         const std::string& governance, const std::string& reporting);

class Composer final {
 public:
  explicit Composer(const Backends& backends);

  // Validates `request` (INVALID_ARGUMENT listing every bad field), then composes. Every
  // backend call carries `deadline` and `request_id`.
  absl::StatusOr<v1::CollaborationUpdate> Compose(
      const v1::ComposeCollaborationUpdateRequest& request, absl::Time deadline,
      const std::string& request_id);

 private:
  std::unique_ptr<projects::v1::ProjectsService::Stub> projects_;
  std::unique_ptr<finance::v1::FinanceService::Stub> finance_;
  std::unique_ptr<governance::v1::GovernanceService::Stub> governance_;
  std::unique_ptr<reporting::v1::ReportingService::Stub> reporting_;
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_COMPOSER_H_
