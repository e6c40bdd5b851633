// The caller identity seam: every handler asks a CallerResolver "who is calling" and gets a
// Principal (subject, force, roles). Local mode resolves every call to one fixed development
// principal; real authentication (mutual TLS, bearer tokens) plugs in behind this interface.
#ifndef BCH_COMMON_CALLER_H_
#define BCH_COMMON_CALLER_H_

#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace bch::common {

struct Principal {
  std::string subject;             // who: a person or system, e.g. "local-developer"
  std::string force;               // the force they act for, e.g. "forces/cambridgeshire"
  std::vector<std::string> roles;  // e.g. {"admin"}
};

class CallerResolver {
 public:
  virtual ~CallerResolver() = default;
  // The principal behind a call, or UNAUTHENTICATED.
  virtual absl::StatusOr<Principal> Resolve(const grpc::ServerContext& context) const = 0;
};

// Local development: every call is made by the same fixed principal.
class LocalDevelopmentCallers final : public CallerResolver {
 public:
  explicit LocalDevelopmentCallers(Principal principal) : principal_(std::move(principal)) {}
  absl::StatusOr<Principal> Resolve(const grpc::ServerContext&) const override {
    return principal_;
  }

 private:
  Principal principal_;
};

}  // namespace bch::common

#endif  // BCH_COMMON_CALLER_H_
