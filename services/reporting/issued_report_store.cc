// SQL for issued reports (see issued_report_store.h).
#include "issued_report_store.h"

#include <google/protobuf/util/json_util.h>

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bch/common/audit.h"
#include "bch/common/checks.h"
#include "bch/common/errors.h"
#include "bch/common/idempotency.h"
#include "bch/common/resource_names.h"
#include "bch/common/sha256.h"
#include "bch/common/sql_time.h"
#include "bch/common/transaction.h"
#include "report_series_store.h"

namespace bch::reporting {
namespace {

using common::DbConnection;
using common::Row;

constexpr char kColumns[] =
    "series_id, sequence, issue_date, issuer, previous_hash, content_hash, create_time";

std::string IssuedReportName(const std::string& series_id, int64_t sequence) {
  return absl::StrCat("reportSeries/", series_id, "/issuedReports/", sequence);
}

// The row's columns (kColumns order) into `report`, without the document.
void ReadColumns(const Row& row, v1::IssuedReport& report) {
  report.set_sequence(row.Int64(1));
  report.set_name(IssuedReportName(row.String(0), report.sequence()));
  *report.mutable_issue_date() = common::DateFromCivilDay(common::DayFromSql(row.String(2)));
  report.set_issuer(row.String(3));
  report.set_previous_hash(row.String(4));
  report.set_content_hash(row.String(5));
  common::SetTimestamp(row.String(6), *report.mutable_create_time());
}

absl::Status SeriesExists(DbConnection& db, const std::string& series_id) {
  bool found = false;
  absl::Status status = db.Query("SELECT 1 FROM report_series WHERE id = ?", {series_id},
                                 [&](const Row&) { found = true; });
  if (!status.ok()) return status;
  if (!found)
    return absl::NotFoundError(absl::StrCat("reportSeries/", series_id, " does not exist"));
  return absl::OkStatus();
}

// The issue `sequence` of the series, with its document unless `omit_document`; nullopt if none.
absl::StatusOr<std::optional<v1::IssuedReport>> ReadIssue(DbConnection& db,
                                                          const std::string& series_id,
                                                          int64_t sequence, bool omit_document) {
  std::optional<v1::IssuedReport> report;
  absl::Status parse = absl::OkStatus();
  absl::Status status = db.Query(
      absl::StrCat("SELECT ", kColumns, omit_document ? "" : ", document",
                   " FROM issued_reports WHERE series_id = ? AND sequence = ?"),
      {series_id, sequence}, [&](const Row& row) {
        ReadColumns(row, report.emplace());
        if (!omit_document && !report->mutable_document()->ParseFromString(row.String(7))) {
          parse =
              absl::DataLossError(absl::StrCat(report->name(), ": stored document is unreadable"));
        }
      });
  if (!status.ok()) return status;
  if (!parse.ok()) return parse;
  return report;
}

// The latest issue's number, hash and day, under the caller's lock; sequence 0 before the first.
struct Head {
  int64_t sequence = 0;
  std::string content_hash;
  std::optional<absl::CivilDay> issue_date;
};

absl::StatusOr<Head> ReadHead(DbConnection& db, const std::string& series_id) {
  Head head;
  absl::Status status = db.Query(
      "SELECT sequence, content_hash, issue_date FROM issued_reports WHERE series_id = ? "
      "ORDER BY sequence DESC LIMIT 1",
      {series_id}, [&](const Row& row) {
        head.sequence = row.Int64(0);
        head.content_hash = row.String(1);
        head.issue_date = common::DayFromSql(row.String(2));
      });
  if (!status.ok()) return status;
  return head;
}

absl::Status CheckNext(const IssueRequest& request, const Head& head) {
  const int64_t next = head.sequence + 1;
  if (request.sequence != 0 && request.sequence <= head.sequence) {
    return common::WithReason(
        absl::AlreadyExistsError(absl::StrCat(
            IssuedReportName(request.series_id, request.sequence),
            " was issued already and is never changed; supersede it with a new issue (the next "
            "is number ",
            next, ")")),
        "ISSUED_REPORT_IMMUTABLE");
  }
  if (request.sequence != 0 && request.sequence != next) {
    return absl::FailedPreconditionError(absl::StrCat("the next issue of reportSeries/",
                                                      request.series_id, " is number ", next,
                                                      ", not ", request.sequence));
  }
  if (head.issue_date && request.issue_date < *head.issue_date) {
    return common::InvalidArgumentError("issue_date",
                                        absl::StrCat("is before the previous issue's (",
                                                     absl::FormatCivilTime(*head.issue_date), ")"));
  }
  return absl::OkStatus();
}

// What an issue's audit event records: the issued report without its document, as JSON.
std::string AuditRecordOf(const v1::IssuedReport& report) {
  v1::IssuedReport record = report;
  record.clear_document();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(record, &json);
  return json;
}

// The content hash the audit log recorded for each issue of the series when it was made: a
// second record, so that an issue removed or replaced at the end of the chain (where no later
// link would break) is still found.
absl::StatusOr<std::map<int64_t, std::string>> AuditedHashes(DbConnection& db,
                                                             const std::string& series_id) {
  std::map<int64_t, std::string> hashes;
  absl::Status status = db.Query(
      "SELECT change_json FROM audit_events WHERE action = 'IssueReport' AND resource LIKE ?",
      {absl::StrCat("reportSeries/", series_id, "/issuedReports/%")}, [&](const Row& row) {
        v1::IssuedReport recorded;  // as IssueReport recorded it (AuditRecordOf)
        if (google::protobuf::util::JsonStringToMessage(row.String(0), &recorded).ok()) {
          hashes[recorded.sequence()] = recorded.content_hash();
        }
      });
  if (!status.ok()) return status;
  return hashes;
}

}  // namespace

absl::StatusOr<v1::IssuedReport> IssuedReportStore::Issue(const IssueRequest& request,
                                                          const common::WriteContext& context) {
  v1::IssuedReport report;
  absl::Status status = common::RunInTransaction(
      pool_, {.deadline = context.deadline}, [&](DbConnection& db) -> absl::Status {
        report.Clear();
        if (absl::Status s = ReportSeriesTable().LockRow(db, {request.series_id}); !s.ok()) {
          return s;
        }
        absl::StatusOr<Head> head = ReadHead(db, request.series_id);
        if (!head.ok()) return head.status();
        const int64_t sequence = head->sequence + 1;
        absl::StatusOr<std::optional<std::string>> earlier =
            common::ClaimRequestId(db, request.request_id, "IssueReport", request.request_hash,
                                   IssuedReportName(request.series_id, sequence));
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {  // a retry: answer with what the first call issued
          int64_t earlier_sequence = 0;
          (void)absl::SimpleAtoi(common::IdOfName(**earlier), &earlier_sequence);
          absl::StatusOr<std::optional<v1::IssuedReport>> first =
              ReadIssue(db, request.series_id, earlier_sequence, /*omit_document=*/false);
          if (!first.ok()) return first.status();
          if (!first->has_value()) {
            return absl::DataLossError(absl::StrCat(
                **earlier, " was issued for this request but is missing: run VerifyIssuedReports"));
          }
          report = **std::move(first);
          return absl::OkStatus();
        }
        if (absl::Status s = CheckNext(request, *head); !s.ok()) return s;

        report.set_name(IssuedReportName(request.series_id, sequence));
        report.set_sequence(sequence);
        *report.mutable_issue_date() = common::DateFromCivilDay(request.issue_date);
        report.set_issuer(context.actor.subject);
        *report.mutable_document() = request.document;
        report.set_previous_hash(head->content_hash);
        report.set_content_hash(ContentHash(report));
        absl::StatusOr<int64_t> inserted = db.Execute(
            "INSERT INTO issued_reports (series_id, sequence, issue_date, issuer, previous_hash, "
            "content_hash, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {request.series_id, sequence, absl::FormatCivilTime(request.issue_date),
             report.issuer(), report.previous_hash(), report.content_hash(),
             common::DeterministicBytes(report.document())});
        if (!inserted.ok()) return inserted.status();
        absl::Status read =
            db.Query("SELECT create_time FROM issued_reports WHERE series_id = ? AND sequence = ?",
                     {request.series_id, sequence}, [&](const Row& row) {
                       common::SetTimestamp(row.String(0), *report.mutable_create_time());
                     });
        if (!read.ok()) return read;
        return common::RecordAuditEvent(db, {.actor = context.actor,
                                             .action = "IssueReport",
                                             .resource = report.name(),
                                             .change_json = AuditRecordOf(report),
                                             .request_id = context.request_id});
      });
  if (!status.ok()) return status;
  return report;
}

