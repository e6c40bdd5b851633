// The finance service's figures and cost sharing over real gRPC against a real MariaDB: batches
// recorded all or nothing with every bad figure named by index, revisions with who, when and why,
// reads as of a day, the paper's table (the Cambridgeshire table of the December 2017 update as
// printed), combined tables, and apportionment that always adds up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <thread>

#include "absl/time/civil_time.h"
#include "bch/common/period.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "finance_service.h"
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
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kSpend[] = "measures/spend-on-collaboration";
constexpr char kSavings[] = "measures/savings-from-collaboration";
constexpr char kCambs[] = "forces/cambridgeshire";

google::type::Money Gbp(int64_t units, int32_t nanos = 0) {
  google::type::Money money;
  money.set_currency_code("GBP");
  money.set_units(units);
  money.set_nanos(nanos);
  return money;
}

v1::Figure MakeFigure(const std::string& owner, const std::string& measure,
                      const std::string& period, v1::Basis basis, google::type::Money amount,
                      const std::string& reason = "") {
  v1::Figure figure;
  figure.set_owner(owner);
  figure.set_measure(measure);
  figure.set_period(period);
  figure.set_basis(basis);
  *figure.mutable_amount() = std::move(amount);
  figure.set_reason(reason);
  return figure;
}

// A finance service with the paper's two measures; savings are also shown as a share of spend.
class Finance : public ::testing::Test {
 protected:
  Finance() : stub_(v1::FinanceService::NewStub(service_.channel())) {
    for (const auto& [id, title, order] :
         {std::tuple{"spend-on-collaboration", "Spend on collaboration", 1},
          std::tuple{"savings-from-collaboration", "Savings from collaboration", 2}}) {
      v1::CreateMeasureRequest request;
      request.set_measure_id(id);
      request.mutable_measure()->set_display_name(title);
      request.mutable_measure()->set_display_order(order);
      request.mutable_measure()->set_unit(v1::MEASURE_UNIT_MONEY);
      if (order == 2) request.mutable_measure()->set_share_of(kSpend);
      *request.mutable_effective_date() = Day(2016, 4, 1);
      v1::Measure measure;
      EXPECT_TRUE(Call(*stub_, &Stub::CreateMeasure, request, &measure).ok());
    }
  }

  grpc::Status Record(std::vector<v1::Figure> figures, google::type::Date day,
                      v1::BatchRecordFiguresResponse* response = nullptr) {
    v1::BatchRecordFiguresRequest request;
    for (v1::Figure& figure : figures) *request.add_figures() = std::move(figure);
    *request.mutable_effective_date() = day;
    v1::BatchRecordFiguresResponse ignored;
    return Call(*stub_, &Stub::BatchRecordFigures, request, response ? response : &ignored);
  }

  v1::ListFiguresResponse List(v1::ListFiguresRequest request) {
    v1::ListFiguresResponse response;
    EXPECT_TRUE(Call(*stub_, &Stub::ListFigures, request, &response).ok());
    return response;
  }

  // The Cambridgeshire table of the December 2017 paper, as recorded on 14 December 2017: the
  // year before actual, this year and later forecast; a target beside one forecast.
  void RecordPaperTable() {
    const char* periods[] = {"2016/17", "2017/18", "2018/19", "2019/20", "2020/21"};
    const int64_t spend[] = {21'998'000, 37'280'000, 38'284'000, 38'903'000, 40'181'000};
    const int64_t savings[] = {920'000, 630'000, 1'090'000, 256'000, 21'000};
    std::vector<v1::Figure> figures;
    for (int i = 0; i < 5; ++i) {
      const v1::Basis basis = i == 0 ? v1::BASIS_ACTUAL : v1::BASIS_FORECAST;
      figures.push_back(MakeFigure(kCambs, kSpend, periods[i], basis, Gbp(spend[i])));
      figures.push_back(MakeFigure(kCambs, kSavings, periods[i], basis, Gbp(savings[i])));
    }
    figures.push_back(
        MakeFigure(kCambs, kSavings, "2018/19", v1::BASIS_TARGET, Gbp(2'000'000), "plan"));
    ASSERT_TRUE(Record(figures, Day(2017, 12, 14)).ok());
  }

