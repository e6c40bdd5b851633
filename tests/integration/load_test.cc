// Loading input records through the public gRPC APIs (gateway/loader.h) into the four real
// services on a real MariaDB: a folder loads in name order, a second load of it changes nothing
// (no audit event, no second status update or figure revision), and a bad folder is refused
// naming the file, the call and the reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "finance_service.h"
#include "governance_service.h"
#include "loader.h"
#include "projects_service.h"
#include "reporting_service.h"
#include "running_service.h"

namespace bch::gateway {
namespace {

using bch::testing::RunningService;
using ::testing::HasSubstr;

class LoadTest : public ::testing::Test {
 protected:
  LoadTest()
      : projects_(projects::ProjectsServiceDefinition()),
        finance_(finance::FinanceServiceDefinition()),
        governance_(governance::GovernanceServiceDefinition()),
        reporting_(reporting::ReportingServiceDefinition()),
        targets_({{"bch.projects.v1", projects_.channel()},
                  {"bch.finance.v1", finance_.channel()},
                  {"bch.governance.v1", governance_.channel()},
                  {"bch.reporting.v1", reporting_.channel()}}) {}

  absl::StatusOr<LoadResult> Load(const std::string& folder) {
    std::ostringstream progress;
    return LoadFolder(folder, targets_, absl::Seconds(10), progress);
  }

  // The audit events of each service, in one string: what a load changed.
  std::string AuditCounts() {
    const std::string count = "SELECT COUNT(*) FROM audit_events";
    return absl::StrCat(projects_.QueryValue(count), "/", finance_.QueryValue(count), "/",
                        governance_.QueryValue(count), "/", reporting_.QueryValue(count));
  }

  // A folder holding one file of `calls` (a JSON array).
  std::string FolderWith(const std::string& calls) {
    const auto folder = std::filesystem::temp_directory_path() /
                        absl::StrCat("bch-load-test-", ::getpid(), "-", folders_++);
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "01-calls.json") << "{\"calls\": " << calls << "}";
    return folder.string();
  }

  RunningService projects_;
  RunningService finance_;
  RunningService governance_;
  RunningService reporting_;
  LoadTargets targets_;
  int folders_ = 0;
};

TEST_F(LoadTest, ASecondLoadOfAFolderChangesNothing) {
  const absl::StatusOr<LoadResult> first = Load(BCH_LOAD_FIXTURE);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->files, 4);
  EXPECT_EQ(first->calls, 9);
  EXPECT_EQ(first->already_there, 0);
  const std::string audited = AuditCounts();
  EXPECT_EQ(governance_.QueryValue("SELECT COUNT(*) FROM areas"), "1");
  EXPECT_EQ(reporting_.QueryValue("SELECT title FROM report_series WHERE id = 'north-update'"),
            "Collaboration Update");

  const absl::StatusOr<LoadResult> second = Load(BCH_LOAD_FIXTURE);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->calls, 9);
  // The creates named by id (force, alliance, area, programme, measure, series) are there
  // already; those with a request id (project, status update, figures) are answered again.
  EXPECT_EQ(second->already_there, 6);
  EXPECT_EQ(AuditCounts(), audited);
  EXPECT_EQ(projects_.QueryValue("SELECT COUNT(*) FROM status_updates"), "1");
  EXPECT_EQ(finance_.QueryValue("SELECT COUNT(*) FROM figure_versions"), "1");
}

TEST_F(LoadTest, ABadFolderIsRefusedNamingTheFileTheCallAndWhy) {
  const auto message = [&](const std::string& calls) {
    const absl::StatusOr<LoadResult> result = Load(FolderWith(calls));
    EXPECT_FALSE(result.ok());
    return std::string(result.status().message());
  };
  EXPECT_THAT(message(R"([{"method": "bch.projects.v1.ProjectsService/Nothing"}])"),
              HasSubstr("01-calls.json, call 1 (bch.projects.v1.ProjectsService/Nothing): no "
                        "such method"));
  EXPECT_THAT(message(R"([{"method": "bch.projects.v1.ProjectsService/UpdateProject",
                           "request": {}}])"),
              HasSubstr("only creating calls are loaded"));
  EXPECT_THAT(message(R"([{"method": "bch.governance.v1.GovernanceService/CreateForce",
                           "request": {"forceId": "x", "force": {"colour": "blue"}}}])"),
              HasSubstr("call 1 (bch.governance.v1.GovernanceService/CreateForce): request:"));
  EXPECT_THAT(message(R"([{"method": "bch.governance.v1.GovernanceService/CreateForce",
                           "request": {"forceId": "x", "force": {}}}])"),
              HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(message(R"([{"method": "bch.governance.v1.GovernanceService/CreateForce",
                           "request": {"forceId": "x", "force": {}}}])"),
              HasSubstr("force.display_name: "));
  EXPECT_THAT(message("not json"), HasSubstr("is not JSON of the form"));
  EXPECT_THAT(std::string(Load("/nonexistent-folder").status().message()),
              HasSubstr("cannot read /nonexistent-folder"));
}

}  // namespace
}  // namespace bch::gateway
