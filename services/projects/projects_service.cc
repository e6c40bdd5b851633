// gRPC handlers of the projects service (see projects_service.h).
#include "projects_service.h"

#include "bch/common/handler.h"

namespace bch {
const std::vector<common::MigrationSource>& ProjectsMigrations();
}  // namespace bch

namespace bch::projects {

ProjectsServiceImpl::ProjectsServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("projects")), programmes_(deps.pool) {}

grpc::Status ProjectsServiceImpl::ListProgrammes(grpc::ServerContext* context,
                                                 const v1::ListProgrammesRequest* request,
                                                 v1::ListProgrammesResponse* response) {
  return common::Respond(*context, domain_, [&] {
    return common::ServeList(*request, *response, *response->mutable_programmes(), {},
                             [&](const common::PageRequest& page) {
                               return programmes_.List(page, common::DeadlineOf(*context));
                             });
  });
}

common::ServiceDefinition ProjectsServiceDefinition() {
  return {.name = "projects",
          .grpc_service_name = v1::ProjectsService::service_full_name(),
          .default_port = 50051,
          .default_metrics_port = 9092,
          .migrations = &ProjectsMigrations,
          .make_services = common::ServicesOf<ProjectsServiceImpl>()};
}

}  // namespace bch::projects