  v1::FinanceSummary Summary(std::vector<std::string> owners, google::type::Date as_of) {
    v1::GetFinanceSummaryRequest request;
    for (const std::string& owner : owners) request.add_owners(owner);
    for (const char* period : {"2016/17", "2017/18", "2018/19", "2019/20", "2020/21"}) {
      request.add_periods(period);
    }
    *request.mutable_as_of() = as_of;
    v1::FinanceSummary summary;
    const grpc::Status status = Call(*stub_, &Stub::GetFinanceSummary, request, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary;
  }

  RunningService service_{FinanceServiceDefinition()};
  std::unique_ptr<Stub> stub_;
};

std::vector<std::string> Texts(const v1::FinanceRow& row) {
  std::vector<std::string> texts;
  for (const v1::FinanceCell& cell : row.cells()) texts.push_back(cell.text());
  return texts;
}

TEST_F(Finance, ThePapersTableComesBackAsPrinted) {
  RecordPaperTable();
  const v1::FinanceSummary summary = Summary({kCambs}, Day(2017, 12, 14));
  ASSERT_EQ(summary.tables_size(), 1);
  EXPECT_FALSE(summary.has_combined()) << "one owner, no combined table";
  const v1::FinanceTable& table = summary.tables(0);
  EXPECT_THAT(table.periods(), ElementsAre("2016/17", "2017/18", "2018/19", "2019/20", "2020/21"));
  ASSERT_EQ(table.rows_size(), 2);
  EXPECT_EQ(table.rows(0).display_name(), "Spend on collaboration");
  EXPECT_THAT(Texts(table.rows(0)), ElementsAre("21.998", "37.280", "38.284", "38.903", "40.181"));
  EXPECT_EQ(table.rows(0).total().text(), "176.646");
  EXPECT_EQ(table.rows(0).total().amount().units(), 176'646'000);
  EXPECT_EQ(table.rows(1).display_name(), "Savings from collaboration");
  EXPECT_THAT(Texts(table.rows(1)), ElementsAre("0.920", "0.630", "1.090", "0.256", "0.021"));
  EXPECT_EQ(table.rows(1).total().text(), "2.917");
  EXPECT_EQ(table.rows(1).cells(2).basis(), v1::BASIS_FORECAST) << "a forecast beats a target";
  EXPECT_EQ(table.rows(1).cells(0).basis(), v1::BASIS_ACTUAL);
  EXPECT_EQ(table.rows(1).total().basis(), v1::BASIS_FORECAST) << "a sum is as sure as its least";
  EXPECT_FALSE(table.rows(1).total().partial());
  // 2.917 / 176.646 = 1.6513...%
  EXPECT_EQ(table.rows(1).share_of(), kSpend);
  EXPECT_EQ(table.rows(1).total_share().basis_points(), 165);
  EXPECT_EQ(table.rows(1).total_share().text(), "1.65%");
  EXPECT_EQ(table.rows(1).shares(0).text(), "4.18%");  // 0.920 / 21.998 = 4.182...%
}

TEST_F(Finance, AsOfTheDayThePaperWasWrittenALaterActualIsNotShown) {
  RecordPaperTable();
  ASSERT_TRUE(Record({MakeFigure(kCambs, kSpend, "2019/20", v1::BASIS_ACTUAL,
                                 Gbp(39'123'456, 780'000'000), "year-end accounts")},
                     Day(2020, 6, 30))
                  .ok());
  const v1::FinanceCell then = Summary({kCambs}, Day(2017, 12, 14)).tables(0).rows(0).cells(3);
  EXPECT_EQ(then.text(), "38.903");
  EXPECT_EQ(then.basis(), v1::BASIS_FORECAST);
  const v1::FinanceCell later = Summary({kCambs}, Day(2020, 7, 1)).tables(0).rows(0).cells(3);
  EXPECT_EQ(later.text(), "39.123");
  EXPECT_EQ(later.basis(), v1::BASIS_ACTUAL);
  EXPECT_EQ(later.amount().units(), 39'123'456);
  EXPECT_EQ(later.amount().nanos(), 780'000'000);
}

TEST_F(Finance, ABatchWithAnyBadFigureRecordsNothingAndNamesEveryOneByIndex) {
  google::type::Money fraction = Gbp(10, 5'000'000);  // half a penny
  google::type::Money dollars = Gbp(10);
  dollars.set_currency_code("USD");
  google::type::Money huge = Gbp(INT64_MAX / 100);
  const grpc::Status status =
      Record({MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, Gbp(1)),
              MakeFigure(kCambs, kSpend, "2016/18", v1::BASIS_ACTUAL, Gbp(1)),
              MakeFigure(kCambs, kSpend, "2017/18", v1::BASIS_ACTUAL, fraction),
              MakeFigure("police/x", kSpend, "2017/18", v1::BASIS_UNSPECIFIED, dollars),
              MakeFigure(kCambs, kSpend, "2018/19", v1::BASIS_ACTUAL, huge),
              MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, Gbp(2))},
             Day(2017, 12, 14));
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("figures[1].period", "figures[2].amount", "figures[3].owner",
                                   "figures[3].basis", "figures[3].amount", "figures[4].amount",
                                   "figures[5]"));
  EXPECT_EQ(List({}).figures_size(), 0) << "the good figure was not recorded either";

  // Problems only the database knows: a measure that does not exist (or not yet on the day).
  const grpc::Status unknown =
      Record({MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, Gbp(1)),
              MakeFigure(kCambs, "measures/net-savings", "2016/17", v1::BASIS_ACTUAL, Gbp(1)),
              MakeFigure(kCambs, kSavings, "2016/17", v1::BASIS_ACTUAL, Gbp(1))},
             Day(2016, 1, 1));
  EXPECT_THAT(
      ViolatedFields(unknown),
      UnorderedElementsAre("figures[0].measure", "figures[1].measure", "figures[2].measure"));
  EXPECT_EQ(List({}).figures_size(), 0);
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM audit_events"), "2") << "the measures only";
}

