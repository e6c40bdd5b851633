// GetGovernanceSummary: what the paper's background and governance sections need for one
// alliance as of a day, read on one connection in a fixed handful of queries.
#ifndef BCH_SERVICES_GOVERNANCE_SUMMARY_H_
#define BCH_SERVICES_GOVERNANCE_SUMMARY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/governance/v1/governance_service.pb.h"

namespace bch::governance {

// NOT_FOUND if the alliance did not exist on `day`.
absl::StatusOr<v1::GovernanceSummary> ReadGovernanceSummary(common::DbPool& pool,
                                                            const std::string& alliance_id,
                                                            absl::CivilDay day,
                                                            absl::Time deadline);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_SUMMARY_H_
