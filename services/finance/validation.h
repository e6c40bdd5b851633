// Input checks of the finance service: its own rules on top of the kit's (common/checks.h).
// Checks that canonicalise (periods written "2016/2017" become "2016/17") return what they read.
#ifndef BCH_SERVICES_FINANCE_VALIDATION_H_
#define BCH_SERVICES_FINANCE_VALIDATION_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bch/common/checks.h"
#include "bch/common/period.h"
#include "bch/finance/v1/finance_service.pb.h"
#include "figure_store.h"

namespace bch::finance {

// Limits of a request.
inline constexpr int kMaxFiguresPerBatch = 1000;
inline constexpr int kMaxSummaryOwners = 50;
inline constexpr int kMaxSummaryPeriods = 20;  // with kMaxSummaryOwners: 1000 amounts per sum
inline constexpr int kMaxSummaryMeasures = 100;
inline constexpr int kMaxSplits = 100;
inline constexpr int kMaxSharesPerSplit = 50;

// The measure's `fields` (all updatable ones on create, the mask's on update); `keys` hold the
// measure's own id (a measure is not a share of itself).
void CheckMeasure(common::Violations& v, const v1::Measure& measure,
                  const std::set<std::string>& fields, const std::vector<std::string>& keys);

// The fields UpdateMeasure may change.
const std::set<std::string>& UpdatableMeasureFields();

// A figure's owner and scope, as common::CheckNameIn takes them.
inline constexpr std::initializer_list<absl::string_view> kOwnerCollections = {"forces",
                                                                               "alliances"};
inline constexpr std::initializer_list<absl::string_view> kScopeCollections = {
    "programmes", "projects", "businessAreas"};

// A request's amount in whole pence (see money.h); nullopt, with a violation on `field`, when it
// is missing or not exact GBP.
std::optional<int64_t> AmountOf(common::Violations& v, const std::string& field, bool has_amount,
                                const google::type::Money& amount);

// A period as written ("2016/17"); nullopt (and a violation) when malformed, or when empty and
// `required`; nullopt alone when empty and not required.
std::optional<common::Period> PeriodOf(common::Violations& v, const std::string& field,
                                       const std::string& text, common::Required required);

// The figures of a batch, each under "figures[i]": 1 to kMaxFiguresPerBatch, each valid and
// each identity at most once. Returns the figures as they are stored (periods canonical,
// output-only fields cleared) and their keys; meaningful only when no violation was added.
struct CheckedFigures {
  std::vector<v1::Figure> figures;
  std::vector<FigureKey> keys;
};
CheckedFigures CheckFigures(common::Violations& v,
                            const google::protobuf::RepeatedPtrField<v1::Figure>& figures);

// The agreement's `fields` (all updatable ones on create, the mask's on update), with its
// splits' periods made canonical in `agreement` (a common::StandardMethods check; `keys` unused).
void CheckAgreement(common::Violations& v, v1::CostSharingAgreement& agreement,
                    const std::set<std::string>& fields, const std::vector<std::string>& keys);

// The fields UpdateCostSharingAgreement may change.
const std::set<std::string>& UpdatableAgreementFields();

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_VALIDATION_H_
