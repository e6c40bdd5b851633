// SQL for figures (see figure_store.h).
#include "figure_store.h"

#include <map>
#include <numeric>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/idempotency.h"
#include "bch/common/money.h"
#include "bch/common/resource_names.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "bch/common/versioned_table.h"
#include "measure_store.h"

namespace bch::finance {
namespace {

constexpr char kKeyColumns[] = "t.owner, t.measure_id, t.first_year, t.last_year, t.basis, t.scope";

std::string Label(const std::vector<std::string>& keys) {
  int first = 0, last = 0, basis = 0;
  (void)absl::SimpleAtoi(keys[2], &first);
  (void)absl::SimpleAtoi(keys[3], &last);
  (void)absl::SimpleAtoi(keys[4], &basis);
  std::string label = absl::StrCat("the ", common::FormatPeriod({first, last}), " ",
                                   absl::AsciiStrToLower(v1::Basis_Name(basis).substr(6)),
                                   " figure of measures/", keys[1], " for ", keys[0]);
  if (!keys[5].empty()) absl::StrAppend(&label, " (", keys[5], ")");
  return label;
}

common::SqlParam AmountPence(const v1::Figure& figure) {
  return common::PenceFromMoney(figure.amount(), "amount")
      .value_or(0);  // checked before it is stored
}

const common::VersionedTable& Figures() {
  static const auto* const kTable = new common::VersionedTable(
      {.name_pattern = "figures/{owner}/{measure}/{first_year}/{last_year}/{basis}/{scope}",
       .label_of = Label,
       .kind = "Figure",
       .current_table = "figures",
       .versions_table = "figure_versions",
       .timeline_table = "figure_timeline",
       .key_columns = {"owner", "measure_id", "first_year", "last_year", "basis", "scope"},
       .columns = {common::BodyColumn(), common::Column<v1::Figure>("amount_pence", AmountPence)}},
      v1::Figure::default_instance());
  return *kTable;
}

const std::vector<std::string>& RecordedFields() {
  static const auto* const kFields = new std::vector<std::string>{"amount", "reason"};
  return *kFields;
}

std::string FigureField(size_t index, absl::string_view field) {
  return absl::StrCat("figures[", index, "]", field.empty() ? "" : ".", field);
}

// What a NOT_FOUND or INVALID_ARGUMENT status of the kit says, for a batch's violation list;
// nullopt for any other status, which the batch passes on.
std::optional<std::string> ProblemOf(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kNotFound) return std::string(status.message());
  if (status.code() != absl::StatusCode::kInvalidArgument) return std::nullopt;
  const auto violations = common::FieldViolationsOf(status);
  if (violations.empty()) return std::string(status.message());
  return absl::StrCat(violations.front().field, ": ", violations.front().description);
}

v1::FigureRevision RevisionOf(const common::Version& version) {
  const auto& figure = static_cast<const v1::Figure&>(*version.values);
  v1::FigureRevision revision;
  revision.set_revision(version.revision);
  *revision.mutable_amount() = figure.amount();
  revision.set_reason(figure.reason());
  *revision.mutable_effective_date() = common::DateFromCivilDay(version.effective_date);
  common::SetTimestamp(version.recorded_at, *revision.mutable_record_time());
  revision.set_recorded_by(version.recorded_by);
  return revision;
}

}  // namespace

std::vector<std::string> FigureKey::Keys() const {
  return {owner,
          measure_id,
          absl::StrCat(period.first_year),
          absl::StrCat(period.last_year),
          absl::StrCat(static_cast<int>(basis)),
          scope};
}

