// Figures from CSV (see figure_csv.h).
#include "figure_csv.h"

#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/errors.h"
#include "bch/common/money.h"
#include "bch/common/period.h"

namespace bch::finance {
namespace {

// One CSV record: its fields and the line it starts on.
struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

// Splits `text` into records (RFC 4180); a problem for a quote left open.
std::vector<Record> SplitRecords(absl::string_view text, std::vector<std::string>& problems) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's BOM
  std::vector<Record> records;
  Record record{1, {""}};
  int line = 1;
  bool quoted = false, after_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        record.fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        record.fields.back() += c;
      }
    } else if (c == '"' && record.fields.back().empty() && !after_quote) {
      quoted = true;
    } else if (c == ',') {
      record.fields.emplace_back();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      records.push_back(std::move(record));
      record = Record{++line, {""}};
      after_quote = false;
    } else {
      if (after_quote) {
        problems.push_back(absl::StrCat("line ", line, ": text after a closing quote"));
        after_quote = false;
      }
      record.fields.back() += c;
    }
  }
  if (quoted) problems.push_back(absl::StrCat("line ", record.line, ": a quote is never closed"));
  records.push_back(std::move(record));
  // Blank lines (a lone empty field) hold no record.
  std::erase_if(records, [](const Record& r) {
    return r.fields.size() == 1 && absl::StripAsciiWhitespace(r.fields[0]).empty();
  });
  return records;
}

// What a parse failure says, without the field name the parser put on it.
std::string ReasonOf(const absl::Status& status) {
  const auto violations = common::FieldViolationsOf(status);
  return violations.empty() ? std::string(status.message()) : violations.front().description;
}

std::optional<v1::Basis> BasisOf(absl::string_view word) {
  const std::string name = absl::StrCat("BASIS_", absl::AsciiStrToUpper(word));
  v1::Basis basis;
  if (word.empty() || !v1::Basis_Parse(name, &basis) || basis == v1::BASIS_UNSPECIFIED) {
    return std::nullopt;
  }
  return basis;
}

}  // namespace

ParsedCsv ParseFiguresCsv(absl::string_view text) {
  ParsedCsv parsed;
  std::vector<Record> records = SplitRecords(text, parsed.problems);
  if (records.empty()) {
    parsed.problems.push_back("line 1: the file is empty; it needs a header row");
    return parsed;
  }
  const std::vector<std::string> known = {"owner",  "measure", "period", "basis",
                                          "amount", "scope",   "reason"};
  const size_t split_problems = parsed.problems.size();
  std::map<std::string, size_t> column;
  const Record& header = records.front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      parsed.problems.push_back(absl::StrCat("line ", header.line, ": unknown column \"", name,
                                             "\" (columns: ", absl::StrJoin(known, ", "), ")"));
    } else if (!column.try_emplace(name, i).second) {
      parsed.problems.push_back(absl::StrCat("line ", header.line, ": column ", name, " twice"));
    }
  }
  for (const char* required : {"owner", "measure", "period", "basis", "amount"}) {
    if (!column.contains(required)) {
      parsed.problems.push_back(
          absl::StrCat("line ", header.line, ": the header has no ", required, " column"));
    }
  }
  if (parsed.problems.size() != split_problems) return parsed;  // no columns to read rows by

  std::map<std::string, int> seen;  // figure identity -> line
  for (size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    const auto problem = [&](absl::string_view what) {
      parsed.problems.push_back(absl::StrCat("line ", record.line, ": ", what));
    };
    if (record.fields.size() != header.fields.size()) {
      problem(absl::StrCat("has ", record.fields.size(), " fields; the header has ",
                           header.fields.size()));
      continue;
    }
    const auto field = [&](const std::string& name) -> std::string {
      const auto found = column.find(name);
      if (found == column.end()) return "";
      return std::string(absl::StripAsciiWhitespace(record.fields[found->second]));
    };
    CsvFigure figure{record.line, {}};
    v1::Figure& f = figure.figure;
    f.set_owner(field("owner"));
    const std::string measure = field("measure");
    f.set_measure(absl::StartsWith(measure, "measures/") || measure.empty()
                      ? measure
                      : absl::StrCat("measures/", measure));
    const size_t before = parsed.problems.size();
    if (auto period = common::ParsePeriod(field("period"), "period"); period.ok()) {
      f.set_period(common::FormatPeriod(*period));
    } else {
      problem(absl::StrCat("period: \"", field("period"),
                           "\" is not a financial year such as "
                           "2016/17 or a span such as 2011/12-2013/14"));
    }
    if (auto basis = BasisOf(field("basis"))) {
      f.set_basis(*basis);
    } else {
      problem(absl::StrCat("basis: \"", field("basis"),
                           "\" is not one of actual, forecast, budget, target"));
    }
    if (auto pence = common::PenceFromPounds(field("amount"), "amount"); pence.ok()) {
      *f.mutable_amount() = common::MoneyFromPence(*pence);
    } else {
      problem(absl::StrCat("amount: \"", field("amount"), "\": ", ReasonOf(pence.status())));
    }
    f.set_scope(field("scope"));
    f.set_reason(field("reason"));
    if (parsed.problems.size() != before) continue;
    const std::string identity = absl::StrJoin(
        {f.owner(), f.measure(), f.period(), v1::Basis_Name(f.basis()), f.scope()}, "\n");
    if (auto [earlier, inserted] = seen.try_emplace(identity, record.line); !inserted) {
      problem(absl::StrCat("repeats the figure of line ", earlier->second,
                           " (same owner, measure, period, basis and scope)"));
      continue;
    }
    parsed.figures.push_back(std::move(figure));
  }
  return parsed;
}

}  // namespace bch::finance
