// The risk register (bch_governance.risks, risk_versions, risk_timeline): risks of an alliance as
// a child resource on the kit, so that every change of score is kept and a risk reads right as of
// any day. Its band is not stored: it is derived on each read from the alliance's scoring of the
// day read, so that a change of an alliance's bands applies to every risk at once.
#ifndef BCH_SERVICES_GOVERNANCE_RISK_STORE_H_
#define BCH_SERVICES_GOVERNANCE_RISK_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/versioned_table.h"
#include "bch/governance/v1/register_service.pb.h"

namespace bch::governance {

const common::VersionedTable& RiskTable();

// The rules between a risk's fields (CheckRiskState) on every state a write makes.
common::WriteHooks RiskHooks();

// Which risks ListRisks returns: open ones, or open ones whose next review date is before `day`.
common::SqlFilter RiskFilter(bool open_only, bool review_overdue_only, absl::CivilDay day);

// The scoring in force for alliance `alliance_id` at the end of `as_of` (unset: now).
absl::StatusOr<v1::RiskScoring> ReadRiskScoring(common::DbConnection& db,
                                                const std::string& alliance_id,
                                                std::optional<absl::CivilDay> as_of);

// Sets each risk's band under the scoring of alliance `parent`[0] at the end of `as_of`.
absl::Status CompleteRisks(common::DbPool& pool, const std::vector<std::string>& parent,
                           std::optional<absl::CivilDay> as_of, absl::Time deadline,
                           std::vector<v1::Risk*>& risks);

// Each day the risk `keys`' scores, status or latest review changed, oldest first, with its band
// under the alliance's scoring of that day; NOT_FOUND if there is no such risk.
absl::StatusOr<std::vector<v1::RiskHistoryEntry>> ReadRiskHistory(
    common::DbPool& pool, const std::vector<std::string>& keys, absl::Time deadline);

}  // namespace bch::governance

#endif  // BCH_SERVICES_GOVERNANCE_RISK_STORE_H_
