// gRPC handlers of the governance service (see governance_service.h).
#include "governance_service.h"

#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "validation.h"

namespace bch {
const std::vector<common::MigrationSource>& GovernanceMigrations();
}  // namespace bch

namespace bch::governance {

using common::Violations;
using common::WriteContext;

GovernanceServiceImpl::GovernanceServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("governance")),
      callers_(deps.callers),
      forces_(deps.pool, ForceTable()),
      alliances_(deps.pool, AllianceTable(), AllianceHooks()) {}

grpc::Status GovernanceServiceImpl::CreateForce(grpc::ServerContext* context,
                                                const v1::CreateForceRequest* request,
                                                v1::Force* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    common::CheckId(v, "force_id", request->force_id());
    CheckForce(v, request->force(), UpdatableForceFields());
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return forces_.Create(request->force_id(), request->force(), effective, w);
        },
        *response);
  });
}

grpc::Status GovernanceServiceImpl::GetForce(grpc::ServerContext* context,
                                             const v1::GetForceRequest* request,
                                             v1::Force* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->name(), "forces", "name");
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(forces_.Get(id, as_of, common::DeadlineOf(*context)), *response);
  });
}

grpc::Status GovernanceServiceImpl::ListForces(grpc::ServerContext* context,
                                               const v1::ListForcesRequest* request,
                                               v1::ListForcesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_forces(),
                             {common::AsOfTokenParameter(*request)},
                             [&](const common::PageRequest& page) {
                               return forces_.List(page, as_of, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status GovernanceServiceImpl::UpdateForce(grpc::ServerContext* context,
                                                const v1::UpdateForceRequest* request,
                                                v1::Force* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->force().name(), "forces", "force.name");
    const auto paths =
        common::MaskFrom(v, request->update_mask(), request->force(), UpdatableForceFields());
    CheckForce(v, request->force(), {paths.begin(), paths.end()});
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return forces_.Update(id, request->force(), paths, effective, w);
        },
        *response);
  });
}

grpc::Status GovernanceServiceImpl::CreateAlliance(grpc::ServerContext* context,
                                                   const v1::CreateAllianceRequest* request,
                                                   v1::Alliance* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    common::CheckId(v, "alliance_id", request->alliance_id());
    CheckAlliance(v, request->alliance(), UpdatableAllianceFields(), request->alliance_id());
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return alliances_.Create(request->alliance_id(), request->alliance(), effective, w);
        },
        *response);
  });
}

grpc::Status GovernanceServiceImpl::GetAlliance(grpc::ServerContext* context,
                                                const v1::GetAllianceRequest* request,
                                                v1::Alliance* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->name(), "alliances", "name");
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(alliances_.Get(id, as_of, common::DeadlineOf(*context)), *response);
  });
}

grpc::Status GovernanceServiceImpl::ListAlliances(grpc::ServerContext* context,
                                                  const v1::ListAlliancesRequest* request,
                                                  v1::ListAlliancesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_alliances(),
                             {common::AsOfTokenParameter(*request)},
                             [&](const common::PageRequest& page) {
                               return alliances_.List(page, as_of, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status GovernanceServiceImpl::UpdateAlliance(grpc::ServerContext* context,
                                                   const v1::UpdateAllianceRequest* request,
                                                   v1::Alliance* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id =
        common::IdFrom(v, request->alliance().name(), "alliances", "alliance.name");
    const auto paths =
        common::MaskFrom(v, request->update_mask(), request->alliance(), UpdatableAllianceFields());
    CheckAlliance(v, request->alliance(), {paths.begin(), paths.end()}, id);
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return alliances_.Update(id, request->alliance(), paths, effective, w);
        },
        *response);
  });
}

common::ServiceDefinition GovernanceServiceDefinition() {
  return {.name = "governance",
          .grpc_service_name = v1::GovernanceService::service_full_name(),
          .default_port = common::kGovernancePort,
          .default_metrics_port = common::kGovernanceMetricsPort,
          .migrations = &GovernanceMigrations,
          .make_services = common::ServicesOf<GovernanceServiceImpl>()};
}

}  // namespace bch::governance
