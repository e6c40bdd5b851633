// gRPC handlers of bch.finance.v1.FinanceService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
#define BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_

#include "agreement_store.h"
#include "bch/common/caller.h"
#include "bch/common/service_main.h"
#include "bch/common/standard_methods.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "figure_store.h"
#include "measure_store.h"

namespace bch::finance {

class FinanceServiceImpl final : public v1::FinanceService::Service {
 public:
  explicit FinanceServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateMeasure(grpc::ServerContext* context, const v1::CreateMeasureRequest* request,
                             v1::Measure* response) override;
  grpc::Status GetMeasure(grpc::ServerContext* context, const v1::GetMeasureRequest* request,
                          v1::Measure* response) override;
  grpc::Status ListMeasures(grpc::ServerContext* context, const v1::ListMeasuresRequest* request,
                            v1::ListMeasuresResponse* response) override;
  grpc::Status UpdateMeasure(grpc::ServerContext* context, const v1::UpdateMeasureRequest* request,
                             v1::Measure* response) override;
  grpc::Status BatchRecordFigures(grpc::ServerContext* context,
                                  const v1::BatchRecordFiguresRequest* request,
                                  v1::BatchRecordFiguresResponse* response) override;
  grpc::Status ListFigures(grpc::ServerContext* context, const v1::ListFiguresRequest* request,
                           v1::ListFiguresResponse* response) override;
  grpc::Status ListFigureRevisions(grpc::ServerContext* context,
                                   const v1::ListFigureRevisionsRequest* request,
                                   v1::ListFigureRevisionsResponse* response) override;
  grpc::Status GetFinanceSummary(grpc::ServerContext* context,
                                 const v1::GetFinanceSummaryRequest* request,
                                 v1::FinanceSummary* response) override;
  grpc::Status CreateCostSharingAgreement(grpc::ServerContext* context,
                                          const v1::CreateCostSharingAgreementRequest* request,
                                          v1::CostSharingAgreement* response) override;
  grpc::Status GetCostSharingAgreement(grpc::ServerContext* context,
                                       const v1::GetCostSharingAgreementRequest* request,
                                       v1::CostSharingAgreement* response) override;
  grpc::Status ListCostSharingAgreements(grpc::ServerContext* context,
                                         const v1::ListCostSharingAgreementsRequest* request,
                                         v1::ListCostSharingAgreementsResponse* response) override;
  grpc::Status UpdateCostSharingAgreement(grpc::ServerContext* context,
                                          const v1::UpdateCostSharingAgreementRequest* request,
                                          v1::CostSharingAgreement* response) override;
  grpc::Status ApportionAmount(grpc::ServerContext* context,
                               const v1::ApportionAmountRequest* request,
                               v1::ApportionAmountResponse* response) override;

 private:
  const std::string domain_;
  const common::CallerResolver& callers_;
  const common::StandardMethods<v1::Measure, common::ListOrder::kDisplayOrder> measures_;
  FigureStore figures_;
  const common::StandardMethods<v1::CostSharingAgreement> agreements_;
};

// How the finance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition FinanceServiceDefinition();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
