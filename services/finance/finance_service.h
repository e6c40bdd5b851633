// gRPC handlers of bch.finance.v1.FinanceService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
#define BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_

#include "bch/common/caller.h"
#include "bch/common/service_main.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
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

 private:
  const std::string domain_;
  const common::CallerResolver& callers_;
  MeasureStore measures_;
};

// How the finance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition FinanceServiceDefinition();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
