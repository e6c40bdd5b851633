// Page sizes, opaque keyset tokens and List page requests.
#include "bch/common/pagination.h"

#include <gtest/gtest.h>

#include "bch/common/errors.h"
#include "bch/common/list_page.h"

namespace bch::common {
namespace {

TEST(PageSize, ClampsAndRefusesNegative) {
  EXPECT_EQ(*ClampPageSize(0), kDefaultPageSize);
  EXPECT_EQ(*ClampPageSize(1), 1);
  EXPECT_EQ(*ClampPageSize(kMaxPageSize), kMaxPageSize);
  EXPECT_EQ(*ClampPageSize(kMaxPageSize + 1), kMaxPageSize);
  EXPECT_EQ(*ClampPageSize(INT32_MAX), kMaxPageSize);
  const auto negative = ClampPageSize(-1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(FieldViolationsOf(negative.status())[0].field, "page_size");
}

TEST(PageToken, RoundTripsKeysIncludingAwkwardCharacters) {
  const uint64_t fp = RequestFingerprint({"programme=other"});
  const std::vector<std::string> key = {"2017-12-14", "a|b/c\"d", std::string("\0x", 2), ""};
  const std::string token = EncodePageToken(key, fp);
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos) << "must be URL-safe: " << token;
  const auto decoded = DecodePageToken(token, fp);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, key);
}

TEST(PageToken, EmptyTokenIsTheFirstPage) {
  const auto decoded = DecodePageToken("", 42);
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(PageToken, RefusesGarbageAndTokensOfOtherRequests) {
  for (const char* garbage : {"zz", "!!!", "AAAA", "CgEy"}) {
    const auto decoded = DecodePageToken(garbage, 1);
    ASSERT_FALSE(decoded.ok()) << garbage;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(FieldViolationsOf(decoded.status())[0].field, "page_token");
  }
  const std::string token = EncodePageToken({"k"}, RequestFingerprint({"filter=a"}));
  const auto other = DecodePageToken(token, RequestFingerprint({"filter=b"}));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("other parameters"), absl::string_view::npos);
}

TEST(PageToken, FingerprintSeparatesParts) {
  EXPECT_NE(RequestFingerprint({"ab", "c"}), RequestFingerprint({"a", "bc"}));
  EXPECT_EQ(RequestFingerprint({"x", "y"}), RequestFingerprint({"x", "y"}));
  // Stable across processes and releases: tokens must survive restarts.
  EXPECT_EQ(RequestFingerprint({}), 14695981039346656037ull);
}

TEST(PageRequest, ReportsEveryBadField) {
  const auto request = ParsePageRequest(-5, "garbage", {});
  ASSERT_FALSE(request.ok());
  const auto violations = FieldViolationsOf(request.status());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "page_size");
  EXPECT_EQ(violations[1].field, "page_token");
}

TEST(PageRequest, DecodesTheKeyOfAValidToken) {
  const std::vector<std::string> bound = {"parent=x"};
  const auto request =
      ParsePageRequest(10, EncodePageToken({"b"}, RequestFingerprint(bound)), bound);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->size, 10);
  EXPECT_EQ(request->after, std::vector<std::string>{"b"});
}

}  // namespace
}  // namespace bch::common

namespace bch::common {
namespace {

TEST(Keyset, AfterTheLastKeyAsRangesOfTheListIndex) {
  EXPECT_EQ(KeysetCondition({"a"}, ">"), "(a > ?)");
  EXPECT_EQ(KeysetCondition({"a", "b", "c"}, ">"),
            "(a > ? OR (a = ? AND (b > ? OR (b = ? AND (c > ?)))))");
  EXPECT_EQ(KeysetCondition({"d", "id"}, "<"), "(d < ? OR (d = ? AND (id < ?)))");
  const std::vector<SqlParam> params = KeysetParams({int64_t{2}, std::string("x"), int64_t{7}});
  const std::vector<SqlParam> expected = {int64_t{2}, int64_t{2}, std::string("x"),
                                          std::string("x"), int64_t{7}};
  EXPECT_EQ(params, expected);
}

}  // namespace
}  // namespace bch::common
