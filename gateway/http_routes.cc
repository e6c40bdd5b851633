// Routes from google.api.http annotations (see http_routes.h).
#include "http_routes.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "google/api/annotations.pb.h"

namespace bch::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Splits "a/{b=c/*}/d" at the slashes outside braces.
std::vector<std::string> TemplateParts(absl::string_view text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : text) {
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == '/' && depth == 0) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

TemplateSegment SegmentOf(absl::string_view part) {
  if (part == "*") return {.literal = "", .any = true, .rest = false};
  if (part == "**") return {.literal = "", .any = false, .rest = true};
  return {.literal = std::string(part), .any = false, .rest = false};
}

absl::StatusOr<HttpRoute> ParseTemplate(std::string http_method, absl::string_view path,
                                        const google::protobuf::MethodDescriptor& method) {
  const auto refuse = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(method.full_name(), ": the http path \"", path, "\" ", why));
  };
  if (path.empty() || path[0] != '/') return refuse("must start with /");
  HttpRoute route;
  route.http_method = std::move(http_method);
  route.method = &method;
  std::vector<std::string> parts = TemplateParts(path.substr(1));
  // The verb: after the last ':' of the last part, outside braces.
  std::string& last = parts.back();
  const size_t close = last.rfind('}');
  const size_t colon = last.rfind(':');
  if (colon != std::string::npos && (close == std::string::npos || colon > close)) {
    route.verb = last.substr(colon + 1);
    last.resize(colon);
  }
  for (const std::string& part : parts) {
    if (part.empty()) return refuse("has an empty segment");
    if (part.front() != '{') {
      route.segments.push_back(SegmentOf(part));
      continue;
    }
    if (part.back() != '}') return refuse("has an unclosed variable");
    const std::string inner = part.substr(1, part.size() - 2);
    std::vector<std::string> field_and_template = absl::StrSplit(inner, absl::MaxSplits('=', 1));
    TemplateVariable variable{.field_path = field_and_template[0],
                              .first = route.segments.size(),
                              .end = route.segments.size()};
    const std::string sub = field_and_template.size() == 2 ? field_and_template[1] : "*";
    for (absl::string_view piece : absl::StrSplit(sub, '/')) {
      route.segments.push_back(SegmentOf(piece));
    }
    variable.end = route.segments.size();
    route.variables.push_back(std::move(variable));
  }
  for (size_t i = 0; i + 1 < route.segments.size(); ++i) {
    if (route.segments[i].rest) return refuse("has ** before its last segment");
  }
  return route;
}

absl::Status AddRule(const google::api::HttpRule& rule,
                     const google::protobuf::MethodDescriptor& method,
                     std::vector<HttpRoute>& routes) {
  std::pair<const char*, std::string> pattern;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      pattern = {"GET", rule.get()};
      break;
    case google::api::HttpRule::kPost:
      pattern = {"POST", rule.post()};
      break;
    case google::api::HttpRule::kPut:
      pattern = {"PUT", rule.put()};
      break;
    case google::api::HttpRule::kPatch:
      pattern = {"PATCH", rule.patch()};
      break;
    case google::api::HttpRule::kDelete:
      pattern = {"DELETE", rule.delete_()};
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(method.full_name(), ": an http rule with no verb this server serves"));
  }
  absl::StatusOr<HttpRoute> route = ParseTemplate(pattern.first, pattern.second, method);
  if (!route.ok()) return route.status();
  route->body = rule.body();
  routes.push_back(*std::move(route));
  for (const google::api::HttpRule& more : rule.additional_bindings()) {
    if (absl::Status s = AddRule(more, method, routes); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The field `name` (its JSON or proto name) of `message`; nullptr when there is none.
const FieldDescriptor* FieldNamed(const Descriptor& message, absl::string_view name) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor* field = message.field(i);
    if (field->json_name() == name || field->name() == name) return field;
  }
  return nullptr;
}

// A value given as text in the JSON the field expects; nullopt when it cannot be one.
std::optional<nlohmann::json> JsonValue(const FieldDescriptor& field, const std::string& text) {
  if (field.type() == FieldDescriptor::TYPE_BOOL) {
    if (text == "true") return nlohmann::json(true);
    if (text == "false") return nlohmann::json(false);
    return std::nullopt;
  }
  if (field.type() == FieldDescriptor::TYPE_MESSAGE) {
    // A google.type.Date may be given whole, as YYYY-MM-DD.
    absl::CivilDay day;
    if (field.message_type()->full_name() == "google.type.Date" && text.size() == 10 &&
        absl::ParseCivilTime(text, &day)) {
      return nlohmann::json{{"year", day.year()}, {"month", day.month()}, {"day", day.day()}};
    }
    return std::nullopt;
  }
  return nlohmann::json(text);  // numbers and enums are read from strings by the JSON mapping
}

