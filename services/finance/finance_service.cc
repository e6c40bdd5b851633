// gRPC handlers of the finance service (see finance_service.h).
#include "finance_service.h"

#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "validation.h"

namespace bch {
const std::vector<common::MigrationSource>& FinanceMigrations();
}  // namespace bch

namespace bch::finance {
using common::Violations;
using common::WriteContext;

FinanceServiceImpl::FinanceServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("finance")), callers_(deps.callers), measures_(deps.pool) {}

grpc::Status FinanceServiceImpl::CreateMeasure(grpc::ServerContext* context,
                                               const v1::CreateMeasureRequest* request,
                                               v1::Measure* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    common::CheckId(v, "measure_id", request->measure_id());
    CheckMeasure(v, request->measure(), UpdatableMeasureFields());
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return measures_.Create(request->measure_id(), request->measure(), effective, w);
        },
        *response);
  });
}

grpc::Status FinanceServiceImpl::GetMeasure(grpc::ServerContext* context,
                                            const v1::GetMeasureRequest* request,
                                            v1::Measure* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->name(), "measures", "name");
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(measures_.Get(id, as_of, common::DeadlineOf(*context)), *response);
  });
}

grpc::Status FinanceServiceImpl::ListMeasures(grpc::ServerContext* context,
                                              const v1::ListMeasuresRequest* request,
                                              v1::ListMeasuresResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_measures(),
                             {common::AsOfTokenParameter(*request)},
                             [&](const common::PageRequest& page) {
                               return measures_.List(page, as_of, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status FinanceServiceImpl::UpdateMeasure(grpc::ServerContext* context,
                                               const v1::UpdateMeasureRequest* request,
                                               v1::Measure* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->measure().name(), "measures", "measure.name");
    const auto paths =
        common::MaskFrom(v, request->update_mask(), request->measure(), UpdatableMeasureFields());
    CheckMeasure(v, request->measure(), {paths.begin(), paths.end()});
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return measures_.Update(id, request->measure(), paths, effective, w);
        },
        *response);
  });
}

common::ServiceDefinition FinanceServiceDefinition() {
  return {.name = "finance",
          .grpc_service_name = v1::FinanceService::service_full_name(),
          .default_port = common::kFinancePort,
          .default_metrics_port = common::kFinanceMetricsPort,
          .migrations = &FinanceMigrations,
          .make_services = common::ServicesOf<FinanceServiceImpl>()};
}

}  // namespace bch::finance
