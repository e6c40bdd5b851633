// The register summary (RegisterService.GetRegisterSummary): what the paper's risk and benefits
// section needs for an alliance as of a day, read on one connection in six statements.
#ifndef BCH_SERVICES_GOVERNANCE_REGISTER_SUMMARY_H_
#define BCH_SERVICES_GOVERNANCE_REGISTER_SUMMARY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/governance/v1/register_service.pb.h"

namespace bch::governance {

// How many overdue risks a summary lists (it counts them all).
inline constexpr int kSummaryOverdueRisks = 20;

// The summary of alliance `alliance_id` at the end of `day`, with its `top_risks` highest open
// risks; NOT_FOUND if the alliance did not exist that day.
absl::StatusOr<v1::RegisterSummary> ReadRegisterSummary(common::DbPool& pool,
                                                        const std::string& alliance_id,
                                                        absl::CivilDay day, int top_risks,
                                                        absl::Time deadline);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_REGISTER_SUMMARY_H_
