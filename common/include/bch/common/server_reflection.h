// Server reflection v1 (grpc.reflection.v1.ServerReflection), beside the v1alpha service that
// gRPC 1.51's C++ library provides: buf curl and current grpcurl ask for v1 first, and without it
// every call of theirs began with an UNIMPLEMENTED. Answers from the descriptors compiled into
// the binary; lists the services the server registered.
//
//   grpc::ServerBuilder builder;
//   builder.SetOption(ServerReflectionV1Option());  // registers the service at build time
#ifndef BCH_COMMON_SERVER_REFLECTION_H_
#define BCH_COMMON_SERVER_REFLECTION_H_

#include <grpcpp/impl/server_builder_option.h>

#include <memory>

namespace bch::common {

std::unique_ptr<grpc::ServerBuilderOption> ServerReflectionV1Option();

}  // namespace bch::common

#endif  // BCH_COMMON_SERVER_REFLECTION_H_
