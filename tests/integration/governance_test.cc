// The governance service's forces over real gRPC against a real MariaDB: created, listed and
// updated on the kit, with a change of chief constable or commissioner reading right as of any
// day, every violated field listed, and the migration keeping forces recorded before versioning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bch/common/migrations.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "governance_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::governance {
namespace {

using Stub = v1::GovernanceService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;
using ::testing::UnorderedElementsAre;

v1::CreateForceRequest Cambridgeshire() {
  v1::CreateForceRequest request;
  request.set_force_id("cambridgeshire");
  v1::Force& force = *request.mutable_force();
  force.set_display_name("Cambridgeshire Constabulary");
  force.set_short_name("Cambridgeshire");
  force.set_policing_body("Cambridgeshire Police and Crime Commissioner");
  force.set_commissioner("Jason Ablewhite");
  force.set_chief_officer("Alec Wood");
  force.set_chief_officer_title("Chief Constable");
  *request.mutable_effective_date() = Day(2016, 5, 12);
  return request;
}

TEST(GovernanceForces, AChangeOfChiefOfficerReadsRightAsOfAnyDay) {
  RunningService service(GovernanceServiceDefinition());
  auto stub = v1::GovernanceService::NewStub(service.channel());
  v1::Force force;
  ASSERT_TRUE(Call(*stub, &Stub::CreateForce, Cambridgeshire(), &force).ok());
  EXPECT_EQ(force.name(), "forces/cambridgeshire");
  EXPECT_EQ(Call(*stub, &Stub::CreateForce, Cambridgeshire(), &force).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::UpdateForceRequest update;
  update.mutable_force()->set_name("forces/cambridgeshire");
  update.mutable_force()->set_chief_officer("Nick Dean");
  update.mutable_force()->set_etag("1");
  update.mutable_update_mask()->add_paths("chief_officer");
  *update.mutable_effective_date() = Day(2018, 7, 1);
  ASSERT_TRUE(Call(*stub, &Stub::UpdateForce, update, &force).ok());
  EXPECT_EQ(force.commissioner(), "Jason Ablewhite") << "fields outside the mask are kept";
  EXPECT_EQ(Call(*stub, &Stub::UpdateForce, update, &force).error_code(), grpc::StatusCode::ABORTED)
      << "a stale etag";
  // A commissioner's change recorded later, dated earlier: each reads right on its own days.
  update.mutable_force()->set_commissioner("Ray Bisby");
  update.mutable_force()->clear_etag();
  update.mutable_update_mask()->set_paths(0, "commissioner");
  *update.mutable_effective_date() = Day(2018, 4, 1);
  ASSERT_TRUE(Call(*stub, &Stub::UpdateForce, update, &force).ok());

  v1::GetForceRequest get;
  get.set_name("forces/cambridgeshire");
  for (const auto& [day, chief, commissioner] :
       {std::tuple{Day(2017, 12, 14), "Alec Wood", "Jason Ablewhite"},
        std::tuple{Day(2018, 5, 1), "Alec Wood", "Ray Bisby"},
        std::tuple{Day(2018, 7, 1), "Nick Dean", "Ray Bisby"}}) {
    *get.mutable_as_of() = day;
    ASSERT_TRUE(Call(*stub, &Stub::GetForce, get, &force).ok());
    EXPECT_EQ(force.chief_officer(), chief) << day.year() << "-" << day.month();
    EXPECT_EQ(force.commissioner(), commissioner) << day.year() << "-" << day.month();
  }
  *get.mutable_as_of() = Day(2016, 5, 11);
  EXPECT_EQ(Call(*stub, &Stub::GetForce, get, &force).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListForcesRequest list;
  *list.mutable_as_of() = Day(2017, 12, 14);
  v1::ListForcesResponse listed;
  ASSERT_TRUE(Call(*stub, &Stub::ListForces, list, &listed).ok());
  ASSERT_EQ(listed.forces_size(), 1);
  EXPECT_EQ(listed.forces(0).chief_officer(), "Alec Wood");
  *list.mutable_as_of() = Day(2016, 1, 1);
  ASSERT_TRUE(Call(*stub, &Stub::ListForces, list, &listed).ok());
  EXPECT_EQ(listed.forces_size(), 0) << "not yet recorded";
  EXPECT_EQ(service.QueryValue("SELECT COUNT(*) FROM audit_events"), "3");
}

TEST(GovernanceForces, BadInputListsEveryViolatedField) {
  RunningService service(GovernanceServiceDefinition());
  auto stub = v1::GovernanceService::NewStub(service.channel());
  v1::CreateForceRequest request = Cambridgeshire();
  request.set_force_id("Cambridgeshire!");
  request.mutable_force()->set_display_name(" ");
  request.mutable_force()->set_commissioner(std::string(201, 'x'));
  request.mutable_force()->set_chief_officer("Alec\nWood");
  request.mutable_effective_date()->set_month(13);
  v1::Force force;
  EXPECT_THAT(ViolatedFields(Call(*stub, &Stub::CreateForce, request, &force)),
              UnorderedElementsAre("force_id", "force.display_name", "force.commissioner",
                                   "force.chief_officer", "effective_date"));
  EXPECT_EQ(service.QueryValue("SELECT COUNT(*) FROM forces"), "0");
}

void FillTheUnversionedForces(common::DbConnection& db) {
  common::MigrationSet old{"governance", {GovernanceServiceDefinition().migrations()[0]}};
  ASSERT_TRUE(
      common::ApplyMigrations(db, {{"common", common::CommonMigrations()}, old}, absl::Seconds(10))
          .ok());
  ASSERT_TRUE(db.Execute("INSERT INTO forces (id, display_name, short_name, create_time) VALUES "
                         "('cambridgeshire', 'Cambridgeshire Constabulary', 'Cambridgeshire', "
                         "'2016-05-01 09:00:00')",
                         {})
                  .ok());
}

TEST(GovernanceMigration, KeepsForcesRecordedBeforeVersioning) {
  RunningService service(GovernanceServiceDefinition(), FillTheUnversionedForces);
  auto stub = v1::GovernanceService::NewStub(service.channel());
  v1::GetForceRequest get;
  get.set_name("forces/cambridgeshire");
  *get.mutable_as_of() = Day(2016, 5, 1);
  v1::Force force;
  ASSERT_TRUE(Call(*stub, &Stub::GetForce, get, &force).ok());
  EXPECT_EQ(force.display_name(), "Cambridgeshire Constabulary");
  EXPECT_EQ(force.short_name(), "Cambridgeshire");
  EXPECT_EQ(force.etag(), "\"1\"");
  v1::UpdateForceRequest update;
  update.mutable_force()->set_name("forces/cambridgeshire");
  update.mutable_force()->set_chief_officer("Alec Wood");
  update.mutable_update_mask()->add_paths("chief_officer");
  EXPECT_TRUE(Call(*stub, &Stub::UpdateForce, update, &force).ok()) << "and can be updated";
}

}  // namespace
}  // namespace bch::governance
