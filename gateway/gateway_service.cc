// gRPC handler of the gateway (see gateway_service.h).
#include "gateway_service.h"

#include "bch/common/handler.h"

namespace bch::gateway {

grpc::Status CollaborationUpdateServiceImpl::ComposeCollaborationUpdate(
    grpc::ServerContext* context, const v1::ComposeCollaborationUpdateRequest* request,
    v1::CollaborationUpdate* response) {
  return common::Respond(*context, kErrorDomain, *request, [&]() -> absl::Status {
    auto update = composer_.Compose(*request, common::DeadlineOf(*context, compose_timeout_),
                                    common::RequestIdOf(*context));
    if (!update.ok()) return update.status();
    *response = *std::move(update);
    return absl::OkStatus();
  });
}

}  // namespace bch::gateway
