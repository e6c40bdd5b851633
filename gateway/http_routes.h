// HTTP/JSON routes read from the `google.api.http` annotations of compiled service descriptors,
// as google/api/http.proto defines them: a verb and a path template
// ("/v1/{issued_report=reportSeries/*/issuedReports/*}:compare") whose variables bind request
// fields by path, query parameters bound to request fields by path ("asOf.year=2017", or the
// proto field name "as_of.year"), and a `body` ("*" for the whole request, or one field). No
// route is written by hand: an annotated method is served as soon as its service is listed.
#ifndef BCH_GATEWAY_HTTP_ROUTES_H_
#define BCH_GATEWAY_HTTP_ROUTES_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace bch::gateway {

// One segment of a path template: a literal, "*" (one segment) or "**" (the rest).
struct TemplateSegment {
  std::string literal;  // empty for a wildcard
  bool any = false;     // "*"
  bool rest = false;    // "**"
};

// A variable of a path template: the request field it binds, by path, and the segments it spans.
struct TemplateVariable {
  std::string field_path;
  size_t first = 0;  // index into segments
  size_t end = 0;    // one past the last
};

struct HttpRoute {
  std::string http_method;  // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::vector<TemplateSegment> segments;
  std::vector<TemplateVariable> variables;
  std::string verb;  // after ':' in the last segment; empty for none
  std::string body;  // "", "*" or a field name
  const google::protobuf::MethodDescriptor* method = nullptr;
};

// The routes of every annotated method of `services` (additional bindings included), in order.
// A template this parser cannot read is an error naming the method.
absl::StatusOr<std::vector<HttpRoute>> RoutesOf(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services);

// The field bindings of `path` (percent-decoded) if it matches `route`; false otherwise.
bool MatchRoute(const HttpRoute& route, absl::string_view http_method, absl::string_view path,
                std::vector<std::pair<std::string, std::string>>& bindings);

// The deepest nesting of objects and arrays a JSON body may have.
inline constexpr int kMaxJsonDepth = 32;

// Fills `request` from the path's bindings, the query parameters and the body (proto3 JSON).
// An unknown query parameter, an unknown or mistyped body field, a parameter given where the
// route takes the whole body, text that is not UTF-8 or a body nested deeper than
// kMaxJsonDepth is INVALID_ARGUMENT naming it.
absl::Status FillRequest(const HttpRoute& route,
                         const std::vector<std::pair<std::string, std::string>>& bindings,
                         const std::multimap<std::string, std::string>& query,
                         const std::string& body, google::protobuf::Message& request);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_HTTP_ROUTES_H_
