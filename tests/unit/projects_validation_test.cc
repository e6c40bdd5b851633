// Pure checks of the projects service and the common update-mask, etag and request-hash helpers
// they rely on.
#include <gtest/gtest.h>

#include "bch/common/errors.h"
#include "bch/common/etag.h"
#include "bch/common/field_mask.h"
#include "bch/common/idempotency.h"
#include "validation.h"

namespace bch::projects {
namespace {

using common::CheckEnumsKnown;

std::vector<std::string> Fields(Violations v) {
  std::vector<std::string> fields;
  for (const auto& violation : common::FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  return fields;
}

TEST(FindDependencyCycle, FindsTheLoopThroughTheStartOnly) {
  const std::map<std::string, std::vector<std::string>> edges = {
      {"a", {"b"}}, {"b", {"c"}}, {"c", {"a", "d"}}, {"d", {"d"}}};
  EXPECT_EQ(FindDependencyCycle(edges, "a"), (std::vector<std::string>{"a", "b", "c", "a"}));
  EXPECT_TRUE(FindDependencyCycle({{"x", {"y"}}, {"y", {"z"}}}, "x").empty());
  // d loops on itself but a path from e through d never returns to e.
  EXPECT_TRUE(FindDependencyCycle({{"e", {"d"}}, {"d", {"d"}}}, "e").empty());
  EXPECT_TRUE(FindDependencyCycle({}, "lonely").empty());
}

TEST(CheckStatusUpdate, ListsEveryProblem) {
  v1::StatusUpdate update;
  update.set_text(std::string(10001, 'x'));
  update.set_rating(static_cast<v1::DeliveryConfidence>(7));
  Violations v;
  CheckStatusUpdate(v, update);
  CheckEnumsKnown(v, update);  // what Respond runs on every request
  EXPECT_EQ(Fields(std::move(v)),
            (std::vector<std::string>{"status_update.as_of_date", "status_update.author",
                                      "status_update.text", "rating"}));
}

TEST(UpdateMask, EmptyMeansPopulatedFieldsAndUnknownPathsAreRefused) {
  v1::Project patch;
  patch.set_title("ICT");
  patch.add_participating_forces("forces/kent");
  google::protobuf::FieldMask mask;
  auto implied = common::ResolveUpdateMask(mask, patch, UpdatableProjectFields());
  ASSERT_TRUE(implied.ok());
  EXPECT_EQ(*implied, (std::vector<std::string>{"participating_forces", "title"}));

  mask.add_paths("*");
  EXPECT_EQ(common::ResolveUpdateMask(mask, patch, UpdatableProjectFields())->size(),
            UpdatableProjectFields().size());

  mask.Clear();
  mask.add_paths("title");
  mask.add_paths("etag");
  mask.add_paths("no_such_field");
  const auto refused = common::ResolveUpdateMask(mask, patch, UpdatableProjectFields());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(common::FieldViolationsOf(refused.status())[0].field, "update_mask");
  EXPECT_NE(refused.status().message().find("etag, no_such_field"), absl::string_view::npos);
}

TEST(UpdateMask, ApplyReplacesRepeatedFieldsAndClearsUnsetOnes) {
  v1::Project target;
  target.set_title("Old");
  target.set_description("kept");
  target.add_participating_forces("forces/a");
  target.add_participating_forces("forces/b");
  target.set_consortium_note("cleared");
  v1::Project patch;
  patch.set_title("New");
  patch.add_participating_forces("forces/c");
  common::ApplyUpdateMask({"title", "participating_forces", "consortium_note"}, patch, target);
  EXPECT_EQ(target.title(), "New");
  EXPECT_EQ(target.description(), "kept");
  ASSERT_EQ(target.participating_forces_size(), 1);
  EXPECT_EQ(target.participating_forces(0), "forces/c");
  EXPECT_TRUE(target.consortium_note().empty());
}

TEST(Etag, MatchesOnlyTheCurrentRevision) {
  EXPECT_EQ(common::FormatEtag(7), "\"7\"");
  EXPECT_TRUE(common::CheckEtag("", "\"7\"").ok());
  EXPECT_TRUE(common::CheckEtag("\"7\"", "\"7\"").ok());
  const absl::Status stale = common::CheckEtag("\"6\"", "\"7\"");
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(common::ReasonOf(stale), "ETAG_MISMATCH");
}

TEST(RequestHash, IsWhatTheRequestAsksForNotWhatTheServerIgnoresOrFillsIn) {
  v1::CreateProjectRequest a;
  a.set_project_id("athena");
  a.set_request_id("one");
  a.mutable_project()->set_title("Athena");
  a.mutable_project()->add_dependencies()->set_project("projects/ict");
  v1::CreateProjectRequest b = a;
  b.set_request_id("two");
  EXPECT_EQ(common::RequestHash(a), common::RequestHash(b));
  // Identifier and output-only fields, at any depth, are not part of what is asked for.
  b.mutable_project()->set_name("projects/whatever");
  b.mutable_project()->set_etag("\"9\"");
  b.mutable_project()->set_archived(true);
  b.mutable_project()->mutable_latest_status()->set_text("server-made");
  b.mutable_project()->mutable_create_time()->set_seconds(42);
  EXPECT_EQ(common::RequestHash(a), common::RequestHash(b));
  b.mutable_project()->set_title("Athena 2");
  EXPECT_NE(common::RequestHash(a), common::RequestHash(b));
  b = a;
  b.mutable_project()->mutable_dependencies(0)->set_reason("a reason");
  EXPECT_NE(common::RequestHash(a), common::RequestHash(b));
  v1::CreateMilestoneRequest m1, m2;
  m1.mutable_milestone()->mutable_forecast()->set_text("May 2018");
  m2 = m1;
  m2.mutable_milestone()->mutable_forecast()->mutable_latest()->set_year(2018);
  EXPECT_EQ(common::RequestHash(m1), common::RequestHash(m2)) << "DatedValue.latest is output";
  m2 = m1;
  m2.mutable_milestone()
      ->GetReflection()
      ->MutableUnknownFields(m2.mutable_milestone())
      ->AddVarint(99, 1);
  EXPECT_EQ(common::RequestHash(m1), common::RequestHash(m2)) << "unknown fields are ignored";
}

}  // namespace
}  // namespace bch::projects
