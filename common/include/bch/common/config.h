// Command-line configuration with environment overrides: every flag `--name` may also be set
// by the environment variable `BCH_NAME` (upper case). A flag on the command line wins over
// the environment, which wins over the default.
#ifndef BCH_COMMON_CONFIG_H_
#define BCH_COMMON_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace bch::common {

// The environment variable that overrides flag `flag_name`: "db_host" -> "BCH_DB_HOST".
std::string EnvVarForFlag(absl::string_view flag_name);

// Applies BCH_* environment overrides to every registered flag, then parses argv (exiting with
// usage on a bad flag). Returns the positional arguments, argv[0] first.
std::vector<std::string> ParseFlagsWithEnv(int argc, char** argv);

// FAILED_PRECONDITION naming every listed string flag that is empty, with its BCH_* variable.
absl::Status RequireFlags(const std::vector<absl::string_view>& flag_names);

}  // namespace bch::common

#endif  // BCH_COMMON_CONFIG_H_
