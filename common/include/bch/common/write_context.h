// What every mutation carries into its store: who is writing (for version rows and the audit
// event), the request id (for the audit event and log lines), and the deadline of the call.
#ifndef BCH_COMMON_WRITE_CONTEXT_H_
#define BCH_COMMON_WRITE_CONTEXT_H_

#include <string>

#include "absl/time/time.h"
#include "bch/common/caller.h"

namespace bch::common {

struct WriteContext {
  Principal actor;
  std::string request_id;
  absl::Time deadline;
};

}  // namespace bch::common

#endif  // BCH_COMMON_WRITE_CONTEXT_H_
