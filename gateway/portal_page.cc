// The portal's pages (see portal_page.h).
#include "portal_page.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "bch/common/checks.h"
#include "portal_figures.h"
#include "printed.h"
#include "render.h"

namespace bch::gateway {
namespace {

using reporting::EscapeHtml;
namespace uv1 = update::v1;
namespace pv1 = projects::v1;

constexpr char kServiceName[] = "Collaboration update";

std::string Page(absl::string_view title, absl::string_view main) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
      "<meta charset=\"utf-8\">\n<title>",
      EscapeHtml(title), " – ", kServiceName,
      "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/portal.css\">\n</head>\n"
      "<body class=\"govuk-template__body\">\n"
      "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
      "<header class=\"govuk-service-navigation\">\n<div class=\"govuk-width-container\">\n"
      "<div class=\"govuk-service-navigation__container\">\n"
      "<span class=\"govuk-service-navigation__service-name\">"
      "<a href=\"/\" class=\"govuk-service-navigation__link\">",
      kServiceName,
      "</a></span>\n</div>\n</div>\n</header>\n<div class=\"govuk-width-container\">\n"
      "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n",
      main,
      "</main>\n</div>\n<footer class=\"govuk-footer\">\n<div class=\"govuk-width-container\">\n"
      "<p class=\"govuk-body-s\">Composed from the projects, finance, governance and reporting "
      "services.</p>\n</div>\n</footer>\n"
      "</body>\n</html>\n");
}

std::string Tag(absl::string_view text, absl::string_view colour) {
  return absl::StrCat("<strong class=\"govuk-tag govuk-tag--", colour, "\">", EscapeHtml(text),
                      "</strong>");
}

absl::string_view RatingColour(pv1::DeliveryConfidence rating) {
  switch (rating) {
    case pv1::DELIVERY_CONFIDENCE_GREEN:
      return "green";
    case pv1::DELIVERY_CONFIDENCE_AMBER_GREEN:
      return "yellow";
    case pv1::DELIVERY_CONFIDENCE_AMBER:
      return "orange";
    case pv1::DELIVERY_CONFIDENCE_AMBER_RED:
    case pv1::DELIVERY_CONFIDENCE_RED:
      return "red";
    default:
      return "grey";
  }
}

// Text with its line breaks kept.
std::string Lines(absl::string_view text) {
  return absl::StrReplaceAll(EscapeHtml(text), {{"\n", "<br>"}});
}

std::string Cell(absl::string_view html, bool numeric = false) {
  return absl::StrCat("<td class=\"govuk-table__cell", numeric ? " govuk-table__cell--numeric" : "",
                      "\">", html, "</td>");
}

std::string RowHeading(absl::string_view html) {
  return absl::StrCat("<th scope=\"row\" class=\"govuk-table__header\">", html, "</th>");
}

std::string Heading(absl::string_view text, bool numeric = false) {
  return absl::StrCat("<th scope=\"col\" class=\"govuk-table__header",
                      numeric ? " govuk-table__header--numeric" : "", "\">", EscapeHtml(text),
                      "</th>");
}

