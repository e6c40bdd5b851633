// Flag/environment precedence, required flags, and the JSON log line format.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "absl/flags/flag.h"
#include "bch/common/config.h"
#include "bch/common/log.h"

ABSL_FLAG(std::string, test_only_value, "default", "A flag for config tests.");
ABSL_FLAG(std::string, test_only_required, "", "A required flag for config tests.");

namespace bch::common {
namespace {

TEST(Config, EnvironmentVariableNames) {
  EXPECT_EQ(EnvVarForFlag("db_host"), "BCH_DB_HOST");
  EXPECT_EQ(EnvVarForFlag("port"), "BCH_PORT");
}

TEST(Config, CommandLineBeatsEnvironmentBeatsDefault) {
  char program[] = "test";
  char* no_args[] = {program};
  setenv("BCH_TEST_ONLY_VALUE", "from-env", 1);
  ParseFlagsWithEnv(1, no_args);
  EXPECT_EQ(absl::GetFlag(FLAGS_test_only_value), "from-env");

  char flag[] = "--test_only_value=from-flag";
  char positional[] = "migrate";
  char* args[] = {program, flag, positional};
  const auto rest = ParseFlagsWithEnv(3, args);
  EXPECT_EQ(absl::GetFlag(FLAGS_test_only_value), "from-flag");
  EXPECT_EQ(rest, (std::vector<std::string>{"test", "migrate"}));
  unsetenv("BCH_TEST_ONLY_VALUE");
}

TEST(Config, RequireFlagsNamesEveryMissingOneWithItsVariable) {
  absl::SetFlag(&FLAGS_test_only_required, "");
  const absl::Status missing = RequireFlags({"test_only_required", "no_such_flag"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("--test_only_required (or BCH_TEST_ONLY_REQUIRED)"),
            absl::string_view::npos);
  EXPECT_NE(missing.message().find("--no_such_flag"), absl::string_view::npos);
  absl::SetFlag(&FLAGS_test_only_required, "set");
  EXPECT_TRUE(RequireFlags({"test_only_required"}).ok());
}

TEST(Log, LineIsOneJsonObjectWithTheDocumentedFields) {
  const std::string line = FormatLogLine(
      Severity::kWarning, "said \"hi\"\nthen left",
      {.method = "/bch.projects.v1.ProjectsService/ListProgrammes", .request_id = "abc123"},
      {{"code", "NotFound"}}, "2017-12-14T09:00:00.000000Z");
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one physical line";
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json["severity"], "WARNING");
  EXPECT_EQ(json["message"], "said \"hi\"\nthen left");
  EXPECT_EQ(json["timestamp"], "2017-12-14T09:00:00.000000Z");
  EXPECT_EQ(json["method"], "/bch.projects.v1.ProjectsService/ListProgrammes");
  EXPECT_EQ(json["request_id"], "abc123");
  EXPECT_EQ(json["code"], "NotFound");
}

TEST(Log, EmptyContextFieldsAreLeftOutAndBadUtf8DoesNotThrow) {
  const auto json =
      nlohmann::json::parse(FormatLogLine(Severity::kInfo, "bad \xff byte", {}, {}, "t"));
  EXPECT_FALSE(json.contains("method"));
  EXPECT_FALSE(json.contains("request_id"));
  EXPECT_EQ(json["severity"], "INFO");
}

}  // namespace
}  // namespace bch::common
