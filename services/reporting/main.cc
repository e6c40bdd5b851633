// reporting_server: flags and wiring only; everything else is in reporting_lib and bch_common.
#include "bch/common/service_main.h"
#include "reporting_service.h"

int main(int argc, char** argv) {
  return bch::common::RunServiceMain(argc, argv, bch::reporting::ReportingServiceDefinition());
}
