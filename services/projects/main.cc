// projects_server: flags and wiring only; everything else is in projects_lib and bch_common.
#include "bch/common/service_main.h"
#include "projects_service.h"

int main(int argc, char** argv) {
  return bch::common::RunServiceMain(argc, argv, bch::projects::ProjectsServiceDefinition());
}
