// The benefits register's table and hooks, and the trackers (see benefit_store.h).
#include "benefit_store.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "area_store.h"
#include "bch/common/checks.h"
#include "bch/common/money.h"
#include "bch/common/period.h"
#include "bch/common/resource_names.h"
#include "register_validation.h"

namespace bch::governance {
namespace {

// The first calendar year of the financial year of a stored (so valid) date.
int FinancialYearOf(const google::type::Date& date) {
  return common::FinancialYearOf(*common::ValidDay(true, date)).first_year;
}

int64_t PenceOf(const google::type::Money& money) {
  return common::PenceFromMoney(money, "").value_or(0);  // checked before it was stored
}

// A sum of amounts, exact whatever their count (a register holds at most 2,000 benefits of 50
// realisations each: see common::MoneyFromSum).
class Total {
 public:
  void Add(int64_t pence) { sum_ += pence; }
  google::type::Money ToMoney() const { return common::MoneyFromSum(sum_); }

 private:
  absl::int128 sum_ = 0;
};

struct StageSums {
  int count = 0;
  Total value;
};

struct YearSums {
  Total expected, realised, sustained;
};

// One tracker being summed.
struct TrackerSums {
  StageSums stages[4];  // identified, tracked, realised, sustained
  Total expected, realised, sustained;
  std::map<int, YearSums> years;  // by first calendar year of the financial year
  std::vector<const v1::Benefit*> benefits;
};

v1::BenefitTracker ToTracker(TrackerSums& sums, std::string area, std::string title) {
  v1::BenefitTracker tracker;
  tracker.set_area(std::move(area));
  tracker.set_area_title(std::move(title));
  // Expected by year: each benefit's full-year value in every year its timescale covers, over the
  // years from the earliest that anything starts or is realised (at most kMaxTrackerYears).
  std::optional<int> first, last;
  const auto see = [&](int year) {
    first = std::min(first.value_or(year), year);
    last = std::max(last.value_or(year), year);
  };
  for (const v1::Benefit* b : sums.benefits) {
    see(FinancialYearOf(b->timescale_start()));
    if (b->has_timescale_end()) see(FinancialYearOf(b->timescale_end()));
    for (const auto& r : b->realisations()) see(common::ParsePeriod(r.period(), "")->first_year);
  }
  if (first) last = std::min(*last, *first + kMaxTrackerYears - 1);
  for (const v1::Benefit* b : sums.benefits) {
    if (!b->has_full_year_value()) continue;
    const int from = FinancialYearOf(b->timescale_start());
    const int to = b->has_timescale_end() ? FinancialYearOf(b->timescale_end()) : *last;
    for (int year = std::max(from, *first); year <= std::min(to, *last); ++year) {
      sums.years[year].expected.Add(PenceOf(b->full_year_value()));
    }
  }
  for (int i = 0; i < 4; ++i) {
    v1::StageTotal& stage = *tracker.add_stages();
    stage.set_stage(static_cast<v1::BenefitStage>(v1::BENEFIT_STAGE_IDENTIFIED + i));
    stage.set_count(sums.stages[i].count);
    *stage.mutable_full_year_value() = sums.stages[i].value.ToMoney();
  }
  *tracker.mutable_expected() = sums.expected.ToMoney();
  *tracker.mutable_realised() = sums.realised.ToMoney();
  *tracker.mutable_sustained() = sums.sustained.ToMoney();
  if (first) {
    for (int year = *first; year <= *last; ++year) {
      const YearSums& sums_of_year = sums.years[year];
      v1::YearTotal& out = *tracker.add_years();
      out.set_period(common::FormatPeriod({year, year}));
      *out.mutable_expected() = sums_of_year.expected.ToMoney();
      *out.mutable_realised() = sums_of_year.realised.ToMoney();
      *out.mutable_sustained() = sums_of_year.sustained.ToMoney();
    }
  }
  return tracker;
}

}  // namespace

const common::VersionedTable& BenefitTable() {
  static const auto* const kTable =
      new common::VersionedTable({.name_pattern = "alliances/{alliance}/benefits/{benefit}",
                                  .kind = "Benefit",
                                  .current_table = "benefits",
                                  .versions_table = "benefit_versions",
                                  .timeline_table = "benefit_timeline",
                                  .key_columns = {"alliance_id", "id"},
                                  .columns = {common::BodyColumn({"stage", "realised_to_date"})}},
                                 v1::Benefit::default_instance());
  return *kTable;
}

common::WriteHooks BenefitHooks() {
  return {.check = [](common::DbConnection& db, const std::vector<std::string>& keys,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    const auto& benefit = static_cast<const v1::Benefit&>(state);
    common::Violations v;
    CheckBenefitState(v, benefit, day);
    if (absl::Status s = StateStatus(std::move(v), day); !s.ok()) return s;
    if (benefit.area().empty()) return absl::OkStatus();
    return AreaTable().ReferencedOn(db, {keys[0], std::string(common::IdOfName(benefit.area()))},
                                    day, "benefit.area");
  }};
}

std::vector<v1::BenefitTracker> BuildBenefitTrackers(
    const std::vector<v1::CollaborationArea>& areas, const std::vector<v1::Benefit>& benefits) {
  std::map<std::string, TrackerSums> by_area;  // by area name; "" for none
  for (const v1::Benefit& benefit : benefits) {
    TrackerSums& sums = by_area[benefit.area()];
    sums.benefits.push_back(&benefit);
    const int stage = benefit.stage() - v1::BENEFIT_STAGE_IDENTIFIED;
    const bool sustained = benefit.stage() == v1::BENEFIT_STAGE_SUSTAINED;
    sums.stages[stage].count++;
    if (benefit.has_full_year_value()) {
      sums.stages[stage].value.Add(PenceOf(benefit.full_year_value()));
      sums.expected.Add(PenceOf(benefit.full_year_value()));
    }
    for (const v1::BenefitRealisation& realisation : benefit.realisations()) {
      if (!realisation.has_value()) continue;
      const int64_t pence = PenceOf(realisation.value());
      YearSums& year = sums.years[common::ParsePeriod(realisation.period(), "")->first_year];
      sums.realised.Add(pence);
      year.realised.Add(pence);
      if (sustained) {
        sums.sustained.Add(pence);
        year.sustained.Add(pence);
      }
    }
  }
  std::vector<v1::BenefitTracker> trackers;
  for (const v1::CollaborationArea& area : areas) {
    trackers.push_back(ToTracker(by_area[area.name()], area.name(), area.display_name()));
  }
  if (auto none = by_area.find(""); none != by_area.end()) {
    trackers.push_back(ToTracker(none->second, "", ""));
  }
  return trackers;
}

absl::StatusOr<std::vector<v1::BenefitTracker>> ReadBenefitTrackers(common::DbConnection& db,
                                                                    const std::string& alliance_id,
                                                                    absl::CivilDay day) {
  auto areas = common::ReadAll<v1::CollaborationArea>(db, AreaTable(), {alliance_id}, day,
                                                      "t.display_order, t.id");
  if (!areas.ok()) return areas.status();
  // The bodies alone: a tracker needs none of the fields the kit fills on reads (name, etag,
  // times), which cost more than the body's own decoding.
  std::vector<common::SqlParam> params;
  const std::string sql = absl::StrCat("SELECT s.body FROM (",
                                       BenefitTable().SelectIn({alliance_id}, day, params), ") s");
  std::vector<v1::Benefit> benefits;
  absl::Status status = db.Query(sql, params, [&](const common::Row& row) {
    v1::Benefit& benefit = benefits.emplace_back();
    (void)benefit.ParseFromString(row.String(0));  // written by the kit from a valid message
    DeriveBenefit(benefit);
  });
  if (!status.ok()) return status;
  return BuildBenefitTrackers(*areas, benefits);
}

}  // namespace bch::governance
