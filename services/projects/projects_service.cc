// gRPC handlers of the projects service (see projects_service.h).
#include "projects_service.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "portfolio.h"
#include "validation.h"

namespace bch {
const std::vector<common::MigrationSource>& ProjectsMigrations();
}  // namespace bch

namespace bch::projects {
namespace {

using common::AsOfOf;
using common::EffectiveDateOf;
using common::IdFrom;
using common::MaskFrom;
using common::WriteContext;

std::set<std::string> AsSet(const std::vector<std::string>& paths) {
  return {paths.begin(), paths.end()};
}

}  // namespace

ProjectsServiceImpl::ProjectsServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("projects")),
      pool_(deps.pool),
      callers_(deps.callers),
      programmes_(deps.pool),
      projects_(deps.pool),
      milestones_(deps.pool),
      status_updates_(deps.pool) {}

grpc::Status ProjectsServiceImpl::CreateProgramme(grpc::ServerContext* context,
                                                  const v1::CreateProgrammeRequest* request,
                                                  v1::Programme* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    common::CheckId(v, "programme_id", request->programme_id());
    CheckProgramme(v, request->programme(), UpdatableProgrammeFields());
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return programmes_.Create(request->programme_id(), request->programme(), effective, w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::GetProgramme(grpc::ServerContext* context,
                                               const v1::GetProgrammeRequest* request,
                                               v1::Programme* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = IdFrom(v, request->name(), "programmes", "name");
    const auto as_of = AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(programmes_.Get(id, as_of, common::DeadlineOf(*context)), *response);
  });
}

