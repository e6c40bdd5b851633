// gRPC handler of bch.gateway.v1.CollaborationUpdateService: derives the deadline from the
// incoming call and delegates to the Composer.
#ifndef BCH_GATEWAY_GATEWAY_SERVICE_H_
#define BCH_GATEWAY_GATEWAY_SERVICE_H_

#include "absl/time/time.h"
#include "bch/gateway/v1/collaboration_update_service.grpc.pb.h"
#include "composer.h"

namespace bch::gateway {

inline constexpr char kErrorDomain[] = "gateway.bch.police.uk";

class CollaborationUpdateServiceImpl final : public v1::CollaborationUpdateService::Service {
 public:
  // `compose_timeout` caps the deadline of a call that has none or a later one.
  CollaborationUpdateServiceImpl(Composer& composer, absl::Duration compose_timeout)
      : composer_(composer), compose_timeout_(compose_timeout) {}

  grpc::Status ComposeCollaborationUpdate(grpc::ServerContext* context,
                                          const v1::ComposeCollaborationUpdateRequest* request,
                                          v1::CollaborationUpdate* response) override;

 private:
  Composer& composer_;
  const absl::Duration compose_timeout_;
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_GATEWAY_SERVICE_H_
