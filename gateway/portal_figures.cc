// The portal's SVG figures (see portal_figures.h).
#include "portal_figures.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bch/common/checks.h"
#include "printed.h"
#include "render.h"

namespace bch::gateway {
namespace {

using reporting::EscapeHtml;
namespace pv1 = projects::v1;

// Colours from the GOV.UK palette, each at least 3:1 against white (WCAG 1.4.11).
constexpr char kText[] = "#0b0c0c";
constexpr char kBlue[] = "#1d70b8";
constexpr char kGreen[] = "#00703c";
constexpr char kRed[] = "#d4351c";
constexpr char kGrid[] = "#b1b4b6";

constexpr double kWidth = 960;
constexpr size_t kMaxLabel = 46;  // characters of a timeline label before it is cut short

std::string Num(double value) { return absl::StrFormat("%.1f", value); }

// A label cut to kMaxLabel characters (not bytes: UTF-8 sequences stay whole).
std::string Shortened(absl::string_view label) {
  size_t characters = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    if (++characters > kMaxLabel) return absl::StrCat(label.substr(0, i), "…");
  }
  return std::string(label);
}

std::string SvgOpen(absl::string_view id, double height, absl::string_view title,
                    absl::string_view description) {
  return absl::StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bch-figure\" viewBox=\"0 0 ", Num(kWidth),
      " ", Num(height), "\" role=\"img\" aria-labelledby=\"", id, "-title ", id,
      "-desc\">\n<title id=\"", id, "-title\">", EscapeHtml(title), "</title>\n<desc id=\"", id,
      "-desc\">", EscapeHtml(description), "</desc>\n");
}

std::string Text(double x, double y, absl::string_view anchor, absl::string_view text,
                 absl::string_view fill = kText) {
  return absl::StrCat("<text x=\"", Num(x), "\" y=\"", Num(y), "\" text-anchor=\"", anchor,
                      "\" fill=\"", fill, "\">", EscapeHtml(text), "</text>\n");
}

std::string Rect(double x, double y, double width, double height, absl::string_view fill,
                 absl::string_view stroke) {
  return absl::StrCat("<rect x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"",
                      Num(std::max(width, 3.0)), "\" height=\"", Num(height), "\" fill=\"", fill,
                      "\" stroke=\"", stroke, "\" stroke-width=\"2\"/>\n");
}

// ----- Timeline. -----

constexpr double kLabelRight = 392;  // labels end here
constexpr double kPlotLeft = 404;
constexpr double kPlotRight = 940;
constexpr double kTop = 44;  // year labels and the report date's label above
constexpr double kRow = 28;
constexpr int kMaxTicks = 12;

struct TimeAxis {
  absl::CivilDay first;  // 1 January of the first year drawn
  absl::CivilDay last;   // 1 January after the last year drawn

  double X(absl::CivilDay day) const {
    const double span = static_cast<double>(last - first);
    const double at = std::clamp(static_cast<double>(day - first), 0.0, span);
    return kPlotLeft + at / span * (kPlotRight - kPlotLeft);
  }
};

// From the first year of any item or the report date to the year after the last, a year more
// each side where an arrow leaves the periods.
TimeAxis AxisOf(const std::vector<TimelineItem>& items, absl::CivilDay report_date) {
  absl::civil_year_t first = report_date.year();
  absl::civil_year_t last = report_date.year();
  for (const TimelineItem& item : items) {
    first = std::min(first, item.start.year() - (item.open == TimelineItem::Open::kBefore));
    last = std::max(last, item.end.year() + (item.open == TimelineItem::Open::kAfter));
  }
  return {absl::CivilDay(first, 1, 1), absl::CivilDay(last + 1, 1, 1)};
}

