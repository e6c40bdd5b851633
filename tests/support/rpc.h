// Small helpers for tests that call services through generated stubs: dates, a call with a
// deadline, and the AIP-193 details of an error (violated fields, reason).
#ifndef BCH_TESTS_SUPPORT_RPC_H_
#define BCH_TESTS_SUPPORT_RPC_H_

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "google/type/date.pb.h"

namespace bch::testing {

// A google.type.Date.
inline google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// Calls a unary method of `stub` with a 10 s deadline.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return (stub.*method)(&context, request, response);
}

// The fields named by the BadRequest of an INVALID_ARGUMENT status (the code is checked too).
inline std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  google::rpc::Status details;
  std::vector<std::string> fields;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  }
  return fields;
}

// The ErrorInfo reason of a status, e.g. "ETAG_MISMATCH"; empty when it has none.
inline std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  google::rpc::ErrorInfo info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace bch::testing

#endif  // BCH_TESTS_SUPPORT_RPC_H_