// A table: caption (escaped; shown, or for screen readers only), column headings and rows
// already in HTML. It scrolls sideways in a region of its own on a narrow screen, so that the
// page does not (WCAG 1.4.10); the region can take the keyboard's focus to be scrolled.
std::string Table(absl::string_view caption, const std::vector<std::string>& headings,
                  const std::vector<std::string>& rows, bool caption_shown = true) {
  std::string out = absl::StrCat(
      "<div class=\"bch-table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"",
      EscapeHtml(caption.empty() ? "Table" : caption),
      "\">\n<table class=\"govuk-table\">\n<caption class=\"",
      caption_shown ? "govuk-table__caption govuk-table__caption--m" : "govuk-visually-hidden",
      "\">", EscapeHtml(caption), "</caption>\n");
  absl::StrAppend(&out, "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
                  absl::StrJoin(headings, ""),
                  "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
  for (const std::string& row : rows) {
    absl::StrAppend(&out, "<tr class=\"govuk-table__row\">", row, "</tr>\n");
  }
  return absl::StrCat(out, "</tbody>\n</table>\n</div>\n");
}

std::string BulletList(const std::vector<std::string>& items_html) {
  if (items_html.empty()) return "";
  return absl::StrCat("<ul class=\"govuk-list govuk-list--bullet\">\n<li>",
                      absl::StrJoin(items_html, "</li>\n<li>"), "</li>\n</ul>\n");
}

std::string Escaped(const google::protobuf::RepeatedPtrField<std::string>& texts) {
  return EscapeHtml(absl::StrJoin(texts, ", "));
}

// ----- Blocks. -----

std::string KeyDates(const uv1::ProjectRow& row) {
  std::vector<std::string> items;
  for (const uv1::KeyDate& key : row.key_dates()) {
    items.push_back(absl::StrCat(EscapeHtml(key.title()), ": ",
                                 EscapeHtml(reporting::PrintDatedValue(key.date())),
                                 key.achieved() ? " (achieved)" : ""));
  }
  return BulletList(items);
}

std::string ProjectTables(const uv1::ProjectTable& table, const uv1::Header& header,
                          absl::string_view id) {
  std::string out;
  for (const uv1::ProgrammeGroup& group : table.programmes()) {
    // A lead force column only where a project names one (the programme's is in the caption).
    const bool leads =
        std::any_of(group.projects().begin(), group.projects().end(),
                    [](const uv1::ProjectRow& row) { return !row.lead_force().empty(); });
    std::vector<std::string> rows;
    for (const uv1::ProjectRow& row : group.projects()) {
      const std::string rating = reporting::PrintRating(row.rating());
      const std::string state = reporting::PrintState(row.state());
      const std::string dated = reporting::PrintDate(row.update_date());
      rows.push_back(absl::StrCat(
          RowHeading(EscapeHtml(row.title())), leads ? Cell(EscapeHtml(row.lead_force())) : "",
          Cell(absl::StrCat(rating.empty() ? "" : Tag(rating, RatingColour(row.rating())),
                            state.empty() ? "" : absl::StrCat("<br>", EscapeHtml(state)))),
          Cell(KeyDates(row)),
          Cell(absl::StrCat(Lines(row.update()),
                            dated.empty() ? ""
                                          : absl::StrCat("<br><span class=\"govuk-body-s\">As at ",
                                                         EscapeHtml(dated), "</span>")))));
    }
    const std::string caption =
        group.lead_force().empty()
            ? group.title()
            : absl::StrCat(group.title(), " (lead: ", group.lead_force(), ")");
    std::vector<std::string> headings = {Heading("Project")};
    if (leads) headings.push_back(Heading("Lead force"));
    for (const char* heading : {"Rating", "Key dates", "Update"})
      headings.push_back(Heading(heading));
    out += Table(caption, headings, rows);
  }
  const std::vector<TimelineItem> timeline = TimelineOf(table);
  const std::optional<absl::CivilDay> report_date = common::ValidDay(true, header.date());
  if (!timeline.empty() && report_date) {
    absl::StrAppend(&out,
                    "<figure class=\"bch-figure-box\">\n<figcaption class=\"govuk-heading-s\">",
                    "Milestone timeline (the key dates above)</figcaption>\n",
                    TimelineSvg(timeline, *report_date, id), "</figure>\n");
  }
  return out;
}

std::string FinanceTable(const uv1::FinanceTable& table, absl::string_view id) {
  std::vector<std::string> headings = {Heading("Measure")};
  for (const std::string& period : table.periods()) headings.push_back(Heading(period, true));
  headings.push_back(Heading("Total", true));
  std::vector<std::string> rows;
  for (const uv1::FinanceRow& row : table.rows()) {
    std::string cells = RowHeading(EscapeHtml(
        row.group().empty() ? row.label() : absl::StrCat(row.group(), ": ", row.label())));
    for (int i = 0; i < table.periods_size(); ++i) {
      cells +=
          Cell(i < row.cells_size() ? EscapeHtml(reporting::PrintCell(row.cells(i))) : "", true);
    }
    cells += Cell(EscapeHtml(reporting::PrintCell(row.total())), true);
    rows.push_back(std::move(cells));
  }
  const std::string unit = table.unit().empty() ? "" : absl::StrCat(" (", table.unit(), ")");
  std::string out;
  if (const std::string chart = FinanceChartSvg(table, id); !chart.empty()) {
    absl::StrAppend(&out,
                    "<figure class=\"bch-figure-box\">\n<figcaption class=\"govuk-heading-s\">",
                    EscapeHtml(absl::StrCat("Spend and savings per period", unit)),
                    " (the figures are in the table below)</figcaption>\n", chart, "</figure>\n");
  }
  return absl::StrCat(out, Table(absl::StrCat(table.caption(), unit), headings, rows));
}

std::string Areas(const uv1::AreaList& list) {
  std::vector<std::string> rows;
  for (const uv1::Area& area : list.areas()) {
    rows.push_back(absl::StrCat(RowHeading(EscapeHtml(area.title())),
                                Cell(Escaped(area.lead_forces())), Cell(Escaped(area.units()))));
  }
  return Table("Collaboration areas", {Heading("Area"), Heading("Lead forces"), Heading("Units")},
               rows, /*caption_shown=*/false);
}

std::string Agreements(const uv1::AgreementList& list) {
  std::vector<std::string> rows;
  for (const uv1::AgreementEntry& agreement : list.agreements()) {
    rows.push_back(
        absl::StrCat(RowHeading(EscapeHtml(agreement.title())), Cell(EscapeHtml(agreement.kind())),
                     Cell(Escaped(agreement.parties())),
                     Cell(EscapeHtml(reporting::PrintDate(agreement.commencement_date()))),
                     Cell(Lines(agreement.objective()))));
  }
  return Table("Agreements",
               {Heading("Agreement"), Heading("Type"), Heading("Parties"), Heading("Commenced"),
                Heading("Objective")},
               rows, /*caption_shown=*/false);
}

std::string GovernanceNodes(const google::protobuf::RepeatedPtrField<uv1::GovernanceNode>& nodes) {
  std::vector<std::string> items;
  for (const uv1::GovernanceNode& node : nodes) {
    items.push_back(absl::StrCat(
        EscapeHtml(node.title()),
        node.chair().empty() ? "" : absl::StrCat(" (chair: ", EscapeHtml(node.chair()), ")"),
        GovernanceNodes(node.reports())));
  }
  return BulletList(items);
}

std::string Recommendations(const uv1::RecommendationList& list) {
  std::vector<std::string> rows;
  for (const uv1::RecommendationEntry& entry : list.recommendations()) {
    rows.push_back(absl::StrCat(RowHeading(Lines(entry.text())), Cell(EscapeHtml(entry.owner())),
                                Cell(EscapeHtml(reporting::PrintStatus(entry.status()))),
                                Cell(EscapeHtml(reporting::PrintDate(entry.due_date())))));
  }
  return Table(list.title(),
               {Heading("Recommendation"), Heading("Owner"), Heading("Status"), Heading("Due")},
               rows);
}

std::string Registers(const uv1::RegisterSummary& summary) {
  std::string out =
      absl::StrCat("<p class=\"govuk-body\">Open risks: ", summary.open_risks(),
                   ". Risks overdue for review: ", summary.overdue_reviews(), ".</p>\n");
  if (!summary.top_risks().empty()) {
    std::vector<std::string> rows;
    for (const uv1::RiskLine& risk : summary.top_risks()) {
      rows.push_back(absl::StrCat(RowHeading(EscapeHtml(risk.title())),
                                  Cell(EscapeHtml(risk.owner())),
                                  Cell(absl::StrCat(risk.residual_score()), true),
                                  Cell(EscapeHtml(reporting::PrintBand(risk.band())))));
    }
    out +=
        Table("Highest risks",
              {Heading("Risk"), Heading("Owner"), Heading("Residual score", true), Heading("Band")},
              rows);
  }
  if (!summary.benefits().empty()) {
    std::vector<std::string> rows;
    for (const uv1::BenefitLine& line : summary.benefits()) {
      rows.push_back(absl::StrCat(
          RowHeading(EscapeHtml(line.title())), Cell(absl::StrCat(line.benefits()), true),
          Cell(EscapeHtml(reporting::PrintMillions(line.expected())), true),
          Cell(EscapeHtml(reporting::PrintMillions(line.realised())), true)));
    }
    out += Table("Benefits (£m)",
                 {Heading("Area"), Heading("Benefits", true), Heading("Expected", true),
                  Heading("Realised", true)},
                 rows);
  }
  return out;
}

std::string Highlights(const uv1::Highlights& highlights) {
  const std::string since = reporting::PrintDate(highlights.since());
  if (highlights.items().empty()) {
    return absl::StrCat("<p class=\"govuk-body\">There are no key highlights since ",
                        EscapeHtml(since), ".</p>\n");
  }
  std::vector<std::string> items;
  for (const std::string& item : highlights.items()) items.push_back(Lines(item));
  return absl::StrCat("<p class=\"govuk-body\">Key highlights since ", EscapeHtml(since), ":</p>\n",
                      BulletList(items));
}

std::string Block(const uv1::Block& block, const uv1::Header& header, absl::string_view id) {
  switch (block.content_case()) {
    case uv1::Block::kParagraph:
      return block.paragraph().quote() ? absl::StrCat("<div class=\"govuk-inset-text\">",
                                                      Lines(block.paragraph().text()), "</div>\n")
                                       : absl::StrCat("<p class=\"govuk-body\">",
                                                      Lines(block.paragraph().text()), "</p>\n");
    case uv1::Block::kList: {
      std::vector<std::string> items;
      for (const std::string& item : block.list().items()) items.push_back(Lines(item));
      return BulletList(items);
    }
    case uv1::Block::kProjectTable:
      return ProjectTables(block.project_table(), header, id);
    case uv1::Block::kFinanceTable:
      return FinanceTable(block.finance_table(), id);
    case uv1::Block::kAreas:
      return Areas(block.areas());
    case uv1::Block::kAgreements:
      return Agreements(block.agreements());
    case uv1::Block::kGovernanceModel:
      return GovernanceNodes(block.governance_model().roots());
    case uv1::Block::kRecommendations:
      return Recommendations(block.recommendations());
    case uv1::Block::kRegisterSummary:
      return Registers(block.register_summary());
    case uv1::Block::kHighlights:
      return Highlights(block.highlights());
    case uv1::Block::CONTENT_NOT_SET:
      break;
  }
  return "";
}

std::string Warning(absl::string_view text_html) {
  return absl::StrCat(
      "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
      "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
      "<span class=\"govuk-visually-hidden\">Warning</span>",
      text_html, "</strong></div>\n");
}

std::string Paper(const uv1::CollaborationUpdate& update) {
  const uv1::Header& header = update.header();
  std::vector<std::pair<std::string, std::string>> facts = {
      {"To", header.audience()},
      {"From", header.author()},
      {"Date", reporting::PrintDate(header.date())},
      {"Marking", header.marking()},
      {"Series", header.report_series()}};
  std::string out = "<dl class=\"govuk-summary-list\">\n";
  for (const auto& [key, value] : facts) {
    if (value.empty()) continue;
    absl::StrAppend(
        &out, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">", key,
        "</dt><dd class=\"govuk-summary-list__value\">", EscapeHtml(value), "</dd></div>\n");
  }
  out += "</dl>\n";
  int number = 0;
  for (const uv1::Section& section : update.sections()) {
    ++number;
    absl::StrAppend(&out, "<section aria-labelledby=\"section-", number,
                    "\">\n<h2 class=\"govuk-heading-l\" id=\"section-", number, "\">", number, ". ",
                    EscapeHtml(section.title()), "</h2>\n");
    if (section.incomplete()) {
      out += Warning(
          absl::StrCat("This section is incomplete: ", EscapeHtml(section.missing_reason()), "."));
    }
    int block_number = 0;
    for (const uv1::Block& block : section.blocks()) {
      out += Block(block, header, absl::StrCat("figure-", number, "-", ++block_number));
    }
    out += "</section>\n";
  }
  return out;
}

std::string Select(absl::string_view name, absl::string_view label, absl::string_view none,
                   const std::vector<PortalOption>& options, absl::string_view chosen) {
  std::string out =
      absl::StrCat("<div class=\"govuk-form-group\">\n<label class=\"govuk-label\" for=\"", name,
                   "\">", label, "</label>\n<select class=\"govuk-select\" id=\"", name,
                   "\" name=\"", name, "\">\n<option value=\"\">", none, "</option>\n");
  const bool listed = std::any_of(options.begin(), options.end(), [&](const PortalOption& option) {
    return option.value == chosen;
  });
  if (!chosen.empty() && !listed) {  // kept when it is not among the choices
    absl::StrAppend(&out, "<option value=\"", EscapeHtml(chosen), "\" selected>",
                    EscapeHtml(chosen), "</option>\n");
  }
  for (const PortalOption& option : options) {
    absl::StrAppend(&out, "<option value=\"", EscapeHtml(option.value), "\"",
                    option.value == chosen ? " selected" : "", ">", EscapeHtml(option.label),
                    "</option>\n");
  }
  return absl::StrCat(out, "</select>\n</div>\n");
}

std::string Form(const PortalView& view) {
  return absl::StrCat(
      view.choices_unavailable
          ? Warning("The report series and forces could not all be listed; the paper asked for "
                    "is shown if it could be composed.")
          : "",
      "<form method=\"get\" action=\"/\" class=\"bch-choice\">\n",
      Select("series", "Report series", "The force’s series", view.series, view.chosen_series),
      Select("force", "Force", "Any force", view.forces, view.chosen_force),
      "<div class=\"govuk-form-group\">\n<label class=\"govuk-label\" for=\"as_of\">Date of the "
      "paper</label>\n<div class=\"govuk-hint\" id=\"as_of-hint\">For example, 2017-12-14. "
      "Today when left empty.</div>\n<input class=\"govuk-input govuk-input--width-10\" "
      "id=\"as_of\" name=\"as_of\" type=\"date\" aria-describedby=\"as_of-hint\" value=\"",
      EscapeHtml(view.chosen_day),
      "\">\n</div>\n<button type=\"submit\" class=\"govuk-button\">Show the update</button>\n"
      "</form>\n");
}

std::string IssuedReports(const PortalView& view) {
  std::string out =
      "<section aria-labelledby=\"issued\">\n<h2 class=\"govuk-heading-l\" "
      "id=\"issued\">Issued reports</h2>\n";
  if (view.issued_unavailable) {
    return absl::StrCat(out, Warning("The issued reports could not be listed."), "</section>\n");
  }
  if (view.issued.empty()) {
    return absl::StrCat(out,
                        "<p class=\"govuk-body\">No report of this series has been issued.</p>\n",
                        "</section>\n");
  }
  std::vector<std::string> rows;
  for (const reporting::v1::IssuedReport& report : view.issued) {
    const std::string date = reporting::PrintDate(report.issue_date());
    const std::string which = EscapeHtml(absl::StrCat(" of issue ", report.sequence(), ", ", date));
    const auto link = [&](const std::string& path, absl::string_view words) {
      return absl::StrCat("<a class=\"govuk-link\" href=\"", EscapeHtml(path), "\">", words,
                          "<span class=\"govuk-visually-hidden\">", which, "</span></a>");
    };
    std::string paper = link(IssuedReportPath(report.name()), "HTML");
    if (view.pdf) absl::StrAppend(&paper, " · ", link(IssuedReportPdfPath(report.name()), "PDF"));
    rows.push_back(absl::StrCat(
        RowHeading(absl::StrCat("Issue ", report.sequence())), Cell(EscapeHtml(date)), Cell(paper),
        Cell(report.sequence() > 1 ? link(IssuedReportChangesPath(report.name()), "Changes")
                                   : "First issue")));
  }
  return absl::StrCat(
      out,
      Table("Issued reports",
            {Heading("Issue"), Heading("Date"), Heading("Paper"), Heading("From the issue before")},
            rows, /*caption_shown=*/false),
      "</section>\n");
}

std::string ErrorSummary(absl::string_view message) {
  return absl::StrCat(
      "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
      "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
      "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">",
      EscapeHtml(message), "</p></div></div></div>\n");
}

}  // namespace

