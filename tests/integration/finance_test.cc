// The finance service over real gRPC against a real MariaDB: measures on the kit (create, get,
// list in display order, update with etags and effective dates, as-of reads, every violated
// field listed, an audit event per write), and its migration keeping measures recorded before
// measures were versioned.
#include <gtest/gtest.h>

#include "bch/common/migrations.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "finance_service.h"
#include "projects_service.h"
#include "rpc.h"
#include "running_service.h"

namespace bch::finance {
namespace {

using Stub = v1::FinanceService::Stub;
using bch::testing::Call;
using bch::testing::Day;
using bch::testing::ReasonOf;
using bch::testing::RunningService;
using bch::testing::ViolatedFields;

v1::CreateMeasureRequest MeasureRequest(const std::string& id, const std::string& title,
                                        int order) {
  v1::CreateMeasureRequest request;
  request.set_measure_id(id);
  request.mutable_measure()->set_display_name(title);
  request.mutable_measure()->set_display_order(order);
  request.mutable_measure()->set_unit(v1::MEASURE_UNIT_MONEY);
  *request.mutable_effective_date() = Day(2016, 4, 1);
  return request;
}

TEST(FinanceMeasures, AreCreatedListedInDisplayOrderUpdatedAndReadAsOfADay) {
  RunningService service(FinanceServiceDefinition());
  auto stub = v1::FinanceService::NewStub(service.channel());
  v1::Measure measure;
  ASSERT_TRUE(Call(*stub, &Stub::CreateMeasure,
                   MeasureRequest("savings-from-collaboration", "Savings from collaboration", 2),
                   &measure)
                  .ok());
  ASSERT_TRUE(Call(*stub, &Stub::CreateMeasure,
                   MeasureRequest("spend-on-collaboration", "Spend on collaboration", 1), &measure)
                  .ok());
  EXPECT_EQ(measure.name(), "measures/spend-on-collaboration");
  EXPECT_EQ(measure.etag(), "\"1\"");
  EXPECT_EQ(Call(*stub, &Stub::CreateMeasure, MeasureRequest("spend-on-collaboration", "Again", 3),
                 &measure)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::ListMeasuresResponse list;
  ASSERT_TRUE(Call(*stub, &Stub::ListMeasures, v1::ListMeasuresRequest(), &list).ok());
  ASSERT_EQ(list.measures_size(), 2);
  EXPECT_EQ(list.measures(0).display_name(), "Spend on collaboration") << "the table's row order";
  EXPECT_EQ(list.measures(1).display_name(), "Savings from collaboration");

  v1::UpdateMeasureRequest rename;
  rename.mutable_measure()->set_name("measures/spend-on-collaboration");
  rename.mutable_measure()->set_display_name("Spend on collaboration (net)");
  rename.mutable_measure()->set_etag("1");
  rename.mutable_update_mask()->add_paths("display_name");
  *rename.mutable_effective_date() = Day(2018, 4, 1);
  ASSERT_TRUE(Call(*stub, &Stub::UpdateMeasure, rename, &measure).ok());
  EXPECT_EQ(measure.display_order(), 1) << "fields outside the mask are kept";
  EXPECT_EQ(Call(*stub, &Stub::UpdateMeasure, rename, &measure).error_code(),
            grpc::StatusCode::ABORTED)
      << "a stale etag";

  v1::GetMeasureRequest get;
  get.set_name("measures/spend-on-collaboration");
  *get.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(*stub, &Stub::GetMeasure, get, &measure).ok());
  EXPECT_EQ(measure.display_name(), "Spend on collaboration") << "as the 2017 paper printed it";
  get.clear_as_of();
  ASSERT_TRUE(Call(*stub, &Stub::GetMeasure, get, &measure).ok());
  EXPECT_EQ(measure.display_name(), "Spend on collaboration (net)");
  *get.mutable_as_of() = Day(2015, 1, 1);
  EXPECT_EQ(Call(*stub, &Stub::GetMeasure, get, &measure).error_message(),
            "measures/spend-on-collaboration did not exist on 2015-01-01");

  v1::ListMeasuresRequest then;
  *then.mutable_as_of() = Day(2017, 12, 14);
  ASSERT_TRUE(Call(*stub, &Stub::ListMeasures, then, &list).ok());
  EXPECT_EQ(list.measures(0).display_name(), "Spend on collaboration");
  EXPECT_EQ(service.QueryValue("SELECT COUNT(*) FROM audit_events"), "3");

  // A back-dated change is audited with the value it wrote, which the current state may not show.
  rename.mutable_measure()->set_display_name("Spend on collaboration (2017)");
  rename.mutable_measure()->clear_etag();
  *rename.mutable_effective_date() = Day(2017, 4, 1);
  ASSERT_TRUE(Call(*stub, &Stub::UpdateMeasure, rename, &measure).ok());
  EXPECT_EQ(measure.display_name(), "Spend on collaboration (net)");
  EXPECT_EQ(service.QueryValue("SELECT JSON_VALUE(change_json, '$.written.displayName') FROM "
                               "audit_events ORDER BY id DESC LIMIT 1"),
            "Spend on collaboration (2017)");
}

// A page token belongs to the method that made it: another list of the same key shape refuses it.
TEST(FinanceMeasures, APageTokenOfAnotherListIsRefused) {
  RunningService finance(FinanceServiceDefinition());
  auto stub = v1::FinanceService::NewStub(finance.channel());
  v1::Measure measure;
  for (const char* id : {"a", "b"}) {
    ASSERT_TRUE(Call(*stub, &Stub::CreateMeasure, MeasureRequest(id, id, 1), &measure).ok());
  }
  v1::ListMeasuresRequest request;
  request.set_page_size(1);
  v1::ListMeasuresResponse page;
  ASSERT_TRUE(Call(*stub, &Stub::ListMeasures, request, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  EXPECT_TRUE(Call(*stub, &Stub::ListMeasures, request, &page).ok());

  RunningService projects(projects::ProjectsServiceDefinition());
  auto programmes = projects::v1::ProjectsService::NewStub(projects.channel());
  projects::v1::ListProgrammesRequest other;
  other.set_page_token(request.page_token());  // same key shape: (display order, id)
  projects::v1::ListProgrammesResponse listed;
  EXPECT_EQ(ViolatedFields(Call(*programmes, &projects::v1::ProjectsService::Stub::ListProgrammes,
                                other, &listed)),
            std::vector<std::string>{"page_token"});
}

TEST(FinanceMeasures, BadInputListsEveryViolatedField) {
  RunningService service(FinanceServiceDefinition());
  auto stub = v1::FinanceService::NewStub(service.channel());
  v1::CreateMeasureRequest bad;
  bad.set_measure_id("Spend!");
  bad.mutable_measure()->set_display_name("\u200B");
  bad.mutable_measure()->set_description(std::string(2001, 'x'));
  bad.mutable_effective_date()->set_year(2016);
  bad.mutable_effective_date()->set_month(2);
  bad.mutable_effective_date()->set_day(30);
  v1::Measure measure;
  EXPECT_EQ(ViolatedFields(Call(*stub, &Stub::CreateMeasure, bad, &measure)),
            (std::vector<std::string>{"measure_id", "measure.display_name", "measure.description",
                                      "measure.unit", "effective_date"}));
  bad = MeasureRequest("x", "X", 1);
  bad.mutable_measure()->set_unit(static_cast<v1::MeasureUnit>(7));
  EXPECT_EQ(ViolatedFields(Call(*stub, &Stub::CreateMeasure, bad, &measure)),
            std::vector<std::string>{"measure.unit"});
  v1::UpdateMeasureRequest nothing;
  nothing.mutable_measure()->set_name("measures/nope");
  nothing.mutable_update_mask()->add_paths("name");
  EXPECT_EQ(ViolatedFields(Call(*stub, &Stub::UpdateMeasure, nothing, &measure)),
            std::vector<std::string>{"update_mask"});
  EXPECT_EQ(service.QueryValue("SELECT COUNT(*) FROM measures"), "0");
}

// Measures as the release before versioning wrote them (finance V0001), kept by V0002.
void FillTheUnversionedMeasures(common::DbConnection& db) {
  common::MigrationSet old{"finance", {FinanceServiceDefinition().migrations()[0]}};
  ASSERT_TRUE(
      common::ApplyMigrations(db, {{"common", common::CommonMigrations()}, old}, absl::Seconds(10))
          .ok());
  ASSERT_TRUE(db.Execute("INSERT INTO measures (id, display_name, description, create_time) "
                         "VALUES ('spend-on-collaboration', 'Spend on collaboration', 'All of it', "
                         "'2016-05-01 09:00:00')",
                         {})
                  .ok());
}

TEST(FinanceMigration, KeepsMeasuresRecordedBeforeVersioning) {
  RunningService service(FinanceServiceDefinition(), FillTheUnversionedMeasures);
  auto stub = v1::FinanceService::NewStub(service.channel());
  v1::GetMeasureRequest get;
  get.set_name("measures/spend-on-collaboration");
  *get.mutable_as_of() = Day(2016, 5, 1);
  v1::Measure measure;
  ASSERT_TRUE(Call(*stub, &Stub::GetMeasure, get, &measure).ok());
  EXPECT_EQ(measure.display_name(), "Spend on collaboration");
  EXPECT_EQ(measure.description(), "All of it");
  EXPECT_EQ(measure.unit(), v1::MEASURE_UNIT_MONEY);
  EXPECT_EQ(measure.etag(), "\"1\"");
  *get.mutable_as_of() = Day(2016, 4, 30);
  EXPECT_EQ(Call(*stub, &Stub::GetMeasure, get, &measure).error_code(), grpc::StatusCode::NOT_FOUND)
      << "it exists from the day it was created";
}

}  // namespace
}  // namespace bch::finance
