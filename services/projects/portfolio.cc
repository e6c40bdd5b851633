// The portfolio read (see portfolio.h).
#include "portfolio.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/resource_names.h"
#include "milestone_store.h"
#include "programme_store.h"
#include "project_store.h"

namespace bch::projects {

absl::StatusOr<v1::Portfolio> ReadPortfolio(common::DbPool& pool,
                                            const std::set<std::string>& programme_ids,
                                            absl::CivilDay as_of, const common::PageRequest& page,
                                            absl::Time deadline) {
  if (absl::Status s = common::CheckPageKey(
          page, {common::KeyPart::kInteger, common::KeyPart::kInteger, common::KeyPart::kText});
      !s.ok())
    return s;
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  auto programmes = ReadProgrammesAsOf(
      **db, std::vector<std::string>(programme_ids.begin(), programme_ids.end()), as_of);
  if (!programmes.ok()) return programmes.status();

  v1::Portfolio portfolio;
  *portfolio.mutable_as_of() = common::DateFromCivilDay(as_of);
  std::map<std::string, size_t> programme_position;
  std::vector<std::string> wanted;
  std::set<std::string> missing = programme_ids;
  for (auto& programme : *programmes) {
    std::string id(common::IdOfName(programme.name()));
    missing.erase(id);
    programme_position[id] = wanted.size();
    wanted.push_back(std::move(id));
    *portfolio.add_programmes() = std::move(programme);
  }
  if (!missing.empty()) {
    return absl::NotFoundError(absl::StrCat("no such programme on ", absl::FormatCivilTime(as_of),
                                            ": programmes/",
                                            absl::StrJoin(missing, ", programmes/")));
  }
  // Every part names the programmes: so many that they would crowd out the entries are refused.
  if (portfolio.programmes_size() > kMaxPortfolioProgrammes) {
    return common::WithReason(
        absl::FailedPreconditionError(
            absl::StrCat("there are ", portfolio.programmes_size(), " programmes on ",
                         absl::FormatCivilTime(as_of), ", more than the ", kMaxPortfolioProgrammes,
                         " a portfolio shows; name the programmes wanted")),
        "TOO_MANY_PROGRAMMES");
  }

  auto projects = ReadPortfolioProjects(**db, wanted, as_of);
  if (!projects.ok()) return projects.status();
  // Programme in display order, then the project's display order and id; written so that the
  // keys compare as strings in that order.
  const auto key_of = [&](const v1::Project& project) {
    return std::vector<std::string>{
        absl::StrFormat("%06d",
                        programme_position[std::string(common::IdOfName(project.programme()))]),
        absl::StrFormat("%011d", static_cast<int64_t>(project.display_order()) + 2147483648LL),
        std::string(common::IdOfName(project.name()))};
  };
  std::vector<std::pair<std::vector<std::string>, v1::Project>> ordered;
  for (auto& project : *projects) {
    std::vector<std::string> key = key_of(project);
    if (page.after.empty() || page.after < key)
      ordered.emplace_back(std::move(key), std::move(project));
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> project_ids;
  for (const auto& [key, project] : ordered) project_ids.push_back(key.back());
  auto milestones = ReadPortfolioMilestones(**db, project_ids, as_of);
  if (!milestones.ok()) return milestones.status();

  std::vector<v1::PortfolioEntry> entries;
  for (auto& [key, project] : ordered) {
    v1::PortfolioEntry& entry = entries.emplace_back();
    if (auto it = milestones->find(key.back()); it != milestones->end()) {
      for (auto& milestone : it->second) *entry.add_milestones() = std::move(milestone);
    }
    *entry.mutable_project() = std::move(project);
  }
  // `entries` already start after the page's key (so only their milestones were read).
  common::PageRequest rest = page;
  rest.after.clear();
  common::Page<v1::PortfolioEntry> part = common::PageOf(
      std::move(entries), rest, [&](const v1::PortfolioEntry& e) { return key_of(e.project()); },
      common::kMaxResponseItemBytes - portfolio.ByteSizeLong());
  for (auto& entry : part.items) *portfolio.add_entries() = std::move(entry);
  portfolio.set_next_page_token(std::move(part.next_page_token));
  return portfolio;
}

}  // namespace bch::projects
