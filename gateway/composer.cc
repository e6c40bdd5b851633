// Composition of the collaboration update (see composer.h).
#include "composer.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <deque>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/handler.h"
#include "bch/common/metrics.h"
#include "bch/common/pagination.h"
#include "bch/common/server.h"
#include "bch/common/sha256.h"
#include "diff.h"
#include "paper_content.h"

namespace bch::gateway {
namespace {

namespace uv1 = update::v1;
namespace rv1 = reporting::v1;

// The largest page a list call returns; a force's series, and the issues scanned for the
// previous one, are found within a few.
constexpr int kListPageSize = 1000;

// One backend call: which service it goes to (for messages), its context, request, response
// and outcome.
template <typename Request, typename Response>
struct Call {
  explicit Call(const char* service) : backend(service) {}
  const char* backend;
  grpc::ClientContext context;
  Request request;
  Response response;
  grpc::Status status;
};

// Calls in flight at once: each is counted when started and uncounted by its callback, which
// gRPC runs on completion, error or deadline.
class Fanout {
 public:
  explicit Fanout(const CallOptions& options) : options_(options) {}

  // Prepares `call` and returns its completion callback.
  template <typename C>
  std::function<void(grpc::Status)> Start(C& call) {
    Prepare(call.context, options_);
    {
      absl::MutexLock lock(&mutex_);
      ++pending_;
    }
    return [this, &call](grpc::Status status) {
      call.status = std::move(status);
      absl::MutexLock lock(&mutex_);
      --pending_;
    };
  }

  void Wait() {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](int* pending) { return *pending == 0; }, &pending_));
  }

 private:
  const CallOptions& options_;
  absl::Mutex mutex_;
  int pending_ ABSL_GUARDED_BY(mutex_) = 0;
};

// What a paper says of a failed call: "finance: Unavailable", or with the service's message
// ("finance: NotFound: no such measure"). Transport failures keep their message (addresses,
// connection errors) for the logs: it means nothing to a committee.
std::string ReasonOf(const char* backend, const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return absl::StrCat(backend, ": ", common::GrpcCodeName(status.error_code()));
    default:
      return absl::StrCat(backend, ": ", common::GrpcCodeName(status.error_code()), ": ",
                          status.error_message());
  }
}

absl::Status ErrorOf(const char* backend, const grpc::Status& status) {
  const absl::Status failed = common::StatusFromGrpc(status);
  return absl::Status(failed.code(), absl::StrCat(backend, " service: ", failed.message()));
}

std::optional<absl::CivilDay> DayOf(const google::type::Date& date) {
  return common::ValidDay(true, date);
}

using PortfolioCall = Call<projects::v1::GetPortfolioRequest, projects::v1::Portfolio>;
using FinanceCall = Call<finance::v1::GetFinanceSummaryRequest, finance::v1::FinanceSummary>;

// A section being filled: where its content came from and why any of it is missing.
struct SectionSources {
  std::vector<std::string> sources;
  std::vector<std::string> reasons;

  void Use(const std::string& source) {
    if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
      sources.push_back(source);
    }
  }
  // Records `status` against the section (each reason once); true when the call succeeded.
  bool Answered(const char* backend, const grpc::Status& status) {
    Use(backend);
    if (status.ok()) return true;
    std::string reason = ReasonOf(backend, status);
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(std::move(reason));
    }
    return false;
  }
};

}  // namespace

// Every call a composition makes, each slot of the layout pointing at the calls it reads.
struct Composer::Composition {
  ComposeTarget target;
  rv1::ReportSeries series;
  // Each distinct call once, however many slots read it.
  std::deque<PortfolioCall> portfolios;
  std::deque<FinanceCall> finance;
  // For each project table slot in layout order, its portfolio call; for each finance table
  // slot, its call per scope (one for an unscoped table; none when the slot has no owner).
  std::vector<size_t> portfolio_of_slot;
  std::vector<std::vector<size_t>> finance_of_slot;
  std::optional<
      Call<governance::v1::GetGovernanceSummaryRequest, governance::v1::GovernanceSummary>>
      governance;
  std::optional<Call<governance::v1::GetRegisterSummaryRequest, governance::v1::RegisterSummary>>
      registers;
  std::optional<Call<rv1::ListIssuedReportsRequest, rv1::ListIssuedReportsResponse>> issues;
  std::optional<rv1::IssuedReport> previous;  // the issue highlights count from
  grpc::Status previous_status;               // how finding it went
};