absl::StatusOr<std::vector<v1::Figure>> FigureStore::Record(
    const std::vector<v1::Figure>& figures, const std::vector<FigureKey>& keys,
    absl::CivilDay effective, bool validate_only, const std::string& request_id,
    const std::string& request_hash, const common::WriteContext& context) {
  std::vector<v1::Figure> recorded;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline, .roll_back = validate_only},
      [&](common::DbConnection& db) -> absl::Status {
        recorded.assign(figures.size(), v1::Figure());
        // Claimed with validate_only too (and rolled back with it), so that the check is the
        // same: a request id used before for another batch is refused either way.
        auto earlier =
            common::ClaimRequestId(db, request_id, "BatchRecordFigures", request_hash, "figures");
        if (!earlier.ok()) return earlier.status();
        // Every figure is written (or, on a retry, read); each the database refuses is listed,
        // and any refusal rolls the whole batch back. Figures are locked in key order, so that
        // batches sharing figures wait for each other instead of deadlocking.
        common::Violations v;
        std::map<std::string, absl::Status> measures;  // each measure checked once
        std::vector<size_t> order(figures.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return keys[a] < keys[b]; });
        for (const size_t i : order) {
          auto [measure, inserted] = measures.try_emplace(keys[i].measure_id);
          if (inserted) {
            measure->second =
                MeasureTable().ExistedOn(db, {keys[i].measure_id}, effective, "effective_date");
          }
          if (!measure->second.ok()) {
            const auto problem = ProblemOf(measure->second);
            if (!problem) return measure->second;
            v.Add(FigureField(i, "measure"), *problem);
            continue;
          }
          const std::vector<std::string> key = keys[i].Keys();
          // A retry: answer the state after every change, record nothing. Read through the
          // timeline, whose last period's revision is the write whose values it holds (the
          // current row's is the latest recorded, which a back-dated revision is not).
          if (earlier->has_value()) {
            if (absl::Status s = Figures().Get(db, key, common::kAfterEveryChange, recorded[i]);
                !s.ok()) {
              return s;
            }
            continue;
          }
          v1::Figure state;  // the figure after the write, on its latest day
          absl::Status written = Figures().UpdateIn(db, key, figures[i], RecordedFields(),
                                                    effective, "", context, {}, state);
          if (written.code() == absl::StatusCode::kNotFound) {
            written = Figures().CreateIn(db, key, figures[i], effective, context, {}, state);
            if (written.code() == absl::StatusCode::kAlreadyExists) {
              return common::WithReason(
                  absl::AbortedError(absl::StrCat(
                      Label(key), " was recorded by another request at the same time; retry")),
                  "CONCURRENT_RECORDING");
            }
          }
          if (written.ok()) {  // answered as recorded: a back-dated revision is not the latest
            recorded[i] = figures[i];
            recorded[i].set_revision(state.revision());
            *recorded[i].mutable_create_time() = state.create_time();
            *recorded[i].mutable_update_time() = state.update_time();
            *recorded[i].mutable_effective_date() = common::DateFromCivilDay(effective);
            continue;
          }
          const auto problem = ProblemOf(written);
          if (!problem || written.code() != absl::StatusCode::kInvalidArgument) return written;
          v.Add(FigureField(i, ""), *problem);
        }
        if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (validate_only) recorded.clear();  // nothing was recorded
  return recorded;
}

absl::StatusOr<common::Page<v1::Figure>> FigureStore::List(const FigureFilter& filter,
                                                           const common::PageRequest& page,
                                                           std::optional<absl::CivilDay> as_of,
                                                           absl::Time deadline) {
  using common::KeyPart;
  if (absl::Status s =
          common::CheckPageKey(page, {KeyPart::kText, KeyPart::kText, KeyPart::kInteger,
                                      KeyPart::kInteger, KeyPart::kInteger, KeyPart::kText});
      !s.ok()) {
    return s;
  }
  const common::VersionedTable& table = Figures();
  std::string sql =
      absl::StrCat("SELECT ", table.TimelineColumns("t"), " FROM figure_timeline t WHERE ",
                   common::VersionedTable::InEffectOn("t"));
  const std::string day = absl::FormatCivilTime(as_of.value_or(common::kAfterEveryChange));
  std::vector<common::SqlParam> params = {day, day};
  const auto where = [&](absl::string_view condition, common::SqlParam value) {
    absl::StrAppend(&sql, " AND ", condition);
    params.push_back(std::move(value));
  };
  if (!filter.owner.empty()) where("t.owner = ?", filter.owner);
  if (!filter.measure_id.empty()) where("t.measure_id = ?", filter.measure_id);
  if (filter.first_year) where("t.first_year >= ?", int64_t{*filter.first_year});
  if (filter.last_year) where("t.last_year <= ?", int64_t{*filter.last_year});
  if (filter.basis != v1::BASIS_UNSPECIFIED) where("t.basis = ?", int64_t{filter.basis});
  if (!filter.scope.empty()) where("t.scope = ?", filter.scope);
  if (filter.unscoped_only) where("t.scope = ?", std::string());
  if (!page.after.empty()) {
    absl::StrAppend(
        &sql, " AND ",
        common::KeysetCondition(
            {"t.owner", "t.measure_id", "t.first_year", "t.last_year", "t.basis", "t.scope"}, ">"));
    std::vector<common::SqlParam> last(page.after.begin(), page.after.end());
    for (common::SqlParam& param : common::KeysetParams(last)) params.push_back(std::move(param));
  }
  absl::StrAppend(&sql, " ORDER BY ", kKeyColumns, " LIMIT ?");
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  std::vector<std::vector<std::string>> row_keys;
  return common::FetchPage<v1::Figure>(
      **db, page, sql, std::move(params),
      [&](const common::Row& row) {
        v1::Figure figure;
        table.FromRow(row, figure);
        return figure;
      },
      [](const v1::Figure& figure) {
        auto period = common::ParsePeriod(figure.period(), "period");
        return std::vector<std::string>{figure.owner(),
                                        std::string(common::IdOfName(figure.measure())),
                                        absl::StrCat(period.ok() ? period->first_year : 0),
                                        absl::StrCat(period.ok() ? period->last_year : 0),
                                        absl::StrCat(static_cast<int>(figure.basis())),
                                        figure.scope()};
      });
}

