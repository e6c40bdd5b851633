// The call a thread is serving: its request id, its deadline and whether its caller still waits.
//
// Respond() (handler.h) opens a CallScope for the duration of a handler. DbConnection asks
// CurrentCallStatus() before every round trip, so that work for a caller who went away, or whose
// deadline passed, stops at the next statement instead of running on; and it writes the request
// id on every database error line. Outside a call (the health probe, migrations, tests calling a
// store directly) there is no scope: nothing is checked and no request id is written.
#ifndef BCH_COMMON_CALL_SCOPE_H_
#define BCH_COMMON_CALL_SCOPE_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace bch::common {

class CallScope final {
 public:
  // `cancelled` tells whether the caller has gone (e.g. ServerContext::IsCancelled).
  CallScope(std::string request_id, absl::Time deadline, std::function<bool()> cancelled);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  friend absl::Status CurrentCallStatus();
  friend absl::string_view CurrentRequestId();
  const std::string request_id_;
  const absl::Time deadline_;
  const std::function<bool()> cancelled_;
  CallScope* const outer_;
};

// DEADLINE_EXCEEDED with reason CALL_ENDED: the status of work stopped at the call's deadline.
absl::Status CallDeadlinePassedError();

// OK outside a call and while the current call is wanted; CANCELLED once its caller went away
// and DEADLINE_EXCEEDED once its deadline passed (reason CALL_ENDED either way).
absl::Status CurrentCallStatus();

// The request id of the call this thread serves, or "" outside a call.
absl::string_view CurrentRequestId();

}  // namespace bch::common

#endif  // BCH_COMMON_CALL_SCOPE_H_
