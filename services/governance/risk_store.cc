// The risk register's table, hooks and reads (see risk_store.h).
#include "risk_store.h"

#include <google/protobuf/util/message_differencer.h>

#include <utility>

#include "alliance_store.h"
#include "bch/common/checks.h"
#include "register_validation.h"
#include "risk_scoring.h"

namespace bch::governance {

using common::SqlParam;
using v1::Risk;

const common::VersionedTable& RiskTable() {
  // The mirror columns are what a list filters and a summary counts on, without the body.
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "alliances/{alliance}/risks/{risk}",
       .kind = "Risk",
       .current_table = "risks",
       .versions_table = "risk_versions",
       .timeline_table = "risk_timeline",
       .key_columns = {"alliance_id", "id"},
       .columns = {common::BodyColumn({"residual_band"}),
                   common::Column<Risk>(
                       "level", [](const Risk& r) -> SqlParam { return int64_t{r.level()}; }),
                   common::Column<Risk>(
                       "inherent_score",
                       [](const Risk& r) -> SqlParam { return int64_t{r.inherent().score()}; }),
                   common::Column<Risk>(
                       "residual_score",
                       [](const Risk& r) -> SqlParam { return int64_t{r.residual().score()}; }),
                   common::Column<Risk>("closed",
                                        [](const Risk& r) -> SqlParam {
                                          return int64_t{r.status() == v1::RISK_STATUS_CLOSED};
                                        }),
                   common::Column<Risk>("next_review_date",
                                        [](const Risk& r) -> SqlParam {
                                          const auto day = common::ValidDay(
                                              r.has_next_review_date(), r.next_review_date());
                                          if (!day) return nullptr;
                                          return absl::FormatCivilTime(*day);
                                        })}},
      v1::Risk::default_instance());
  return *kTable;
}

common::WriteHooks RiskHooks() {
  return {.check = [](common::DbConnection&, const std::vector<std::string>&,
                      const google::protobuf::Message& state,
                      std::optional<absl::CivilDay> day) -> absl::Status {
    common::Violations v;
    CheckRiskState(v, static_cast<const Risk&>(state), day);
    return StateStatus(std::move(v), day);
  }};
}

common::SqlFilter RiskFilter(bool open_only, bool review_overdue_only, absl::CivilDay day) {
  if (review_overdue_only) {
    return {"t.closed = 0 AND t.next_review_date < ?", {absl::FormatCivilTime(day)}};
  }
  if (open_only) return {"t.closed = 0", {}};
  return {};
}

absl::StatusOr<v1::RiskScoring> ReadRiskScoring(common::DbConnection& db,
                                                const std::string& alliance_id,
                                                std::optional<absl::CivilDay> as_of) {
  v1::Alliance alliance;
  if (absl::Status s = AllianceTable().Get(db, {alliance_id}, as_of, alliance); !s.ok()) return s;
  return RiskScoringOf(alliance);
}

absl::Status CompleteRisks(common::DbPool& pool, const std::vector<std::string>& parent,
                           std::optional<absl::CivilDay> as_of, absl::Time deadline,
                           std::vector<Risk*>& risks) {
  if (risks.empty()) return absl::OkStatus();
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  auto scoring = ReadRiskScoring(**db, parent.at(0), as_of);
  if (!scoring.ok()) return scoring.status();
  for (Risk* risk : risks) risk->set_residual_band(BandOf(risk->residual().score(), *scoring));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::RiskHistoryEntry>> ReadRiskHistory(
    common::DbPool& pool, const std::vector<std::string>& keys, absl::Time deadline) {
  auto db = pool.Acquire(deadline);
  if (!db.ok()) return db.status();
  auto periods = common::ReadPeriods<Risk>(**db, RiskTable(), keys);
  if (!periods.ok()) return periods.status();
  if (periods->empty()) {  // no such risk: NOT_FOUND, as the kit says it
    absl::Status status = RiskTable().ExistedOn(**db, keys, common::kAfterEveryChange, "name");
    if (!status.ok()) return status;
    return std::vector<v1::RiskHistoryEntry>();
  }
  auto alliances = common::ReadPeriods<v1::Alliance>(**db, AllianceTable(), {keys[0]});
  if (!alliances.ok()) return alliances.status();
  using google::protobuf::util::MessageDifferencer;
  const auto day_of = [](const google::type::Date& date) {
    return *common::ValidDay(true, date);  // stored dates are valid
  };
  std::vector<v1::RiskHistoryEntry> entries;
  size_t alliance = 0;  // the alliance's period in effect on the entry's day
  const Risk* previous = nullptr;
  for (const Risk& risk : *periods) {
    if (previous != nullptr && previous->status() == risk.status() &&
        MessageDifferencer::Equals(previous->inherent(), risk.inherent()) &&
        MessageDifferencer::Equals(previous->residual(), risk.residual()) &&
        MessageDifferencer::Equals(previous->last_review(), risk.last_review())) {
      continue;  // only other fields changed that day
    }
    previous = &risk;
    const absl::CivilDay day = day_of(risk.effective_date());
    while (alliance + 1 < alliances->size() &&
           day_of((*alliances)[alliance + 1].effective_date()) <= day) {
      ++alliance;
    }
    // The alliance existed on every day of its risk (the parent check), so it has a period here.
    const v1::RiskScoring& scoring =
        alliances->empty() ? DefaultRiskScoring() : RiskScoringOf((*alliances)[alliance]);
    v1::RiskHistoryEntry& entry = entries.emplace_back();
    *entry.mutable_effective_date() = risk.effective_date();
    *entry.mutable_inherent() = risk.inherent();
    *entry.mutable_residual() = risk.residual();
    entry.set_residual_band(BandOf(risk.residual().score(), scoring));
    entry.set_status(risk.status());
    if (risk.has_last_review() && day_of(risk.last_review().review_date()) == day) {
      *entry.mutable_review() = risk.last_review();
    }
  }
  return entries;
}

}  // namespace bch::governance