std::string YearTicks(const TimeAxis& axis, double bottom) {
  const absl::civil_year_t years = axis.last.year() - axis.first.year();
  const absl::civil_year_t step = (years + kMaxTicks - 1) / kMaxTicks;
  std::string out;
  for (absl::civil_year_t year = axis.first.year(); year <= axis.last.year(); year += step) {
    const double x = axis.X(absl::CivilDay(year, 1, 1));
    absl::StrAppend(&out, "<line x1=\"", Num(x), "\" y1=\"", Num(kTop - 20), "\" x2=\"", Num(x),
                    "\" y2=\"", Num(bottom), "\" stroke=\"", kGrid, "\"/>\n");
    if (year < axis.last.year()) out += Text(x + 4, 14, "start", absl::StrCat(year));
  }
  return out;
}

std::string TimelineMark(const TimelineItem& item, const TimeAxis& axis, double y,
                         absl::string_view id) {
  const absl::string_view colour = item.achieved ? kGreen : kBlue;
  const absl::string_view fill = item.achieved ? kGreen : "#ffffff";
  const double from = axis.X(item.start);
  const double to = axis.X(item.end + 1);
  switch (item.open) {
    case TimelineItem::Open::kAfter:
      return absl::StrCat(Rect(from, y - 7, to - from, 14, fill, colour), "<line x1=\"", Num(to),
                          "\" y1=\"", Num(y), "\" x2=\"", Num(kPlotRight - 2), "\" y2=\"", Num(y),
                          "\" stroke=\"", colour, "\" stroke-width=\"3\" marker-end=\"url(#", id,
                          "-arrow)\"/>\n");
    case TimelineItem::Open::kBefore:
      return absl::StrCat("<line x1=\"", Num(kPlotLeft + 2), "\" y1=\"", Num(y), "\" x2=\"",
                          Num(from), "\" y2=\"", Num(y), "\" stroke=\"", colour,
                          "\" stroke-width=\"3\" marker-start=\"url(#", id, "-arrow)\"/>\n",
                          Rect(from, y - 7, to - from, 14, fill, colour));
    case TimelineItem::Open::kNo:
      break;
  }
  if (item.start == item.end) {  // a day: a diamond
    return absl::StrFormat(
        "<path d=\"M%.1f %.1fl7 7l-7 7l-7 -7z\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>\n",
        from, y - 7, fill, colour);
  }
  return Rect(from, y - 7, to - from, 14, fill, colour);
}

std::string TimelineLegend(double y, absl::string_view id) {
  return absl::StrCat(
      Rect(kPlotLeft, y - 7, 24, 14, kGreen, kGreen),
      Text(kPlotLeft + 32, y + 5, "start", "Achieved"),
      Rect(kPlotLeft + 120, y - 7, 24, 14, "#ffffff", kBlue),
      Text(kPlotLeft + 152, y + 5, "start", "Expected"), "<line x1=\"", Num(kPlotLeft + 240),
      "\" y1=\"", Num(y), "\" x2=\"", Num(kPlotLeft + 272), "\" y2=\"", Num(y), "\" stroke=\"",
      kBlue, "\" stroke-width=\"3\" marker-end=\"url(#", id, "-arrow)\"/>",
      Text(kPlotLeft + 280, y + 5, "start", "Open-ended"), "<line x1=\"", Num(kPlotLeft + 392),
      "\" y1=\"", Num(y - 8), "\" x2=\"", Num(kPlotLeft + 392), "\" y2=\"", Num(y + 8),
      "\" stroke=\"", kRed, "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
      Text(kPlotLeft + 400, y + 5, "start", "Report date"));
}

std::string TimelineDescription(const std::vector<TimelineItem>& items) {
  return absl::StrJoin(items, " ", [](std::string* out, const TimelineItem& item) {
    absl::StrAppend(out, item.label, ": ", item.achieved ? "achieved " : "expected ", item.when,
                    ".");
  });
}

// ----- Finance chart. -----

constexpr double kPanel = 190;  // each row's chart: title, bars, period labels
constexpr double kBarsTop = 44;
constexpr double kBarsHeight = 110;

struct Bar {
  std::string period;
  std::string printed;
  double amount;
  finance::v1::Basis basis;
};

