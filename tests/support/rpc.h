// Small helpers for tests that call services through generated stubs.
#ifndef BCH_TESTS_SUPPORT_RPC_H_
#define BCH_TESTS_SUPPORT_RPC_H_

#include <grpcpp/client_context.h>

#include <chrono>

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

}  // namespace bch::testing

#endif  // BCH_TESTS_SUPPORT_RPC_H_