TEST_F(Finance, RecordingAgainMakesARevisionKeptWithWhoWhenWhy) {
  v1::BatchRecordFiguresResponse first;
  ASSERT_TRUE(Record({MakeFigure(kCambs, kSpend, "2019/20", v1::BASIS_FORECAST, Gbp(38'903'000),
                                 "December paper")},
                     Day(2017, 12, 14), &first)
                  .ok());
  ASSERT_EQ(first.figures_size(), 1);
  EXPECT_EQ(first.figures(0).revision(), 1);
  v1::BatchRecordFiguresResponse second;
  ASSERT_TRUE(Record({MakeFigure(kCambs, kSpend, "2019/2020", v1::BASIS_FORECAST,
                                 Gbp(-1, -250'000'000), "re-forecast")},
                     Day(2018, 3, 1), &second)
                  .ok());
  EXPECT_EQ(second.figures(0).revision(), 2);
  EXPECT_EQ(second.figures(0).period(), "2019/20") << "periods are kept in canonical form";

  v1::ListFigureRevisionsRequest request;
  request.set_owner(kCambs);
  request.set_measure(kSpend);
  request.set_period("2019/20");
  request.set_basis(v1::BASIS_FORECAST);
  v1::ListFigureRevisionsResponse revisions;
  ASSERT_TRUE(Call(*stub_, &Stub::ListFigureRevisions, request, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 2);
  EXPECT_EQ(revisions.revisions(0).amount().units(), 38'903'000);
  EXPECT_EQ(revisions.revisions(0).reason(), "December paper");
  EXPECT_EQ(revisions.revisions(0).effective_date().year(), 2017);
  EXPECT_FALSE(revisions.revisions(0).recorded_by().empty());
  EXPECT_GT(revisions.revisions(0).record_time().seconds(), 0);
  EXPECT_EQ(revisions.revisions(1).amount().units(), -1);
  EXPECT_EQ(revisions.revisions(1).amount().nanos(), -250'000'000);
  EXPECT_EQ(revisions.revisions(1).reason(), "re-forecast");

  request.set_page_size(1);  // pages of one, in order
  ASSERT_TRUE(Call(*stub_, &Stub::ListFigureRevisions, request, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 1);
  request.set_page_token(revisions.next_page_token());
  ASSERT_TRUE(Call(*stub_, &Stub::ListFigureRevisions, request, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 1);
  EXPECT_EQ(revisions.revisions(0).revision(), 2);
  EXPECT_TRUE(revisions.next_page_token().empty());

  v1::ListFiguresRequest as_of;
  *as_of.mutable_as_of() = Day(2018, 1, 31);
  ASSERT_EQ(List(as_of).figures_size(), 1);
  EXPECT_EQ(List(as_of).figures(0).amount().units(), 38'903'000);
  EXPECT_EQ(List(as_of).figures(0).revision(), 1);
  EXPECT_EQ(List({}).figures(0).amount().units(), -1);

  const grpc::Status earlier =
      Record({MakeFigure(kCambs, kSpend, "2019/20", v1::BASIS_FORECAST, Gbp(1), "older paper")},
             Day(2017, 6, 1));
  EXPECT_THAT(ViolatedFields(earlier), ElementsAre("figures[0]"))
      << "a revision dated before the figure's first recording";
  request.clear_page_size();
  request.clear_page_token();
  request.set_basis(v1::BASIS_ACTUAL);
  EXPECT_EQ(Call(*stub_, &Stub::ListFigureRevisions, request, &revisions).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// The amount of `figure` in effect at the end of each day, from its revisions: the one with the
// latest effective date on or before the day, of one day the last recorded.
std::map<absl::CivilDay, std::pair<int64_t, int64_t>> ModelOf(
    const v1::ListFigureRevisionsResponse& revisions, absl::CivilDay from, absl::CivilDay to) {
  std::map<absl::CivilDay, std::pair<int64_t, int64_t>> model;  // day -> (revision, units)
  for (absl::CivilDay day = from; day <= to; ++day) {
    std::pair<absl::CivilDay, int64_t> best{absl::CivilDay(1900, 1, 1), 0};
    for (const v1::FigureRevision& r : revisions.revisions()) {
      const absl::CivilDay effective(r.effective_date().year(), r.effective_date().month(),
                                     r.effective_date().day());
      if (effective <= day && std::pair{effective, r.revision()} > best) {
        best = {effective, r.revision()};
        model[day] = {r.revision(), r.amount().units()};
      }
    }
  }
  return model;
}

TEST_F(Finance, BackDatedRevisionsShowOnTheDaysTheyGovernWithTheirOwnRevisionNumber) {
  const auto record = [&](int64_t units, google::type::Date day) {
    v1::BatchRecordFiguresResponse response;
    EXPECT_TRUE(Record({MakeFigure(kCambs, kSpend, "2017/18", v1::BASIS_FORECAST, Gbp(units))}, day,
                       &response)
                    .ok());
    return response.figures(0);
  };
  record(100, Day(2018, 1, 1));
  record(200, Day(2018, 3, 1));
  const v1::Figure back_dated = record(300, Day(2018, 2, 1));
  EXPECT_EQ(back_dated.revision(), 3);
  EXPECT_EQ(back_dated.amount().units(), 300) << "answered as recorded, not as the latest day";
  EXPECT_EQ(back_dated.effective_date().month(), 2);
  record(400, Day(2018, 2, 1));
  record(500, Day(2018, 1, 15));
  for (const auto& [day, revision, units] :
       {std::tuple{Day(2018, 1, 10), 1, 100}, std::tuple{Day(2018, 1, 20), 5, 500},
        std::tuple{Day(2018, 2, 15), 4, 400}, std::tuple{Day(2018, 3, 2), 2, 200}}) {
    v1::ListFiguresRequest request;
    *request.mutable_as_of() = day;
    const v1::ListFiguresResponse listed = List(request);
    ASSERT_EQ(listed.figures_size(), 1);
    EXPECT_EQ(listed.figures(0).amount().units(), units) << day.month() << "-" << day.day();
    EXPECT_EQ(listed.figures(0).revision(), revision) << day.month() << "-" << day.day();
  }
  const v1::Figure now = List({}).figures(0);
  EXPECT_EQ(now.amount().units(), 200) << "after every revision: the latest day's";
  EXPECT_EQ(now.revision(), 2);
}

TEST_F(Finance, ConcurrentBackDatedBatchesKeepEveryFiguresHistoryTrue) {
  // Eight writers revise the same four figures on random days, each batch also creating figures
  // of its own (so that batches hold their locks a while); afterwards every figure reads, on
  // every day, the revision its revisions say.
  constexpr int kWriters = 8, kBatches = 6;
  const std::vector<std::string> shared = {"2016/17", "2017/18", "2018/19", "2019/20"};
  std::vector<v1::Figure> first;
  for (const std::string& period : shared) {
    first.push_back(MakeFigure(kCambs, kSpend, period, v1::BASIS_FORECAST, Gbp(1)));
  }
  ASSERT_TRUE(Record(first, Day(2017, 12, 1)).ok());
  std::vector<std::thread> writers;
  std::atomic<int> refused{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 random(w);
      for (int b = 0; b < kBatches; ++b) {
        std::vector<v1::Figure> figures;
        for (const std::string& period : shared) {
          figures.push_back(
              MakeFigure(kCambs, kSpend, period, v1::BASIS_FORECAST, Gbp(1000 * w + b)));
        }
        for (int n = 40 * b; n < 40 * b + 40; ++n) {  // new figures of the writer's own
          figures.push_back(MakeFigure(absl::StrCat("forces/writer-", w), kSpend,
                                       common::FormatPeriod({1950 + n, 1950 + n}), v1::BASIS_ACTUAL,
                                       Gbp(b)));
        }
        const grpc::Status status =
            Record(figures, Day(2018, 1 + static_cast<int>(random() % 12), 1));
        if (!status.ok()) {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
          ++refused;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_LT(refused.load(), kWriters * kBatches / 4) << "conflicts are rare, not the rule";
  for (const std::string& period : shared) {
    v1::ListFigureRevisionsRequest request;
    request.set_owner(kCambs);
    request.set_measure(kSpend);
    request.set_period(period);
    request.set_basis(v1::BASIS_FORECAST);
    request.set_page_size(1000);
    v1::ListFigureRevisionsResponse revisions;
    ASSERT_TRUE(Call(*stub_, &Stub::ListFigureRevisions, request, &revisions).ok());
    const auto model = ModelOf(revisions, absl::CivilDay(2018, 1, 1), absl::CivilDay(2018, 12, 1));
    for (const auto& [day, expected] : model) {
      if (day.day() != 1 && day.day() != 15) continue;  // two days a month
      v1::ListFiguresRequest list;
      list.set_owner(kCambs);
      list.set_first_period(period);
      list.set_last_period(period);
      *list.mutable_as_of() = Day(static_cast<int>(day.year()), day.month(), day.day());
      const v1::ListFiguresResponse listed = List(list);
      ASSERT_EQ(listed.figures_size(), 1) << period << " on " << day << ": one period in effect";
      EXPECT_EQ(listed.figures(0).revision(), expected.first) << period << " on " << day;
      EXPECT_EQ(listed.figures(0).amount().units(), expected.second) << period << " on " << day;
    }
  }
}

TEST_F(Finance, ConcurrentRetriesOfOneRequestIdAllGetTheFirstAnswer) {
  v1::BatchRecordFiguresRequest request;
  for (int n = 0; n < 50; ++n) {
    *request.add_figures() = MakeFigure(kCambs, kSpend, common::FormatPeriod({1950 + n, 1950 + n}),
                                        v1::BASIS_ACTUAL, Gbp(n));
  }
  *request.mutable_effective_date() = Day(2017, 12, 14);
  request.set_request_id("feed-2017-12-14");
  std::vector<std::thread> retries;
  std::vector<grpc::Status> statuses(4);
  for (int i = 0; i < 4; ++i) {
    retries.emplace_back([&, i] {
      v1::BatchRecordFiguresResponse response;
      statuses[i] = Call(*stub_, &Stub::BatchRecordFigures, request, &response);
    });
  }
  for (std::thread& retry : retries) retry.join();
  for (const grpc::Status& status : statuses) {
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM figure_versions"), "50");
}

TEST_F(Finance, ARetriedBatchRecordsNothingTwiceAndValidateOnlyRecordsNothing) {
  v1::BatchRecordFiguresRequest request;
  *request.add_figures() = MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, Gbp(5));
  *request.mutable_effective_date() = Day(2017, 12, 14);
  request.set_validate_only(true);
  v1::BatchRecordFiguresResponse response;
  ASSERT_TRUE(Call(*stub_, &Stub::BatchRecordFigures, request, &response).ok());
  EXPECT_EQ(response.figures_size(), 0);
  EXPECT_EQ(List({}).figures_size(), 0);

  request.set_validate_only(false);
  request.set_request_id("import-2017-12-chunk-1");
  ASSERT_TRUE(Call(*stub_, &Stub::BatchRecordFigures, request, &response).ok());
  ASSERT_TRUE(Call(*stub_, &Stub::BatchRecordFigures, request, &response).ok());
  EXPECT_EQ(response.figures(0).revision(), 1) << "the retry recorded no second revision";
  EXPECT_EQ(service_.QueryValue("SELECT COUNT(*) FROM figure_versions"), "1");
  request.set_validate_only(true);
  EXPECT_TRUE(Call(*stub_, &Stub::BatchRecordFigures, request, &response).ok())
      << "checking again a batch recorded under its id";
  request.set_validate_only(false);
  request.mutable_figures(0)->mutable_amount()->set_units(6);
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::BatchRecordFigures, request, &response)),
              ElementsAre("request_id"))
      << "the same id for a different batch";
  request.set_validate_only(true);
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::BatchRecordFigures, request, &response)),
              ElementsAre("request_id"))
      << "validate_only checks what a write would";
  request.set_request_id("has space");
  request.mutable_figures(0)->set_period("2016/18");
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::BatchRecordFigures, request, &response)),
              UnorderedElementsAre("request_id", "figures[0].period"));
}

