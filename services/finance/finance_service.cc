// gRPC handlers of the finance service (see finance_service.h).
#include "finance_service.h"

#include "absl/strings/str_cat.h"
#include "apportion.h"
#include "bch/common/checks.h"
#include "bch/common/default_ports.h"
#include "bch/common/handler.h"
#include "bch/common/idempotency.h"
#include "bch/common/money.h"
#include "summary.h"
#include "validation.h"

namespace bch {
const std::vector<common::MigrationSource>& FinanceMigrations();
}  // namespace bch

namespace bch::finance {
using common::Required;
using common::Violations;
using common::WriteContext;

namespace {

// The measures of a summary's rows as they stood on `as_of`: those asked for, in that order, or
// else every measure with a figure in the table, in display order.
absl::StatusOr<std::vector<SummaryRow>> SummaryRows(const MeasureStore& measures,
                                                    std::vector<std::string> asked,
                                                    const std::vector<KnownFigure>& known,
                                                    const std::vector<common::Period>& periods,
                                                    std::optional<absl::CivilDay> as_of,
                                                    absl::Time deadline) {
  const bool in_display_order = asked.empty();
  if (in_display_order) {
    std::set<std::string> ids;
    for (const KnownFigure& figure : known) {
      if (std::find(periods.begin(), periods.end(), figure.key.period) != periods.end()) {
        ids.insert(figure.key.measure_id);
      }
    }
    asked.assign(ids.begin(), ids.end());
  }
  std::vector<std::pair<v1::Measure, SummaryRow>> rows;
  for (const std::string& id : asked) {
    auto measure = measures.Get({id}, as_of, deadline);
    if (!measure.ok()) return measure.status();
    rows.emplace_back(*measure, SummaryRow{id, measure->display_name(),
                                           std::string(common::IdOfName(measure->share_of()))});
  }
  if (in_display_order) {
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.first.display_order() < b.first.display_order();
    });
  }
  std::vector<SummaryRow> result;
  for (auto& [measure, row] : rows) result.push_back(std::move(row));
  return result;
}

// The split of `agreement` whose period holds `period`; FAILED_PRECONDITION if none does.
absl::StatusOr<const v1::PeriodSplit*> SplitFor(const v1::CostSharingAgreement& agreement,
                                                const common::Period& period) {
  for (const v1::PeriodSplit& split : agreement.splits()) {
    auto covered = common::ParsePeriod(split.period(), "split");
    if (covered.ok() && covered->first_year <= period.first_year &&
        period.last_year <= covered->last_year) {
      return &split;
    }
  }
  return common::WithReason(
      absl::FailedPreconditionError(
          absl::StrCat(agreement.name(), " has no split for ", common::FormatPeriod(period))),
      "NO_SPLIT_FOR_PERIOD");
}

}  // namespace

FinanceServiceImpl::FinanceServiceImpl(const common::ServiceDeps& deps)
    : domain_(common::ErrorDomain("finance")),
      callers_(deps.callers),
      measures_(deps.pool, deps.callers, domain_,
                {.table = MeasureTable(),
                 .hooks = MeasureHooks(),
                 .updatable = UpdatableMeasureFields(),
                 .check = CheckMeasure}),
      figures_(deps.pool),
      agreements_(deps.pool, deps.callers, domain_,
                  {.table = AgreementTable(),
                   .updatable = UpdatableAgreementFields(),
                   .check = CheckAgreement}) {}

grpc::Status FinanceServiceImpl::CreateMeasure(grpc::ServerContext* context,
                                               const v1::CreateMeasureRequest* request,
                                               v1::Measure* response) {
  return measures_.Create(*context, *request, "", request->measure_id(), request->measure(),
                          *response);
}

grpc::Status FinanceServiceImpl::GetMeasure(grpc::ServerContext* context,
                                            const v1::GetMeasureRequest* request,
                                            v1::Measure* response) {
  return measures_.Get(*context, *request, *response);
}

grpc::Status FinanceServiceImpl::ListMeasures(grpc::ServerContext* context,
                                              const v1::ListMeasuresRequest* request,
                                              v1::ListMeasuresResponse* response) {
  return measures_.List(*context, *request, "", *response->mutable_measures(), *response);
}

grpc::Status FinanceServiceImpl::UpdateMeasure(grpc::ServerContext* context,
                                               const v1::UpdateMeasureRequest* request,
                                               v1::Measure* response) {
  return measures_.Update(*context, *request, request->measure(), *response);
}

