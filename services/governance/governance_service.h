// gRPC handlers of bch.governance.v1.GovernanceService: the standard methods of each resource
// through common::StandardMethods (one line each), and the model, recommendation and summary
// reads: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
#define BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_

#include <string>

#include "bch/common/caller.h"
#include "bch/common/service_main.h"
#include "bch/common/standard_methods.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"

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
  grpc::Status CreateCollaborationArea(grpc::ServerContext* context,
                                       const v1::CreateCollaborationAreaRequest* request,
                                       v1::CollaborationArea* response) override;
  grpc::Status GetCollaborationArea(grpc::ServerContext* context,
                                    const v1::GetCollaborationAreaRequest* request,
                                    v1::CollaborationArea* response) override;
  grpc::Status ListCollaborationAreas(grpc::ServerContext* context,
                                      const v1::ListCollaborationAreasRequest* request,
                                      v1::ListCollaborationAreasResponse* response) override;
  grpc::Status UpdateCollaborationArea(grpc::ServerContext* context,
                                       const v1::UpdateCollaborationAreaRequest* request,
                                       v1::CollaborationArea* response) override;
  grpc::Status CreateAgreement(grpc::ServerContext* context,
                               const v1::CreateAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status GetAgreement(grpc::ServerContext* context, const v1::GetAgreementRequest* request,
                            v1::Agreement* response) override;
  grpc::Status ListAgreements(grpc::ServerContext* context,
                              const v1::ListAgreementsRequest* request,
                              v1::ListAgreementsResponse* response) override;
  grpc::Status UpdateAgreement(grpc::ServerContext* context,
                               const v1::UpdateAgreementRequest* request,
                               v1::Agreement* response) override;
  grpc::Status CreateGovernanceBody(grpc::ServerContext* context,
                                    const v1::CreateGovernanceBodyRequest* request,
                                    v1::GovernanceBody* response) override;
  grpc::Status GetGovernanceBody(grpc::ServerContext* context,
                                 const v1::GetGovernanceBodyRequest* request,
                                 v1::GovernanceBody* response) override;
  grpc::Status ListGovernanceBodies(grpc::ServerContext* context,
                                    const v1::ListGovernanceBodiesRequest* request,
                                    v1::ListGovernanceBodiesResponse* response) override;
  grpc::Status UpdateGovernanceBody(grpc::ServerContext* context,
                                    const v1::UpdateGovernanceBodyRequest* request,
                                    v1::GovernanceBody* response) override;
  grpc::Status CreateReview(grpc::ServerContext* context, const v1::CreateReviewRequest* request,
                            v1::Review* response) override;
  grpc::Status GetReview(grpc::ServerContext* context, const v1::GetReviewRequest* request,
                         v1::Review* response) override;
  grpc::Status ListReviews(grpc::ServerContext* context, const v1::ListReviewsRequest* request,
                           v1::ListReviewsResponse* response) override;
  grpc::Status UpdateReview(grpc::ServerContext* context, const v1::UpdateReviewRequest* request,
                            v1::Review* response) override;
  grpc::Status CreateRecommendation(grpc::ServerContext* context,
                                    const v1::CreateRecommendationRequest* request,
                                    v1::Recommendation* response) override;
  grpc::Status GetRecommendation(grpc::ServerContext* context,
                                 const v1::GetRecommendationRequest* request,
                                 v1::Recommendation* response) override;
  grpc::Status ListRecommendations(grpc::ServerContext* context,
                                   const v1::ListRecommendationsRequest* request,
                                   v1::ListRecommendationsResponse* response) override;
  grpc::Status UpdateRecommendation(grpc::ServerContext* context,
                                    const v1::UpdateRecommendationRequest* request,
                                    v1::Recommendation* response) override;
  grpc::Status GetGovernanceModel(grpc::ServerContext* context,
                                  const v1::GetGovernanceModelRequest* request,
                                  v1::GovernanceModel* response) override;
  grpc::Status GetGovernanceSummary(grpc::ServerContext* context,
                                    const v1::GetGovernanceSummaryRequest* request,
                                    v1::GovernanceSummary* response) override;

 private:
  common::DbPool& pool_;
  const std::string domain_;
  const common::StandardMethods<v1::Force> forces_;
  const common::StandardMethods<v1::Alliance> alliances_;
  const common::StandardMethods<v1::CollaborationArea, common::ListOrder::kDisplayOrder> areas_;
  const common::StandardMethods<v1::Agreement> agreements_;
  const common::StandardMethods<v1::GovernanceBody, common::ListOrder::kDisplayOrder> bodies_;
  const common::StandardMethods<v1::Review> reviews_;
  const common::StandardMethods<v1::Recommendation, common::ListOrder::kDisplayOrder>
      recommendations_;
};

// How the governance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition GovernanceServiceDefinition();

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_GOVERNANCE_SERVICE_H_
