// Pure checks of projects-service input, returning INVALID_ARGUMENT that lists every violated
// field (AIP-193 BadRequest). Checks that need the database (the parent's programme, cycles
// through stored dependencies) use FindDependencyCycle on edges the store reads.
#ifndef BCH_SERVICES_PROJECTS_VALIDATION_H_
#define BCH_SERVICES_PROJECTS_VALIDATION_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "bch/common/errors.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

// Collects violations; empty means valid.
class Violations final {
 public:
  void Add(std::string field, std::string description);
  // Adds the violations an INVALID_ARGUMENT status carries; returns false for other errors.
  void AddFrom(const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  absl::Status ToStatus() &&;

 private:
  std::vector<common::FieldViolation> violations_;
};

// Checks a text field: 1 to `max` characters (Unicode code points) when required, no control
// characters except newlines where `multiline`.
void CheckText(Violations& v, const std::string& field, absl::string_view value, size_t max,
               bool required, bool multiline = false);

// An AIP-122 id given by a caller, e.g. `project_id`.
void CheckId(Violations& v, const std::string& field, absl::string_view id);

// A resource name of `collection/{id}` form; empty allowed only when `required` is false.
void CheckName(Violations& v, const std::string& field, absl::string_view name,
               absl::string_view collection, bool required);

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

// A request date (as_of, effective_date): unset gives `fallback`.
absl::CivilDay CheckOptionalDate(Violations& v, const std::string& field, bool has,
                                 const google::type::Date& date, absl::CivilDay fallback);

// Today in UTC.
absl::CivilDay Today();

// The as-of day of a read without `as_of`: after every effective date (9999-12-31, the last day
// SQL DATE holds), so it returns the latest version recorded, the one its etag guards, even when
// that version takes effect later.
absl::CivilDay LatestRecorded();

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