std::string BasisWord(finance::v1::Basis basis) {
  switch (basis) {
    case finance::v1::BASIS_ACTUAL:
      return "actual";
    case finance::v1::BASIS_FORECAST:
      return "forecast";
    case finance::v1::BASIS_TARGET:
      return "target";
    default:
      return "budget";
  }
}

std::string BarFill(finance::v1::Basis basis, absl::string_view id) {
  switch (basis) {
    case finance::v1::BASIS_ACTUAL:
      return kBlue;
    case finance::v1::BASIS_FORECAST:
      return absl::StrCat("url(#", id, "-hatch)");
    case finance::v1::BASIS_TARGET:
      return "#d2e2f1";  // light blue: outlined like a budget, but filled
    default:
      return "#ffffff";
  }
}

std::vector<Bar> BarsOf(const update::v1::FinanceTable& table, const update::v1::FinanceRow& row) {
  std::vector<Bar> bars;
  for (int i = 0; i < row.cells_size() && i < table.periods_size(); ++i) {
    const std::optional<int64_t> pence = reporting::PenceOf(row.cells(i));
    if (!pence) continue;
    bars.push_back({table.periods(i), reporting::PrintCell(row.cells(i)),
                    static_cast<double>(*pence), row.cells(i).basis()});
  }
  return bars;
}

std::string RowChart(const update::v1::FinanceTable& table, const std::vector<Bar>& bars,
                     absl::string_view title, double top, absl::string_view id) {
  double high = 0;
  double low = 0;
  for (const Bar& bar : bars) {
    high = std::max(high, bar.amount);
    low = std::min(low, bar.amount);
  }
  if (high == low) high = 1;
  const auto y = [&](double amount) {
    return top + kBarsTop + (high - amount) / (high - low) * kBarsHeight;
  };
  const double slot = (kPlotRight - 20) / static_cast<double>(table.periods_size());
  const double width = std::min(64.0, slot * 0.6);
  std::string out = Text(20, top + 18, "start", title);
  absl::StrAppend(&out, "<line x1=\"20\" y1=\"", Num(y(0)), "\" x2=\"", Num(kPlotRight), "\" y2=\"",
                  Num(y(0)), "\" stroke=\"", kText, "\"/>\n");
  for (int i = 0; i < table.periods_size(); ++i) {
    const double centre = 20 + slot * (i + 0.5);
    out += Text(centre, top + kBarsTop + kBarsHeight + 32, "middle", table.periods(i));
    for (const Bar& bar : bars) {
      if (bar.period != table.periods(i)) continue;
      const double from = y(std::max(bar.amount, 0.0));
      const double to = y(std::min(bar.amount, 0.0));
      out += Rect(centre - width / 2, from, width, std::max(to - from, 1.0), BarFill(bar.basis, id),
                  kBlue);
      out += Text(centre, bar.amount < 0 ? to + 15 : from - 6, "middle", bar.printed);
    }
  }
  return out;
}

std::string FinanceLegend(const std::vector<finance::v1::Basis>& bases, double y,
                          absl::string_view id) {
  std::string out;
  double x = 20;
  for (const finance::v1::Basis basis : bases) {
    std::string word = BasisWord(basis);
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    absl::StrAppend(&out, Rect(x, y - 7, 24, 14, BarFill(basis, id), kBlue),
                    Text(x + 32, y + 5, "start", word));
    x += 130;
  }
  return out;
}

}  // namespace

std::vector<TimelineItem> TimelineOf(const update::v1::ProjectTable& table) {
  std::vector<TimelineItem> items;
  for (const update::v1::ProgrammeGroup& group : table.programmes()) {
    for (const update::v1::ProjectRow& row : group.projects()) {
      for (const update::v1::KeyDate& key : row.key_dates()) {
        const std::optional<absl::CivilDay> start =
            common::ValidDay(true, key.date().period_start());
        const std::optional<absl::CivilDay> end = common::ValidDay(true, key.date().period_end());
        if (!start || !end || *end < *start) continue;
        TimelineItem item{.label = absl::StrCat(row.title(), ": ", key.title()),
                          .when = reporting::PrintDatedValue(key.date()),
                          .start = *start,
                          .end = *end,
                          .achieved = key.achieved()};
        if (key.date().qualifier() == pv1::DATE_QUALIFIER_NOT_BEFORE) {
          item.open = TimelineItem::Open::kAfter;
        } else if (key.date().qualifier() == pv1::DATE_QUALIFIER_BY) {
          item.open = TimelineItem::Open::kBefore;
        }
        items.push_back(std::move(item));
      }
    }
  }
  return items;
}

