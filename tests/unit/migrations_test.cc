// Migration file parsing and SQL statement splitting (the database side is in integration).
#include "bch/common/migrations.h"

#include <gtest/gtest.h>

#include "bch/common/sha256.h"

namespace bch::common {
namespace {

TEST(ParseMigrations, OrdersByVersionAndChecksumsContent) {
  const auto parsed = ParseMigrations({"demo",
                                       {{"V0002__add_index.sql", "CREATE INDEX i ON t (a);"},
                                        {"V0001__create_t.sql", "CREATE TABLE t (a INT);"}}});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].version, 1);
  EXPECT_EQ((*parsed)[0].description, "create_t");
  EXPECT_EQ((*parsed)[0].checksum, Sha256Hex("CREATE TABLE t (a INT);"));
  EXPECT_EQ((*parsed)[1].version, 2);
}

TEST(ParseMigrations, RefusesMalformedNamesAndRepeatedVersions) {
  for (const char* name :
       {"V1__short.sql", "0001__no_v.sql", "V0001_one_underscore.sql", "V0001__Upper.sql",
        "V0001__.sql", "V0001__x.txt", "V00a1__x.sql", "V0000__zero.sql"}) {
    EXPECT_FALSE(ParseMigrations({"demo", {{name, "SELECT 1"}}}).ok()) << name;
  }
  EXPECT_FALSE(
      ParseMigrations({"demo", {{"V0001__a.sql", "SELECT 1"}, {"V0001__b.sql", "SELECT 2"}}}).ok());
}

TEST(SplitSqlStatements, SplitsOnSemicolonsOutsideQuotesAndComments) {
  const auto statements = SplitSqlStatements(
      "-- leading comment; not a statement\n"
      "CREATE TABLE a (s VARCHAR(10) DEFAULT 'x;y', t VARCHAR(5) DEFAULT \"q;\");\n"
      "/* block; comment */ INSERT INTO a VALUES ('it''s; fine', 'b\\';c');\n"
      "# hash comment;\n"
      "CREATE TABLE `semi;colon` (x INT)  ;  ;\n"
      "   \n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0],
            "CREATE TABLE a (s VARCHAR(10) DEFAULT 'x;y', t VARCHAR(5) DEFAULT \"q;\")");
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES ('it''s; fine', 'b\\';c')");
  EXPECT_EQ(statements[2], "CREATE TABLE `semi;colon` (x INT)");
}

TEST(SplitSqlStatements, LastStatementNeedsNoSemicolon) {
  EXPECT_EQ(SplitSqlStatements("SELECT 1"), std::vector<std::string>{"SELECT 1"});
  EXPECT_TRUE(SplitSqlStatements("-- only a comment").empty());
}

TEST(CommonMigrations, AreEmbeddedAndParse) {
  const auto parsed = ParseMigrations({"common", CommonMigrations()});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_FALSE(parsed->empty());
  EXPECT_EQ((*parsed)[0].description, "create_audit_events");
}

TEST(Sha256, MatchesTheKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace bch::common
