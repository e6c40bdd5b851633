// Loads input records through the public gRPC APIs (see loader.h).
#include "loader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "bch/common/errors.h"
#include "bch/common/idempotency.h"
#include "bch/common/sha256.h"
#include "bch/finance/v1/finance_service.pb.h"
#include "bch/governance/v1/governance_service.pb.h"
#include "bch/governance/v1/register_service.pb.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "generic_call.h"

namespace bch::gateway {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// "file 02-projects.json, call 3 (bch.projects.v1.ProjectsService/CreateProject)".
std::string Where(const std::filesystem::path& file, size_t index, const std::string& method) {
  return absl::StrCat(file.filename().string(), ", call ", index + 1,
                      method.empty() ? "" : absl::StrCat(" (", method, ")"));
}

absl::Status Problem(const std::string& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// A failed call as a person reads it: where, the code, the message and each violated field.
absl::Status CallFailed(const std::string& where, const grpc::Status& status) {
  const absl::Status converted = common::StatusFromGrpc(status);
  return absl::Status(converted.code(),
                      absl::StrCat(where, ": ", common::StatusForPerson(converted)));
}

// The APIs a load may call. Naming a message of each API file links that file's descriptors into
// the program (a static library's unreferenced objects are left out), so that the generated pool
// finds its methods by name.
void LinkApis() {
  for (const auto* api : {projects::v1::Project::descriptor(), finance::v1::Figure::descriptor(),
                          governance::v1::Force::descriptor(), governance::v1::Risk::descriptor(),
                          reporting::v1::ReportSeries::descriptor()}) {
    (void)api;
  }
}

bool IsCreate(const MethodDescriptor& method) { return absl::StartsWith(method.name(), "Create"); }

// Gives `request` a request id derived from the call, where it has an empty `request_id`.
void DeriveRequestId(const MethodDescriptor& method, Message& request) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || !request.GetReflection()->GetString(request, field).empty()) return;
  request.GetReflection()->SetString(
      &request, field,
      absl::StrCat("load-", common::Sha256Hex(absl::StrCat(method.full_name(), "\n",
                                                           common::RequestHash(request)))
                                .substr(0, 40)));
}

// One unary call of `method` on `channel`; the response is discarded.
grpc::Status Invoke(const std::shared_ptr<grpc::Channel>& channel, const MethodDescriptor& method,
                    const Message& request, absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  std::unique_ptr<Message> response(google::protobuf::MessageFactory::generated_factory()
                                        ->GetPrototype(method.output_type())
                                        ->New());
  return CallUnary(channel, context, method, request, response.get());
}

// Loads one file's calls; counts into `result`.
absl::Status LoadFile(const std::filesystem::path& file, const LoadTargets& targets,
                      absl::Duration timeout, LoadResult& result, std::ostream& progress) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json json =
      nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("calls") ||
      !json["calls"].is_array()) {
    return Problem(file.filename().string(), "is not JSON of the form {\"calls\": [...]}");
  }
  int already_there = 0;
  const auto& calls = json["calls"];
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& call = calls[i];
    if (!call.is_object() || !call.contains("method") || !call["method"].is_string()) {
      return Problem(Where(file, i, ""), "names no method");
    }
    const std::string name = call["method"];
    const std::string where = Where(file, i, name);
    const MethodDescriptor* method =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            absl::StrReplaceAll(name, {{"/", "."}}));
    if (method == nullptr) return Problem(where, "no such method in the suite's APIs");
    const auto target = targets.find(method->service()->file()->package());
    if (target == targets.end()) return Problem(where, "no service to send it to");
    std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                         ->GetPrototype(method->input_type())
                                         ->New());
    const std::string request_json = call.value("request", nlohmann::json::object()).dump();
    if (const auto parsed =
            google::protobuf::util::JsonStringToMessage(request_json, request.get());
        !parsed.ok()) {
      return Problem(where, absl::StrCat("request: ", parsed.message().as_string()));
    }
    const bool has_request_id = request->GetDescriptor()->FindFieldByName("request_id") != nullptr;
    if (!IsCreate(*method) && !has_request_id) {
      return Problem(where,
                     "only creating calls are loaded (a Create… method, or one with a "
                     "request_id), so that a second load changes nothing");
    }
    DeriveRequestId(*method, *request);
    const grpc::Status status = Invoke(target->second, *method, *request, timeout);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS && IsCreate(*method)) {
      ++already_there;
    } else if (!status.ok()) {
      return CallFailed(where, status);
    }
  }
  result.files += 1;
  result.calls += static_cast<int>(calls.size());
  result.already_there += already_there;
  progress << "loaded " << file.filename().string() << ": " << calls.size() << " calls ("
           << already_there << " already there)\n";
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadResult> LoadFolder(const std::string& folder, const LoadTargets& targets,
                                      absl::Duration call_timeout, std::ostream& progress) {
  LinkApis();
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry);
  }
  if (error)
    return absl::NotFoundError(absl::StrCat("cannot read ", folder, ": ", error.message()));
  if (files.empty()) return absl::NotFoundError(absl::StrCat(folder, " holds no .json files"));
  std::sort(files.begin(), files.end());
  LoadResult result;
  for (const auto& file : files) {
    if (absl::Status s = LoadFile(file, targets, call_timeout, result, progress); !s.ok()) return s;
  }
  return result;
}

}  // namespace bch::gateway