std::string IssuedReportPath(absl::string_view name) { return absl::StrCat("/", name); }
std::string IssuedReportPdfPath(absl::string_view name) { return absl::StrCat("/", name, ".pdf"); }
std::string IssuedReportChangesPath(absl::string_view name) {
  return absl::StrCat("/", name, "/changes");
}

std::string RenderUpdatePage(const PortalView& view) {
  std::string main;
  const std::string title = view.update ? view.update->header().title() : kServiceName;
  absl::StrAppend(&main, "<h1 class=\"govuk-heading-xl\">", EscapeHtml(title), "</h1>\n");
  if (!view.error.empty()) main += ErrorSummary(view.error);
  main += Form(view);
  if (view.update) {
    const uv1::Header& header = view.update->header();
    absl::StrAppend(
        &main, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"",
        EscapeHtml(absl::StrCat(
            "/v1/collaborationUpdate:compose?reportSeries=", header.report_series(), "&asOf=",
            absl::FormatCivilTime(
                absl::CivilDay(header.date().year(), header.date().month(), header.date().day())))),
        "\">This paper as JSON</a></p>\n", Paper(*view.update), IssuedReports(view));
  }
  return Page(title, main);
}

std::string RenderChangesPage(const reporting::v1::DiffReportsResponse& diff) {
  const auto issue = [](absl::string_view name) { return name.substr(name.rfind('/') + 1); };
  const absl::string_view target = diff.target();
  const std::string title =
      absl::StrCat("Changes from issue ", issue(diff.base()), " to issue ", issue(target));
  std::string main = absl::StrCat(
      "<h1 class=\"govuk-heading-xl\">", EscapeHtml(title), "</h1>\n<p class=\"govuk-body\">",
      EscapeHtml(target.substr(0, target.find("/issuedReports/"))), "</p>\n");
  if (diff.changes().empty()) {
    main += "<p class=\"govuk-body\">Nothing changed.</p>\n";
  } else {
    std::vector<std::string> rows;
    for (const reporting::v1::ReportChange& change : diff.changes()) {
      rows.push_back(absl::StrCat(RowHeading(Lines(change.description())),
                                  Cell(EscapeHtml(change.section())), Cell(Lines(change.before())),
                                  Cell(Lines(change.after()))));
    }
    main += Table("Changes",
                  {Heading("Change"), Heading("Section"), Heading("Before"), Heading("After")},
                  rows, /*caption_shown=*/false);
  }
  absl::StrAppend(&main, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"",
                  EscapeHtml(IssuedReportPath(diff.target())), "\">The paper as issued</a></p>\n");
  return Page(title, main);
}

std::string RenderProblemPage(absl::string_view message) {
  return Page("There is a problem",
              absl::StrCat("<h1 class=\"govuk-heading-xl\">There is a problem</h1>\n",
                           "<p class=\"govuk-body\">", EscapeHtml(message),
                           "</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">"
                           "Back to the update</a></p>\n"));
}

}  // namespace bch::gateway
