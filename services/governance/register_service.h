// gRPC handlers of the risk and benefit registers (bch.governance.v1.RiskService, BenefitService
// and RegisterService), served by the governance binary on its schema: the standard methods
// through common::StandardMethods (one line each), and the review, history, tracker and summary
// reads: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_GOVERNANCE_REGISTER_SERVICE_H_
#define BCH_SERVICES_GOVERNANCE_REGISTER_SERVICE_H_

#include <string>

#include "bch/common/caller.h"
#include "bch/common/service_main.h"
#include "bch/common/standard_methods.h"
#include "bch/governance/v1/register_service.grpc.pb.h"

namespace bch::governance {

class RiskServiceImpl final : public v1::RiskService::Service {
 public:
  explicit RiskServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateRisk(grpc::ServerContext* context, const v1::CreateRiskRequest* request,
                          v1::Risk* response) override;
  grpc::Status GetRisk(grpc::ServerContext* context, const v1::GetRiskRequest* request,
                       v1::Risk* response) override;
  grpc::Status ListRisks(grpc::ServerContext* context, const v1::ListRisksRequest* request,
                         v1::ListRisksResponse* response) override;
  grpc::Status UpdateRisk(grpc::ServerContext* context, const v1::UpdateRiskRequest* request,
                          v1::Risk* response) override;
  grpc::Status ReviewRisk(grpc::ServerContext* context, const v1::ReviewRiskRequest* request,
                          v1::Risk* response) override;
  grpc::Status ListRiskHistory(grpc::ServerContext* context,
                               const v1::ListRiskHistoryRequest* request,
                               v1::ListRiskHistoryResponse* response) override;

 private:
  common::DbPool& pool_;
  const common::CallerResolver& callers_;
  const std::string domain_;
  const common::StandardMethods<v1::Risk> risks_;
};

class BenefitServiceImpl final : public v1::BenefitService::Service {
 public:
  explicit BenefitServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateBenefit(grpc::ServerContext* context, const v1::CreateBenefitRequest* request,
                             v1::Benefit* response) override;
  grpc::Status GetBenefit(grpc::ServerContext* context, const v1::GetBenefitRequest* request,
                          v1::Benefit* response) override;
  grpc::Status ListBenefits(grpc::ServerContext* context, const v1::ListBenefitsRequest* request,
                            v1::ListBenefitsResponse* response) override;
  grpc::Status UpdateBenefit(grpc::ServerContext* context, const v1::UpdateBenefitRequest* request,
                             v1::Benefit* response) override;
  grpc::Status ListBenefitTrackers(grpc::ServerContext* context,
                                   const v1::ListBenefitTrackersRequest* request,
                                   v1::ListBenefitTrackersResponse* response) override;

 private:
  common::DbPool& pool_;
  const std::string domain_;
  const common::StandardMethods<v1::Benefit> benefits_;
};

class RegisterServiceImpl final : public v1::RegisterService::Service {
 public:
  explicit RegisterServiceImpl(const common::ServiceDeps& deps);

  grpc::Status GetRegisterSummary(grpc::ServerContext* context,
                                  const v1::GetRegisterSummaryRequest* request,
                                  v1::RegisterSummary* response) override;

 private:
  common::DbPool& pool_;
  const std::string domain_;
};

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_REGISTER_SERVICE_H_
