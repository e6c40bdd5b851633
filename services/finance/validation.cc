// Input checks of the finance service (see validation.h).
#include "validation.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "apportion.h"
#include "bch/common/money.h"
#include "bch/common/resource_names.h"

namespace bch::finance {
namespace {

using common::Required;
using common::Violations;

// Adds the violation an INVALID_ARGUMENT status carries (from money or period parsing).
template <typename T>
std::optional<T> ValueOr(Violations& v, absl::StatusOr<T> result) {
  if (result.ok()) return *std::move(result);
  v.AddFrom(result.status());
  return std::nullopt;
}

std::optional<FigureKey> CheckFigure(Violations& v, const std::string& prefix, v1::Figure& figure) {
  const auto field = [&](absl::string_view name) { return absl::StrCat(prefix, ".", name); };
  common::CheckNameIn(v, field("owner"), figure.owner(), kOwnerCollections, Required::kYes);
  const std::string measure_id = common::IdFrom(v, figure.measure(), "measures", field("measure"));
  const auto period = PeriodOf(v, field("period"), figure.period(), Required::kYes);
  common::CheckEnumSet(v, field("basis"), figure.basis());
  common::CheckNameIn(v, field("scope"), figure.scope(), kScopeCollections, Required::kNo);
  const std::optional<int64_t> pence =
      AmountOf(v, field("amount"), figure.has_amount(), figure.amount());
  common::CheckText(v, field("reason"), figure.reason(), 500, Required::kNo);
  if (!period || !pence || measure_id.empty()) return std::nullopt;
  figure.set_period(common::FormatPeriod(*period));
  *figure.mutable_amount() =
      common::MoneyFromPence(*pence);  // units and nanos as one reading of them
  figure.clear_revision();
  figure.clear_create_time();
  figure.clear_update_time();
  figure.clear_effective_date();
  return FigureKey{figure.owner(), measure_id, *period, figure.basis(), figure.scope()};
}

void CheckSplit(Violations& v, const std::string& prefix, v1::PeriodSplit& split) {
  if (auto period = PeriodOf(v, prefix + ".period", split.period(), Required::kYes)) {
    split.set_period(common::FormatPeriod(*period));
  }
  if (split.shares().empty() || split.shares_size() > kMaxSharesPerSplit) {
    v.Add(prefix + ".shares", absl::StrCat("must name 1 to ", kMaxSharesPerSplit, " forces"));
    return;
  }
  std::map<std::string, int> seen;
  std::vector<int32_t> points;
  for (int i = 0; i < split.shares_size(); ++i) {
    const v1::ForceShare& share = split.shares(i);
    const std::string field = absl::StrCat(prefix, ".shares[", i, "]");
    common::CheckName(v, field + ".force", share.force(), "forces", Required::kYes);
    if (auto [earlier, inserted] = seen.try_emplace(share.force(), i); !inserted) {
      v.Add(field + ".force", absl::StrCat("repeats ", prefix, ".shares[", earlier->second, "]"));
    }
    if (share.basis_points() < 0 || share.basis_points() > kWholeShare) {
      v.Add(field + ".basis_points", "must be 0 to 10000 (hundredths of a percent)");
    }
    points.push_back(share.basis_points());
  }
  if (absl::Status s = Apportion(0, points).status(); !s.ok()) {
    v.Add(prefix + ".shares", std::string(s.message()));
  }
}

}  // namespace

void CheckMeasure(Violations& v, const v1::Measure& measure, const std::set<std::string>& fields,
                  const std::vector<std::string>& keys) {
  const std::string& id = keys.back();
  if (fields.contains("display_name")) {
    common::CheckText(v, "measure.display_name", measure.display_name(), 200, Required::kYes);
  }
  if (fields.contains("description")) {
    common::CheckText(v, "measure.description", measure.description(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (fields.contains("unit")) common::CheckEnumSet(v, "measure.unit", measure.unit());
  if (fields.contains("share_of")) {
    common::CheckName(v, "measure.share_of", measure.share_of(), "measures", Required::kNo);
    if (!id.empty() && measure.share_of() == common::ResourceName("measures", id)) {
      v.Add("measure.share_of", "names the measure itself");
    }
  }
}

const std::set<std::string>& UpdatableMeasureFields() {
  static const auto* const kFields =
      new std::set<std::string>{"display_name", "description", "display_order", "unit", "share_of"};
  return *kFields;
}

std::optional<int64_t> AmountOf(Violations& v, const std::string& field, bool has_amount,
                                const google::type::Money& amount) {
  if (has_amount) return ValueOr(v, common::PenceFromMoney(amount, field));
  v.Add(field, "is required: an amount in GBP (google.type.Money)");
  return std::nullopt;
}

std::optional<common::Period> PeriodOf(Violations& v, const std::string& field,
                                       const std::string& text, Required required) {
  if (text.empty()) {
    if (required == Required::kYes) v.Add(field, "is required, e.g. \"2016/17\"");
    return std::nullopt;
  }
  return ValueOr(v, common::ParsePeriod(text, field));
}

CheckedFigures CheckFigures(Violations& v,
                            const google::protobuf::RepeatedPtrField<v1::Figure>& figures) {
  CheckedFigures checked;
  if (figures.empty() || figures.size() > kMaxFiguresPerBatch) {
    v.Add("figures", absl::StrCat("must hold 1 to ", kMaxFiguresPerBatch, " figures (has ",
                                  figures.size(), ")"));
    return checked;
  }
  std::map<FigureKey, int> seen;
  for (int i = 0; i < figures.size(); ++i) {
    const std::string prefix = absl::StrCat("figures[", i, "]");
    v1::Figure figure = figures[i];
    const auto key = CheckFigure(v, prefix, figure);
    if (!key) continue;
    if (auto [earlier, inserted] = seen.try_emplace(*key, i); !inserted) {
      v.Add(prefix, absl::StrCat("repeats figures[", earlier->second,
                                 "] (same owner, measure, period, basis and scope)"));
    }
    checked.figures.push_back(std::move(figure));
    checked.keys.push_back(*key);
  }
  return checked;
}

void CheckAgreement(Violations& v, v1::CostSharingAgreement& agreement,
                    const std::set<std::string>& fields, const std::vector<std::string>&) {
  const std::string prefix = "cost_sharing_agreement.";
  if (fields.contains("display_name")) {
    common::CheckText(v, prefix + "display_name", agreement.display_name(), 200, Required::kYes);
  }
  if (fields.contains("description")) {
    common::CheckText(v, prefix + "description", agreement.description(), 2000, Required::kNo,
                      /*multiline=*/true);
  }
  if (!fields.contains("splits")) return;
  if (agreement.splits().empty() || agreement.splits_size() > kMaxSplits) {
    v.Add(prefix + "splits", absl::StrCat("must hold 1 to ", kMaxSplits, " periods"));
    return;
  }
  std::vector<std::pair<common::Period, int>> periods;
  for (int i = 0; i < agreement.splits_size(); ++i) {
    const std::string field = absl::StrCat(prefix, "splits[", i, "]");
    CheckSplit(v, field, *agreement.mutable_splits(i));
    if (auto period = common::ParsePeriod(agreement.splits(i).period(), field); period.ok()) {
      periods.emplace_back(*period, i);
    }
  }
  std::sort(periods.begin(), periods.end());
  for (size_t i = 1; i < periods.size(); ++i) {
    if (periods[i].first.first_year <= periods[i - 1].first.last_year) {
      v.Add(absl::StrCat(prefix, "splits[", periods[i].second, "].period"),
            absl::StrCat("overlaps splits[", periods[i - 1].second, "] (",
                         common::FormatPeriod(periods[i - 1].first), ")"));
    }
  }
}

const std::set<std::string>& UpdatableAgreementFields() {
  static const auto* const kFields =
      new std::set<std::string>{"display_name", "description", "splits"};
  return *kFields;
}

}  // namespace bch::finance