TEST_F(Finance, FiguresAreListedByEveryFilter) {
  google::type::Money one = Gbp(1);
  v1::Figure scoped = MakeFigure(kCambs, kSpend, "2017/18", v1::BASIS_BUDGET, one);
  scoped.set_scope("programmes/joint-protective-services");
  ASSERT_TRUE(Record({MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, one),
                      MakeFigure(kCambs, kSavings, "2017/18", v1::BASIS_FORECAST, one),
                      MakeFigure("forces/hertfordshire", kSpend, "2017/18", v1::BASIS_ACTUAL, one),
                      MakeFigure("alliances/bch", kSpend, "2011/12-2013/14", v1::BASIS_TARGET, one),
                      scoped},
                     Day(2017, 12, 14))
                  .ok());
  const auto count = [&](auto set) {
    v1::ListFiguresRequest request;
    set(request);
    return List(request).figures_size();
  };
  EXPECT_EQ(count([](auto&) {}), 5);
  EXPECT_EQ(count([](auto& r) { r.set_owner(kCambs); }), 3);
  EXPECT_EQ(count([](auto& r) { r.set_measure(kSavings); }), 1);
  EXPECT_EQ(count([](auto& r) { r.set_first_period("2017/18"); }), 3);
  EXPECT_EQ(count([](auto& r) { r.set_last_period("2016/17"); }), 2);
  EXPECT_EQ(count([](auto& r) { r.set_basis(v1::BASIS_ACTUAL); }), 2);
  EXPECT_EQ(count([](auto& r) { r.set_scope("programmes/joint-protective-services"); }), 1);
  EXPECT_EQ(count([](auto& r) { r.set_unscoped_only(true); }), 4);
  v1::ListFiguresRequest span;
  span.set_owner("alliances/bch");
  ASSERT_EQ(List(span).figures_size(), 1);
  EXPECT_EQ(List(span).figures(0).period(), "2011/12–2013/14");

  v1::ListFiguresRequest paged;  // pages of two cover all five, each once
  paged.set_page_size(2);
  std::set<std::string> seen;
  for (int page = 0; page < 3; ++page) {
    const v1::ListFiguresResponse response = List(paged);
    for (const v1::Figure& f : response.figures())
      seen.insert(f.owner() + f.measure() + f.period() + f.scope());
    paged.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(paged.page_token().empty());
}