grpc::Status FinanceServiceImpl::BatchRecordFigures(grpc::ServerContext* context,
                                                    const v1::BatchRecordFiguresRequest* request,
                                                    v1::BatchRecordFiguresResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const CheckedFigures checked = CheckFigures(v, request->figures());
    const absl::CivilDay effective = common::EffectiveDateOf(v, *request);
    v.AddFrom(common::CheckRequestIdFormat(request->request_id()));
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto write_context = common::WriteContextOf(callers_, *context);
    if (!write_context.ok()) return write_context.status();
    // A check (validate_only) of a batch asks for what the batch asks for: one fingerprint.
    v1::BatchRecordFiguresRequest asked = *request;
    asked.clear_validate_only();
    auto recorded =
        figures_.Record(checked.figures, checked.keys, effective, request->validate_only(),
                        request->request_id(), common::RequestHash(asked), *write_context);
    if (!recorded.ok()) return recorded.status();
    for (v1::Figure& figure : *recorded) *response->add_figures() = std::move(figure);
    return absl::OkStatus();
  });
}

grpc::Status FinanceServiceImpl::ListFigures(grpc::ServerContext* context,
                                             const v1::ListFiguresRequest* request,
                                             v1::ListFiguresResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    FigureFilter filter;
    common::CheckNameIn(v, "owner", request->owner(), kOwnerCollections, Required::kNo);
    filter.owner = request->owner();
    if (!request->measure().empty()) {
      filter.measure_id = common::IdFrom(v, request->measure(), "measures", "measure");
    }
    if (auto first = PeriodOf(v, "first_period", request->first_period(), Required::kNo)) {
      filter.first_year = first->first_year;
    }
    if (auto last = PeriodOf(v, "last_period", request->last_period(), Required::kNo)) {
      filter.last_year = last->last_year;
    }
    filter.basis = request->basis();
    common::CheckNameIn(v, "scope", request->scope(), kScopeCollections, Required::kNo);
    filter.scope = request->scope();
    filter.unscoped_only = request->unscoped_only();
    if (filter.unscoped_only && !filter.scope.empty()) {
      v.Add("unscoped_only", "cannot be set together with scope");
    }
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(
        *request, *response, *response->mutable_figures(),
        {request->owner(), request->measure(), request->first_period(), request->last_period(),
         absl::StrCat(request->basis()), request->scope(),
         request->unscoped_only() ? "unscoped" : "", common::AsOfTokenParameter(*request)},
        [&](const common::PageRequest& page) {
          return figures_.List(filter, page, as_of, common::DeadlineOf(*context));
        });
  });
}

grpc::Status FinanceServiceImpl::ListFigureRevisions(grpc::ServerContext* context,
                                                     const v1::ListFigureRevisionsRequest* request,
                                                     v1::ListFigureRevisionsResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    FigureKey key;
    common::CheckNameIn(v, "owner", request->owner(), kOwnerCollections, Required::kYes);
    key.owner = request->owner();
    key.measure_id = common::IdFrom(v, request->measure(), "measures", "measure");
    if (auto period = PeriodOf(v, "period", request->period(), Required::kYes)) {
      key.period = *period;
    }
    common::CheckEnumSet(v, "basis", request->basis());
    key.basis = request->basis();
    common::CheckNameIn(v, "scope", request->scope(), kScopeCollections, Required::kNo);
    key.scope = request->scope();
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    return common::ServeList(*request, *response, *response->mutable_revisions(), key.Keys(),
                             [&](const common::PageRequest& page) {
                               return figures_.Revisions(key, page, common::DeadlineOf(*context));
                             });
  });
}

