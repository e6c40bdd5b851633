// The portfolio read (see portfolio.h).
#include "portfolio.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "bch/common/resource_names.h"
#include "dated_value.h"
#include "milestone_store.h"
#include "programme_store.h"
#include "project_store.h"

namespace bch::projects {

absl::StatusOr<v1::Portfolio> ReadPortfolio(common::DbPool& pool,
                                            const std::set<std::string>& programme_ids,
                                            absl::CivilDay as_of, absl::Time deadline) {
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

  auto projects = ReadPortfolioProjects(**db, wanted, as_of);
  if (!projects.ok()) return projects.status();
  // In the programmes' display order (the query orders each programme's projects).
  std::stable_sort(projects->begin(), projects->end(),
                   [&](const v1::Project& a, const v1::Project& b) {
                     return programme_position[std::string(common::IdOfName(a.programme()))] <
                            programme_position[std::string(common::IdOfName(b.programme()))];
                   });
  std::vector<std::string> project_ids;
  for (const auto& project : *projects) {
    project_ids.emplace_back(common::IdOfName(project.name()));
  }
  auto milestones = ReadPortfolioMilestones(**db, project_ids, as_of);
  if (!milestones.ok()) return milestones.status();

  for (auto& project : *projects) {
    const std::string id(common::IdOfName(project.name()));
    v1::PortfolioEntry* entry = portfolio.add_entries();
    if (auto it = milestones->find(id); it != milestones->end()) {
      for (auto& milestone : it->second) *entry->add_milestones() = std::move(milestone);
    }
    *entry->mutable_project() = std::move(project);
  }
  return portfolio;
}

}  // namespace bch::projects
