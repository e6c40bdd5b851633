// bch_load: loads a folder of input records into the running suite through its public gRPC APIs
// (loader.h), for `./bch load DIR`. Idempotent: a second load of the same folder changes
// nothing. Exits 1 naming the file, the call and every violated field when a call fails.
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "loader.h"

ABSL_FLAG(std::string, projects, "127.0.0.1:50051", "The projects service, host:port.");
ABSL_FLAG(std::string, finance, "127.0.0.1:50052", "The finance service, host:port.");
ABSL_FLAG(std::string, governance, "127.0.0.1:50053", "The governance service, host:port.");
ABSL_FLAG(std::string, reporting, "127.0.0.1:50054", "The reporting service, host:port.");
ABSL_FLAG(int32_t, timeout_seconds, 30, "The deadline of each call.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("bch_load [--projects=HOST:PORT ...] FOLDER");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() != 2) {
    std::cerr << "error: name one folder\n" << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  const auto channel = [](const std::string& target) {
    return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  };
  const auto governance = channel(absl::GetFlag(FLAGS_governance));
  const bch::gateway::LoadTargets targets = {
      {"bch.projects.v1", channel(absl::GetFlag(FLAGS_projects))},
      {"bch.finance.v1", channel(absl::GetFlag(FLAGS_finance))},
      {"bch.governance.v1", governance},
      {"bch.reporting.v1", channel(absl::GetFlag(FLAGS_reporting))}};
  const auto result = bch::gateway::LoadFolder(
      positional[1], targets, absl::Seconds(absl::GetFlag(FLAGS_timeout_seconds)), std::cout);
  if (!result.ok()) {
    std::cerr << "error: " << result.status().message() << "\n";
    return 1;
  }
  std::cout << "loaded " << result->calls << " calls from " << result->files << " files ("
            << result->already_there << " records there already)\n";
  return 0;
}