absl::StatusOr<v1::IssuedReport> IssuedReportStore::Get(const std::string& series_id,
                                                        int64_t sequence, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  absl::StatusOr<std::optional<v1::IssuedReport>> report =
      ReadIssue(**db, series_id, sequence, /*omit_document=*/false);
  if (!report.ok()) return report.status();
  if (!report->has_value()) {
    return absl::NotFoundError(
        absl::StrCat(IssuedReportName(series_id, sequence), " does not exist"));
  }
  return **std::move(report);
}

absl::StatusOr<std::optional<v1::IssuedReport>> IssuedReportStore::Latest(
    const std::string& series_id, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = SeriesExists(**db, series_id); !s.ok()) return s;
  absl::StatusOr<Head> head = ReadHead(**db, series_id);
  if (!head.ok()) return head.status();
  if (head->sequence == 0) return std::nullopt;
  return ReadIssue(**db, series_id, head->sequence, /*omit_document=*/false);
}

absl::StatusOr<common::Page<v1::IssuedReport>> IssuedReportStore::List(
    const std::string& series_id, const common::PageRequest& page, bool omit_documents,
    absl::Time deadline) {
  if (absl::Status s = common::CheckPageKey(page, {common::KeyPart::kInteger}); !s.ok()) return s;
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = SeriesExists(**db, series_id); !s.ok()) return s;
  int64_t before = std::numeric_limits<int64_t>::max();
  if (!page.after.empty()) (void)absl::SimpleAtoi(page.after[0], &before);
  std::string unreadable;  // the first issue whose stored document does not parse
  absl::StatusOr<common::Page<v1::IssuedReport>> result = common::FetchPage<v1::IssuedReport>(
      **db, page,
      absl::StrCat("SELECT ", kColumns, omit_documents ? "" : ", document",
                   " FROM issued_reports WHERE series_id = ? AND sequence < ? "
                   "ORDER BY sequence DESC LIMIT ?"),
      {series_id, before},
      [&](const Row& row) {
        v1::IssuedReport report;
        ReadColumns(row, report);
        if (!omit_documents && !report.mutable_document()->ParseFromString(row.String(7)) &&
            unreadable.empty()) {
          unreadable = report.name();
        }
        return report;
      },
      [](const v1::IssuedReport& report) {
        return std::vector<std::string>{absl::StrCat(report.sequence())};
      });
  if (result.ok() && !unreadable.empty()) {
    return absl::DataLossError(absl::StrCat(unreadable, ": stored document is unreadable"));
  }
  return result;
}

