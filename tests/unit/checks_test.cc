// The kit's input checks (common/checks.h, and the request ids of handler.h): every violation
// collected, text rules, ids and names, dates in the one accepted range.
#include "bch/common/checks.h"

#include <gtest/gtest.h>

#include "bch/common/errors.h"
#include "bch/common/handler.h"

namespace bch::common {
namespace {

std::vector<std::string> Fields(Violations v) {
  std::vector<std::string> fields;
  for (const auto& violation : FieldViolationsOf(std::move(v).ToStatus())) {
    fields.push_back(violation.field);
  }
  return fields;
}

TEST(CheckText, CountsCharactersNotBytesAndRefusesControlCharacters) {
  Violations v;
  CheckText(v, "ok", std::string(200, 'a'), 200, Required::kYes);
  CheckText(v, "accented", std::string(150, 'a') + "\xC3\xA9", 151, Required::kYes);
  CheckText(v, "too_long", std::string(201, 'a'), 200, Required::kYes);
  CheckText(v, "empty", "", 200, Required::kYes);
  CheckText(v, "optional", "", 200, Required::kNo);
  CheckText(v, "control", "a\x01b", 200, Required::kYes);
  CheckText(v, "newline", "a\nb", 200, Required::kYes, /*multiline=*/true);
  EXPECT_EQ(Fields(std::move(v)), (std::vector<std::string>{"too_long", "empty", "control"}));
}

TEST(Violations, KeepOnlyBadInputAndSayWhenTheStatusIsSomethingElse) {
  Violations v;
  EXPECT_TRUE(v.AddFrom(absl::OkStatus()));
  EXPECT_FALSE(v.AddFrom(absl::UnavailableError("down")));
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(v.AddFrom(InvalidArgumentError({{"a", "bad"}, {"b", "worse"}})));
  EXPECT_EQ(Fields(std::move(v)), (std::vector<std::string>{"a", "b"}));
}

TEST(IdsAndNames, AreCheckedWithTheFieldNamed) {
  Violations v;
  EXPECT_EQ(IdFrom(v, "projects/athena", "projects", "name"), "athena");
  EXPECT_EQ(IdFrom(v, "programmes/athena", "projects", "wrong_collection"), "");
  EXPECT_EQ(IdsFrom(v, "projects/a/milestones/b", "projects/{p}/milestones/{m}", "milestone.name"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(IdsFrom(v, "projects/a", "projects/{p}/milestones/{m}", "short").size(), 2u);
  CheckName(v, "optional", "", "forces", Required::kNo);
  CheckName(v, "required", "", "forces", Required::kYes);
  CheckId(v, "id", "Not-An-Id");
  CheckEnumSet(v, "set_enum", 2);
  CheckEnumSet(v, "unset_enum", 0);
  EXPECT_EQ(Fields(std::move(v)), (std::vector<std::string>{"wrong_collection", "short", "required",
                                                            "id", "unset_enum"}));
}

TEST(Dates, OneRangeForEveryDateOfTheSuite) {
  google::type::Date date;
  date.set_year(kMinYear);
  date.set_month(1);
  date.set_day(1);
  EXPECT_TRUE(CivilDayFromDate(date, "d").ok());
  date.set_year(kMaxYear);
  date.set_month(12);
  date.set_day(31);
  EXPECT_EQ(*CivilDayFromDate(date, "d"), absl::CivilDay(kMaxYear, 12, 31));
  date.set_year(kMaxYear + 1);
  EXPECT_FALSE(CivilDayFromDate(date, "d").ok());
  date.set_year(kMinYear - 1);
  EXPECT_FALSE(CivilDayFromDate(date, "d").ok());
  date.set_year(2017);
  date.set_month(2);
  date.set_day(29);
  EXPECT_EQ(FieldViolationsOf(CivilDayFromDate(date, "as_of").status())[0].field, "as_of");
  EXPECT_EQ(DateFromCivilDay(absl::CivilDay(2017, 12, 14)).day(), 14);

  Violations v;
  EXPECT_EQ(OptionalDate(v, "effective_date", false, date, absl::CivilDay(2000, 1, 1)),
            absl::CivilDay(2000, 1, 1));
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(OptionalDate(v, "effective_date", true, date, absl::CivilDay(2000, 1, 1)),
            absl::CivilDay(2000, 1, 1));
  EXPECT_EQ(Fields(std::move(v)), std::vector<std::string>{"effective_date"});
}

}  // namespace
}  // namespace bch::common

namespace bch::common {
namespace {

TEST(RequestIds, OnlyVisibleAsciiIsKeptAndEchoed) {
  EXPECT_TRUE(IsKeptRequestId("4f1c-req_42.retry:1"));
  EXPECT_TRUE(IsKeptRequestId(std::string(kMaxRequestIdLength, 'r')));
  EXPECT_FALSE(IsKeptRequestId(std::string(kMaxRequestIdLength + 1, 'r')));
  EXPECT_FALSE(IsKeptRequestId(""));
  EXPECT_FALSE(IsKeptRequestId("a\tb"));
  EXPECT_FALSE(IsKeptRequestId("a b"));
  EXPECT_FALSE(
      IsKeptRequestId("a\xff"
                      "b"));
  EXPECT_FALSE(IsKeptRequestId("caf\xC3\xA9"));
}

}  // namespace
}  // namespace bch::common