TEST_F(Finance, SeveralOwnersGiveATableEachAndTheirSum) {
  ASSERT_TRUE(Record({MakeFigure(kCambs, kSpend, "2016/17", v1::BASIS_ACTUAL, Gbp(1'000'000)),
                      MakeFigure(kCambs, kSpend, "2017/18", v1::BASIS_FORECAST, Gbp(2'000'000)),
                      MakeFigure("forces/bedfordshire", kSpend, "2016/17", v1::BASIS_BUDGET,
                                 Gbp(500'000, 10'000'000))},
                     Day(2017, 12, 14))
                  .ok());
  const v1::FinanceSummary summary = Summary({kCambs, "forces/bedfordshire"}, Day(2017, 12, 14));
  ASSERT_EQ(summary.tables_size(), 2);
  EXPECT_EQ(summary.tables(1).owner(), "forces/bedfordshire");
  const v1::FinanceRow& combined = summary.combined().rows(0);
  EXPECT_EQ(combined.cells(0).text(), "1.500");
  EXPECT_EQ(combined.cells(0).amount().units(), 1'500'000);
  EXPECT_EQ(combined.cells(0).amount().nanos(), 10'000'000);
  EXPECT_EQ(combined.cells(0).basis(), v1::BASIS_BUDGET);
  EXPECT_FALSE(combined.cells(0).partial());
  EXPECT_TRUE(combined.cells(1).partial()) << "Bedfordshire has no 2017/18 figure";
  EXPECT_EQ(combined.cells(2).text(), "") << "nobody has a 2018/19 figure";
  EXPECT_EQ(combined.total().text(), "3.500");
  EXPECT_TRUE(combined.total().partial());
  EXPECT_EQ(summary.combined().rows_size(), 1) << "rows only for measures with figures";
}

TEST_F(Finance, AShareOfNamesAMeasureThatExistsOnTheDay) {
  v1::CreateMeasureRequest request;
  request.set_measure_id("net-savings");
  request.mutable_measure()->set_display_name("Net savings");
  request.mutable_measure()->set_unit(v1::MEASURE_UNIT_MONEY);
  request.mutable_measure()->set_share_of("measures/gross-savings");
  *request.mutable_effective_date() = Day(2017, 4, 1);
  v1::Measure measure;
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::CreateMeasure, request, &measure)),
              ElementsAre("measure.share_of"));
  request.mutable_measure()->set_share_of(kSpend);
  *request.mutable_effective_date() = Day(2015, 4, 1);  // spend is recorded from 2016-04-01
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::CreateMeasure, request, &measure)),
              ElementsAre("measure.share_of"));
  *request.mutable_effective_date() = Day(2017, 4, 1);
  EXPECT_TRUE(Call(*stub_, &Stub::CreateMeasure, request, &measure).ok());
  request.mutable_measure()->set_share_of("measures/net-savings");
  request.set_measure_id("other");
  EXPECT_TRUE(Call(*stub_, &Stub::CreateMeasure, request, &measure).ok())
      << "a share of a share is fine";
}