absl::StatusOr<v1::VerifyIssuedReportsResponse> IssuedReportStore::Verify(
    const std::string& series_id, absl::Time deadline) {
  auto db = pool_.Acquire(deadline);
  if (!db.ok()) return db.status();
  if (absl::Status s = SeriesExists(**db, series_id); !s.ok()) return s;
  v1::VerifyIssuedReportsResponse response;
  auto fail = [&](const std::string& name, std::string reason) {
    response.set_verified(false);
    response.set_first_failure(name);
    response.set_failure_reason(std::move(reason));
    return response;
  };
  absl::StatusOr<std::map<int64_t, std::string>> audited = AuditedHashes(**db, series_id);
  if (!audited.ok()) return audited.status();
  // One issue at a time, so that memory holds one document however long the series is.
  std::string previous_hash;
  for (int64_t expected = 1;; ++expected) {
    std::optional<std::pair<v1::IssuedReport, std::string>> next;  // the report, its stored bytes
    absl::Status status =
        (**db).Query(absl::StrCat("SELECT ", kColumns,
                                  ", document FROM issued_reports WHERE series_id = ? AND "
                                  "sequence >= ? ORDER BY sequence LIMIT 1"),
                     {series_id, expected}, [&](const Row& row) {
                       next.emplace();
                       ReadColumns(row, next->first);
                       next->second = row.String(7);
                     });
    if (!status.ok()) return status;
    if (!next) break;
    v1::IssuedReport& report = next->first;
    response.set_checked(response.checked() + 1);
    if (report.sequence() != expected) {
      return fail(IssuedReportName(series_id, expected),
                  absl::StrCat("is missing: the next stored issue is number ", report.sequence()));
    }
    if (report.previous_hash() != previous_hash) {
      return fail(report.name(),
                  "previous_hash does not match the content hash of the issue before");
    }
    if (!report.mutable_document()->ParseFromString(next->second) ||
        common::DeterministicBytes(report.document()) != next->second) {
      return fail(report.name(), "the stored document is not in canonical form: it was altered");
    }
    if (ContentHash(report) != report.content_hash()) {
      return fail(report.name(), "content hash does not match the stored report: it was altered");
    }
    const auto recorded = audited->find(expected);
    if (recorded == audited->end()) {
      return fail(report.name(), "has no audit event: the service did not issue it");
    }
    if (recorded->second != report.content_hash()) {
      return fail(report.name(),
                  "content hash differs from the one the audit log recorded when it was issued");
    }
    previous_hash = report.content_hash();
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat("verification ran out of time after ",
                                                      response.checked(), " issues, all sound"));
    }
  }
  const int64_t next = response.checked() + 1;
  if (!audited->empty() && audited->rbegin()->first >= next) {
    return fail(IssuedReportName(series_id, next),
                "is missing: the audit log records it as issued");
  }
  response.set_verified(true);
  return response;
}

}  // namespace bch::reporting
