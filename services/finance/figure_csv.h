// Figures from CSV, as a finance team keeps them in a spreadsheet, for `./bch finance import`:
// a header row naming the columns (any order; owner, measure, period, basis and amount required,
// scope and reason optional), then one figure per row. Fields follow RFC 4180 (quotes around
// fields holding commas, quotes or line breaks; "" for a quote). Amounts are pounds as written
// ("21,998,000.00", "-250.5", "£1,000"); bases are words (actual, forecast, budget, target).
//
//   owner,measure,period,basis,amount,reason
//   forces/cambridgeshire,spend-on-collaboration,2016/17,actual,"21,998,000.00",accounts
#ifndef BCH_SERVICES_FINANCE_FIGURE_CSV_H_
#define BCH_SERVICES_FINANCE_FIGURE_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bch/finance/v1/finance_service.pb.h"

namespace bch::finance {

// One figure and the line its row starts on (1 is the header).
struct CsvFigure {
  int line = 0;
  v1::Figure figure;
};

// What a file holds: its figures, and every problem found, each starting "line N: ". The figures
// are meaningful only when there are no problems.
struct ParsedCsv {
  std::vector<CsvFigure> figures;
  std::vector<std::string> problems;
};

// Reads a whole file. Checks what the file alone can tell (columns, quoting, bases, amounts, the
// same figure twice); the service checks the rest when it is sent.
ParsedCsv ParseFiguresCsv(absl::string_view text);

}  // namespace bch::finance

#endif  // BCH_SERVICES_FINANCE_FIGURE_CSV_H_
