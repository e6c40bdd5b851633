// gRPC handlers of the governance service (see governance_service.h).
#include "governance_service.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "agreement_store.h"
#include "alliance_store.h"
#include "area_store.h"
#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "body_store.h"
#include "force_store.h"
#include "register_service.h"
#include "review_store.h"
#include "summary.h"
#include "validation.h"

namespace bch {
const std::vector<common::MigrationSource>& GovernanceMigrations();
}  // namespace bch

namespace bch::governance {
namespace {

// How many children one parent may have, so that a model or a summary is one bounded response.
constexpr int64_t kMaxAreasPerAlliance = 100;
constexpr int64_t kMaxAgreementsPerAlliance = 200;
constexpr int64_t kMaxBodiesPerAlliance = 200;
constexpr int64_t kMaxReviewsPerAlliance = 50;
constexpr int64_t kMaxRecommendationsPerReview = 200;

}  // namespace

using common::ParentOf;
using common::Violations;

GovernanceServiceImpl::GovernanceServiceImpl(const common::ServiceDeps& deps)
    : pool_(deps.pool),
      domain_(common::ErrorDomain("governance")),
      forces_(deps.pool, deps.callers, domain_,
              {.table = ForceTable(), .updatable = UpdatableForceFields(), .check = CheckForce}),
      alliances_(deps.pool, deps.callers, domain_,
                 {.table = AllianceTable(),
                  .hooks = AllianceHooks(),
                  .updatable = UpdatableAllianceFields(),
                  .check = CheckAlliance}),
      areas_(deps.pool, deps.callers, domain_,
             {.table = AreaTable(),
              .hooks = AreaHooks(),
              .parent = ParentOf{AllianceTable(), kMaxAreasPerAlliance},
              .updatable = UpdatableAreaFields(),
              .check = CheckArea}),
      agreements_(deps.pool, deps.callers, domain_,
                  {.table = AgreementTable(),
                   .hooks = AgreementHooks(),
                   .parent = ParentOf{AllianceTable(), kMaxAgreementsPerAlliance},
                   .updatable = UpdatableAgreementFields(),
                   .check = CheckAgreement}),
      bodies_(deps.pool, deps.callers, domain_,
              {.table = BodyTable(),
               .hooks = BodyHooks(),
               .parent = ParentOf{AllianceTable(), kMaxBodiesPerAlliance},
               .updatable = UpdatableBodyFields(),
               .check = CheckBody}),
      reviews_(deps.pool, deps.callers, domain_,
               {.table = ReviewTable(),
                .parent = ParentOf{AllianceTable(), kMaxReviewsPerAlliance},
                .updatable = UpdatableReviewFields(),
                .check = CheckReview}),
      recommendations_(deps.pool, deps.callers, domain_,
                       {.table = RecommendationTable(),
                        .parent = ParentOf{ReviewTable(), kMaxRecommendationsPerReview},
                        .updatable = UpdatableRecommendationFields(),
                        .check = CheckRecommendation}) {}

grpc::Status GovernanceServiceImpl::CreateForce(grpc::ServerContext* context,
                                                const v1::CreateForceRequest* request,
                                                v1::Force* response) {
  return forces_.Create(*context, *request, "", request->force_id(), request->force(), *response);
}

grpc::Status GovernanceServiceImpl::GetForce(grpc::ServerContext* context,
                                             const v1::GetForceRequest* request,
                                             v1::Force* response) {
  return forces_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListForces(grpc::ServerContext* context,
                                               const v1::ListForcesRequest* request,
                                               v1::ListForcesResponse* response) {
  return forces_.List(*context, *request, "", *response->mutable_forces(), *response);
}

grpc::Status GovernanceServiceImpl::UpdateForce(grpc::ServerContext* context,
                                                const v1::UpdateForceRequest* request,
                                                v1::Force* response) {
  return forces_.Update(*context, *request, request->force(), *response);
}

grpc::Status GovernanceServiceImpl::CreateAlliance(grpc::ServerContext* context,
                                                   const v1::CreateAllianceRequest* request,
                                                   v1::Alliance* response) {
  return alliances_.Create(*context, *request, "", request->alliance_id(), request->alliance(),
                           *response);
}

grpc::Status GovernanceServiceImpl::GetAlliance(grpc::ServerContext* context,
                                                const v1::GetAllianceRequest* request,
                                                v1::Alliance* response) {
  return alliances_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListAlliances(grpc::ServerContext* context,
                                                  const v1::ListAlliancesRequest* request,
                                                  v1::ListAlliancesResponse* response) {
  return alliances_.List(*context, *request, "", *response->mutable_alliances(), *response);
}

grpc::Status GovernanceServiceImpl::UpdateAlliance(grpc::ServerContext* context,
                                                   const v1::UpdateAllianceRequest* request,
                                                   v1::Alliance* response) {
  return alliances_.Update(*context, *request, request->alliance(), *response);
}

grpc::Status GovernanceServiceImpl::CreateCollaborationArea(
    grpc::ServerContext* context, const v1::CreateCollaborationAreaRequest* request,
    v1::CollaborationArea* response) {
  return areas_.Create(*context, *request, request->parent(), request->area_id(), request->area(),
                       *response);
}

grpc::Status GovernanceServiceImpl::GetCollaborationArea(
    grpc::ServerContext* context, const v1::GetCollaborationAreaRequest* request,
    v1::CollaborationArea* response) {
  return areas_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListCollaborationAreas(
    grpc::ServerContext* context, const v1::ListCollaborationAreasRequest* request,
    v1::ListCollaborationAreasResponse* response) {
  return areas_.List(*context, *request, request->parent(), *response->mutable_areas(), *response);
}

grpc::Status GovernanceServiceImpl::UpdateCollaborationArea(
    grpc::ServerContext* context, const v1::UpdateCollaborationAreaRequest* request,
    v1::CollaborationArea* response) {
  return areas_.Update(*context, *request, request->area(), *response);
}

grpc::Status GovernanceServiceImpl::CreateAgreement(grpc::ServerContext* context,
                                                    const v1::CreateAgreementRequest* request,
                                                    v1::Agreement* response) {
  return agreements_.Create(*context, *request, request->parent(), request->agreement_id(),
                            request->agreement(), *response);
}

grpc::Status GovernanceServiceImpl::GetAgreement(grpc::ServerContext* context,
                                                 const v1::GetAgreementRequest* request,
                                                 v1::Agreement* response) {
  return agreements_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListAgreements(grpc::ServerContext* context,
                                                   const v1::ListAgreementsRequest* request,
                                                   v1::ListAgreementsResponse* response) {
  return agreements_.List(*context, *request, request->parent(), *response->mutable_agreements(),
                          *response);
}

grpc::Status GovernanceServiceImpl::UpdateAgreement(grpc::ServerContext* context,
                                                    const v1::UpdateAgreementRequest* request,
                                                    v1::Agreement* response) {
  return agreements_.Update(*context, *request, request->agreement(), *response);
}

grpc::Status GovernanceServiceImpl::CreateGovernanceBody(
    grpc::ServerContext* context, const v1::CreateGovernanceBodyRequest* request,
    v1::GovernanceBody* response) {
  return bodies_.Create(*context, *request, request->parent(), request->body_id(), request->body(),
                        *response);
}

grpc::Status GovernanceServiceImpl::GetGovernanceBody(grpc::ServerContext* context,
                                                      const v1::GetGovernanceBodyRequest* request,
                                                      v1::GovernanceBody* response) {
  return bodies_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListGovernanceBodies(
    grpc::ServerContext* context, const v1::ListGovernanceBodiesRequest* request,
    v1::ListGovernanceBodiesResponse* response) {
  return bodies_.List(*context, *request, request->parent(), *response->mutable_bodies(),
                      *response);
}

grpc::Status GovernanceServiceImpl::UpdateGovernanceBody(
    grpc::ServerContext* context, const v1::UpdateGovernanceBodyRequest* request,
    v1::GovernanceBody* response) {
  return bodies_.Update(*context, *request, request->body(), *response);
}

grpc::Status GovernanceServiceImpl::CreateReview(grpc::ServerContext* context,
                                                 const v1::CreateReviewRequest* request,
                                                 v1::Review* response) {
  return reviews_.Create(*context, *request, request->parent(), request->review_id(),
                         request->review(), *response);
}

grpc::Status GovernanceServiceImpl::GetReview(grpc::ServerContext* context,
                                              const v1::GetReviewRequest* request,
                                              v1::Review* response) {
  return reviews_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::ListReviews(grpc::ServerContext* context,
                                                const v1::ListReviewsRequest* request,
                                                v1::ListReviewsResponse* response) {
  return reviews_.List(*context, *request, request->parent(), *response->mutable_reviews(),
                       *response);
}

grpc::Status GovernanceServiceImpl::UpdateReview(grpc::ServerContext* context,
                                                 const v1::UpdateReviewRequest* request,
                                                 v1::Review* response) {
  return reviews_.Update(*context, *request, request->review(), *response);
}

grpc::Status GovernanceServiceImpl::CreateRecommendation(
    grpc::ServerContext* context, const v1::CreateRecommendationRequest* request,
    v1::Recommendation* response) {
  return recommendations_.Create(*context, *request, request->parent(),
                                 request->recommendation_id(), request->recommendation(),
                                 *response);
}

grpc::Status GovernanceServiceImpl::GetRecommendation(grpc::ServerContext* context,
                                                      const v1::GetRecommendationRequest* request,
                                                      v1::Recommendation* response) {
  return recommendations_.Get(*context, *request, *response);
}

grpc::Status GovernanceServiceImpl::UpdateRecommendation(
    grpc::ServerContext* context, const v1::UpdateRecommendationRequest* request,
    v1::Recommendation* response) {
  return recommendations_.Update(*context, *request, request->recommendation(), *response);
}

grpc::Status GovernanceServiceImpl::ListRecommendations(
    grpc::ServerContext* context, const v1::ListRecommendationsRequest* request,
    v1::ListRecommendationsResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    // `-` for the review reads every review of the alliance (AIP-159).
    const absl::string_view parent = request->parent();
    const bool every_review = absl::EndsWith(parent, "/reviews/-");
    const std::vector<std::string> ids =
        every_review
            ? common::IdsFrom(v, absl::StripSuffix(parent, "/reviews/-"), "alliances/{alliance}",
                              "parent")
            : common::IdsFrom(v, parent, "alliances/{alliance}/reviews/{review}", "parent");
    RecommendationFilter filter{.alliance_id = ids[0],
                                .review_id = every_review ? "" : ids[1],
                                .as_of = common::AsOfOf(v, *request),
                                .overdue_on = common::Today(),
                                .open_only = request->open_only(),
                                .overdue_only = request->overdue_only()};
    if (filter.as_of) filter.overdue_on = *filter.as_of;
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(
        *request, *response, *response->mutable_recommendations(),
        {request->parent(), common::AsOfTokenParameter(*request),
         request->open_only() ? "open" : "", request->overdue_only() ? "overdue" : ""},
        [&](const common::PageRequest& page) {
          return governance::ListRecommendations(pool_, filter, page, common::DeadlineOf(*context));
        });
  });
}

grpc::Status GovernanceServiceImpl::GetGovernanceModel(grpc::ServerContext* context,
                                                       const v1::GetGovernanceModelRequest* request,
                                                       v1::GovernanceModel* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->parent(), "alliances", "parent");
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto db = pool_.Acquire(common::DeadlineOf(*context));
    if (!db.ok()) return db.status();
    v1::Alliance alliance;  // NOT_FOUND, as everywhere, if it did not exist then
    if (absl::Status s = AllianceTable().Get(**db, {id}, as_of, alliance); !s.ok()) return s;
    auto model = ReadGovernanceModel(**db, id, as_of);
    if (!model.ok()) return model.status();
    if (absl::Status s = common::CheckResponseSize(*model, "the governance model"); !s.ok()) {
      return s;
    }
    return common::Answer(std::move(model), *response);
  });
}

grpc::Status GovernanceServiceImpl::GetGovernanceSummary(
    grpc::ServerContext* context, const v1::GetGovernanceSummaryRequest* request,
    v1::GovernanceSummary* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->alliance(), "alliances", "alliance");
    const absl::CivilDay day =
        common::OptionalDate(v, "as_of", request->has_as_of(), request->as_of(), common::Today());
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto summary = ReadGovernanceSummary(pool_, id, day, common::DeadlineOf(*context));
    if (!summary.ok()) return summary.status();
    if (absl::Status s = common::CheckResponseSize(*summary, "the governance summary"); !s.ok()) {
      return s;
    }
    return common::Answer(std::move(summary), *response);
  });
}

common::ServiceDefinition GovernanceServiceDefinition() {
  return {.name = "governance",
          .grpc_service_names = {v1::GovernanceService::service_full_name(),
                                 v1::RiskService::service_full_name(),
                                 v1::BenefitService::service_full_name(),
                                 v1::RegisterService::service_full_name()},
          .default_port = common::kGovernancePort,
          .default_metrics_port = common::kGovernanceMetricsPort,
          .migrations = &GovernanceMigrations,
          .make_services = common::ServicesOf<GovernanceServiceImpl, RiskServiceImpl,
                                              BenefitServiceImpl, RegisterServiceImpl>()};
}

}  // namespace bch::governance
