// Composes the collaboration update of a report series as of a day. First the series (its
// layout says what the paper holds); then, all at once under the same deadline, every backend
// call the layout needs: the portfolio of each project table, each finance table, the
// alliance's governance and register summaries and the series' previous issue. A backend that
// fails or is late leaves the sections that needed it marked incomplete with the reason, unless
// the request is strict.
#ifndef BCH_GATEWAY_COMPOSER_H_
#define BCH_GATEWAY_COMPOSER_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "bch/governance/v1/governance_service.grpc.pb.h"
#include "bch/governance/v1/register_service.grpc.pb.h"
#include "bch/projects/v1/projects_service.grpc.pb.h"
#include "bch/reporting/v1/reporting_service.grpc.pb.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::gateway {

// Channels to the four services (shared by all calls).
struct Backends {
  std::shared_ptr<grpc::Channel> projects;
  std::shared_ptr<grpc::Channel> finance;
  std::shared_ptr<grpc::Channel> governance;
  std::shared_ptr<grpc::Channel> reporting;
};

// Insecure channels to "host:port" targets (authentication arrives with the security work).
Backends ConnectBackends(const std::string& projects, const std::string& finance,
                         const std::string& governance, const std::string& reporting);

// What to compose, checked.
struct ComposeTarget {
  std::string report_series;  // `reportSeries/{id}`, or empty: the force's one series
  std::string force;          // `forces/{id}`, or empty
  absl::CivilDay as_of;
  bool strict = false;
  // Highlights count from the latest issue numbered below this and dated before `as_of`
  // (re-composing issue n looks below n, as its composition did).
  int64_t issues_below = std::numeric_limits<int64_t>::max();
};

// The most backend calls one composition makes (the series read aside): a hostile layout of
// thousands of slots is refused rather than fanned out.
inline constexpr size_t kMaxBackendCalls = 64;

// Every backend call carries the deadline and the caller's request id.
struct CallOptions {
  absl::Time deadline;
  std::string request_id;
};

// Sets `options` on the context of a backend call (a request id a header may not carry, e.g.
// from an HTTP caller, is left out: the backend makes one up).
void Prepare(grpc::ClientContext& context, const CallOptions& options);

class Composer final {
 public:
  explicit Composer(const Backends& backends);

  absl::StatusOr<update::v1::CollaborationUpdate> Compose(const ComposeTarget& target,
                                                          const CallOptions& options);

  // The series `target` names, or its force's one series, as it stood on the report date:
  // NOT_FOUND when there is none, INVALID_ARGUMENT when the force has several or the series is
  // another force's.
  absl::StatusOr<reporting::v1::ReportSeries> FindSeries(const ComposeTarget& target,
                                                         const CallOptions& options);
  // Compose, of a series already found.
  absl::StatusOr<update::v1::CollaborationUpdate> ComposeSeries(const ComposeTarget& target,
                                                                reporting::v1::ReportSeries series,
                                                                const CallOptions& options);

  reporting::v1::ReportingService::Stub& reporting() { return *reporting_; }
  governance::v1::GovernanceService::Stub& governance() { return *governance_; }

 private:
  struct Composition;

  // Makes every call the layout needs (each distinct one once), all at once; refuses a layout
  // needing more than kMaxBackendCalls.
  absl::Status FetchRecord(Composition& composition, const CallOptions& options);
  void FindPreviousIssue(Composition& composition, const CallOptions& options);
  // The first backend failure of a strict composition, as that backend's error.
  static absl::Status FirstFailure(const Composition& composition);
  static absl::StatusOr<update::v1::CollaborationUpdate> Assemble(Composition& composition);

  std::unique_ptr<projects::v1::ProjectsService::Stub> projects_;
  std::unique_ptr<finance::v1::FinanceService::Stub> finance_;
  std::unique_ptr<governance::v1::GovernanceService::Stub> governance_;
  std::unique_ptr<governance::v1::RegisterService::Stub> registers_;
  std::unique_ptr<reporting::v1::ReportingService::Stub> reporting_;
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_COMPOSER_H_
