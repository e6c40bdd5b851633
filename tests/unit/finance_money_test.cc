// The finance service's exact arithmetic: money in pence (google.type.Money, pounds as written,
// the paper's £m), financial-year periods, apportionment that always adds up, and the summary
// table's choice of basis, sums and shares.
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "apportion.h"
#include "bch/common/errors.h"
#include "bch/common/money.h"
#include "bch/common/period.h"
#include "summary.h"

namespace bch::finance {
namespace {

__extension__ using Int128 = __int128;  // exact products for checking, test only

google::type::Money Money(const char* currency, int64_t units, int32_t nanos) {
  google::type::Money money;
  money.set_currency_code(currency);
  money.set_units(units);
  money.set_nanos(nanos);
  return money;
}

std::string ViolationOf(const absl::Status& status) {
  const auto violations = common::FieldViolationsOf(status);
  return violations.empty() ? std::string(status.message())
                            : violations[0].field + ": " + violations[0].description;
}

TEST(Money, WireAmountsAreWholePenceInGbp) {
  EXPECT_EQ(*common::PenceFromMoney(Money("GBP", 21998000, 0), "a"), 2'199'800'000);
  EXPECT_EQ(*common::PenceFromMoney(Money("GBP", 12, 340'000'000), "a"), 1234);
  EXPECT_EQ(*common::PenceFromMoney(Money("GBP", -12, -340'000'000), "a"), -1234);
  EXPECT_EQ(*common::PenceFromMoney(Money("GBP", 0, -10'000'000), "a"), -1);
  EXPECT_EQ(ViolationOf(common::PenceFromMoney(Money("EUR", 1, 0), "figures[2].amount").status()),
            "figures[2].amount: currency_code must be GBP, not \"EUR\"");
  EXPECT_NE(ViolationOf(common::PenceFromMoney(Money("GBP", 1, 5'000'000), "a").status())
                .find("whole number of pence"),
            std::string::npos)
      << "half a penny";
  EXPECT_NE(
      ViolationOf(common::PenceFromMoney(Money("GBP", 1, -10'000'000), "a").status()).find("sign"),
      std::string::npos);
  EXPECT_NE(
      ViolationOf(common::PenceFromMoney(Money("GBP", INT64_MAX, 0), "a").status()).find("within"),
      std::string::npos)
      << "a sum of such amounts would overflow";
  for (int64_t pence : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{-99}, int64_t{2'199'800'000},
                        common::kMaxPence, -common::kMaxPence}) {
    EXPECT_EQ(*common::PenceFromMoney(common::MoneyFromPence(pence), "a"), pence) << pence;
  }
}

TEST(Money, PoundsAsWrittenAreReadExactly) {
  EXPECT_EQ(*common::PenceFromPounds("1234.56", "a"), 123456);
  EXPECT_EQ(*common::PenceFromPounds("-1,234.5", "a"), -123450);
  EXPECT_EQ(*common::PenceFromPounds("\u00A321,998,000", "a"), 2'199'800'000);
  EXPECT_EQ(*common::PenceFromPounds(" 0.07 ", "a"), 7);
  EXPECT_EQ(*common::PenceFromPounds("+3", "a"), 300);
  for (const char* bad : {"", "-", "1.234", "1e6", "12.3.4", "1,23", ",123", "1,2345", "£", "12.",
                          "1000,000", "12345678,901.5", "0x10", "NaN", "١٢"}) {
    EXPECT_FALSE(common::PenceFromPounds(bad, "a").ok()) << bad;
  }
  EXPECT_NE(
      ViolationOf(common::PenceFromPounds("1.005", "a").status()).find("whole number of pence"),
      std::string::npos);
  EXPECT_FALSE(common::PenceFromPounds("99999999999999999999", "a").ok()) << "overflow is refused";
  EXPECT_EQ(common::FormatPounds(-123450), "-1234.50");
  EXPECT_EQ(common::FormatPounds(7), "0.07");
}

TEST(Money, MillionsAreThePapersThreeDecimals) {
  // The Cambridgeshire table of the December 2017 paper.
  EXPECT_EQ(common::FormatMillions(2'199'800'000), "21.998");
  EXPECT_EQ(common::FormatMillions(3'728'000'000), "37.280");
  EXPECT_EQ(common::FormatMillions(92'000'000), "0.920");
  EXPECT_EQ(common::FormatMillions(2'100'000), "0.021");
  EXPECT_EQ(common::FormatMillions(17'664'600'000), "176.646");
  // Rounding half away from zero at the thousand pounds.
  EXPECT_EQ(common::FormatMillions(49'999), "0.000");
  EXPECT_EQ(common::FormatMillions(50'000), "0.001");
  EXPECT_EQ(common::FormatMillions(-50'000), "-0.001");
  EXPECT_EQ(common::FormatMillions(-49'999), "0.000") << "no negative zero";
  EXPECT_EQ(common::FormatMillions(-25'000'000), "-0.250");
}

TEST(Money, SumsThatWouldOverflowAreRefused) {
  EXPECT_EQ(*common::AddPence(1, -3, "total"), -2);
  EXPECT_TRUE(common::AddPence(common::kMaxPence, 0, "total").ok());
  EXPECT_FALSE(common::AddPence(common::kMaxPence, 1, "total").ok());
  EXPECT_FALSE(common::AddPence(-common::kMaxPence, -1, "total").ok());
  EXPECT_FALSE(common::AddPence(INT64_MAX, INT64_MAX, "total").ok());
}

TEST(Period, ADayFallsInTheFinancialYearFromAprilToMarch) {
  EXPECT_EQ(common::FinancialYearOf(absl::CivilDay(2018, 3, 31)), (common::Period{2017, 2017}));
  EXPECT_EQ(common::FinancialYearOf(absl::CivilDay(2018, 4, 1)), (common::Period{2018, 2018}));
}

TEST(Period, FinancialYearsAndSpansAreReadAndWritten) {
  EXPECT_EQ(*common::ParsePeriod("2016/17", "p"), (common::Period{2016, 2016}));
  EXPECT_EQ(*common::ParsePeriod("2016/2017", "p"), (common::Period{2016, 2016}));
  EXPECT_EQ(*common::ParsePeriod("2099/00", "p"), (common::Period{2099, 2099}));
  EXPECT_EQ(*common::ParsePeriod("2011/12\u20132013/14", "p"), (common::Period{2011, 2013}));
  EXPECT_EQ(*common::ParsePeriod("2011/12 - 2013/14", "p"), (common::Period{2011, 2013}));
  EXPECT_EQ(common::FormatPeriod({2016, 2016}), "2016/17");
  EXPECT_EQ(common::FormatPeriod({2011, 2013}), "2011/12\u20132013/14");
  EXPECT_EQ(common::FormatPeriod({1999, 1999}), "1999/00");
  EXPECT_EQ((common::Period{2016, 2016}).start(), absl::CivilDay(2016, 4, 1));
  EXPECT_EQ((common::Period{2011, 2013}).end(), absl::CivilDay(2014, 3, 31));

  EXPECT_NE(ViolationOf(common::ParsePeriod("2016/18", "p").status()).find("consecutive"),
            std::string::npos);
  EXPECT_NE(ViolationOf(common::ParsePeriod("2013/14\u20132011/12", "p").status()).find("forward"),
            std::string::npos);
  EXPECT_NE(ViolationOf(common::ParsePeriod("2016/17-2016/17", "p").status()).find("forward"),
            std::string::npos);
  EXPECT_NE(ViolationOf(common::ParsePeriod("1899/00", "p").status()).find("outside"),
            std::string::npos);
  EXPECT_NE(ViolationOf(common::ParsePeriod("2999/00", "p").status()).find("outside"),
            std::string::npos);
  for (const char* bad : {"", "2016", "16/17", "2016/7", "2016-17", "2016/17/18", "x/y",
                          "2011/12\u20132012/13\u20132013/14"}) {
    EXPECT_FALSE(common::ParsePeriod(bad, "p").ok()) << bad;
  }
}

TEST(Apportion, PartsAlwaysAddUpAndStayWithinAPennyOfTheirShare) {
  EXPECT_EQ(*Apportion(1'000'001, {3334, 3333, 3333}),
            (std::vector<int64_t>{333'401, 333'300, 333'300}));
  EXPECT_EQ(*Apportion(2, {3334, 3333, 3333}), (std::vector<int64_t>{1, 1, 0}))
      << "ties go to the earlier party";
  EXPECT_EQ(*Apportion(-100, {5000, 5000}), (std::vector<int64_t>{-50, -50}));
  EXPECT_EQ(*Apportion(common::kMaxPence, {10000}), std::vector<int64_t>{common::kMaxPence});
  EXPECT_EQ(*Apportion(INT64_MIN, {5000, 5000}),
            (std::vector<int64_t>{INT64_MIN / 2, INT64_MIN / 2}))
      << "any amount, without overflow";
  EXPECT_FALSE(Apportion(100, {}).ok());
  EXPECT_FALSE(Apportion(100, {5000, 4999}).ok());
  EXPECT_FALSE(Apportion(100, {10001, -1}).ok());

  std::mt19937_64 random(20171214);
  for (int trial = 0; trial < 5000; ++trial) {
    const size_t parties = 1 + random() % 9;
    std::vector<int32_t> shares(parties, 0);
    int32_t left = kWholeShare;
    for (size_t i = 0; i + 1 < parties; ++i) {
      shares[i] = static_cast<int32_t>(random() % (left + 1));
      left -= shares[i];
    }
    shares.back() = left;
    const int64_t pence =
        static_cast<int64_t>(random() % (2 * common::kMaxPence + 1)) - common::kMaxPence;
    auto parts = Apportion(pence, shares);
    ASSERT_TRUE(parts.ok()) << parts.status();
    ASSERT_EQ(std::accumulate(parts->begin(), parts->end(), int64_t{0}), pence) << trial;
    for (size_t i = 0; i < parties; ++i) {
      // |part - pence * share / 10000| < 1, in exact integer arithmetic.
      const Int128 exact = static_cast<Int128>(pence) * shares[i];
      const Int128 scaled = static_cast<Int128>((*parts)[i]) * kWholeShare;
      ASSERT_LT(scaled > exact ? scaled - exact : exact - scaled, kWholeShare) << trial;
    }
  }
}

TEST(Summary, SharesAreHundredthsOfAPercentRoundedHalfAwayFromZero) {
  EXPECT_EQ(ShareBasisPoints(2'917, 176'646), 165);  // 1.6513%
  EXPECT_EQ(ShareBasisPoints(1, 8), 1250);
  EXPECT_EQ(ShareBasisPoints(1, 20'000), 1);    // 0.005% rounds up
  EXPECT_EQ(ShareBasisPoints(-1, 20'000), -1);  // and away from zero below it
  EXPECT_EQ(ShareBasisPoints(1, 20'001), 0);
  EXPECT_EQ(ShareBasisPoints(5, -1), -50'000);
  EXPECT_EQ(ShareBasisPoints(1, 0), std::nullopt);
  EXPECT_EQ(ShareBasisPoints(INT64_MIN, 1), std::nullopt) << "too large to hold";
  EXPECT_EQ(ShareBasisPoints(common::kMaxPence, common::kMaxPence), 10'000);
  EXPECT_EQ(FormatShare(165), "1.65%");
  EXPECT_EQ(FormatShare(-5), "-0.05%");
  EXPECT_EQ(FormatShare(INT64_MIN), "-92233720368547758.08%");
}

KnownFigure Known(const std::string& owner, int year, v1::Basis basis, int64_t pence) {
  return {.key = {.owner = owner,
                  .measure_id = "spend",
                  .period = {year, year},
                  .basis = basis,
                  .scope = ""},
          .pence = pence};
}

TEST(Summary, EachCellShowsTheSurestBasisAndSumsShowTheirLeastSure) {
  const std::vector<common::Period> periods = {{2016, 2016}, {2017, 2017}, {2018, 2018}};
  const v1::FinanceSummary summary = BuildFinanceSummary(
      {"forces/a", "forces/b"}, periods, {{"spend", "Spend", ""}},
      {Known("forces/a", 2016, v1::BASIS_TARGET, 1), Known("forces/a", 2016, v1::BASIS_ACTUAL, 2),
       Known("forces/a", 2016, v1::BASIS_BUDGET, 3), Known("forces/a", 2017, v1::BASIS_BUDGET, 4),
       Known("forces/a", 2017, v1::BASIS_TARGET, 5), Known("forces/b", 2016, v1::BASIS_FORECAST, 6),
       Known("forces/c", 2016, v1::BASIS_ACTUAL, 1000),
       Known("forces/a", 2019, v1::BASIS_ACTUAL, 1000)});
  const v1::FinanceRow& a = summary.tables(0).rows(0);
  EXPECT_EQ(a.cells(0).amount().nanos(), 20'000'000) << "the actual, 2p";
  EXPECT_EQ(a.cells(0).basis(), v1::BASIS_ACTUAL);
  EXPECT_EQ(a.cells(1).amount().nanos(), 40'000'000) << "the budget beats the target";
  EXPECT_FALSE(a.cells(2).has_amount());
  EXPECT_EQ(a.cells(2).basis(), v1::BASIS_UNSPECIFIED);
  EXPECT_EQ(a.total().amount().nanos(), 60'000'000) << "other owners and periods left out";
  EXPECT_EQ(a.total().basis(), v1::BASIS_BUDGET);
  EXPECT_TRUE(a.total().partial());
  const v1::FinanceRow& both = summary.combined().rows(0);
  EXPECT_EQ(both.cells(0).amount().nanos(), 80'000'000);
  EXPECT_EQ(both.cells(0).basis(), v1::BASIS_FORECAST);
  EXPECT_FALSE(both.cells(0).partial());
  EXPECT_TRUE(both.cells(1).partial());
  EXPECT_EQ(summary.combined().owner(), "");
}

}  // namespace
}  // namespace bch::finance
