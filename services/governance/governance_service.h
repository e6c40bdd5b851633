// gRPC handlers of bch.governance.v1.GovernanceService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
#define BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_

#include "alliance_store.h"
#include "bch/common/caller.h"
#include "bch/common/service_main.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "force_store.h"

namespace bch::governance {

class GovernanceServiceImpl final : public v1::GovernanceService::Service {
 public:
  explicit GovernanceServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateForce(grpc::ServerContext* context, const v1::CreateForceRequest* request,
                           v1::Force* response) override;
  grpc::Status GetForce(grpc::ServerContext* context, const v1::GetForceRequest* request,
                        v1::Force* response) override;
  grpc::Status ListForces(grpc::ServerContext* context, const v1::ListForcesRequest* request,
                          v1::ListForcesResponse* response) override;
  grpc::Status UpdateForce(grpc::ServerContext* context, const v1::UpdateForceRequest* request,
                           v1::Force* response) override;
  grpc::Status CreateAlliance(grpc::ServerContext* context,
                              const v1::CreateAllianceRequest* request,
                              v1::Alliance* response) override;
  grpc::Status GetAlliance(grpc::ServerContext* context, const v1::GetAllianceRequest* request,
                           v1::Alliance* response) override;
  grpc::Status ListAlliances(grpc::ServerContext* context, const v1::ListAlliancesRequest* request,
                             v1::ListAlliancesResponse* response) override;
  grpc::Status UpdateAlliance(grpc::ServerContext* context,
                              const v1::UpdateAllianceRequest* request,
                              v1::Alliance* response) override;

 private:
  const std::string domain_;
  const common::CallerResolver& callers_;
  ForceStore forces_;
  AllianceStore alliances_;
};

// How the governance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition GovernanceServiceDefinition();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
