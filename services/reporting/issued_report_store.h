// Issued reports (bch_reporting.issued_reports): immutable snapshots of a composed update,
// numbered 1, 2, … within their series. Each row holds the SHA-256 of the canonical serialisation
// of its content (ContentHash) and the hash of the series' previous issue, so the issues of a
// series form a chain: a row changed, removed or reordered behind the service's back is found by
// Verify. The store only inserts; nothing here updates or deletes a row. SQL only, no gRPC.
#ifndef BCH_SERVICES_REPORTING_ISSUED_REPORT_STORE_H_
#define BCH_SERVICES_REPORTING_ISSUED_REPORT_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"
#include "bch/common/list_page.h"
#include "bch/common/write_context.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "content_hash.h"

namespace bch::reporting {

// What IssueReport asks for, checked.
struct IssueRequest {
  std::string series_id;
  update::v1::CollaborationUpdate document;  // its header names the series
  absl::CivilDay issue_date;
  int64_t sequence = 0;  // 0: the next
  std::string request_id;
  std::string request_hash;
};

class IssuedReportStore final {
 public:
  explicit IssuedReportStore(common::DbPool& pool) : pool_(pool) {}

  // Stores the series' next issue, chained to the one before, with its audit event, in one
  // transaction under the series row's lock (so two issuers take consecutive numbers). NOT_FOUND
  // for an unknown series; ALREADY_EXISTS when `sequence` names an issue already made;
  // FAILED_PRECONDITION when it skips ahead; INVALID_ARGUMENT on "issue_date" when it is before
  // the previous issue's. A retry with the same request id returns the first answer.
  absl::StatusOr<v1::IssuedReport> Issue(const IssueRequest& request,
                                         const common::WriteContext& context);

  // One issue; NOT_FOUND if there is none of that number.
  absl::StatusOr<v1::IssuedReport> Get(const std::string& series_id, int64_t sequence,
                                       absl::Time deadline);
  // The series' latest issue, or nullopt before the first; NOT_FOUND for an unknown series.
  absl::StatusOr<std::optional<v1::IssuedReport>> Latest(const std::string& series_id,
                                                         absl::Time deadline);
  // One page of the series' issues, newest first; NOT_FOUND for an unknown series.
  absl::StatusOr<common::Page<v1::IssuedReport>> List(const std::string& series_id,
                                                      const common::PageRequest& page,
                                                      bool omit_documents, absl::Time deadline);
  // Walks the series' issues in order, recomputing each hash and checking each link and number;
  // names the first that fails. NOT_FOUND for an unknown series.
  absl::StatusOr<v1::VerifyIssuedReportsResponse> Verify(const std::string& series_id,
                                                         absl::Time deadline);

 private:
  common::DbPool& pool_;
};

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_ISSUED_REPORT_STORE_H_
