// gRPC handlers of the risk and benefit registers (see register_service.h).
#include "register_service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/strip.h"
#include "alliance_store.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "benefit_store.h"
#include "register_summary.h"
#include "register_validation.h"
#include "risk_store.h"

namespace bch::governance {
namespace {

// How many of each an alliance's register may hold, so that a tracker or a summary is one
// bounded read.
constexpr int64_t kMaxRisksPerAlliance = 2000;
constexpr int64_t kMaxBenefitsPerAlliance = 2000;

// GetRegisterSummary's `top_risks`: 0 means 10, at most 50.
constexpr int kDefaultTopRisks = 10;
constexpr int kMaxTopRisks = 50;

// A review's write refused, with each field named as the review request names it: the kit's
// `effective_date` is `review_date` (a review dated before the risk existed), and the risk's
// fields it sets are the request's own (`risk.next_review_date` is `next_review_date`).
absl::Status InRequestTerms(const absl::Status& status) {
  return common::RewriteViolations(status, [](common::FieldViolation& violation) {
    violation.field = violation.field == "effective_date"
                          ? "review_date"
                          : std::string(absl::StripPrefix(violation.field, "risk."));
  });
}

}  // namespace

using common::ParentOf;
using common::Violations;

RiskServiceImpl::RiskServiceImpl(const common::ServiceDeps& deps)
    : pool_(deps.pool),
      callers_(deps.callers),
      domain_(common::ErrorDomain("governance")),
      risks_(deps.pool, deps.callers, domain_,
             {.table = RiskTable(),
              .hooks = RiskHooks(),
              .parent = ParentOf{AllianceTable(), kMaxRisksPerAlliance},
              .updatable = UpdatableRiskFields(),
              .check = CheckRisk,
              .complete = [&pool = deps.pool](const std::vector<std::string>& parent,
                                              std::optional<absl::CivilDay> as_of,
                                              absl::Time deadline, std::vector<v1::Risk*>& risks) {
                return CompleteRisks(pool, parent, as_of, deadline, risks);
              }}) {}

grpc::Status RiskServiceImpl::CreateRisk(grpc::ServerContext* context,
                                         const v1::CreateRiskRequest* request, v1::Risk* response) {
  return risks_.Create(*context, *request, request->parent(), request->risk_id(), request->risk(),
                       *response);
}

grpc::Status RiskServiceImpl::GetRisk(grpc::ServerContext* context,
                                      const v1::GetRiskRequest* request, v1::Risk* response) {
  return risks_.Get(*context, *request, *response);
}

grpc::Status RiskServiceImpl::ListRisks(grpc::ServerContext* context,
                                        const v1::ListRisksRequest* request,
                                        v1::ListRisksResponse* response) {
  return risks_.List(*context, *request, request->parent(), *response->mutable_risks(), *response,
                     [request](std::optional<absl::CivilDay> as_of) {
                       return RiskFilter(request->open_only(), request->review_overdue_only(),
                                         as_of.value_or(common::Today()));
                     });
}

grpc::Status RiskServiceImpl::UpdateRisk(grpc::ServerContext* context,
                                         const v1::UpdateRiskRequest* request, v1::Risk* response) {
  return risks_.Update(*context, *request, request->risk(), *response);
}

grpc::Status RiskServiceImpl::ReviewRisk(grpc::ServerContext* context,
                                         const v1::ReviewRiskRequest* request, v1::Risk* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    v1::ReviewRiskRequest review = *request;
    const std::vector<std::string> keys =
        common::IdsFrom(v, review.name(), RiskTable().definition().name_pattern, "name");
    CheckRiskReview(v, review);
    const absl::CivilDay day = common::OptionalDate(v, "review_date", review.has_review_date(),
                                                    review.review_date(), common::Today());
    // A review is a write of the risk dated the day it took place: its record, and whatever it
    // changed.
    v1::Risk patch;
    patch.set_name(review.name());
    patch.set_etag(review.etag());
    *patch.mutable_last_review() = review.review();
    *patch.mutable_last_review()->mutable_review_date() = common::DateFromCivilDay(day);
    std::vector<std::string> paths = {"last_review"};
    if (review.has_inherent()) {
      *patch.mutable_inherent() = review.inherent();
      paths.emplace_back("inherent");
    }
    if (review.has_residual()) {
      *patch.mutable_residual() = review.residual();
      paths.emplace_back("residual");
    }
    if (review.has_next_review_date()) {
      *patch.mutable_next_review_date() = review.next_review_date();
      paths.emplace_back("next_review_date");
    }
    return common::Mutate(
        callers_, *context, std::move(v),
        [&](const common::WriteContext& w) -> absl::StatusOr<v1::Risk> {
          auto risk = risks_.store().Update(keys, patch, paths, day, w);
          if (!risk.ok()) return InRequestTerms(risk.status());
          return risks_.Completed(*std::move(risk), keys, common::DeadlineOf(*context));
        },
        *response);
  });
}

