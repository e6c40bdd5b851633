// gRPC handlers of bch.finance.v1.FinanceService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
#define BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_

#include "bch/common/service_main.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "measure_store.h"

namespace bch::finance {

class FinanceServiceImpl final : public v1::FinanceService::Service {
 public:
  explicit FinanceServiceImpl(const common::ServiceDeps& deps);

  grpc::Status ListMeasures(grpc::ServerContext* context, const v1::ListMeasuresRequest* request,
                            v1::ListMeasuresResponse* response) override;

 private:
  const std::string domain_;
  MeasureStore store_;
};

// How the finance service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition FinanceServiceDefinition();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_FINANCE_SERVICE_H_
