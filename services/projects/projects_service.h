// gRPC handlers of bch.projects.v1.ProjectsService: decode, validate, call the store, encode.
#ifndef BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_
#define BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_

#include "bch/common/service_main.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "programme_store.h"

namespace bch::projects {

class ProjectsServiceImpl final : public v1::ProjectsService::Service {
 public:
  explicit ProjectsServiceImpl(const common::ServiceDeps& deps);

  grpc::Status ListProgrammes(grpc::ServerContext* context,
                              const v1::ListProgrammesRequest* request,
                              v1::ListProgrammesResponse* response) override;

 private:
  const std::string domain_;
  ProgrammeStore programmes_;
};

// How the projects service is run by common::RunServiceMain (and by tests).
common::ServiceDefinition ProjectsServiceDefinition();

}  // namespace bch::projects

#endif  // BCH_SERVICES_PROJECTS_PROJECTS_SERVICE_H_