std::string TimelineSvg(const std::vector<TimelineItem>& items, absl::CivilDay report_date,
                        absl::string_view id) {
  if (items.empty()) return "";
  const TimeAxis axis = AxisOf(items, report_date);
  const double bottom = kTop + kRow * static_cast<double>(items.size());
  const double height = bottom + 36;
  std::string out = SvgOpen(id, height, absl::StrCat("Timeline of ", items.size(), " key dates"),
                            TimelineDescription(items));
  absl::StrAppend(&out, "<defs><marker id=\"", id,
                  "-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" "
                  "markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" "
                  "fill=\"",
                  kBlue, "\"/></marker></defs>\n");
  out += YearTicks(axis, bottom);
  double y = kTop + kRow / 2;
  for (const TimelineItem& item : items) {
    absl::StrAppend(&out, "<g><title>", EscapeHtml(item.label), ": ", EscapeHtml(item.when),
                    "</title>", Text(kLabelRight, y + 5, "end", Shortened(item.label)),
                    TimelineMark(item, axis, y, id), "</g>\n");
    y += kRow;
  }
  const double report_x = axis.X(report_date);
  absl::StrAppend(&out, "<line x1=\"", Num(report_x), "\" y1=\"", Num(kTop - 4), "\" x2=\"",
                  Num(report_x), "\" y2=\"", Num(bottom), "\" stroke=\"", kRed,
                  "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n",
                  Text(report_x, kTop - 8, "middle", "Report date", kRed));
  absl::StrAppend(&out, TimelineLegend(bottom + 22, id), "</svg>\n");
  return out;
}

std::string FinanceChartSvg(const update::v1::FinanceTable& table, absl::string_view id) {
  std::vector<std::pair<const update::v1::FinanceRow*, std::vector<Bar>>> charted;
  std::vector<finance::v1::Basis> bases;
  std::vector<std::string> described;
  for (const update::v1::FinanceRow& row : table.rows()) {
    std::vector<Bar> bars = BarsOf(table, row);
    if (bars.empty()) continue;
    for (const Bar& bar : bars) {
      if (std::find(bases.begin(), bases.end(), bar.basis) == bases.end()) {
        bases.push_back(bar.basis);
      }
    }
    described.push_back(absl::StrCat(
        row.label(), ": ", absl::StrJoin(bars, ", ", [](std::string* out, const Bar& bar) {
          absl::StrAppend(out, bar.period, " ", bar.printed, " (", BasisWord(bar.basis), ")");
        })));
    charted.emplace_back(&row, std::move(bars));
  }
  if (charted.empty()) return "";
  std::sort(bases.begin(), bases.end());
  const std::string unit = table.unit().empty() ? "" : absl::StrCat(" (", table.unit(), ")");
  const double height = kPanel * static_cast<double>(charted.size()) + 30;
  std::string out = SvgOpen(
      id, height,
      absl::StrCat(table.caption().empty() ? "Figures" : table.caption(), " per period", unit),
      absl::StrCat(absl::StrJoin(described, ". "), "."));
  absl::StrAppend(&out, "<defs><pattern id=\"", id,
                  "-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
                  "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" "
                  "fill=\"#ffffff\"/><rect width=\"3\" height=\"8\" fill=\"",
                  kBlue, "\"/></pattern></defs>\n");
  double top = 0;
  for (const auto& [row, bars] : charted) {
    out += RowChart(table, bars, absl::StrCat(row->label(), unit), top, id);
    top += kPanel;
  }
  absl::StrAppend(&out, FinanceLegend(bases, top + 12, id), "</svg>\n");
  return out;
}

}  // namespace bch::gateway
