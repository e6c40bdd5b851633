// The call a thread serves (see call_scope.h).
#include "bch/common/call_scope.h"

#include "absl/time/clock.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

thread_local CallScope* current_call = nullptr;

}  // namespace

CallScope::CallScope(std::string request_id, absl::Time deadline, std::function<bool()> cancelled)
    : request_id_(std::move(request_id)),
      deadline_(deadline),
      cancelled_(std::move(cancelled)),
      outer_(current_call) {
  current_call = this;
}

CallScope::~CallScope() { current_call = outer_; }

absl::Status CallDeadlinePassedError() {
  return WithReason(absl::DeadlineExceededError("the call's deadline passed"), "CALL_ENDED");
}

absl::Status CurrentCallStatus() {
  const CallScope* call = current_call;
  if (call == nullptr) return absl::OkStatus();
  if (absl::Now() >= call->deadline_) return CallDeadlinePassedError();
  if (call->cancelled_ && call->cancelled_()) {
    return WithReason(absl::CancelledError("the caller cancelled the call"), "CALL_ENDED");
  }
  return absl::OkStatus();
}

absl::string_view CurrentRequestId() {
  return current_call == nullptr ? absl::string_view() : current_call->request_id_;
}

}  // namespace bch::common
