// How the values of a collaboration update are printed, in words a committee reads: dates
// ("14 December 2017"), ratings ("Amber/Green"), lifecycle states, bands, recommendation
// statuses and amounts in £m. The renderer and the diff both print through these, so a change
// reads the same in a diff as in the paper.
#ifndef BCH_SERVICES_REPORTING_PRINTED_H_
#define BCH_SERVICES_REPORTING_PRINTED_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bch/finance/v1/finance_service.pb.h"
#include "bch/governance/v1/governance_service.pb.h"
#include "bch/governance/v1/register_service.pb.h"
#include "bch/projects/v1/projects_service.pb.h"
#include "google/type/date.pb.h"
#include "google/type/money.pb.h"

namespace bch::reporting {

// "14 December 2017"; "" for an unset (all-zero) date.
std::string PrintDate(const google::type::Date& date);
// "December 2017"; "" for an unset date.
std::string PrintMonth(const google::type::Date& date);
// A key date as stated: its text, else its period in words; "" when empty.
std::string PrintDatedValue(const projects::v1::DatedValue& value);
// "Green", "Amber/Green", …, "Unrated"; "" for unspecified.
std::string PrintRating(projects::v1::DeliveryConfidence rating);
// "Proposed", "In delivery", "Live", "Closed", "Paused"; "" for unspecified.
std::string PrintState(projects::v1::LifecycleState state);
// "Low", "Medium", "High", "Very high"; "" for unspecified.
std::string PrintBand(governance::v1::RiskBand band);
// "Project", "Programme", "Portfolio"; "" for unspecified.
std::string PrintLevel(governance::v1::RegisterLevel level);
// "Open", "In progress", "Implemented", "Not accepted"…; "" for unspecified.
std::string PrintStatus(governance::v1::RecommendationStatus status);
// "Memorandum of Understanding", "Section 22A collaboration agreement", "Collaboration service
// agreement"; "" for unspecified.
std::string PrintAgreementType(governance::v1::AgreementType type);
// A cell as printed: its text ("21.998"), else its amount in £m, else "" when unknown.
std::string PrintCell(const finance::v1::FinanceCell& cell);
// A cell's amount in pence; nullopt when it has none or it is not valid money.
std::optional<int64_t> PenceOf(const finance::v1::FinanceCell& cell);
// An amount in £m to three decimals, e.g. "-0.310".
std::string PrintMillions(const google::type::Money& money);

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_PRINTED_H_
