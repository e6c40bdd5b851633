// A unary call by descriptor (see generic_call.h).
#include "generic_call.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace bch::gateway {

grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel, grpc::ClientContext& context,
                       const google::protobuf::MethodDescriptor& method,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response) {
  grpc::GenericStub stub(channel);
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer sent(&slice, 1);
  grpc::ByteBuffer received;
  // The callback owns the promise: the answer may be read (and this frame left) while
  // set_value is still returning on gRPC's thread.
  auto done = std::make_shared<std::promise<grpc::Status>>();
  std::future<grpc::Status> answered = done->get_future();
  stub.UnaryCall(&context, absl::StrCat("/", method.service()->full_name(), "/", method.name()),
                 grpc::StubOptions(), &sent, &received,
                 [done](grpc::Status status) { done->set_value(std::move(status)); });
  grpc::Status status = answered.get();
  if (!status.ok()) return status;
  std::vector<grpc::Slice> slices;
  (void)received.Dump(&slices);
  std::string answer;
  for (const grpc::Slice& part : slices) {
    answer.append(reinterpret_cast<const char*>(part.begin()), part.size());
  }
  if (!response->ParseFromString(answer)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat("the answer of ", method.full_name(), " did not parse"));
  }
  return status;
}

}  // namespace bch::gateway
