// AIP-122 resource ids and names.
#include "bch/common/resource_names.h"

#include <gtest/gtest.h>

#include "bch/common/errors.h"

namespace bch::common {
namespace {

TEST(ResourceId, AcceptsAip122Ids) {
  for (const char* id : {"a", "athena", "digital-contact-and-mobilisation", "phase2", "x1-y2"}) {
    EXPECT_TRUE(IsValidResourceId(id)) << id;
  }
  EXPECT_TRUE(IsValidResourceId(std::string(63, 'a')));
}

TEST(ResourceId, RefusesEverythingElse) {
  for (const char* id :
       {"", "Athena", "1abc", "-a", "a-", "a_b", "a b", "a/b", "a;DROP TABLE", "é", "a'--"}) {
    EXPECT_FALSE(IsValidResourceId(id)) << id;
  }
  EXPECT_FALSE(IsValidResourceId(std::string(64, 'a')));
}

TEST(ResourceName, ParsesNestedPatterns) {
  const auto ids = ParseResourceName("projects/athena/milestones/go-live",
                                     "projects/{project}/milestones/{milestone}", "name");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids, (std::vector<std::string>{"athena", "go-live"}));
}

TEST(ResourceName, ReportsTheFieldForEveryKindOfMismatch) {
  for (const char* bad : {"", "projects", "projects/", "programmes/athena", "projects/Athena",
                          "projects/athena/extra", "projects//athena"}) {
    const auto ids = ParseResourceId(bad, "projects", "project.name");
    ASSERT_FALSE(ids.ok()) << bad;
    EXPECT_EQ(ids.status().code(), absl::StatusCode::kInvalidArgument);
    const auto violations = FieldViolationsOf(ids.status());
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "project.name");
  }
}

TEST(ResourceName, FormatsAndTakesTheLastSegment) {
  EXPECT_EQ(ResourceName("forces", "cambridgeshire"), "forces/cambridgeshire");
  EXPECT_EQ(IdOfName("projects/athena/milestones/go-live"), "go-live");
  EXPECT_EQ(IdOfName("plain"), "plain");
}

}  // namespace
}  // namespace bch::common