grpc::Status RiskServiceImpl::ListRiskHistory(grpc::ServerContext* context,
                                              const v1::ListRiskHistoryRequest* request,
                                              v1::ListRiskHistoryResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::vector<std::string> keys =
        common::IdsFrom(v, request->name(), RiskTable().definition().name_pattern, "name");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto entries = ReadRiskHistory(pool_, keys, common::DeadlineOf(*context));
    if (!entries.ok()) return entries.status();
    for (v1::RiskHistoryEntry& entry : *entries) *response->add_entries() = std::move(entry);
    return common::CheckResponseSize(*response, "the risk's history");
  });
}

BenefitServiceImpl::BenefitServiceImpl(const common::ServiceDeps& deps)
    : pool_(deps.pool),
      domain_(common::ErrorDomain("governance")),
      benefits_(deps.pool, deps.callers, domain_,
                {.table = BenefitTable(),
                 .hooks = BenefitHooks(),
                 .parent = ParentOf{AllianceTable(), kMaxBenefitsPerAlliance},
                 .updatable = UpdatableBenefitFields(),
                 .check = CheckBenefit,
                 .complete = [](const std::vector<std::string>&, std::optional<absl::CivilDay>,
                                absl::Time, std::vector<v1::Benefit*>& benefits) {
                   for (v1::Benefit* benefit : benefits) DeriveBenefit(*benefit);
                   return absl::OkStatus();
                 }}) {}

grpc::Status BenefitServiceImpl::CreateBenefit(grpc::ServerContext* context,
                                               const v1::CreateBenefitRequest* request,
                                               v1::Benefit* response) {
  return benefits_.Create(*context, *request, request->parent(), request->benefit_id(),
                          request->benefit(), *response);
}

grpc::Status BenefitServiceImpl::GetBenefit(grpc::ServerContext* context,
                                            const v1::GetBenefitRequest* request,
                                            v1::Benefit* response) {
  return benefits_.Get(*context, *request, *response);
}

grpc::Status BenefitServiceImpl::ListBenefits(grpc::ServerContext* context,
                                              const v1::ListBenefitsRequest* request,
                                              v1::ListBenefitsResponse* response) {
  return benefits_.List(*context, *request, request->parent(), *response->mutable_benefits(),
                        *response);
}

grpc::Status BenefitServiceImpl::UpdateBenefit(grpc::ServerContext* context,
                                               const v1::UpdateBenefitRequest* request,
                                               v1::Benefit* response) {
  return benefits_.Update(*context, *request, request->benefit(), *response);
}

grpc::Status BenefitServiceImpl::ListBenefitTrackers(grpc::ServerContext* context,
                                                     const v1::ListBenefitTrackersRequest* request,
                                                     v1::ListBenefitTrackersResponse* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->parent(), "alliances", "parent");
    const absl::CivilDay day =
        common::OptionalDate(v, "as_of", request->has_as_of(), request->as_of(), common::Today());
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    auto db = pool_.Acquire(common::DeadlineOf(*context));
    if (!db.ok()) return db.status();
    v1::Alliance alliance;  // NOT_FOUND, as the summary says, if it did not exist that day
    if (absl::Status s = AllianceTable().Get(**db, {id}, day, alliance); !s.ok()) return s;
    auto trackers = ReadBenefitTrackers(**db, id, day);
    if (!trackers.ok()) return trackers.status();
    for (v1::BenefitTracker& tracker : *trackers) *response->add_trackers() = std::move(tracker);
    return common::CheckResponseSize(*response, "the benefits trackers");
  });
}

RegisterServiceImpl::RegisterServiceImpl(const common::ServiceDeps& deps)
    : pool_(deps.pool), domain_(common::ErrorDomain("governance")) {}

grpc::Status RegisterServiceImpl::GetRegisterSummary(grpc::ServerContext* context,
                                                     const v1::GetRegisterSummaryRequest* request,
                                                     v1::RegisterSummary* response) {
  return common::Respond(*context, domain_, *request, [&]() -> absl::Status {
    Violations v;
    const std::string id = common::IdFrom(v, request->alliance(), "alliances", "alliance");
    const absl::CivilDay day =
        common::OptionalDate(v, "as_of", request->has_as_of(), request->as_of(), common::Today());
    if (request->top_risks() < 0) v.Add("top_risks", "must not be negative");
    if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
    const int top =
        request->top_risks() == 0 ? kDefaultTopRisks : std::min(request->top_risks(), kMaxTopRisks);
    auto summary = ReadRegisterSummary(pool_, id, day, top, common::DeadlineOf(*context));
    if (!summary.ok()) return summary.status();
    if (absl::Status s = common::CheckResponseSize(*summary, "the register summary"); !s.ok()) {
      return s;
    }
    return common::Answer(std::move(summary), *response);
  });
}

}  // namespace bch::governance
