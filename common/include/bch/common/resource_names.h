// AIP-122 resource names: `collection/{id}` segments, with ids of lowercase letters, digits and
// hyphens (starting with a letter, at most 63 characters).
#ifndef BCH_COMMON_RESOURCE_NAMES_H_
#define BCH_COMMON_RESOURCE_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace bch::common {

// True if `id` is a valid resource id: [a-z]([a-z0-9-]{0,61}[a-z0-9])?
bool IsValidResourceId(absl::string_view id);

// Matches `name` against `pattern` such as "projects/{project}/milestones/{milestone}" and
// returns the ids in order. On mismatch, INVALID_ARGUMENT with a field violation on `field`.
absl::StatusOr<std::vector<std::string>> ParseResourceName(absl::string_view name,
                                                           absl::string_view pattern,
                                                           absl::string_view field);

// Convenience for single-segment names: "forces/cambridgeshire" -> "cambridgeshire".
absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view collection,
                                            absl::string_view field);

// The last segment of a resource name: "projects/athena/milestones/go-live" -> "go-live".
absl::string_view IdOfName(absl::string_view name);

// "forces" + "cambridgeshire" -> "forces/cambridgeshire".
std::string ResourceName(absl::string_view collection, absl::string_view id);

// The pattern of a name pattern's parent ("alliances/{alliance}" of
// "alliances/{alliance}/areas/{area}"; "" for a top-level collection).
std::string ParentPattern(absl::string_view pattern);
// The last variable of a name pattern ("area" of "alliances/{alliance}/areas/{area}").
std::string ResourceVariable(absl::string_view pattern);

}  // namespace bch::common

#endif  // BCH_COMMON_RESOURCE_NAMES_H_
