// The kit's input checks (common/checks.h, and the request ids of handler.h): every violation
// collected, text rules, ids and names, dates in the one accepted range.
#include "bch/common/checks.h"

#include <google/protobuf/descriptor.pb.h>
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

TEST(CheckText, RefusesMalformedUtf8InvisibleRequiredTextAndBidiControls) {
  Violations v;
  CheckText(v, "overlong", "\xC0\xAF", 200, Required::kNo);       // "/" in two bytes
  CheckText(v, "surrogate", "\xED\xA0\x80", 200, Required::kNo);  // U+D800
  CheckText(v, "truncated", "abc\xE2\x80", 200, Required::kNo);
  CheckText(v, "invisible", "\xE2\x80\x8B\xE2\x81\xA0", 200, Required::kYes);  // U+200B U+2060
  CheckText(v, "invisible_optional", "\xEF\xBB\xBF", 200, Required::kNo);  // a BOM: not required
  CheckText(v, "c1", "a\xC2\x85", 200, Required::kNo);                     // U+0085
  CheckText(v, "line_separator",
            "a\xE2\x80\xA8"
            "b",
            200, Required::kNo);  // U+2028
  CheckText(v, "paragraphs",
            "a\xE2\x80\xA8"
            "b\r\n",
            200, Required::kNo, /*multiline=*/true);
  CheckText(v, "embedding",
            "a\xE2\x80\xAA"
            "b",
            200, Required::kNo, /*multiline=*/true);              // U+202A
  CheckText(v, "astral", "\xF0\x9D\x94\xB8", 1, Required::kYes);  // one character, four bytes
  EXPECT_EQ(Fields(std::move(v)),
            (std::vector<std::string>{"overlong", "surrogate", "truncated", "invisible", "c1",
                                      "line_separator", "embedding"}));
}

TEST(CheckNameIn, TakesANameOfAnyOfItsCollections) {
  Violations v;
  CheckNameIn(v, "owner", "forces/kent", {"forces", "alliances"}, Required::kYes);
  CheckNameIn(v, "owner", "alliances/bch", {"forces", "alliances"}, Required::kYes);
  CheckNameIn(v, "scope", "", {"programmes", "projects"}, Required::kNo);
  EXPECT_TRUE(v.empty());
  CheckNameIn(v, "a", "constabularies/kent", {"forces", "alliances"}, Required::kYes);
  CheckNameIn(v, "b", "forces/Not Valid", {"forces", "alliances"}, Required::kYes);
  CheckNameIn(v, "c", "", {"forces"}, Required::kYes);
  const absl::Status status = std::move(v).ToStatus();
  const auto violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].field, "a");
  EXPECT_EQ(violations[0].description, "must be forces/{id} or alliances/{id}");
  EXPECT_EQ(violations[1].field, "b");
  EXPECT_EQ(violations[2].field, "c");
}

TEST(CheckEnumsKnown, FindsUnknownNumbersInNestedAndRepeatedFields) {
  // google.rpc.Status has no enums; a FieldDescriptorProto has two (type and label), nested in
  // DescriptorProto's repeated `field`.
  google::protobuf::DescriptorProto message;
  message.add_field()->set_type(google::protobuf::FieldDescriptorProto::TYPE_STRING);
  message.add_field()->set_label(static_cast<google::protobuf::FieldDescriptorProto::Label>(9));
  Violations v;
  CheckEnumsKnown(v, message);
  EXPECT_EQ(Fields(std::move(v)), std::vector<std::string>{"field[1].label"});
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