TEST_F(Finance, SummaryRequestsAreChecked) {
  v1::GetFinanceSummaryRequest request;
  request.add_owners("forces/x");
  request.add_owners("forces/x");
  request.add_owners("counties/y");
  request.add_periods("2016/17");
  request.add_periods("2016/2017");
  request.add_periods("2017/16");
  request.add_measures("spend");
  request.set_scope("teams/z");
  v1::FinanceSummary summary;
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::GetFinanceSummary, request, &summary)),
              UnorderedElementsAre("owners[1]", "owners[2]", "periods[1]", "periods[2]",
                                   "measures[0]", "scope"));
  v1::GetFinanceSummaryRequest unknown;
  unknown.add_owners(kCambs);
  unknown.add_periods("2016/17");
  unknown.add_measures("measures/net-savings");
  EXPECT_EQ(Call(*stub_, &Stub::GetFinanceSummary, unknown, &summary).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

v1::CreateCostSharingAgreementRequest ThreeForceAgreement() {
  v1::CreateCostSharingAgreementRequest request;
  request.set_cost_sharing_agreement_id("bch-joint-protective-services");
  v1::CostSharingAgreement& agreement = *request.mutable_cost_sharing_agreement();
  agreement.set_display_name("Joint Protective Services cost split");
  v1::PeriodSplit& split = *agreement.add_splits();
  split.set_period("2017/18");
  for (const auto& [force, points] :
       {std::pair{"forces/bedfordshire", 3333}, std::pair{"forces/cambridgeshire", 3334},
        std::pair{"forces/hertfordshire", 3333}}) {
    v1::ForceShare& share = *split.add_shares();
    share.set_force(force);
    share.set_basis_points(points);
  }
  v1::PeriodSplit& later = *agreement.add_splits();
  later.set_period("2018/19-2020/21");
  for (const auto& [force, points] :
       {std::pair{"forces/bedfordshire", 2500}, std::pair{"forces/hertfordshire", 7500}}) {
    v1::ForceShare& share = *later.add_shares();
    share.set_force(force);
    share.set_basis_points(points);
  }
  *request.mutable_effective_date() = Day(2017, 4, 1);
  return request;
}

TEST_F(Finance, AnAgreementSplitsAnyAmountToThePennyAddingUpExactly) {
  v1::CostSharingAgreement agreement;
  ASSERT_TRUE(
      Call(*stub_, &Stub::CreateCostSharingAgreement, ThreeForceAgreement(), &agreement).ok());
  EXPECT_EQ(agreement.splits(1).period(), "2018/19–2020/21");

  v1::ApportionAmountRequest request;
  request.set_cost_sharing_agreement("costSharingAgreements/bch-joint-protective-services");
  request.set_period("2017/18");
  *request.mutable_amount() = Gbp(1'000'000, 10'000'000);  // £1,000,000.01
  v1::ApportionAmountResponse response;
  ASSERT_TRUE(Call(*stub_, &Stub::ApportionAmount, request, &response).ok());
  ASSERT_EQ(response.parts_size(), 3);
  // 33.33% of 100,000,001p is 33,330,000.3333p and 33.34% is 33,340,000.3334p: the floors add up
  // to 100,000,000p and the penny left goes to the largest remainder, Cambridgeshire's.
  EXPECT_EQ(response.parts(0).force(), "forces/bedfordshire");
  EXPECT_EQ(response.parts(0).amount().units(), 333'300);
  EXPECT_EQ(response.parts(0).amount().nanos(), 0);
  EXPECT_EQ(response.parts(1).amount().units(), 333'400);
  EXPECT_EQ(response.parts(1).amount().nanos(), 10'000'000);
  EXPECT_EQ(response.parts(2).amount().units(), 333'300);
  EXPECT_EQ(response.parts(2).amount().nanos(), 0);
  EXPECT_EQ(response.parts(1).basis_points(), 3334);

  request.set_period("2019/20");  // within the span's split
  ASSERT_TRUE(Call(*stub_, &Stub::ApportionAmount, request, &response).ok());
  EXPECT_EQ(response.period(), "2018/19–2020/21");
  ASSERT_EQ(response.parts_size(), 2);
  request.set_period("2021/22");
  const grpc::Status none = Call(*stub_, &Stub::ApportionAmount, request, &response);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(none), "NO_SPLIT_FOR_PERIOD");

  v1::UpdateCostSharingAgreementRequest update;
  update.mutable_cost_sharing_agreement()->set_name(agreement.name());
  *update.mutable_cost_sharing_agreement()->add_splits() = agreement.splits(0);
  update.mutable_update_mask()->add_paths("splits");
  *update.mutable_effective_date() = Day(2018, 4, 1);
  ASSERT_TRUE(Call(*stub_, &Stub::UpdateCostSharingAgreement, update, &agreement).ok());
  EXPECT_EQ(agreement.splits_size(), 1) << "the mask's repeated field is replaced";
  request.set_period("2019/20");
  EXPECT_EQ(Call(*stub_, &Stub::ApportionAmount, request, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  *request.mutable_as_of() = Day(2018, 3, 31);
  EXPECT_TRUE(Call(*stub_, &Stub::ApportionAmount, request, &response).ok())
      << "as the agreement stood before the change";

  v1::ListCostSharingAgreementsRequest list;
  v1::ListCostSharingAgreementsResponse listed;
  ASSERT_TRUE(Call(*stub_, &Stub::ListCostSharingAgreements, list, &listed).ok());
  ASSERT_EQ(listed.cost_sharing_agreements_size(), 1);
  *list.mutable_as_of() = Day(2017, 3, 31);
  ASSERT_TRUE(Call(*stub_, &Stub::ListCostSharingAgreements, list, &listed).ok());
  EXPECT_EQ(listed.cost_sharing_agreements_size(), 0) << "not yet agreed";
}

TEST_F(Finance, AgreementsWhoseSharesDoNotAddUpAreRefused) {
  v1::CreateCostSharingAgreementRequest request = ThreeForceAgreement();
  v1::CostSharingAgreement& agreement = *request.mutable_cost_sharing_agreement();
  agreement.mutable_splits(0)->mutable_shares(0)->set_basis_points(3332);  // 99.99%
  agreement.mutable_splits(1)->mutable_shares(1)->set_force("forces/bedfordshire");
  agreement.mutable_splits(1)->set_period("2017/18-2018/19");  // overlaps 2017/18
  v1::CostSharingAgreement created;
  EXPECT_THAT(ViolatedFields(Call(*stub_, &Stub::CreateCostSharingAgreement, request, &created)),
              UnorderedElementsAre("cost_sharing_agreement.splits[0].shares",
                                   "cost_sharing_agreement.splits[1].shares[1].force",
                                   "cost_sharing_agreement.splits[1].period"));
}

}  // namespace
}  // namespace bch::finance
