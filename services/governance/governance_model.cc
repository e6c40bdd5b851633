// The governance model's tree and its rule (see governance_model.h).
#include "governance_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace bch::governance {
namespace {

// The problem, if any, of `written`'s place on a day with these reporting lines (body id -> the
// id it reports to): up from it, a line to a body that does not exist, a cycle back to it, or more
// than kMaxModelDepth levels; down from it, a body more than kMaxModelDepth levels deep.
std::optional<std::string> ProblemOn(const std::map<std::string, std::string>& lines,
                                     const std::string& written, absl::CivilDay day) {
  const auto line = lines.find(written);
  if (line == lines.end()) return std::nullopt;  // not yet created
  const std::string when = absl::FormatCivilTime(day);
  const auto too_deep = [&](const std::string& body) {
    return absl::StrCat(body, " would be more than ", kMaxModelDepth, " levels deep on ", when,
                        " (the most a governance model may have)");
  };
  std::vector<std::string> path = {written};
  for (std::string next = line->second; !next.empty();) {
    if (next == written) {
      return absl::StrCat(written, " reports to itself on ", when, " through ",
                          absl::StrJoin(path, " -> "), " -> ", written);
    }
    const auto up = lines.find(next);
    if (up == lines.end()) {
      return absl::StrCat(path.back(), " reports to ", next, ", which does not exist on ", when);
    }
    path.push_back(next);
    if (path.size() > kMaxModelDepth) return too_deep(written);
    next = up->second;
  }
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [body, reports_to] : lines) {
    if (!reports_to.empty()) children[reports_to].push_back(body);
  }
  std::vector<std::pair<std::string, size_t>> below = {{written, path.size()}};
  while (!below.empty()) {
    const auto [body, level] = below.back();
    below.pop_back();
    if (level > kMaxModelDepth) return too_deep(body);
    for (const std::string& child : children[body]) below.emplace_back(child, level + 1);
  }
  return std::nullopt;
}

// Adds `body`'s node with everything reporting to it; `children` by body name, in display order.
void AddNode(const v1::GovernanceBody& body,
             const std::map<std::string, std::vector<const v1::GovernanceBody*>>& children,
             std::set<std::string>& placed, v1::GovernanceModelNode& node) {
  *node.mutable_body() = body;
  placed.insert(body.name());
  const auto below = children.find(body.name());
  if (below == children.end()) return;
  for (const v1::GovernanceBody* child : below->second) {
    if (!placed.contains(child->name())) AddNode(*child, children, placed, *node.add_reports());
  }
}

}  // namespace

std::optional<std::string> FindReportingProblem(const std::vector<ReportingPeriod>& periods,
                                                const std::string& written) {
  std::vector<const ReportingPeriod*> in_order;
  for (const ReportingPeriod& period : periods) in_order.push_back(&period);
  std::sort(in_order.begin(), in_order.end(),
            [](const ReportingPeriod* a, const ReportingPeriod* b) { return a->from < b->from; });
  // The lines day by day: a body's period replaces its previous one (nothing is deleted).
  std::map<std::string, std::string> lines;
  for (size_t i = 0; i < in_order.size();) {
    const absl::CivilDay day = in_order[i]->from;
    for (; i < in_order.size() && in_order[i]->from == day; ++i) {
      lines[in_order[i]->body] = in_order[i]->reports_to;
    }
    if (auto problem = ProblemOn(lines, written, day)) return problem;
  }
  return std::nullopt;
}

v1::GovernanceModel BuildGovernanceModel(const std::string& alliance_name,
                                         std::vector<v1::GovernanceBody> bodies) {
  std::set<std::string> names;
  for (const v1::GovernanceBody& body : bodies) names.insert(body.name());
  std::map<std::string, std::vector<const v1::GovernanceBody*>> children;
  for (const v1::GovernanceBody& body : bodies) {
    if (names.contains(body.reports_to())) children[body.reports_to()].push_back(&body);
  }
  v1::GovernanceModel model;
  model.set_alliance(alliance_name);
  std::set<std::string> placed;
  for (const v1::GovernanceBody& body : bodies) {
    if (!names.contains(body.reports_to())) AddNode(body, children, placed, *model.add_roots());
  }
  return model;
}

}  // namespace bch::governance
