// The portfolio read behind GetPortfolio and the gateway: every project of a set of programmes
// as of a day, with its latest status update and its milestones, in three queries whatever the
// number of projects (programmes; project periods with their latest status; milestone periods).
// Each query after the first reads only the wanted programmes' projects, so one force's
// portfolio costs about the same in a small alliance and in a portfolio of thousands. A portfolio
// too large for one message comes in parts: the entries after the page's key, as many as fit.
#ifndef BCH_SERVICES_PROJECTS_PORTFOLIO_H_
#define BCH_SERVICES_PROJECTS_PORTFOLIO_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/projects/v1/projects_service.pb.h"

namespace bch::projects {

// The most programmes one portfolio shows (named, or all of them when none are named).
inline constexpr int kMaxPortfolioProgrammes = 100;

// The programmes as they stood at the end of `as_of` (`programme_ids` empty means every one
// that existed then); one that did not exist then is NOT_FOUND. `page.after` is the key of the
// last entry already returned (empty for the first part).
absl::StatusOr<v1::Portfolio> ReadPortfolio(common::DbPool& pool,
                                            const std::set<std::string>& programme_ids,
                                            absl::CivilDay as_of, const common::PageRequest& page,
                                            absl::Time deadline);

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PORTFOLIO_H_
