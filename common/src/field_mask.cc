// Update masks (see field_mask.h).
#include "bch/common/field_mask.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

bool IsPopulated(const google::protobuf::Message& message,
                 const google::protobuf::FieldDescriptor& field) {
  const auto* reflection = message.GetReflection();
  return field.is_repeated() ? reflection->FieldSize(message, &field) > 0
                             : reflection->HasField(message, &field);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                           const google::protobuf::Message& patch,
                                                           const std::set<std::string>& updatable) {
  std::vector<std::string> paths;
  if (mask.paths().empty() || (mask.paths_size() == 1 && mask.paths(0) == "*")) {
    const bool everything = !mask.paths().empty();
    for (const std::string& name : updatable) {
      const auto* field = patch.GetDescriptor()->FindFieldByName(name);
      if (field != nullptr && (everything || IsPopulated(patch, *field))) paths.push_back(name);
    }
    return paths;
  }
  std::vector<std::string> unknown;
  for (const std::string& path : mask.paths()) {
    if (updatable.contains(path)) {
      paths.push_back(path);
    } else {
      unknown.push_back(path);
    }
  }
  if (!unknown.empty()) {
    return InvalidArgumentError(
        {{"update_mask", absl::StrCat("cannot update ", absl::StrJoin(unknown, ", "),
                                      "; updatable fields: ", absl::StrJoin(updatable, ", "))}});
  }
  return paths;
}

void ApplyUpdateMask(const std::vector<std::string>& paths, const google::protobuf::Message& patch,
                     google::protobuf::Message& target) {
  const auto* descriptor = target.GetDescriptor();
  const auto* from = patch.GetReflection();
  const auto* to = target.GetReflection();
  for (const std::string& path : paths) {
    const auto* field = descriptor->FindFieldByName(path);
    if (field == nullptr) continue;
    to->ClearField(&target, field);
    if (!IsPopulated(patch, *field)) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < from->FieldSize(patch, field); ++i) {
        switch (field->cpp_type()) {
          case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
            to->AddString(&target, field, from->GetRepeatedString(patch, field, i));
            break;
          case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE:
            to->AddMessage(&target, field)->CopyFrom(from->GetRepeatedMessage(patch, field, i));
            break;
          default:
            break;  // no repeated scalars among updatable fields so far
        }
      }
      continue;
    }
    switch (field->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
        to->SetString(&target, field, from->GetString(patch, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        to->SetInt32(&target, field, from->GetInt32(patch, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
        to->SetEnumValue(&target, field, from->GetEnumValue(patch, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
        to->SetBool(&target, field, from->GetBool(patch, field));
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE:
        to->MutableMessage(&target, field)->CopyFrom(from->GetMessage(patch, field));
        break;
      default:
        break;
    }
  }
}

}  // namespace bch::common
