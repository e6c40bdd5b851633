// AIP-122 resource name parsing and formatting (see resource_names.h).
#include "bch/common/resource_names.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bch/common/errors.h"

namespace bch::common {

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  if (id.front() < 'a' || id.front() > 'z') return false;
  if (id.back() == '-') return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> ParseResourceName(absl::string_view name,
                                                           absl::string_view pattern,
                                                           absl::string_view field) {
  const std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  const std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  auto invalid = [&](absl::string_view why) {
    return InvalidArgumentError(
        {{std::string(field),
          absl::StrCat("must be a resource name of the form ", pattern, " (", why, ")")}});
  };
  if (name.empty()) return invalid("it is empty");
  if (got.size() != want.size()) return invalid("wrong number of segments");
  std::vector<std::string> ids;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool is_variable = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (!is_variable) {
      if (got[i] != want[i]) return invalid(absl::StrCat("expected \"", want[i], "\""));
      continue;
    }
    if (!IsValidResourceId(got[i])) {
      return invalid(
          "ids are lowercase letters, digits and hyphens, start with a letter, at most 63");
    }
    ids.emplace_back(got[i]);
  }
  return ids;
}

absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view collection,
                                            absl::string_view field) {
  auto ids = ParseResourceName(name, absl::StrCat(collection, "/{id}"), field);
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

absl::string_view IdOfName(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::string ParentPattern(absl::string_view pattern) {
  const size_t slash = pattern.rfind('/');
  if (slash == absl::string_view::npos) return "";
  const size_t collection = pattern.rfind('/', slash - 1);
  return collection == absl::string_view::npos ? "" : std::string(pattern.substr(0, collection));
}

std::string ResourceVariable(absl::string_view pattern) {
  const size_t open = pattern.rfind('{');
  return std::string(pattern.substr(open + 1, pattern.size() - open - 2));
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

}  // namespace bch::common