grpc::Status ProjectsServiceImpl::ListProgrammes(grpc::ServerContext* context,
                                                 const v1::ListProgrammesRequest* request,
                                                 v1::ListProgrammesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const auto as_of = AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_programmes(),
                             {common::AsOfTokenParameter(*request)},
                             [&](const common::PageRequest& page) {
                               return programmes_.List(page, as_of, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status ProjectsServiceImpl::UpdateProgramme(grpc::ServerContext* context,
                                                  const v1::UpdateProgrammeRequest* request,
                                                  v1::Programme* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = IdFrom(v, request->programme().name(), "programmes", "programme.name");
    const auto paths =
        MaskFrom(v, request->update_mask(), request->programme(), UpdatableProgrammeFields());
    CheckProgramme(v, request->programme(), AsSet(paths));
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return programmes_.Update(id, request->programme(), paths, effective, w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::CreateProject(grpc::ServerContext* context,
                                                const v1::CreateProjectRequest* request,
                                                v1::Project* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    common::CheckId(v, "project_id", request->project_id());
    CheckProject(v, request->project(), UpdatableProjectFields(),
                 common::ResourceName("projects", request->project_id()));
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return projects_.Create(request->project_id(), request->project(), effective,
                                  request->request_id(), common::RequestHash(*request), w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::GetProject(grpc::ServerContext* context,
                                             const v1::GetProjectRequest* request,
                                             v1::Project* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = IdFrom(v, request->name(), "projects", "name");
    const auto as_of = AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::Answer(projects_.Get(id, as_of, common::DeadlineOf(*context)), *response);
  });
}

grpc::Status ProjectsServiceImpl::ListProjects(grpc::ServerContext* context,
                                               const v1::ListProjectsRequest* request,
                                               v1::ListProjectsResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    ProjectFilter filter;
    if (!request->programme().empty()) {
      filter.programme_id = IdFrom(v, request->programme(), "programmes", "programme");
    }
    common::CheckName(v, "lead_force", request->lead_force(), "forces", common::Required::kNo);
    common::CheckName(v, "participating_force", request->participating_force(), "forces",
                      common::Required::kNo);
    filter.lead_force = request->lead_force();
    filter.participating_force = request->participating_force();
    filter.state = request->state();
    filter.show_archived = request->show_archived();
    filter.as_of = AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    const std::vector<std::string> bound = {request->programme(),
                                            request->lead_force(),
                                            absl::StrCat(request->state()),
                                            request->participating_force(),
                                            common::AsOfTokenParameter(*request),
                                            request->show_archived() ? "archived" : ""};
    return common::ServeList(*request, *response, *response->mutable_projects(), bound,
                             [&](const common::PageRequest& page) {
                               return projects_.List(filter, page, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status ProjectsServiceImpl::UpdateProject(grpc::ServerContext* context,
                                                const v1::UpdateProjectRequest* request,
                                                v1::Project* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = IdFrom(v, request->project().name(), "projects", "project.name");
    const auto paths =
        MaskFrom(v, request->update_mask(), request->project(), UpdatableProjectFields());
    CheckProject(v, request->project(), AsSet(paths), request->project().name());
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return projects_.Update(id, request->project(), paths, effective, w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::ArchiveProject(grpc::ServerContext* context,
                                                 const v1::ArchiveProjectRequest* request,
                                                 v1::Project* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = IdFrom(v, request->name(), "projects", "name");
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) { return projects_.Archive(id, request->etag(), effective, w); },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::CreateMilestone(grpc::ServerContext* context,
                                                  const v1::CreateMilestoneRequest* request,
                                                  v1::Milestone* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string project_id = IdFrom(v, request->parent(), "projects", "parent");
    common::CheckId(v, "milestone_id", request->milestone_id());
    CheckMilestone(v, request->milestone(), UpdatableMilestoneFields());
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return milestones_.Create(project_id, request->milestone_id(), request->milestone(),
                                    effective, w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::ListMilestones(grpc::ServerContext* context,
                                                 const v1::ListMilestonesRequest* request,
                                                 v1::ListMilestonesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string project_id = IdFrom(v, request->parent(), "projects", "parent");
    const auto as_of = AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto milestones = milestones_.List(project_id, as_of, common::DeadlineOf(*context));
    if (!milestones.ok()) return milestones.status();
    for (auto& m : *milestones) *response->add_milestones() = std::move(m);
    return absl::OkStatus();
  });
}

grpc::Status ProjectsServiceImpl::UpdateMilestone(grpc::ServerContext* context,
                                                  const v1::UpdateMilestoneRequest* request,
                                                  v1::Milestone* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const auto ids = common::IdsFrom(v, request->milestone().name(),
                                     "projects/{project}/milestones/{milestone}", "milestone.name");
    const auto paths =
        MaskFrom(v, request->update_mask(), request->milestone(), UpdatableMilestoneFields());
    CheckMilestone(v, request->milestone(), AsSet(paths));
    const absl::CivilDay effective = EffectiveDateOf(v, *request);
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return milestones_.Update(ids[0], ids[1], request->milestone(), paths, effective, w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::ListMilestoneChanges(
    grpc::ServerContext* context, const v1::ListMilestoneChangesRequest* request,
    v1::ListMilestoneChangesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string project_id = IdFrom(v, request->parent(), "projects", "parent");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_changes(),
                             {request->parent(), request->slipped_only() ? "slipped" : "all"},
                             [&](const common::PageRequest& page) {
                               return milestones_.ListChanges(project_id, request->slipped_only(),
                                                              page, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status ProjectsServiceImpl::CreateStatusUpdate(grpc::ServerContext* context,
                                                     const v1::CreateStatusUpdateRequest* request,
                                                     v1::StatusUpdate* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string project_id = IdFrom(v, request->parent(), "projects", "parent");
    CheckStatusUpdate(v, request->status_update());
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const WriteContext& w) {
          return status_updates_.Create(project_id, request->status_update(), request->request_id(),
                                        common::RequestHash(*request), w);
        },
        *response);
  });
}

grpc::Status ProjectsServiceImpl::ListStatusUpdates(grpc::ServerContext* context,
                                                    const v1::ListStatusUpdatesRequest* request,
                                                    v1::ListStatusUpdatesResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string project_id = IdFrom(v, request->parent(), "projects", "parent");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_status_updates(),
                             {request->parent()}, [&](const common::PageRequest& page) {
                               return status_updates_.List(project_id, page,
                                                           common::DeadlineOf(*context));
                             });
  });
}

grpc::Status ProjectsServiceImpl::GetPortfolio(grpc::ServerContext* context,
                                               const v1::GetPortfolioRequest* request,
                                               v1::Portfolio* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    std::set<std::string> programme_ids;
    if (request->programmes_size() > kMaxPortfolioProgrammes) {
      v.Add("programmes", absl::StrCat("must list at most ", kMaxPortfolioProgrammes,
                                       " programmes (none means all)"));
    }
    for (int i = 0; i < request->programmes_size(); ++i) {
      programme_ids.insert(
          IdFrom(v, request->programmes(i), "programmes", absl::StrCat("programmes[", i, "]")));
    }
    const absl::CivilDay as_of = AsOfOf(v, *request).value_or(common::Today());
    // A part is as large as fits in one message; the token is tied to the method, the
    // programmes and the day.
    auto page =
        common::ParsePageRequest(0, request->page_token(),
                                 {absl::StrJoin(programme_ids, ","), absl::FormatCivilTime(as_of),
                                  v1::Portfolio::descriptor()->full_name()});
    if (!page.ok()) v.AddFrom(page.status());
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    page->size = std::numeric_limits<int>::max();
    return common::Answer(
        ReadPortfolio(pool_, programme_ids, as_of, *page, common::DeadlineOf(*context)), *response);
  });
}

common::ServiceDefinition ProjectsServiceDefinition() {
  return {.name = "projects",
          .grpc_service_names = {v1::ProjectsService::service_full_name()},
          .default_port = common::kProjectsPort,
          .default_metrics_port = common::kProjectsMetricsPort,
          .migrations = &ProjectsMigrations,
          .make_services = common::ServicesOf<ProjectsServiceImpl>()};
}

}  // namespace bch::projects
