// The governance service over real gRPC against a real MariaDB: forces created, listed and
// updated on the kit, with a change of chief constable or commissioner reading right as of any
// day; alliances and consortia (BCH within the Seven Forces, Athena's nine forces) whose
// membership reads right as of any day, with references checked on the days they apply; every
// violated field listed; the migration keeping forces recorded before versioning.
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

// Creates forces/{id} for each id, effective 2010-01-01.
void CreateForces(Stub& stub, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    v1::CreateForceRequest request;
    request.set_force_id(id);
    request.mutable_force()->set_display_name(id + " Constabulary");
    *request.mutable_effective_date() = Day(2010, 1, 1);
    v1::Force force;
    ASSERT_TRUE(Call(stub, &Stub::CreateForce, request, &force).ok()) << id;
  }
}

v1::CreateAllianceRequest AllianceRequest(const std::string& id, v1::AllianceType type,
                                          const std::vector<std::string>& members,
                                          google::type::Date day) {
  v1::CreateAllianceRequest request;
  request.set_alliance_id(id);
  request.mutable_alliance()->set_display_name(id);
  request.mutable_alliance()->set_type(type);
  for (const std::string& member : members) request.mutable_alliance()->add_members(member);
  *request.mutable_effective_date() = day;
  return request;
}

TEST(GovernanceAlliances, TheSeedsAlliancesAndMembershipReadRightAsOfAnyDay) {
  RunningService service(GovernanceServiceDefinition());
  auto stub = v1::GovernanceService::NewStub(service.channel());
  const std::vector<std::string> seven = {
      "bedfordshire", "cambridgeshire", "hertfordshire", "essex", "kent", "norfolk", "suffolk"};
  CreateForces(*stub, seven);
  CreateForces(*stub, {"metropolitan", "surrey"});
  const auto names = [](const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const std::string& id : ids) out.push_back("forces/" + id);
    return out;
  };
  v1::Alliance alliance;
  ASSERT_TRUE(Call(*stub, &Stub::CreateAlliance,
                   AllianceRequest("seven-forces", v1::ALLIANCE_TYPE_REGIONAL_COLLABORATION,
                                   names(seven), Day(2015, 4, 1)),
                   &alliance)
                  .ok());
  v1::CreateAllianceRequest bch =
      AllianceRequest("bch", v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE,
                      names({"bedfordshire", "cambridgeshire", "hertfordshire"}), Day(2015, 4, 1));
  bch.mutable_alliance()->set_short_name("BCH");
  bch.mutable_alliance()->set_aim(
      "To protect the public of Bedfordshire, Cambridgeshire and "
      "Hertfordshire.");
  bch.mutable_alliance()->add_objectives("Deliver savings");
  bch.mutable_alliance()->add_objectives("Improve resilience");
  bch.mutable_alliance()->set_legal_basis("Section 22A of the Police Act 1996");
  bch.mutable_alliance()->add_part_of("alliances/seven-forces");
  ASSERT_TRUE(Call(*stub, &Stub::CreateAlliance, bch, &alliance).ok());
  EXPECT_EQ(alliance.objectives(1), "Improve resilience") << "objectives in order";
  std::vector<std::string> nine = names(seven);
  nine.push_back("forces/metropolitan");
  nine.push_back("forces/surrey");
  v1::CreateAllianceRequest athena = AllianceRequest(
      "athena-consortium", v1::ALLIANCE_TYPE_PROJECT_CONSORTIUM, nine, Day(2016, 1, 1));
  athena.mutable_alliance()->add_delivers("projects/athena");
  ASSERT_TRUE(Call(*stub, &Stub::CreateAlliance, athena, &alliance).ok());
  EXPECT_EQ(alliance.members_size(), 9);

  v1::UpdateAllianceRequest leave;  // a force leaves from 2018 (a made-up change)
  leave.mutable_alliance()->set_name("alliances/seven-forces");
  for (const std::string& member : names(seven)) {
    if (member != "forces/kent") leave.mutable_alliance()->add_members(member);
  }
  leave.mutable_update_mask()->add_paths("members");
  *leave.mutable_effective_date() = Day(2018, 1, 1);
  ASSERT_TRUE(Call(*stub, &Stub::UpdateAlliance, leave, &alliance).ok());
  EXPECT_EQ(alliance.members_size(), 6);
  EXPECT_EQ(alliance.type(), v1::ALLIANCE_TYPE_REGIONAL_COLLABORATION) << "outside the mask";

  v1::GetAllianceRequest get;
  get.set_name("alliances/seven-forces");
  *get.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(*stub, &Stub::GetAlliance, get, &alliance).ok());
  EXPECT_EQ(alliance.members_size(), 7) << "as the December 2017 paper stood";
  v1::ListAlliancesRequest list;
  *list.mutable_as_of() = Day(2015, 6, 1);
  v1::ListAlliancesResponse listed;
  ASSERT_TRUE(Call(*stub, &Stub::ListAlliances, list, &listed).ok());
  ASSERT_EQ(listed.alliances_size(), 2) << "Athena's consortium came later";
  EXPECT_EQ(listed.alliances(0).part_of(0), "alliances/seven-forces");
}

TEST(GovernanceAlliances, ReferencesMustExistOnTheDaysTheyApply) {
  RunningService service(GovernanceServiceDefinition());
  auto stub = v1::GovernanceService::NewStub(service.channel());
  CreateForces(*stub, {"bedfordshire"});
  v1::Alliance alliance;
  v1::CreateAllianceRequest request =
      AllianceRequest("bch", v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE,
                      {"forces/bedfordshire", "forces/kent"}, Day(2015, 4, 1));
  EXPECT_THAT(ViolatedFields(Call(*stub, &Stub::CreateAlliance, request, &alliance)),
              UnorderedElementsAre("alliance.members[1]"))
      << "forces/kent does not exist";
  request.mutable_alliance()->set_members(1, "forces/bedfordshire");
  request.mutable_alliance()->add_part_of("alliances/bch");
  request.mutable_alliance()->add_objectives("");
  request.mutable_alliance()->set_type(v1::ALLIANCE_TYPE_UNSPECIFIED);
  request.mutable_alliance()->add_delivers("athena");
  EXPECT_THAT(
      ViolatedFields(Call(*stub, &Stub::CreateAlliance, request, &alliance)),
      UnorderedElementsAre("alliance.members[1]", "alliance.part_of[0]", "alliance.objectives[0]",
                           "alliance.type", "alliance.delivers[0]"));
  *request.mutable_effective_date() = Day(2009, 1, 1);  // before Bedfordshire is recorded
  request.mutable_alliance()->clear_part_of();
  request.mutable_alliance()->clear_objectives();
  request.mutable_alliance()->clear_delivers();
  request.mutable_alliance()->set_type(v1::ALLIANCE_TYPE_STRATEGIC_ALLIANCE);
  request.mutable_alliance()->mutable_members()->RemoveLast();
  EXPECT_THAT(ViolatedFields(Call(*stub, &Stub::CreateAlliance, request, &alliance)),
              UnorderedElementsAre("alliance.members[0]"));
  EXPECT_EQ(service.QueryValue("SELECT COUNT(*) FROM alliances"), "0");
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
