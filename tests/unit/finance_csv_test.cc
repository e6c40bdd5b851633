// Figures from CSV: columns by header, RFC 4180 quoting, pounds as written, and every problem
// named with its line, so that `./bch finance import` can refuse a file before recording any of it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "figure_csv.h"

namespace bch::finance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(FiguresCsv, RowsBecomeFiguresWithTheirLines) {
  const ParsedCsv parsed = ParseFiguresCsv(
      "\xEF\xBB\xBF"
      "Owner,Measure,Period,Basis,Amount,Reason\r\n"
      "forces/cambridgeshire,spend-on-collaboration,2016/17,Actual,\"21,998,000.00\",accounts\r\n"
      "\r\n"
      "alliances/bch,measures/savings,2011/12-2013/14,target,-0.5,\"review, \"\"phase 2\"\"\n"
      "continued\"\n");
  ASSERT_THAT(parsed.problems, ElementsAre());
  ASSERT_EQ(parsed.figures.size(), 2u);
  const v1::Figure& first = parsed.figures[0].figure;
  EXPECT_EQ(parsed.figures[0].line, 2);
  EXPECT_EQ(first.owner(), "forces/cambridgeshire");
  EXPECT_EQ(first.measure(), "measures/spend-on-collaboration");
  EXPECT_EQ(first.basis(), v1::BASIS_ACTUAL);
  EXPECT_EQ(first.amount().currency_code(), "GBP");
  EXPECT_EQ(first.amount().units(), 21'998'000);
  EXPECT_EQ(first.amount().nanos(), 0);
  const v1::Figure& second = parsed.figures[1].figure;
  EXPECT_EQ(parsed.figures[1].line, 4) << "the blank line still counts";
  EXPECT_EQ(second.period(), "2011/12–2013/14");
  EXPECT_EQ(second.amount().units(), 0);
  EXPECT_EQ(second.amount().nanos(), -500'000'000);
  EXPECT_EQ(second.reason(), "review, \"phase 2\"\ncontinued");
}

TEST(FiguresCsv, EveryBadLineIsNamed) {
  const ParsedCsv parsed = ParseFiguresCsv(
      "owner,measure,period,basis,amount\n"
      "forces/a,spend,2016/18,actual,1\n"
      "forces/a,spend,2016/17,guess,1.234\n"
      "forces/a,spend,2016/17,actual\n"
      "forces/a,spend,2016/17,actual,5\n"
      "forces/a,spend,2016/2017,actual,6\n"
      "forces/a,spend,2017/18,actual,\"7\"x\n");
  EXPECT_THAT(parsed.problems,
              ElementsAre(HasSubstr("line 7: text after a closing quote"),
                          HasSubstr("line 2: period"), HasSubstr("line 3: basis"),
                          HasSubstr("line 3: amount"), HasSubstr("line 4: has 4 fields"),
                          HasSubstr("line 6: repeats the figure of line 5"),
                          HasSubstr("line 7: amount: \"7x\"")));
}

TEST(FiguresCsv, TheHeaderMustNameTheColumns) {
  EXPECT_THAT(ParseFiguresCsv("").problems, ElementsAre(HasSubstr("empty")));
  EXPECT_THAT(ParseFiguresCsv("owner,measure,period,amount,colour,owner\n").problems,
              ElementsAre(HasSubstr("unknown column \"colour\""), HasSubstr("column owner twice"),
                          HasSubstr("no basis column")));
  EXPECT_THAT(
      ParseFiguresCsv("owner,measure,period,basis,amount\n\"a,b\n").problems,
      ElementsAre(HasSubstr("line 2: a quote is never closed"), HasSubstr("line 2: has 1 fields")));
}

}  // namespace
}  // namespace bch::finance