// Sets the field at `path` ("asOf.year") of the JSON request to `text`; false when `path` names
// no field of `message`, or `text` is not a value of it.
bool SetByPath(const Descriptor& message, absl::string_view path, const std::string& text,
               nlohmann::json& json) {
  const Descriptor* type = &message;
  nlohmann::json* at = &json;
  const std::vector<absl::string_view> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* field = FieldNamed(*type, names[i]);
    if (field == nullptr) return false;
    nlohmann::json& slot = (*at)[field->json_name()];
    if (i + 1 < names.size()) {
      if (field->type() != FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) return false;
      type = field->message_type();
      at = &slot;
      continue;
    }
    const std::optional<nlohmann::json> value = JsonValue(*field, text);
    if (!value) return false;
    if (field->is_repeated()) {
      slot.push_back(*value);
    } else {
      slot = *value;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<HttpRoute>> RoutesOf(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  std::vector<HttpRoute> routes;
  for (const google::protobuf::ServiceDescriptor* service : services) {
    for (int m = 0; m < service->method_count(); ++m) {
      const google::protobuf::MethodDescriptor& method = *service->method(m);
      if (!method.options().HasExtension(google::api::http)) continue;
      if (absl::Status s =
              AddRule(method.options().GetExtension(google::api::http), method, routes);
          !s.ok()) {
        return s;
      }
    }
  }
  return routes;
}

bool MatchRoute(const HttpRoute& route, absl::string_view http_method, absl::string_view path,
                std::vector<std::pair<std::string, std::string>>& bindings) {
  if (http_method != route.http_method || path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  if (!route.verb.empty()) {
    const std::string suffix = absl::StrCat(":", route.verb);
    if (!absl::EndsWith(path, suffix)) return false;
    path.remove_suffix(suffix.size());
  } else if (path.substr(path.rfind('/') + 1).find(':') != absl::string_view::npos) {
    return false;  // a custom method ("…/1:render") is not the resource "…/1"
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  const bool rest = !route.segments.empty() && route.segments.back().rest;
  if (rest ? parts.size() < route.segments.size() : parts.size() != route.segments.size()) {
    return false;
  }
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const TemplateSegment& segment = route.segments[i];
    if (parts[i].empty()) return false;
    if (!segment.any && !segment.rest && parts[i] != segment.literal) return false;
  }
  bindings.clear();
  for (const TemplateVariable& variable : route.variables) {
    const size_t end = variable.end == route.segments.size() && rest ? parts.size() : variable.end;
    std::vector<absl::string_view> spanned(parts.begin() + variable.first, parts.begin() + end);
    bindings.emplace_back(variable.field_path, absl::StrJoin(spanned, "/"));
  }
  return true;
}

absl::Status FillRequest(const HttpRoute& route,
                         const std::vector<std::pair<std::string, std::string>>& bindings,
                         const std::multimap<std::string, std::string>& query,
                         const std::string& body, google::protobuf::Message& request) {
  const Descriptor& type = *request.GetDescriptor();
  std::vector<common::FieldViolation> violations;
  nlohmann::json json = nlohmann::json::object();
  if (!route.body.empty()) {
    // Nesting past kMaxJsonDepth is dropped as it is read, and the body refused: printing a
    // million nested arrays back would overflow the stack.
    bool too_deep = false;
    const nlohmann::json::parser_callback_t depth_limit =
        [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth >= kMaxJsonDepth) too_deep = true;  // depth counts from 0
          return depth < kMaxJsonDepth;
        };
    nlohmann::json parsed =
        body.empty() ? nlohmann::json::object() : nlohmann::json::parse(body, depth_limit, false);
    if (too_deep) {
      return common::InvalidArgumentError(
          "body", absl::StrCat("nests deeper than ", kMaxJsonDepth, " levels"));
    }
    if (parsed.is_discarded()) {
      return common::InvalidArgumentError("body", "is not JSON (UTF-8)");
    }
    if (route.body == "*") {
      json = std::move(parsed);
    } else if (const FieldDescriptor* field = FieldNamed(type, route.body)) {
      json[field->json_name()] = std::move(parsed);
    }
  }
  for (const auto& [name, value] : query) {
    if (!common::IsValidUtf8(name) || !common::IsValidUtf8(value)) {
      violations.push_back({common::IsValidUtf8(name) ? name : "query", "is not UTF-8"});
    } else if (route.body == "*") {
      violations.push_back({name, "the body holds the whole request: no query parameter is read"});
    } else if (!SetByPath(type, name, value, json)) {
      violations.push_back(
          {name, absl::StrCat("is not a field of ", type.full_name(), " given as text")});
    }
  }
  for (const auto& [path, value] : bindings) {
    if (!common::IsValidUtf8(value)) {
      violations.push_back({path, "is not UTF-8"});
    } else if (!SetByPath(type, path, value, json)) {
      violations.push_back({path, "cannot hold the value the path gives it"});
    }
  }
  if (!violations.empty()) return common::InvalidArgumentError(std::move(violations));
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(json.dump(), &request, options);
  if (!parsed.ok()) {
    return common::InvalidArgumentError(route.body.empty() ? "query" : "body",
                                        parsed.message().as_string());
  }
  return absl::OkStatus();
}

}  // namespace bch::gateway
