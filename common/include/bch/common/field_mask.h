// AIP-134 update masks: which fields of a patch message an Update applies.
#ifndef BCH_COMMON_FIELD_MASK_H_
#define BCH_COMMON_FIELD_MASK_H_

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace bch::common {

// The top-level fields to update. An empty mask means every field of `patch` that is populated
// (AIP-134); "*" means every updatable field. A path outside `updatable` is INVALID_ARGUMENT on
// "update_mask", naming it.
absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                           const google::protobuf::Message& patch,
                                                           const std::set<std::string>& updatable);

// Copies the named top-level fields from `patch` into `target` (repeated fields are replaced,
// not appended; a field unset in the patch is cleared).
void ApplyUpdateMask(const std::vector<std::string>& paths, const google::protobuf::Message& patch,
                     google::protobuf::Message& target);

}  // namespace bch::common

#endif  // BCH_COMMON_FIELD_MASK_H_
