// governance_server: flags and wiring only; everything else is in governance_lib and bch_common.
#include "bch/common/service_main.h"
#include "governance_service.h"

int main(int argc, char** argv) {
  return bch::common::RunServiceMain(argc, argv, bch::governance::GovernanceServiceDefinition());
}
