// Dated values: every accepted form (including those the December 2017 paper uses), the words
// they render back to, their earliest/latest days, and every kind of impossible value.
#include "bch/common/dated_value.h"

#include <gtest/gtest.h>

#include "bch/common/checks.h"
#include "bch/common/errors.h"

namespace bch::common {
namespace {

using absl::CivilDay;

struct Form {
  const char* text;
  Precision precision;
  Qualifier qualifier;
  CivilDay start, end;
  const char* rendered;  // canonical words
};

class DatedValueForms : public ::testing::TestWithParam<Form> {};

TEST_P(DatedValueForms, ParseRenderAndReparse) {
  const Form& f = GetParam();
  const auto value = ParseDatedValue(f.text);
  ASSERT_TRUE(value.ok()) << f.text << ": " << value.status();
  EXPECT_EQ(value->precision, f.precision) << f.text;
  EXPECT_EQ(value->qualifier, f.qualifier) << f.text;
  EXPECT_EQ(value->start, f.start) << f.text;
  EXPECT_EQ(value->end, f.end) << f.text;
  EXPECT_EQ(RenderDatedValue(*value), f.rendered);
  const auto again = ParseDatedValue(f.rendered);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *value) << "the words read back to the same value";
  EXPECT_TRUE(CheckDatedValue(*value).ok());
}

INSTANTIATE_TEST_SUITE_P(
    AllForms, DatedValueForms,
    ::testing::Values(
        // The forms of the December 2017 paper.
        Form{"14 December 2017", Precision::kDay, Qualifier::kWithin, CivilDay(2017, 12, 14),
             CivilDay(2017, 12, 14), "14 December 2017"},  // the report date
        Form{"2017", Precision::kYear, Qualifier::kWithin, CivilDay(2017, 1, 1),
             CivilDay(2017, 12, 31), "2017"},  // "went live in 2017"
        Form{"November 2018", Precision::kMonth, Qualifier::kWithin, CivilDay(2018, 11, 1),
             CivilDay(2018, 11, 30), "November 2018"},
        Form{"Spring/Summer 2018", Precision::kSeason, Qualifier::kWithin, CivilDay(2018, 3, 1),
             CivilDay(2018, 8, 31), "Spring/Summer 2018"},
        Form{"not before 2019", Precision::kYear, Qualifier::kNotBefore, CivilDay(2019, 1, 1),
             CivilDay(2019, 12, 31), "not before 2019"},  // ESMCP
        Form{"throughout 2018", Precision::kYear, Qualifier::kThroughout, CivilDay(2018, 1, 1),
             CivilDay(2018, 12, 31), "throughout 2018"},  // Digital Contact and Mobilisation
        Form{"not before September 2018", Precision::kMonth, Qualifier::kNotBefore,
             CivilDay(2018, 9, 1), CivilDay(2018, 9, 30),
             "not before September 2018"},  // pushed back at least 2 years from September 2016
        // Further forms.
        Form{"2017-12-14", Precision::kDay, Qualifier::kWithin, CivilDay(2017, 12, 14),
             CivilDay(2017, 12, 14), "14 December 2017"},
        Form{"  feb   2020 ", Precision::kMonth, Qualifier::kWithin, CivilDay(2020, 2, 1),
             CivilDay(2020, 2, 29), "February 2020"},
        Form{"29 February 2020", Precision::kDay, Qualifier::kWithin, CivilDay(2020, 2, 29),
             CivilDay(2020, 2, 29), "29 February 2020"},
        Form{"Autumn 2018", Precision::kSeason, Qualifier::kWithin, CivilDay(2018, 9, 1),
             CivilDay(2018, 11, 30), "Autumn 2018"},
        Form{"Winter 2018", Precision::kSeason, Qualifier::kWithin, CivilDay(2018, 12, 1),
             CivilDay(2019, 2, 28), "Winter 2018/19"},
        Form{"Autumn/Winter 2019/20", Precision::kSeason, Qualifier::kWithin, CivilDay(2019, 9, 1),
             CivilDay(2020, 2, 29), "Autumn/Winter 2019/20"},
        Form{"Spring/Summer/Autumn 2018", Precision::kSeason, Qualifier::kWithin,
             CivilDay(2018, 3, 1), CivilDay(2018, 11, 30), "Spring/Summer/Autumn 2018"},
        Form{"2018/19", Precision::kFinancialYear, Qualifier::kWithin, CivilDay(2018, 4, 1),
             CivilDay(2019, 3, 31), "2018/19"},
        Form{"1999/2000", Precision::kFinancialYear, Qualifier::kWithin, CivilDay(1999, 4, 1),
             CivilDay(2000, 3, 31), "1999/00"},
        Form{"By March 2018", Precision::kMonth, Qualifier::kBy, CivilDay(2018, 3, 1),
             CivilDay(2018, 3, 31), "by March 2018"},
        Form{"Throughout Spring 2019", Precision::kSeason, Qualifier::kThroughout,
             CivilDay(2019, 3, 1), CivilDay(2019, 5, 31), "throughout Spring 2019"},
        Form{"not before Sept 2016", Precision::kMonth, Qualifier::kNotBefore, CivilDay(2016, 9, 1),
             CivilDay(2016, 9, 30), "not before September 2016"},
        Form{"1 sept 2016", Precision::kDay, Qualifier::kWithin, CivilDay(2016, 9, 1),
             CivilDay(2016, 9, 1), "1 September 2016"}));

TEST(DatedValue, EveryValueOf1990To2030RoundTripsThroughItsWords) {
  std::vector<DatedValue> values;
  for (int year = 1990; year <= 2030; ++year) {
    values.push_back(
        {Precision::kYear, Qualifier::kWithin, CivilDay(year, 1, 1), CivilDay(year, 12, 31)});
    values.push_back({Precision::kFinancialYear, Qualifier::kWithin, CivilDay(year, 4, 1),
                      CivilDay(year + 1, 3, 31)});
    for (int month = 1; month <= 12; ++month) {
      const CivilDay first(year, month, 1);
      const CivilDay last = CivilDay(absl::CivilMonth(first) + 1) - 1;
      values.push_back({Precision::kMonth, Qualifier::kWithin, first, last});
      for (CivilDay day = first; day <= last; ++day) {
        values.push_back({Precision::kDay, Qualifier::kWithin, day, day});
      }
    }
    for (int first_season = 0; first_season < 4; ++first_season) {
      for (int last_season = first_season; last_season < 4; ++last_season) {
        values.push_back({Precision::kSeason, Qualifier::kWithin,
                          CivilDay(absl::CivilMonth(year, 3 + 3 * first_season)),
                          CivilDay(absl::CivilMonth(year, 3 + 3 * last_season) + 3) - 1});
      }
    }
  }
  int checked = 0;
  for (const DatedValue& base : values) {
    for (Qualifier q :
         {Qualifier::kWithin, Qualifier::kThroughout, Qualifier::kNotBefore, Qualifier::kBy}) {
      DatedValue value = base;
      value.qualifier = q;
      const std::string words = RenderDatedValue(value);
      const auto reread = ParseDatedValue(words);
      ASSERT_TRUE(reread.ok()) << words << ": " << reread.status();
      ASSERT_EQ(*reread, value) << words;
      ASSERT_TRUE(CheckDatedValue(value).ok()) << words;
      if (value.earliest() && value.latest()) {
        ASSERT_LE(*value.earliest(), *value.latest());
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 60000);
}

TEST(DatedValue, EarliestAndLatestFollowTheQualifier) {
  const auto within = *ParseDatedValue("Spring/Summer 2018");
  EXPECT_EQ(within.earliest(), CivilDay(2018, 3, 1));
  EXPECT_EQ(within.latest(), CivilDay(2018, 8, 31));
  const auto not_before = *ParseDatedValue("not before 2019");
  EXPECT_EQ(not_before.earliest(), CivilDay(2019, 1, 1));
  EXPECT_FALSE(not_before.latest().has_value()) << "open-ended";
  const auto by = *ParseDatedValue("by March 2018");
  EXPECT_FALSE(by.earliest().has_value());
  EXPECT_EQ(by.latest(), CivilDay(2018, 3, 31));
}

TEST(DatedValue, RefusesWhatCannotBeADate) {
  for (const char* text : {"",
                           "   ",
                           "soon",
                           "13 2018",
                           "Smarch 2018",
                           "31 April 2018",
                           "30 February 2019",
                           "0 May 2018",
                           "2018-13-01",
                           "2018-02-30",
                           "Summer/Spring 2018",
                           "Spring/Autumn 2018",
                           "Spring 2018/19",
                           "2018/20",
                           "18",
                           "20188",
                           "November",
                           "14 December",
                           "not before",
                           "throughout",
                           "by by 2018",
                           "1066",
                           "Spring/Summer 2018; DROP TABLE projects"}) {
    const auto value = ParseDatedValue(text);
    EXPECT_FALSE(value.ok()) << "accepted \"" << text << "\"";
    if (!value.ok()) {
      EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(value.status().message().find("e.g."), absl::string_view::npos)
          << "the error shows the accepted forms";
    }
  }
  EXPECT_NE(ParseDatedValue("31 April 2018").status().message().find("has no day 31"),
            absl::string_view::npos);
  for (const char* text : {"19 May 6037", "May 1850", "Summer 3000"}) {
    EXPECT_NE(ParseDatedValue(text).status().message().find("the year must be from 1900 to 2999"),
              absl::string_view::npos)
        << text;
  }
  // Periods that start in the last year but end after it could not be read back.
  for (const char* text : {"2999/00", "Winter 2999/00", "Autumn/Winter 2999/00"}) {
    EXPECT_NE(ParseDatedValue(text).status().message().find("it runs past 2999"),
              absl::string_view::npos)
        << text;
  }
  EXPECT_TRUE(ParseDatedValue("2998/99").ok());
  EXPECT_TRUE(ParseDatedValue("Autumn 2999").ok());
  // One qualifier, once; a misspelt month is named.
  EXPECT_NE(ParseDatedValue("not before by 2019").status().message().find("once"),
            absl::string_view::npos);
  EXPECT_NE(
      ParseDatedValue("14 Decembr 2017").status().message().find("\"Decembr\" is not a month"),
      absl::string_view::npos);
}

projects::v1::DatedValue Structured(projects::v1::DatePrecision precision, CivilDay start,
                                    CivilDay end) {
  projects::v1::DatedValue proto;
  proto.set_precision(precision);
  *proto.mutable_period_start() = common::DateFromCivilDay(start);
  *proto.mutable_period_end() = common::DateFromCivilDay(end);
  return proto;
}

TEST(DatedValueProto, StructuredInputIsCheckedAgainstItsPrecision) {
  const auto month = DatedValueFromProto(
      Structured(projects::v1::DATE_PRECISION_MONTH, CivilDay(2018, 11, 1), CivilDay(2018, 11, 30)),
      "m");
  ASSERT_TRUE(month.ok()) << month.status();
  EXPECT_EQ(RenderDatedValue(*month), "November 2018");

  const auto backwards = DatedValueFromProto(
      Structured(projects::v1::DATE_PRECISION_DAY, CivilDay(2018, 11, 2), CivilDay(2018, 11, 1)),
      "m.planned");
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(common::FieldViolationsOf(backwards.status())[0].field, "m.planned");
  EXPECT_NE(backwards.status().message().find("latest before earliest"), absl::string_view::npos);

  EXPECT_FALSE(DatedValueFromProto(Structured(projects::v1::DATE_PRECISION_MONTH,
                                              CivilDay(2018, 11, 2), CivilDay(2018, 11, 30)),
                                   "m")
                   .ok())
      << "a MONTH must start on the 1st";

  projects::v1::DatedValue impossible =
      Structured(projects::v1::DATE_PRECISION_DAY, CivilDay(2018, 1, 1), CivilDay(2018, 1, 1));
  impossible.mutable_period_start()->set_month(13);
  impossible.mutable_period_end()->set_day(32);
  const auto both = DatedValueFromProto(impossible, "m.actual");
  ASSERT_FALSE(both.ok());
  const auto violations = common::FieldViolationsOf(both.status());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "m.actual.period_start");
  EXPECT_EQ(violations[1].field, "m.actual.period_end");

  projects::v1::DatedValue unknown;
  unknown.set_precision(static_cast<projects::v1::DatePrecision>(42));
  EXPECT_EQ(common::FieldViolationsOf(DatedValueFromProto(unknown, "m").status())[0].field,
            "m.precision");
}

TEST(DatedValueProto, TextWinsAndTheResponseCarriesEverything) {
  projects::v1::DatedValue proto;
  proto.set_text("not before 2019");
  const auto value = DatedValueFromProto(proto, "m");
  ASSERT_TRUE(value.ok());
  const projects::v1::DatedValue out = DatedValueToProto(*value);
  EXPECT_EQ(out.text(), "not before 2019");
  EXPECT_EQ(out.precision(), projects::v1::DATE_PRECISION_YEAR);
  EXPECT_EQ(out.qualifier(), projects::v1::DATE_QUALIFIER_NOT_BEFORE);
  EXPECT_EQ(out.earliest().year(), 2019);
  EXPECT_FALSE(out.has_latest());
  EXPECT_EQ(common::FieldViolationsOf(DatedValueFromProto(
                                          [] {
                                            projects::v1::DatedValue bad;
                                            bad.set_text("Smarch 2018");
                                            return bad;
                                          }(),
                                          "milestone.forecast")
                                          .status())[0]
                .field,
            "milestone.forecast.text");
}

}  // namespace
}  // namespace bch::common
