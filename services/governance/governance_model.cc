// The governance model's tree and its rule (see governance_model.h).
#include "governance_model.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace bch::governance {
namespace {

// The reporting lines in effect on `day`: body id -> the id it reports to.
std::map<std::string, std::string> LinesOn(const std::vector<ReportingPeriod>& periods,
                                           absl::CivilDay day) {
  std::map<std::string, std::string> lines;
  for (const ReportingPeriod& period : periods) {
    if (period.from <= day && day < period.to) lines[period.body] = period.reports_to;
  }
  return lines;
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
  std::set<absl::CivilDay> days;
  for (const ReportingPeriod& period : periods) days.insert(period.from);
  for (const absl::CivilDay day : days) {
    const std::map<std::string, std::string> lines = LinesOn(periods, day);
    std::vector<std::string> bodies;  // the written body first, so that problems read from it
    if (lines.contains(written)) bodies.push_back(written);
    for (const auto& entry : lines) {
      if (entry.first != written) bodies.push_back(entry.first);
    }
    for (const std::string& body : bodies) {
      const std::string& reports_to = lines.at(body);
      if (reports_to.empty()) continue;
      if (!lines.contains(reports_to)) {
        return absl::StrCat(body, " reports to ", reports_to, ", which does not exist on ",
                            absl::FormatCivilTime(day));
      }
      std::vector<std::string> path = {body};
      for (std::string next = reports_to; !next.empty(); next = lines.at(next)) {
        if (next == body) {
          return absl::StrCat(body, " reports to itself on ", absl::FormatCivilTime(day),
                              " through ", absl::StrJoin(path, " -> "), " -> ", body);
        }
        if (path.size() > lines.size() || !lines.contains(next)) break;  // another body's fault
        path.push_back(next);
      }
    }
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
