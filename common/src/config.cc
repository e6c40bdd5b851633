// Flag parsing with BCH_* environment overrides (see config.h).
#include "bch/common/config.h"

#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/log.h"

namespace bch::common {

std::string EnvVarForFlag(absl::string_view flag_name) {
  return absl::StrCat("BCH_", absl::AsciiStrToUpper(flag_name));
}

std::vector<std::string> ParseFlagsWithEnv(int argc, char** argv) {
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const char* value = std::getenv(EnvVarForFlag(name).c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      Log(Severity::kError, absl::StrCat("invalid value for ", EnvVarForFlag(name), ": ", error));
      std::exit(2);
    }
  }
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return {positional.begin(), positional.end()};
}

absl::Status RequireFlags(const std::vector<absl::string_view>& flag_names) {
  std::vector<std::string> missing;
  for (absl::string_view name : flag_names) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr || flag->CurrentValue().empty()) {
      missing.push_back(absl::StrCat("--", name, " (or ", EnvVarForFlag(name), ")"));
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("missing required configuration: ", absl::StrJoin(missing, ", ")));
}

}  // namespace bch::common
