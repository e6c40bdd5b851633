// finance_import: records the figures of a CSV file (figure_csv.h) through BatchRecordFigures,
// all or nothing: every line is checked first (by the file alone, then by the service with
// validate_only) and every problem is printed with its line number; only a file with none is
// recorded. Files of more than one batch go in batches of 1000, each with a request id derived
// from the file, so that running the same command again after a failure part-way records no
// figure twice. Run by `./bch finance import FILE.csv`.
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "bch/common/errors.h"
#include "bch/common/sha256.h"
#include "bch/finance/v1/finance_service.grpc.pb.h"
#include "figure_csv.h"
#include "validation.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50052", "The finance service, host:port.");
ABSL_FLAG(std::string, effective_date, "",
          "The day the figures are known from, YYYY-MM-DD (a paper's date); empty means today.");
ABSL_FLAG(bool, dry_run, false, "Check every line and record nothing.");

namespace bch::finance {
namespace {

constexpr size_t kMaxFileBytes = 256 << 20;

struct Batch {
  v1::BatchRecordFiguresRequest request;
  std::vector<int> lines;  // the CSV line of each figure
};

// "figures[3].amount: ..." -> "line 12: amount: ...".
std::string ProblemOf(const common::FieldViolation& violation, const Batch& batch) {
  size_t index = 0;
  if (absl::StartsWith(violation.field, "figures[")) {
    const size_t close = violation.field.find(']');
    if (close != std::string::npos &&
        absl::SimpleAtoi(violation.field.substr(8, close - 8), &index) &&
        index < batch.lines.size()) {
      std::string rest = violation.field.substr(close + 1);
      if (absl::StartsWith(rest, ".")) rest.erase(0, 1);
      return absl::StrCat("line ", batch.lines[index], ": ", rest, rest.empty() ? "" : ": ",
                          violation.description);
    }
  }
  return absl::StrCat(violation.field, ": ", violation.description);
}

// The line a problem names ("line 12: ..."), or 0.
int LineOf(absl::string_view problem) {
  int line = 0;
  if (absl::ConsumePrefix(&problem, "line ")) {
    (void)absl::SimpleAtoi(problem.substr(0, problem.find(':')), &line);
  }
  return line;
}

// Sends one batch; appends what the service found wrong to `problems`. False on any other error
// (printed).
bool Send(v1::FinanceService::Stub& stub, const Batch& batch,
          v1::BatchRecordFiguresResponse& response, std::vector<std::string>& problems) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  const grpc::Status status = stub.BatchRecordFigures(&context, batch.request, &response);
  if (status.ok()) return true;
  const absl::Status converted = common::StatusFromGrpc(status);
  const auto violations = common::FieldViolationsOf(converted);
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && !violations.empty()) {
    for (const auto& violation : violations) problems.push_back(ProblemOf(violation, batch));
    if (status.error_message().find("more violation") != std::string::npos) {
      problems.push_back(status.error_message());
    }
    return true;
  }
  std::cerr << "finance_import: " << absl::StatusCodeToString(converted.code()) << ": "
            << status.error_message() << "\n";
  return false;
}

int Run(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "finance_import: cannot read " << path << "\n";
    return 2;
  }
  std::stringstream content;
  content << file.rdbuf();
  const std::string text = content.str();
  if (text.size() > kMaxFileBytes) {
    std::cerr << "finance_import: " << path << " is over 256 MiB; split it\n";
    return 2;
  }
  // The day is sent explicitly (today, UTC, when not given) and named by its canonical form in
  // the request ids, so that the same file and day make the same ids however the day was typed.
  absl::CivilDay effective = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  if (const std::string day = absl::GetFlag(FLAGS_effective_date);
      !day.empty() && !absl::ParseCivilTime(day, &effective)) {
    std::cerr << "finance_import: --effective_date " << day << " is not a day (YYYY-MM-DD)\n";
    return 2;
  }
  google::type::Date effective_date;
  effective_date.set_year(static_cast<int32_t>(effective.year()));
  effective_date.set_month(effective.month());
  effective_date.set_day(effective.day());

  const ParsedCsv parsed = ParseFiguresCsv(text);
  std::vector<std::string> problems = parsed.problems;
  if (problems.empty() && parsed.figures.empty()) problems.push_back("line 2: no figures");
  std::vector<Batch> batches;  // of the rows the file alone finds good: the service checks them too
  {
    const std::string file_id =
        common::Sha256Hex(absl::StrCat(text, "\n", absl::FormatCivilTime(effective))).substr(0, 32);
    for (size_t i = 0; i < parsed.figures.size(); ++i) {
      if (i % kMaxFiguresPerBatch == 0) {
        batches.emplace_back();
        *batches.back().request.mutable_effective_date() = effective_date;
        batches.back().request.set_request_id(absl::StrCat("csv-", file_id, "-", batches.size()));
      }
      *batches.back().request.add_figures() = parsed.figures[i].figure;
      batches.back().lines.push_back(parsed.figures[i].line);
    }
  }

  auto stub = v1::FinanceService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()));
  for (Batch& batch : batches) {  // first pass: the service checks every line, records nothing
    batch.request.set_validate_only(true);
    v1::BatchRecordFiguresResponse response;
    if (!Send(*stub, batch, response, problems)) return 1;
    batch.request.set_validate_only(false);
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return LineOf(a) < LineOf(b); });
    for (const std::string& problem : problems) std::cerr << path << ": " << problem << "\n";
    std::cerr << "finance_import: " << problems.size() << " problem(s); nothing was recorded\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_dry_run)) {
    std::cout << "checked " << parsed.figures.size() << " figures from " << path
              << "; nothing recorded (--dry_run)\n";
    return 0;
  }
  int first = 0, later = 0;  // figures at their first revision, and revised since
  for (size_t b = 0; b < batches.size(); ++b) {
    v1::BatchRecordFiguresResponse response;
    if (!Send(*stub, batches[b], response, problems) || !problems.empty()) {
      for (const std::string& problem : problems) std::cerr << path << ": " << problem << "\n";
      std::cerr << "finance_import: batch " << b + 1 << " of " << batches.size()
                << " failed; batches before it are recorded. Run the same command again to "
                   "finish: they will not be recorded twice\n";
      return 1;
    }
    for (const v1::Figure& figure : response.figures()) (figure.revision() == 1 ? first : later)++;
    if (batches.size() > 1) {
      std::cerr << "recorded batch " << b + 1 << " of " << batches.size() << "\n";
    }
  }
  // A rerun of the same file and day records nothing again: the counts then describe what the
  // first run recorded.
  std::cout << parsed.figures.size() << " figures from " << path << " are recorded as of "
            << absl::FormatCivilTime(effective) << " (" << first << " first recorded, " << later
            << " revisions of figures recorded before)\n";
  return 0;
}

}  // namespace
}  // namespace bch::finance

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "finance_import [--target=host:port] [--effective_date=YYYY-MM-DD] [--dry_run] FILE.csv");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2) {
    std::cerr << "usage: finance_import [--target=host:port] [--effective_date=YYYY-MM-DD] "
                 "[--dry_run] FILE.csv\n";
    return 2;
  }
  return bch::finance::Run(args[1]);
}