void Prepare(grpc::ClientContext& context, const CallOptions& options) {
  context.set_deadline(absl::ToChronoTime(options.deadline));
  if (common::IsKeptRequestId(options.request_id)) {
    context.AddMetadata(common::kRequestIdHeader, options.request_id);
  }
}

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
      registers_(governance::v1::RegisterService::NewStub(backends.governance)),
      reporting_(rv1::ReportingService::NewStub(backends.reporting)) {}

absl::StatusOr<rv1::ReportSeries> Composer::FindSeries(const ComposeTarget& target,
                                                       const CallOptions& options) {
  const google::type::Date as_of = common::DateFromCivilDay(target.as_of);
  if (!target.report_series.empty()) {
    grpc::ClientContext context;
    Prepare(context, options);
    rv1::GetReportSeriesRequest request;
    request.set_name(target.report_series);
    *request.mutable_as_of() = as_of;
    rv1::ReportSeries series;
    const grpc::Status status = reporting_->GetReportSeries(&context, request, &series);
    if (!status.ok()) return ErrorOf("reporting", status);
    if (!target.force.empty() && series.force() != target.force) {
      return absl::InvalidArgumentError(
          absl::StrCat("force: ", target.report_series, " is for ",
                       series.force().empty() ? "its alliance as a whole" : series.force(),
                       ", not ", target.force));
    }
    return series;
  }
  std::vector<rv1::ReportSeries> found;
  rv1::ListReportSeriesRequest request;
  request.set_page_size(kListPageSize);
  *request.mutable_as_of() = as_of;
  do {
    grpc::ClientContext context;
    Prepare(context, options);
    rv1::ListReportSeriesResponse page;
    const grpc::Status status = reporting_->ListReportSeries(&context, request, &page);
    if (!status.ok()) return ErrorOf("reporting", status);
    for (rv1::ReportSeries& series : *page.mutable_report_series()) {
      if (series.force() == target.force) found.push_back(std::move(series));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (found.empty()) {
    return absl::NotFoundError(absl::StrCat("force: no report series is for ", target.force, " on ",
                                            absl::FormatCivilTime(target.as_of)));
  }
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (const rv1::ReportSeries& series : found) names.push_back(series.name());
    return absl::InvalidArgumentError(absl::StrCat("report_series: ", target.force, " has ",
                                                   found.size(), " series; name one of ",
                                                   absl::StrJoin(names, ", ")));
  }
  return std::move(found.front());
}

absl::Status Composer::FetchRecord(Composition& c, const CallOptions& options) {
  const google::type::Date as_of = common::DateFromCivilDay(c.target.as_of);
  const rv1::ReportSeries& series = c.series;
  bool wants_registers = false, wants_highlights = false;
  // Each distinct request once: a slot repeated in the layout reads the same answer.
  absl::flat_hash_map<std::string, size_t> portfolio_index, finance_index;
  const auto index_of = [](absl::flat_hash_map<std::string, size_t>& index, auto& calls,
                           const auto& request, const char* backend) {
    auto [it, added] = index.try_emplace(common::DeterministicBytes(request), calls.size());
    if (added) calls.emplace_back(backend).request = request;
    return it->second;
  };
  for (const rv1::SectionLayout& section : series.layout().sections()) {
    for (const rv1::LayoutItem& item : section.items()) {
      if (!item.has_content()) continue;
      const rv1::ContentSpec& spec = item.content();
      if (spec.kind() == rv1::CONTENT_KIND_PROJECT_TABLE) {
        projects::v1::GetPortfolioRequest request;
        *request.mutable_programmes() = spec.programmes();
        *request.mutable_as_of() = as_of;
        c.portfolio_of_slot.push_back(index_of(portfolio_index, c.portfolios, request, "projects"));
      } else if (spec.kind() == rv1::CONTENT_KIND_FINANCE_TABLE) {
        std::vector<size_t>& calls = c.finance_of_slot.emplace_back();
        const std::string owner = !spec.owner().empty()     ? spec.owner()
                                  : !series.force().empty() ? series.force()
                                                            : series.alliance();
        if (owner.empty()) continue;  // refused when the section is built
        const int scopes = std::max(1, spec.scopes_size());
        for (int i = 0; i < scopes; ++i) {
          finance::v1::GetFinanceSummaryRequest request;
          request.add_owners(owner);
          *request.mutable_periods() = spec.periods();
          *request.mutable_measures() = spec.measures();
          if (!spec.scopes().empty()) request.set_scope(spec.scopes(i));
          *request.mutable_as_of() = as_of;
          calls.push_back(index_of(finance_index, c.finance, request, "finance"));
        }
      } else if (spec.kind() == rv1::CONTENT_KIND_REGISTER_SUMMARY) {
        wants_registers = true;
      } else if (spec.kind() == rv1::CONTENT_KIND_HIGHLIGHTS) {
        wants_highlights = true;
      }
    }
  }
  const size_t calls = c.portfolios.size() + c.finance.size() + 3;
  if (calls > kMaxBackendCalls) {
    return common::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            series.name(), " needs ", calls, " backend calls for one paper, more than the ",
            kMaxBackendCalls, " a composition makes; fewer project or finance tables and scopes")),
        "LAYOUT_TOO_LARGE");
  }
  Fanout fanout(options);
  for (PortfolioCall& call : c.portfolios) {
    projects_->async()->GetPortfolio(&call.context, &call.request, &call.response,
                                     fanout.Start(call));
  }
  for (FinanceCall& call : c.finance) {
    finance_->async()->GetFinanceSummary(&call.context, &call.request, &call.response,
                                         fanout.Start(call));
  }
  // The governance summary prints the names of forces everywhere, so it is read whenever the
  // series names its alliance.
  if (!series.alliance().empty()) {
    auto& call = c.governance.emplace("governance");
    call.request.set_alliance(series.alliance());
    *call.request.mutable_as_of() = as_of;
    governance_->async()->GetGovernanceSummary(&call.context, &call.request, &call.response,
                                               fanout.Start(call));
    if (wants_registers) {
      auto& registers = c.registers.emplace("registers");
      registers.request.set_alliance(series.alliance());
      *registers.request.mutable_as_of() = as_of;
      registers_->async()->GetRegisterSummary(&registers.context, &registers.request,
                                              &registers.response, fanout.Start(registers));
    }
  }
  if (wants_highlights) {
    // The latest two issues, documents and all: usually one is the one highlights count from
    // (the second when the latest is dated the report date itself).
    auto& call = c.issues.emplace("reporting");
    call.request.set_parent(series.name());
    call.request.set_page_size(2);
    reporting_->async()->ListIssuedReports(&call.context, &call.request, &call.response,
                                           fanout.Start(call));
  }
  fanout.Wait();

  // What did not fit the first answers, one call after another under the same deadline.
  for (PortfolioCall& call : c.portfolios) {
    while (call.status.ok() && !call.response.next_page_token().empty()) {
      grpc::ClientContext context;
      Prepare(context, options);
      call.request.set_page_token(call.response.next_page_token());
      projects::v1::Portfolio more;
      call.status = projects_->GetPortfolio(&context, call.request, &more);
      for (auto& entry : *more.mutable_entries()) *call.response.add_entries() = std::move(entry);
      call.response.set_next_page_token(call.status.ok() ? more.next_page_token() : "");
    }
  }
  if (c.issues) FindPreviousIssue(c, options);
  return absl::OkStatus();
}

