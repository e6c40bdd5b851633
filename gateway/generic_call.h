// Calls any unary method of the suite's APIs named by its descriptor, with the request and the
// response as messages: the loader's calls and the HTTP/JSON face's, neither of which knows the
// methods it will make when it is compiled.
#ifndef BCH_GATEWAY_GENERIC_CALL_H_
#define BCH_GATEWAY_GENERIC_CALL_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>

namespace bch::gateway {

// Calls `method` on `channel` with `context` (its deadline and metadata set by the caller); on
// success `response` (of the method's output type) holds the answer.
grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel, grpc::ClientContext& context,
                       const google::protobuf::MethodDescriptor& method,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_GENERIC_CALL_H_
