// gRPC handlers of bch.governance.v1.GovernanceService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
#define BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_

#include "bch/common/service_main.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "force_store.h"

namespace bch::governance {

class GovernanceServiceImpl final : public v1::GovernanceService::Service {
 public:
  explicit GovernanceServiceImpl(const common::ServiceDeps& deps);

  grpc::Status ListForces(grpc::ServerContext* context, const v1::ListForcesRequest* request,
                          v1::ListForcesResponse* response) override;

 private:
  const std::string domain_;
  ForceStore store_;
};

// How the governance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition GovernanceServiceDefinition();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
