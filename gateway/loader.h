// Loads input records into the running suite through its public gRPC APIs only: a folder of JSON
// files, read in name order, each a list of calls (method and request in proto3 JSON):
//
//   {"calls": [
//     {"method": "bch.governance.v1.GovernanceService/CreateForce",
//      "request": {"forceId": "bedfordshire", "force": {"displayName": "Bedfordshire Police"}}}
//   ]}
//
// A load is idempotent, so a second load of the same folder changes nothing: only creating calls
// are accepted (a Create… method, whose ALREADY_EXISTS means "loaded before", or a call with a
// `request_id`, which the loader derives from the call when the file leaves it empty, so that the
// service answers a repeat with the first answer). Any other failure stops the load, naming the
// file, the call and every violated field.
#ifndef BCH_GATEWAY_LOADER_H_
#define BCH_GATEWAY_LOADER_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace bch::gateway {

// The channel of each API package, e.g. "bch.projects.v1" -> the projects service.
using LoadTargets = std::map<std::string, std::shared_ptr<grpc::Channel>>;

struct LoadResult {
  int files = 0;
  int calls = 0;
  int already_there = 0;  // creates answered ALREADY_EXISTS: loaded before
};

// Loads every *.json file of `folder` in name order, one call at a time, each with
// `call_timeout`; prints one line per file to `progress`.
absl::StatusOr<LoadResult> LoadFolder(const std::string& folder, const LoadTargets& targets,
                                      absl::Duration call_timeout, std::ostream& progress);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_LOADER_H_