grpc::Status FinanceServiceImpl::GetFinanceSummary(grpc::ServerContext* context,
                                                   const v1::GetFinanceSummaryRequest* request,
                                                   v1::FinanceSummary* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    if (request->owners().empty() || request->owners_size() > kMaxSummaryOwners) {
      v.Add("owners", absl::StrCat("must name 1 to ", kMaxSummaryOwners, " owners"));
    }
    const std::vector<std::string> owners(request->owners().begin(), request->owners().end());
    for (size_t i = 0; i < owners.size(); ++i) {
      const std::string field = absl::StrCat("owners[", i, "]");
      common::CheckNameIn(v, field, owners[i], kOwnerCollections, Required::kYes);
      if (std::find(owners.begin(), owners.begin() + i, owners[i]) != owners.begin() + i) {
        v.Add(field, "is named twice");
      }
    }
    if (request->periods().empty() || request->periods_size() > kMaxSummaryPeriods) {
      v.Add("periods", absl::StrCat("must name 1 to ", kMaxSummaryPeriods, " periods"));
    }
    std::vector<common::Period> periods;
    for (int i = 0; i < request->periods_size(); ++i) {
      const std::string field = absl::StrCat("periods[", i, "]");
      const auto period = PeriodOf(v, field, request->periods(i), Required::kYes);
      if (!period) continue;
      if (std::find(periods.begin(), periods.end(), *period) != periods.end()) {
        v.Add(field, "is named twice");
      }
      periods.push_back(*period);
    }
    if (request->measures_size() > kMaxSummaryMeasures) {
      v.Add("measures", absl::StrCat("must name at most ", kMaxSummaryMeasures, " measures"));
    }
    std::vector<std::string> measure_ids;
    for (int i = 0; i < request->measures_size(); ++i) {
      const std::string field = absl::StrCat("measures[", i, "]");
      const std::string id = common::IdFrom(v, request->measures(i), "measures", field);
      if (std::find(measure_ids.begin(), measure_ids.end(), id) != measure_ids.end()) {
        v.Add(field, "is named twice");
      }
      measure_ids.push_back(id);
    }
    common::CheckNameIn(v, "scope", request->scope(), kScopeCollections, Required::kNo);
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    const absl::Time deadline = common::DeadlineOf(*context);
    int first_year = common::kLastFinancialYear, last_year = common::kFirstFinancialYear;
    for (const common::Period& period : periods) {
      first_year = std::min(first_year, period.first_year);
      last_year = std::max(last_year, period.last_year);
    }
    auto known = figures_.Known(owners, request->scope(), first_year, last_year, as_of, deadline);
    if (!known.ok()) return known.status();
    auto rows = SummaryRows(measures_.store(), measure_ids, *known, periods, as_of, deadline);
    if (!rows.ok()) return rows.status();
    *response = BuildFinanceSummary(owners, periods, *rows, *known);
    if (as_of) *response->mutable_as_of() = common::DateFromCivilDay(*as_of);
    return absl::OkStatus();
  });
}

grpc::Status FinanceServiceImpl::CreateCostSharingAgreement(
    grpc::ServerContext* context, const v1::CreateCostSharingAgreementRequest* request,
    v1::CostSharingAgreement* response) {
  return agreements_.Create(*context, *request, "", request->cost_sharing_agreement_id(),
                            request->cost_sharing_agreement(), *response);
}

grpc::Status FinanceServiceImpl::GetCostSharingAgreement(
    grpc::ServerContext* context, const v1::GetCostSharingAgreementRequest* request,
    v1::CostSharingAgreement* response) {
  return agreements_.Get(*context, *request, *response);
}

grpc::Status FinanceServiceImpl::ListCostSharingAgreements(
    grpc::ServerContext* context, const v1::ListCostSharingAgreementsRequest* request,
    v1::ListCostSharingAgreementsResponse* response) {
  return agreements_.List(*context, *request, "", *response->mutable_cost_sharing_agreements(),
                          *response);
}

grpc::Status FinanceServiceImpl::UpdateCostSharingAgreement(
    grpc::ServerContext* context, const v1::UpdateCostSharingAgreementRequest* request,
    v1::CostSharingAgreement* response) {
  return agreements_.Update(*context, *request, request->cost_sharing_agreement(), *response);
}

grpc::Status FinanceServiceImpl::ApportionAmount(grpc::ServerContext* context,
                                                 const v1::ApportionAmountRequest* request,
                                                 v1::ApportionAmountResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->cost_sharing_agreement(),
                                          "costSharingAgreements", "cost_sharing_agreement");
    const auto period = PeriodOf(v, "period", request->period(), Required::kYes);
    const auto pence = AmountOf(v, "amount", request->has_amount(), request->amount());
    const auto as_of = common::AsOfOf(v, *request);
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto agreement = agreements_.store().Get({id}, as_of, common::DeadlineOf(*context));
    if (!agreement.ok()) return agreement.status();
    auto split = SplitFor(*agreement, *period);
    if (!split.ok()) return split.status();
    std::vector<int32_t> points;
    for (const v1::ForceShare& share : (*split)->shares()) points.push_back(share.basis_points());
    auto parts = Apportion(*pence, points);
    if (!parts.ok()) return parts.status();
    response->set_period((*split)->period());
    for (size_t i = 0; i < parts->size(); ++i) {
      v1::ApportionedPart& part = *response->add_parts();
      part.set_force((*split)->shares(static_cast<int>(i)).force());
      part.set_basis_points(points[i]);
      *part.mutable_amount() = common::MoneyFromPence((*parts)[i]);
    }
    return absl::OkStatus();
  });
}

common::ServiceDefinition FinanceServiceDefinition() {
  return {.name = "finance",
          .grpc_service_names = {v1::FinanceService::service_full_name()},
          .default_port = common::kFinancePort,
          .default_metrics_port = common::kFinanceMetricsPort,
          .migrations = &FinanceMigrations,
          .make_services = common::ServicesOf<FinanceServiceImpl>()};
}

}  // namespace bch::finance