absl::StatusOr<common::Page<v1::FigureRevision>> FigureStore::Revisions(
    const FigureKey& key, const common::PageRequest& page, absl::Time deadline) {
  if (absl::Status s = common::CheckPageKey(page, {common::KeyPart::kInteger}); !s.ok()) return s;
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  auto versions = Figures().Versions(**db, key.Keys());
  if (!versions.ok()) return versions.status();
  if (versions->empty()) {
    return absl::NotFoundError(absl::StrCat(Label(key.Keys()), " has never been recorded"));
  }
  std::vector<v1::FigureRevision> revisions;
  for (const common::Version& version : *versions) revisions.push_back(RevisionOf(version));
  std::sort(revisions.begin(), revisions.end(),
            [](const auto& a, const auto& b) { return a.revision() < b.revision(); });
  // Keys compare as text: fixed-width digits keep them in revision order.
  return common::PageOf(std::move(revisions), page, [](const v1::FigureRevision& revision) {
    return std::vector<std::string>{absl::StrFormat("%019d", revision.revision())};
  });
}

absl::StatusOr<std::vector<KnownFigure>> FigureStore::Known(const std::vector<std::string>& owners,
                                                            const std::string& scope,
                                                            int first_year, int last_year,
                                                            std::optional<absl::CivilDay> as_of,
                                                            absl::Time deadline) {
  std::vector<common::SqlParam> params(owners.begin(), owners.end());
  std::string sql = absl::StrCat(
      "SELECT t.owner, t.measure_id, t.first_year, t.last_year, t.basis, t.amount_pence FROM ",
      as_of ? "figure_timeline" : "figures", " t WHERE t.owner IN (",
      absl::StrJoin(std::vector<std::string>(owners.size(), "?"), ", "),
      ") AND t.scope = ? AND t.first_year >= ? AND t.last_year <= ?");
  params.insert(params.end(), {scope, int64_t{first_year}, int64_t{last_year}});
  if (as_of) {
    absl::StrAppend(&sql, " AND ", common::VersionedTable::InEffectOn("t"));
    params.insert(params.end(), {absl::FormatCivilTime(*as_of), absl::FormatCivilTime(*as_of)});
  }
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  std::vector<KnownFigure> known;
  absl::Status status = (*db)->Query(sql, params, [&](const common::Row& row) {
    known.push_back(
        {.key = {.owner = row.String(0),
                 .measure_id = row.String(1),
                 .period = {static_cast<int>(row.Int64(2)), static_cast<int>(row.Int64(3))},
                 .basis = static_cast<v1::Basis>(row.Int64(4)),
                 .scope = scope},
         .pence = row.Int64(5)});
  });
  if (!status.ok()) return status;
  return known;
}

}  // namespace bch::finance