void Composer::FindPreviousIssue(Composition& c, const CallOptions& options) {
  c.previous_status = c.issues->status;
  if (!c.previous_status.ok() || c.issues->response.issued_reports().empty()) return;
  auto qualifies = [&c](const rv1::IssuedReport& report) {
    const std::optional<absl::CivilDay> day = DayOf(report.issue_date());
    return report.sequence() < c.target.issues_below && day && *day < c.target.as_of;
  };
  for (rv1::IssuedReport& recent : *c.issues->response.mutable_issued_reports()) {
    if (qualifies(recent)) {
      c.previous = std::move(recent);
      return;
    }
  }
  // Composing an earlier day, or re-composing an issue: walk back through the list.
  rv1::ListIssuedReportsRequest request;
  request.set_parent(c.series.name());
  request.set_page_size(kListPageSize);
  request.set_omit_documents(true);
  do {
    grpc::ClientContext context;
    Prepare(context, options);
    rv1::ListIssuedReportsResponse page;
    c.previous_status = reporting_->ListIssuedReports(&context, request, &page);
    if (!c.previous_status.ok()) return;
    for (const rv1::IssuedReport& report : page.issued_reports()) {
      if (!qualifies(report)) continue;
      grpc::ClientContext get_context;
      Prepare(get_context, options);
      rv1::GetIssuedReportRequest get;
      get.set_name(report.name());
      c.previous_status = reporting_->GetIssuedReport(&get_context, get, &c.previous.emplace());
      if (!c.previous_status.ok()) c.previous.reset();
      return;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
}

absl::StatusOr<uv1::CollaborationUpdate> Composer::Compose(const ComposeTarget& target,
                                                           const CallOptions& options) {
  absl::StatusOr<rv1::ReportSeries> series = FindSeries(target, options);
  if (!series.ok()) return series.status();
  return ComposeSeries(target, *std::move(series), options);
}

absl::StatusOr<uv1::CollaborationUpdate> Composer::ComposeSeries(const ComposeTarget& target,
                                                                 rv1::ReportSeries series,
                                                                 const CallOptions& options) {
  Composition c;
  c.target = target;
  c.series = std::move(series);
  if (absl::Status s = FetchRecord(c, options); !s.ok()) return s;
  if (target.strict) {
    if (absl::Status failed = FirstFailure(c); !failed.ok()) return failed;
  }
  absl::StatusOr<uv1::CollaborationUpdate> update = Assemble(c);
  if (update.ok() && update->ByteSizeLong() > common::kMaxResponseItemBytes) {
    return common::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            "the paper of ", c.series.name(), " would be ", update->ByteSizeLong(),
            " bytes, more than the ", common::kMaxResponseItemBytes,
            " a paper may be; narrow its layout (the programmes of its project tables)")),
        "PAPER_TOO_LARGE");
  }
  return update;
}

