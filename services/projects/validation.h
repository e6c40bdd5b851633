// Pure checks of projects-service input, adding to a common::Violations list (checks.h) so that a
// request hears of every violated field at once. Checks that need the database (the parent's
// programme, cycles through stored dependencies) are the stores' write hooks, which use
// FindDependencyCycle on the edges they read.
#ifndef BCH_SERVICES_PROJECTS_VALIDATION_H_
#define BCH_SERVICES_PROJECTS_VALIDATION_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bch/common/checks.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

using common::Violations;

// The fields of a programme named in `fields` (all when creating).
void CheckProgramme(Violations& v, const v1::Programme& programme,
                    const std::set<std::string>& fields);

// The fields of a project named in `fields`; `self` is its own name (for self-references).
void CheckProject(Violations& v, const v1::Project& project, const std::set<std::string>& fields,
                  absl::string_view self);

// A milestone's fields named in `fields`, including its dated values.
void CheckMilestone(Violations& v, const v1::Milestone& milestone,
                    const std::set<std::string>& fields);

void CheckStatusUpdate(Violations& v, const v1::StatusUpdate& update);

// A path from `from` back to itself through `edges` (project id -> ids it depends on), e.g.
// {"a", "b", "a"}; empty when there is no cycle through `from`.
std::vector<std::string> FindDependencyCycle(
    const std::map<std::string, std::vector<std::string>>& edges, const std::string& from);

// The ids of the updatable fields of each resource (for update masks).
const std::set<std::string>& UpdatableProgrammeFields();
const std::set<std::string>& UpdatableProjectFields();
const std::set<std::string>& UpdatableMilestoneFields();

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_VALIDATION_H_
