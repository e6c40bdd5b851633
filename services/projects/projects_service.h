// gRPC handlers of bch.projects.v1.ProjectsService: decode, validate (validation.h and the kit's
// checks), call the stores, encode. No SQL here.
#ifndef BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_
#define BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_

#include <string>

#include "bch/common/service_main.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "milestone_store.h"
#include "programme_store.h"
#include "project_store.h"
#include "status_update_store.h"

namespace bch::projects {

class ProjectsServiceImpl final : public v1::ProjectsService::Service {
 public:
  explicit ProjectsServiceImpl(const common::ServiceDeps& deps);

  grpc::Status CreateProgramme(grpc::ServerContext* context,
                               const v1::CreateProgrammeRequest* request,
                               v1::Programme* response) override;
  grpc::Status GetProgramme(grpc::ServerContext* context, const v1::GetProgrammeRequest* request,
                            v1::Programme* response) override;
  grpc::Status ListProgrammes(grpc::ServerContext* context,
                              const v1::ListProgrammesRequest* request,
                              v1::ListProgrammesResponse* response) override;
  grpc::Status UpdateProgramme(grpc::ServerContext* context,
                               const v1::UpdateProgrammeRequest* request,
                               v1::Programme* response) override;
  grpc::Status CreateProject(grpc::ServerContext* context, const v1::CreateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status GetProject(grpc::ServerContext* context, const v1::GetProjectRequest* request,
                          v1::Project* response) override;
  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status UpdateProject(grpc::ServerContext* context, const v1::UpdateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status ArchiveProject(grpc::ServerContext* context,
                              const v1::ArchiveProjectRequest* request,
                              v1::Project* response) override;
  grpc::Status CreateMilestone(grpc::ServerContext* context,
                               const v1::CreateMilestoneRequest* request,
                               v1::Milestone* response) override;
  grpc::Status ListMilestones(grpc::ServerContext* context,
                              const v1::ListMilestonesRequest* request,
                              v1::ListMilestonesResponse* response) override;
  grpc::Status UpdateMilestone(grpc::ServerContext* context,
                               const v1::UpdateMilestoneRequest* request,
                               v1::Milestone* response) override;
  grpc::Status ListMilestoneChanges(grpc::ServerContext* context,
                                    const v1::ListMilestoneChangesRequest* request,
                                    v1::ListMilestoneChangesResponse* response) override;
  grpc::Status CreateStatusUpdate(grpc::ServerContext* context,
                                  const v1::CreateStatusUpdateRequest* request,
                                  v1::StatusUpdate* response) override;
  grpc::Status ListStatusUpdates(grpc::ServerContext* context,
                                 const v1::ListStatusUpdatesRequest* request,
                                 v1::ListStatusUpdatesResponse* response) override;
  grpc::Status GetPortfolio(grpc::ServerContext* context, const v1::GetPortfolioRequest* request,
                            v1::Portfolio* response) override;

 private:
  const std::string domain_;
  common::DbPool& pool_;
  const common::CallerResolver& callers_;
  ProgrammeStore programmes_;
  ProjectStore projects_;
  MilestoneStore milestones_;
  StatusUpdateStore status_updates_;
};

// How the projects service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition ProjectsServiceDefinition();

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_
