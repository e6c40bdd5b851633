// What every mutation of the projects service carries into its store: who is writing (for the
// version rows and the audit event), the request id, and the deadline of the call.
#ifndef BCH_SERVICES_PROJECTS_WRITE_CONTEXT_H_
#define BCH_SERVICES_PROJECTS_WRITE_CONTEXT_H_

#include <string>

#include "absl/time/time.h"
#include "bch/common/caller.h"

namespace bch::projects {

struct WriteContext {
  common::Principal actor;
  std::string request_id;
  absl::Time deadline;
};

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_WRITE_CONTEXT_H_
