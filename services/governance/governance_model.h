// The governance model as a tree of reporting lines, and the rule that keeps it a tree on every
// day: pure functions over bodies and their timeline periods (no SQL).
#ifndef BCH_SERVICES_GOVERNANCE_GOVERNANCE_MODEL_H_
#define BCH_SERVICES_GOVERNANCE_GOVERNANCE_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

// A body's reporting line from the first day of one period of its timeline, until its next
// period's (nothing is deleted, so a body's last period runs on).
struct ReportingPeriod {
  std::string body;        // the body's id
  std::string reports_to;  // the id of the body it reports to; "" at the top
  absl::CivilDay from;
};

// The most levels a governance model has (so that a model is a tree any protobuf parser reads:
// C++'s default recursion limit is 100).
inline constexpr size_t kMaxModelDepth = 20;

// The first problem, in day order, that the body `written` (just written, its periods among
// `periods`) makes in the reporting lines on any day: a line to a body that does not exist that
// day, a cycle ("a reports to itself on D through a -> b -> a"), or a model more than
// kMaxModelDepth levels deep above or below it; nullopt when there is none. Only `written`'s
// lines are walked: every other body's were checked when they were written, and a write changes
// one body's lines alone. Linear in the periods and bodies.
std::optional<std::string> FindReportingProblem(const std::vector<ReportingPeriod>& periods,
                                                const std::string& written);

// The tree of `bodies` (given in display order): each body under the one it reports to, those
// that report to none (or to a body not among them) at the top.
v1::GovernanceModel BuildGovernanceModel(const std::string& alliance_name,
                                         std::vector<v1::GovernanceBody> bodies);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_GOVERNANCE_MODEL_H_
