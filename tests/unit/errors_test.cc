// Error conversion: the MySQL error table, reasons, field violations and the wire form.
#include "bch/common/errors.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace bch::common {
namespace {

struct MysqlCase {
  int code;
  absl::StatusCode expected;
  const char* reason;
};

class MysqlErrorTable : public ::testing::TestWithParam<MysqlCase> {};

TEST_P(MysqlErrorTable, MapsCodeAndReasonWithGenericMessage) {
  const MysqlCase& c = GetParam();
  const absl::Status status =
      StatusFromMysqlError(c.code, "Duplicate entry 'x' for key 'PRIMARY' in SELECT secret");
  EXPECT_EQ(status.code(), c.expected) << c.code;
  EXPECT_EQ(ReasonOf(status), c.reason) << c.code;
  // The server's text (which may quote SQL or data) never reaches the caller.
  EXPECT_EQ(status.message().find("SELECT"), absl::string_view::npos);
  EXPECT_EQ(status.message().find("Duplicate"), absl::string_view::npos);
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, MysqlErrorTable,
    ::testing::Values(
        MysqlCase{1062, absl::StatusCode::kAlreadyExists, "RESOURCE_ALREADY_EXISTS"},
        MysqlCase{1451, absl::StatusCode::kFailedPrecondition, "REFERENCE_CONSTRAINT"},
        MysqlCase{1452, absl::StatusCode::kFailedPrecondition, "REFERENCE_CONSTRAINT"},
        MysqlCase{1205, absl::StatusCode::kAborted, "TRANSACTION_CONFLICT"},
        MysqlCase{1213, absl::StatusCode::kAborted, "TRANSACTION_CONFLICT"},
        MysqlCase{1969, absl::StatusCode::kDeadlineExceeded, "DATABASE_TIMEOUT"},
        MysqlCase{2002, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{2003, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{2006, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{2013, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{2055, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{1053, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{1927, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        MysqlCase{1064, absl::StatusCode::kInternal, "DATABASE_ERROR"},
        MysqlCase{1146, absl::StatusCode::kInternal, "DATABASE_ERROR"},
        MysqlCase{0, absl::StatusCode::kInternal, "DATABASE_ERROR"}));

TEST(Errors, ConnectionErrorsAreExactlyTheUnavailableOnes) {
  for (int code : {2002, 2003, 2006, 2013, 2055, 1053, 1927}) EXPECT_TRUE(IsConnectionError(code));
  for (int code : {0, 1062, 1205, 1213, 1064, 2014}) EXPECT_FALSE(IsConnectionError(code));
}

TEST(Errors, InvalidArgumentCarriesEveryViolation) {
  const absl::Status status =
      InvalidArgumentError({{"title", "must not be empty"}, {"lead_force", "malformed"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(status), "INVALID_FIELDS");
  const auto violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "title");
  EXPECT_EQ(violations[1].field, "lead_force");
  EXPECT_NE(status.message().find("title: must not be empty"), absl::string_view::npos);
  EXPECT_NE(status.message().find("lead_force: malformed"), absl::string_view::npos);
}

TEST(Errors, AStatusForAPersonPutsEachViolationOnALine) {
  const absl::Status status =
      InvalidArgumentError({{"title", "must not be empty"}, {"lead_force", "malformed"}});
  EXPECT_EQ(StatusForPerson(status),
            absl::StrCat("INVALID_ARGUMENT: ", status.message(), "\n  title: must not be empty",
                         "\n  lead_force: malformed"));
  EXPECT_EQ(StatusForPerson(absl::NotFoundError("reportSeries/x does not exist")),
            "NOT_FOUND: reportSeries/x does not exist");
}

TEST(Errors, ReasonDefaultsToTheCodeName) {
  EXPECT_EQ(ReasonOf(absl::NotFoundError("x")), "NOT_FOUND");
  EXPECT_EQ(ReasonOf(WithReason(absl::AbortedError("x"), "ETAG_MISMATCH")), "ETAG_MISMATCH");
  EXPECT_TRUE(WithReason(absl::OkStatus(), "IGNORED").ok());
}

TEST(Errors, WireStatusHasErrorInfoAlwaysAndBadRequestForBadInput) {
  const grpc::Status plain = ToGrpcStatus(absl::NotFoundError("no such project"), "d.example");
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(plain.error_message(), "no such project");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(plain.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NOT_FOUND");
  EXPECT_EQ(info.domain(), "d.example");

  const grpc::Status bad =
      ToGrpcStatus(InvalidArgumentError({{"a", "x"}, {"b", "y"}, {"c", "z"}}), "d.example");
  ASSERT_TRUE(details.ParseFromString(bad.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 3);
  EXPECT_EQ(bad_request.field_violations(2).field(), "c");
  EXPECT_EQ(bad_request.field_violations(2).description(), "z");
}

TEST(Errors, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), "d").ok()); }

TEST(Errors, StatusFromGrpcKeepsCodeAndMessage) {
  const absl::Status status =
      StatusFromGrpc(grpc::Status(grpc::StatusCode::UNAVAILABLE, "backend down"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "backend down");
}

TEST(Errors, StatusFromGrpcKeepsTheReasonAndEveryViolation) {
  const absl::Status received = StatusFromGrpc(
      ToGrpcStatus(InvalidArgumentError({{"figures[3].amount", "has more than pence"},
                                         {"figures[7].period", "is not a year"}}),
                   "finance.bch"));
  EXPECT_EQ(received.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(received), "INVALID_FIELDS");
  const auto violations = FieldViolationsOf(received);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[1].field, "figures[7].period");
  EXPECT_EQ(violations[1].description, "is not a year");
}

TEST(ShortenUtf8, CutsAtACharacterBoundaryAndSaysSo) {
  EXPECT_EQ(ShortenUtf8("short", 10), "short");
  // "é" is two bytes: a cut inside it steps back to before it.
  EXPECT_EQ(ShortenUtf8("abcd\xC3\xA9"
                        "fgh",
                        7),
            "abcd\u2026");
  EXPECT_EQ(ShortenUtf8(std::string(50, 'x'), 10), std::string(7, 'x') + "\u2026");
}

TEST(ToGrpcStatus, KeepsAnyErrorWithinTheTrailersOfADefaultClient) {
  std::vector<FieldViolation> violations;
  for (int i = 0; i < 1000; ++i)
    violations.push_back({std::string(5000, 'f'), std::string(5000, 'd')});
  const grpc::Status many = ToGrpcStatus(InvalidArgumentError(violations), "x.bch.police.uk");
  EXPECT_LE(many.error_message().size(), kMaxErrorMessageBytes);
  EXPECT_LT(many.error_message().size() + many.error_details().size() * 4 / 3, 4096u);
  const grpc::Status long_message =
      ToGrpcStatus(absl::NotFoundError(std::string(100000, 'n')), "x.bch.police.uk");
  EXPECT_EQ(long_message.error_message().size(), kMaxErrorMessageBytes);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(long_message.error_details()));
  EXPECT_EQ(details.message(), long_message.error_message());
}

TEST(Errors, ViolationsAreRewrittenAndOtherStatusesKept) {
  const absl::Status rewritten = RewriteViolations(
      InvalidArgumentError({{"effective_date", "is early"}, {"risk.title", "is empty"}}),
      [](FieldViolation& v) { v.field = "day:" + v.field; });
  const auto violations = FieldViolationsOf(rewritten);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "day:effective_date");
  EXPECT_EQ(violations[1].field, "day:risk.title");
  EXPECT_EQ(violations[1].description, "is empty");
  const absl::Status other = absl::NotFoundError("gone");
  EXPECT_EQ(RewriteViolations(other, [](FieldViolation& v) { v.field = "x"; }), other);
}

}  // namespace
}  // namespace bch::common