absl::Status Composer::FirstFailure(const Composition& c) {
  auto check = [](const auto& call) {
    return call.status.ok() ? absl::OkStatus() : ErrorOf(call.backend, call.status);
  };
  for (const PortfolioCall& call : c.portfolios) {
    if (absl::Status s = check(call); !s.ok()) return s;
  }
  for (const FinanceCall& call : c.finance) {
    if (absl::Status s = check(call); !s.ok()) return s;
  }
  if (c.governance) {
    if (absl::Status s = check(*c.governance); !s.ok()) return s;
  }
  if (c.registers) {
    if (absl::Status s = check(*c.registers); !s.ok()) return s;
  }
  return c.previous_status.ok() ? absl::OkStatus() : ErrorOf("reporting", c.previous_status);
}

// The paper: the series' sections in order, each with its standing text and the blocks of its
// slots from the answers; highlights last, as they compare the rest with the previous issue.
absl::StatusOr<uv1::CollaborationUpdate> Composer::Assemble(Composition& c) {
  const ComposeTarget& target = c.target;
  const rv1::ReportSeries& s = c.series;
  uv1::CollaborationUpdate update;
  uv1::Header& header = *update.mutable_header();
  header.set_title(s.title());
  header.set_report_series(s.name());
  header.set_audience(s.audience());
  header.set_author(s.author());
  *header.mutable_date() = common::DateFromCivilDay(target.as_of);
  header.set_marking(s.marking());
  header.set_alliance(s.alliance());
  header.set_force(s.force());

  const grpc::Status no_alliance(grpc::StatusCode::FAILED_PRECONDITION,
                                 "the series names no alliance");
  const grpc::Status& governance_status = c.governance ? c.governance->status : no_alliance;
  const PrintedNames names = governance_status.ok() && c.governance
                                 ? PrintedNames(c.governance->response)
                                 : PrintedNames();
  // Forces are printed by name only where governance answered: where it did not, the sections
  // that print them say so.
  const bool names_missing = c.governance && !c.governance->status.ok();
  const governance::v1::GovernanceSummary& governance =
      c.governance ? c.governance->response : governance::v1::GovernanceSummary::default_instance();
  const grpc::Status& registers_status = c.registers ? c.registers->status : no_alliance;

  size_t next_portfolio = 0, next_finance = 0;
  struct HighlightSlot {
    int section;
    int block;
    const rv1::ContentSpec* spec;
  };
  std::vector<HighlightSlot> highlight_slots;
  std::vector<SectionSources> sources;
  for (const rv1::SectionLayout& layout : s.layout().sections()) {
    uv1::Section& section = *update.add_sections();
    SectionSources& from = sources.emplace_back();
    section.set_id(layout.id());
    section.set_title(layout.title());
    for (const rv1::LayoutItem& item : layout.items()) {
      if (item.has_paragraph()) {
        *section.add_blocks()->mutable_paragraph() = item.paragraph();
        continue;
      }
      if (item.has_list()) {
        *section.add_blocks()->mutable_list() = item.list();
        continue;
      }
      const rv1::ContentSpec& spec = item.content();
      switch (spec.kind()) {
        case rv1::CONTENT_KIND_PROJECT_TABLE: {
          const PortfolioCall& call = c.portfolios[c.portfolio_of_slot[next_portfolio++]];
          if (names_missing) from.Answered("governance", governance_status);
          if (from.Answered("projects", call.status)) {
            *section.add_blocks()->mutable_project_table() = ProjectTableOf(call.response, names);
          }
          break;
        }
        case rv1::CONTENT_KIND_FINANCE_TABLE: {
          const std::vector<size_t>& calls = c.finance_of_slot[next_finance++];
          if (calls.empty()) {
            from.Answered("finance", grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                                  "the series names no force or alliance "
                                                  "whose figures to show"));
            break;
          }
          if (names_missing) from.Answered("governance", governance_status);
          std::vector<finance::v1::FinanceTable> tables;
          bool answered = true;
          for (const size_t index : calls) {
            const FinanceCall& call = c.finance[index];
            answered = from.Answered("finance", call.status) && answered;
            if (call.status.ok() && !call.response.tables().empty()) {
              tables.push_back(call.response.tables(0));
            }
          }
          if (!answered) break;
          std::vector<std::string> scope_titles;
          for (const std::string& scope : spec.scopes()) scope_titles.push_back(names.Of(scope));
          const std::string& owner = c.finance[calls.front()].request.owners(0);
          *section.add_blocks()->mutable_finance_table() =
              FinanceTableOf(tables, scope_titles, owner, names.Of(owner));
          break;
        }
        case rv1::CONTENT_KIND_AREAS:
          if (from.Answered("governance", governance_status)) {
            *section.add_blocks()->mutable_areas() = AreasOf(governance, names);
          }
          break;
        case rv1::CONTENT_KIND_AGREEMENTS:
          if (from.Answered("governance", governance_status)) {
            *section.add_blocks()->mutable_agreements() = AgreementsOf(governance, names);
          }
          break;
        case rv1::CONTENT_KIND_AIM_AND_OBJECTIVES:
          if (from.Answered("governance", governance_status)) {
            for (uv1::Block& block : AimAndObjectivesOf(governance.alliance())) {
              *section.add_blocks() = std::move(block);
            }
          }
          break;
        case rv1::CONTENT_KIND_GOVERNANCE_MODEL:
          if (from.Answered("governance", governance_status)) {
            *section.add_blocks()->mutable_governance_model() =
                GovernanceTreeOf(governance.governance_model());
          }
          break;
        case rv1::CONTENT_KIND_RECOMMENDATIONS:
          if (from.Answered("governance", governance_status)) {
            for (uv1::RecommendationList& list : RecommendationsOf(governance)) {
              *section.add_blocks()->mutable_recommendations() = std::move(list);
            }
          }
          break;
        case rv1::CONTENT_KIND_REGISTER_SUMMARY:
          if (from.Answered("registers", registers_status)) {
            *section.add_blocks()->mutable_register_summary() =
                RegisterSummaryOf(c.registers->response);
          }
          break;
        case rv1::CONTENT_KIND_HIGHLIGHTS:
          if (from.Answered("reporting", c.previous_status)) {
            highlight_slots.push_back({update.sections_size() - 1, section.blocks_size(), &spec});
            section.add_blocks()->mutable_highlights();
          }
          break;
        default:
          break;
      }
    }
  }

  // Highlights last: they compare the rest of this paper with the previous issue, once.
  const std::vector<rv1::ReportChange> changes =
      c.previous && !highlight_slots.empty()
          ? reporting::DiffDocuments(c.previous->document(), update)
          : std::vector<rv1::ReportChange>();
  for (const HighlightSlot& slot : highlight_slots) {
    google::type::Date since;
    if (c.previous) {
      since = c.previous->issue_date();
    } else if (slot.spec->has_since()) {
      since = slot.spec->since();
    }
    std::vector<std::string> achieved;
    if (const std::optional<absl::CivilDay> since_day = DayOf(since)) {
      sources[slot.section].Use("projects");
      for (const PortfolioCall& call : c.portfolios) {  // each distinct portfolio once
        if (!sources[slot.section].Answered("projects", call.status)) continue;
        for (std::string& line : MilestonesAchieved(call.response, *since_day, target.as_of)) {
          achieved.push_back(std::move(line));
        }
      }
    }
    *update.mutable_sections(slot.section)->mutable_blocks(slot.block)->mutable_highlights() =
        HighlightsOf(since, std::move(achieved), changes);
  }

  for (int i = 0; i < update.sections_size(); ++i) {
    uv1::Section& section = *update.mutable_sections(i);
    section.set_source(sources[i].sources.empty() ? "series"
                                                  : absl::StrJoin(sources[i].sources, ", "));
    if (sources[i].reasons.empty()) continue;
    // Every backend answered a strict call, so what is missing is the series' own doing.
    if (target.strict) {
      return absl::FailedPreconditionError(absl::StrCat(
          "section \"", section.id(), "\": ", absl::StrJoin(sources[i].reasons, "; ")));
    }
    section.set_incomplete(true);
    section.set_missing_reason(absl::StrJoin(sources[i].reasons, "; "));
  }
  return update;
}

}  // namespace bch::gateway
