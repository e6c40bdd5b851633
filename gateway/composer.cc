// Parallel composition of the collaboration update (see composer.h).
#include "composer.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/metrics.h"
#include "bch/common/resource_names.h"
#include "bch/common/server.h"

namespace bch::gateway {
namespace {

// The reference lists are small; one page of the largest size holds them (a section whose list
// goes on past it is marked incomplete).
constexpr int kListPageSize = 1000;

// One backend call in flight: its context, request, response and outcome.
template <typename Request, typename Response>
struct Call {
  grpc::ClientContext context;
  Request request;
  Response response;
  grpc::Status status;
};

template <typename Request, typename Response>
void Prepare(Call<Request, Response>& call, absl::Time deadline, const std::string& request_id) {
  call.context.set_deadline(absl::ToChronoTime(deadline));
  call.context.AddMetadata(common::kRequestIdHeader, request_id);
  call.request.set_page_size(kListPageSize);
}

// A section from its backend's answer: complete only when the call succeeded and its list had
// no further page (`next_page_token` empty).
v1::Section SectionOf(std::string id, const grpc::Status& status,
                      const std::string& next_page_token) {
  v1::Section section;
  section.set_id(std::move(id));
  section.set_complete(status.ok() && next_page_token.empty());
  if (!status.ok()) {
    section.set_missing_reason(
        absl::StrCat(common::GrpcCodeName(status.error_code()), ": ", status.error_message()));
  } else if (!next_page_token.empty()) {
    section.set_missing_reason(
        absl::StrCat("more than one page: only the first ", kListPageSize, " items are shown"));
  }
  return section;
}

absl::Status ValidateRequest(const v1::ComposeCollaborationUpdateRequest& request) {
  common::Violations v;
  common::CheckName(v, "report_series", request.report_series(), "reportSeries",
                    common::Required::kNo);
  common::CheckName(v, "force", request.force(), "forces", common::Required::kNo);
  (void)common::AsOfOf(v, request);
  return std::move(v).ToStatus();
}

}  // namespace

Backends ConnectBackends(const std::string& projects, const std::string& finance,
                         const std::string& governance, const std::string& reporting) {
  auto connect = [](const std::string& target) {
    // Spread calls over every address a target resolves to (replicas behind headless DNS).
    grpc::ChannelArguments arguments;
    arguments.SetLoadBalancingPolicyName("round_robin");
    // Whatever a service may send (its pages are bounded to fit this).
    arguments.SetMaxReceiveMessageSize(common::kMaxMessageBytes);
    return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments);
  };
  return {connect(projects), connect(finance), connect(governance), connect(reporting)};
}

Composer::Composer(const Backends& backends)
    : projects_(projects::v1::ProjectsService::NewStub(backends.projects)),
      finance_(finance::v1::FinanceService::NewStub(backends.finance)),
      governance_(governance::v1::GovernanceService::NewStub(backends.governance)),
      reporting_(reporting::v1::ReportingService::NewStub(backends.reporting)) {}

absl::StatusOr<v1::CollaborationUpdate> Composer::Compose(
    const v1::ComposeCollaborationUpdateRequest& request, absl::Time deadline,
    const std::string& request_id) {
  if (absl::Status status = ValidateRequest(request); !status.ok()) return status;

  Call<projects::v1::ListProgrammesRequest, projects::v1::ListProgrammesResponse> programmes;
  Call<finance::v1::ListMeasuresRequest, finance::v1::ListMeasuresResponse> measures;
  Call<governance::v1::ListForcesRequest, governance::v1::ListForcesResponse> forces;
  Call<reporting::v1::ListReportSeriesRequest, reporting::v1::ListReportSeriesResponse> series;
  Prepare(programmes, deadline, request_id);
  Prepare(measures, deadline, request_id);
  Prepare(forces, deadline, request_id);
  Prepare(series, deadline, request_id);

  // All four in flight at once; each callback fires on completion, error or deadline.
  absl::BlockingCounter pending(4);
  auto done = [&pending](grpc::Status* out) {
    return [&pending, out](grpc::Status status) {
      *out = std::move(status);
      pending.DecrementCount();
    };
  };
  projects_->async()->ListProgrammes(&programmes.context, &programmes.request, &programmes.response,
                                     done(&programmes.status));
  finance_->async()->ListMeasures(&measures.context, &measures.request, &measures.response,
                                  done(&measures.status));
  governance_->async()->ListForces(&forces.context, &forces.request, &forces.response,
                                   done(&forces.status));
  reporting_->async()->ListReportSeries(&series.context, &series.request, &series.response,
                                        done(&series.status));
  pending.Wait();

  struct Outcome {
    const char* section;
    const grpc::Status* status;
    const std::string* next_page_token;
  };
  const Outcome outcomes[] = {
      {"projects", &programmes.status, &programmes.response.next_page_token()},
      {"finance", &measures.status, &measures.response.next_page_token()},
      {"governance", &forces.status, &forces.response.next_page_token()},
      {"reporting", &series.status, &series.response.next_page_token()}};
  if (request.strict()) {
    for (const auto& [section, status, next_page_token] : outcomes) {
      if (!status->ok()) {
        const absl::Status failed = common::StatusFromGrpc(*status);
        return absl::Status(failed.code(), absl::StrCat(section, " service: ", failed.message()));
      }
      if (!next_page_token->empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            section, " service: more than ", kListPageSize, " items, more than a section shows"));
      }
    }
  }

  v1::CollaborationUpdate update;
  update.set_report_series(request.report_series());
  update.set_force(request.force());
  if (request.has_as_of()) {
    *update.mutable_as_of() = request.as_of();
  } else {
    *update.mutable_as_of() = common::DateFromCivilDay(common::Today());
  }
  for (const auto& [section, status, next_page_token] : outcomes) {
    *update.add_sections() = SectionOf(section, *status, *next_page_token);
  }
  update.mutable_programmes()->Swap(programmes.response.mutable_programmes());
  update.mutable_measures()->Swap(measures.response.mutable_measures());
  update.mutable_forces()->Swap(forces.response.mutable_forces());
  update.mutable_report_series_catalogue()->Swap(series.response.mutable_report_series());
  return update;
}

}  // namespace bch::gateway
