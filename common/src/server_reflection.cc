// Server reflection v1 from the generated descriptor pool (see server_reflection.h).
#include "bch/common/server_reflection.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include <set>
#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace bch::common {
namespace {

namespace v1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

class ServerReflectionV1 final : public v1::ServerReflection::Service {
 public:
  // `services`: the server's registered service names (owned by the server).
  void SetServiceList(const std::vector<std::string>* services) { services_ = services; }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* /*context*/,
      grpc::ServerReaderWriter<v1::ServerReflectionResponse, v1::ServerReflectionRequest>* stream)
      override {
    std::set<std::string> files_sent;  // a stream sends each file once, as the protocol allows
    v1::ServerReflectionRequest request;
    while (stream->Read(&request)) {
      v1::ServerReflectionResponse response;
      response.set_valid_host(request.host());
      *response.mutable_original_request() = request;
      Answer(request, files_sent, response);
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  void Answer(const v1::ServerReflectionRequest& request, std::set<std::string>& files_sent,
              v1::ServerReflectionResponse& response) const {
    const DescriptorPool& pool = *DescriptorPool::generated_pool();
    using Case = v1::ServerReflectionRequest::MessageRequestCase;
    switch (request.message_request_case()) {
      case Case::kFileByFilename:
        return AnswerFile(pool.FindFileByName(request.file_by_filename()), files_sent, response);
      case Case::kFileContainingSymbol:
        return AnswerFile(pool.FindFileContainingSymbol(request.file_containing_symbol()),
                          files_sent, response);
      case Case::kFileContainingExtension: {
        const auto& wanted = request.file_containing_extension();
        const auto* type = pool.FindMessageTypeByName(wanted.containing_type());
        const auto* extension =
            type == nullptr ? nullptr : pool.FindExtensionByNumber(type, wanted.extension_number());
        return AnswerFile(extension == nullptr ? nullptr : extension->file(), files_sent, response);
      }
      case Case::kAllExtensionNumbersOfType: {
        const auto* type = pool.FindMessageTypeByName(request.all_extension_numbers_of_type());
        if (type == nullptr) return NotFound(response);
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool.FindAllExtensions(type, &extensions);
        auto* numbers = response.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
        return;
      }
      case Case::kListServices: {
        auto* list = response.mutable_list_services_response();
        if (services_ != nullptr) {
          for (const std::string& name : *services_) list->add_service()->set_name(name);
        }
        return;
      }
      default: {
        auto* error = response.mutable_error_response();
        error->set_error_code(static_cast<int32_t>(grpc::StatusCode::UNIMPLEMENTED));
        error->set_error_message("unknown reflection request");
        return;
      }
    }
  }

  // `file` and, first, every file it imports that this stream has not sent yet.
  static void AnswerFile(const FileDescriptor* file, std::set<std::string>& files_sent,
                         v1::ServerReflectionResponse& response) {
    if (file == nullptr) return NotFound(response);
    auto* files = response.mutable_file_descriptor_response();
    std::vector<const FileDescriptor*> pending = {file};
    while (!pending.empty()) {
      const FileDescriptor* next = pending.back();
      pending.pop_back();
      if (next != file && files_sent.contains(next->name())) continue;
      files_sent.insert(next->name());
      google::protobuf::FileDescriptorProto proto;
      next->CopyTo(&proto);
      files->add_file_descriptor_proto(proto.SerializeAsString());
      for (int i = 0; i < next->dependency_count(); ++i) pending.push_back(next->dependency(i));
    }
  }

  static void NotFound(v1::ServerReflectionResponse& response) {
    auto* error = response.mutable_error_response();
    error->set_error_code(static_cast<int32_t>(grpc::StatusCode::NOT_FOUND));
    error->set_error_message("not found");
  }

  const std::vector<std::string>* services_ = nullptr;
};

// Registers the service when the server is built, with the server's own list of services.
class ServerReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "bch_server_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* si) override {
    service_->SetServiceList(si->GetServiceList());
    si->RegisterService(service_);
  }
  void Finish(grpc::ServerInitializer* /*si*/) override {}
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }

 private:
  std::shared_ptr<ServerReflectionV1> service_ = std::make_shared<ServerReflectionV1>();
};

class ReflectionV1BuilderOption final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ServerReflectionV1Plugin>());
  }
};

}  // namespace

std::unique_ptr<grpc::ServerBuilderOption> ServerReflectionV1Option() {
  return std::make_unique<ReflectionV1BuilderOption>();
}

}  // namespace bch::common
