// Renders a collaboration update as Markdown or HTML (see render.h). The document is first laid
// out as a Page: numbered sections of paragraphs, lists and tables in printed words, not yet
// escaped. Each format then writes the Page, escaping every piece of text as it goes, so the
// paper's wording lives in one place and the escaping in one place per format.
#include "render.h"

#include <cstddef>
#include <initializer_list>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "printed.h"

namespace bch::reporting {
namespace {

namespace uv1 = update::v1;

// ----- The page: what the paper says, in order, before any format's escaping. -----

// A paragraph; line breaks in its text are kept.
struct Paragraph {
  enum class Kind { kNumbered, kQuote, kPlain, kNote };
  Kind kind;
  std::string number = {};  // "3.2" for a numbered paragraph, else empty
  std::string text;
};

// A bullet and the bullets nested under it.
struct ListItem {
  std::string text;
  std::vector<ListItem> children = {};
};
using List = std::vector<ListItem>;

struct Column {
  std::string heading;
  bool numeric = false;  // right-aligned
};

// A row of cells, the first being the row's heading; a group row has one cell, its title,
// printed across the table.
struct Row {
  std::vector<std::string> cells;
  bool group = false;
};

struct Table {
  std::string caption = {};  // printed above; empty for none
  std::vector<Column> columns;
  std::vector<Row> rows = {};
  std::string note = {};  // printed under; empty for none
};

using Part = std::variant<Paragraph, List, Table>;

struct PageSection {
  int number = 0;
  std::string title;
  std::vector<Part> parts = {};
};

struct MemoLine {
  std::string label;  // "To", "From", "Date"
  std::string value;
};

struct Page {
  std::string marking;
  std::vector<MemoLine> memo = {};
  std::string title;
  std::vector<PageSection> sections = {};
};

// ----- Laying out the document. -----

// "text (label value)", or `text` alone when `value` is empty.
std::string Annotated(absl::string_view text, absl::string_view label, absl::string_view value) {
  if (value.empty()) return std::string(text);
  return absl::StrCat(text, text.empty() ? "" : " ", "(", label, value, ")");
}

// The non-empty pieces, one per line.
std::string Lines(std::initializer_list<absl::string_view> pieces) {
  std::vector<absl::string_view> present;
  for (absl::string_view piece : pieces) {
    if (!piece.empty()) present.push_back(piece);
  }
  return absl::StrJoin(present, "\n");
}

Row GroupRow(std::string title) { return Row{.cells = {std::move(title)}, .group = true}; }

List Bullets(const google::protobuf::RepeatedPtrField<std::string>& items) {
  List list;
  for (const std::string& item : items) list.push_back(ListItem{.text = item});
  return list;
}

// Collects one section's parts, numbering its paragraphs 3.1, 3.2, … in order.
class SectionLayout {
 public:
  explicit SectionLayout(PageSection& section) : section_(section) {}

  void Numbered(std::string text) {
    Add(Paragraph{.kind = Paragraph::Kind::kNumbered,
                  .number = absl::StrCat(section_.number, ".", ++paragraphs_),
                  .text = std::move(text)});
  }
  void Add(Part part) { section_.parts.push_back(std::move(part)); }

 private:
  PageSection& section_;
  int paragraphs_ = 0;
};

std::string KeyDateLine(const uv1::KeyDate& key_date) {
  const std::string when = PrintDatedValue(key_date.date());
  std::string line = when.empty() ? key_date.title() : absl::StrCat(key_date.title(), ": ", when);
  if (key_date.achieved()) absl::StrAppend(&line, " (achieved)");
  return line;
}

Row ProjectRow(const uv1::ProjectRow& project) {
  std::vector<std::string> dates;
  for (const uv1::KeyDate& key_date : project.key_dates()) dates.push_back(KeyDateLine(key_date));
  return Row{.cells = {Lines({project.title(), project.lead_force()}), project.update(),
                       absl::StrJoin(dates, "\n"), PrintRating(project.rating())}};
}

Table ProjectTable(const uv1::ProjectTable& table) {
  Table out{.columns = {{"Project"}, {"Update"}, {"Key dates"}, {"Rating"}}};
  for (const uv1::ProgrammeGroup& programme : table.programmes()) {
    out.rows.push_back(GroupRow(Annotated(programme.title(), "led by ", programme.lead_force())));
    for (const uv1::ProjectRow& project : programme.projects()) {
      out.rows.push_back(ProjectRow(project));
    }
  }
  return out;
}

// A cell as printed, marked "*" when some of the figures it sums are not yet known.
std::string FinanceCellText(const finance::v1::FinanceCell& cell) {
  return cell.partial() ? absl::StrCat(PrintCell(cell), "*") : PrintCell(cell);
}

// The row's label, one cell per period (empty where the row has none) and its total.
Row FinanceRow(const uv1::FinanceRow& row, int periods) {
  Row out{.cells = {row.label()}};
  for (int i = 0; i < periods; ++i) {
    out.cells.push_back(i < row.cells_size() ? FinanceCellText(row.cells(i)) : "");
  }
  out.cells.push_back(FinanceCellText(row.total()));
  return out;
}

bool HasPartialFigures(const uv1::FinanceRow& row) {
  if (row.total().partial()) return true;
  for (const finance::v1::FinanceCell& cell : row.cells()) {
    if (cell.partial()) return true;
  }
  return false;
}

Table FinanceTable(const uv1::FinanceTable& table) {
  Table out{.caption = Annotated(table.caption(), "", table.unit()), .columns = {{""}}};
  for (const std::string& period : table.periods()) out.columns.push_back({period, true});
  out.columns.push_back({"Total", true});
  absl::string_view group;
  bool partial = false;
  for (const uv1::FinanceRow& row : table.rows()) {
    if (!row.group().empty() && row.group() != group) out.rows.push_back(GroupRow(row.group()));
    group = row.group();
    out.rows.push_back(FinanceRow(row, table.periods_size()));
    partial = partial || HasPartialFigures(row);
  }
  if (partial) out.note = "* some figures are not yet known";
  return out;
}

// In the paper's words: "<title> is led by <leads>, and includes <units>."
std::string AreaSentence(const uv1::Area& area) {
  const bool led = area.lead_forces_size() > 0;
  std::string sentence = area.title();
  if (led) absl::StrAppend(&sentence, " is led by ", absl::StrJoin(area.lead_forces(), " and "));
  if (area.units_size() > 0) {
    absl::StrAppend(&sentence, led ? ", and includes " : " includes ",
                    absl::StrJoin(area.units(), "; "));
  }
  return absl::StrCat(sentence, ".");
}

Table AgreementTable(const uv1::AgreementList& list) {
  Table out{.columns = {{"Title"}, {"Kind"}, {"Parties"}, {"Commenced"}}};
  for (const uv1::AgreementEntry& agreement : list.agreements()) {
    out.rows.push_back(
        Row{.cells = {agreement.title(), agreement.kind(), absl::StrJoin(agreement.parties(), "\n"),
                      PrintDate(agreement.commencement_date())}});
  }
  return out;
}

ListItem GovernanceItem(const uv1::GovernanceNode& node) {
  ListItem item{.text = Annotated(node.title(), "chair: ", node.chair())};
  for (const uv1::GovernanceNode& child : node.reports()) {
    item.children.push_back(GovernanceItem(child));
  }
  return item;
}

List GovernanceList(const uv1::GovernanceTree& tree) {
  List list;
  for (const uv1::GovernanceNode& root : tree.roots()) list.push_back(GovernanceItem(root));
  return list;
}

Table RecommendationTable(const uv1::RecommendationList& list) {
  Table out{.caption = list.title(),
            .columns = {{"Recommendation"}, {"Owner"}, {"Due"}, {"Status"}}};
  for (const uv1::RecommendationEntry& entry : list.recommendations()) {
    out.rows.push_back(Row{.cells = {entry.text(), entry.owner(), PrintDate(entry.due_date()),
                                     PrintStatus(entry.status())}});
  }
  return out;
}

Table RiskCountTable(const uv1::RegisterSummary& summary) {
  Table out{.caption = "Open risks by level and band",
            .columns = {{"Level"}, {"Band"}, {"Risks", true}}};
  for (const governance::v1::RiskCount& count : summary.risk_counts()) {
    out.rows.push_back(Row{.cells = {PrintLevel(count.level()), PrintBand(count.band()),
                                     absl::StrCat(count.count())}});
  }
  return out;
}

Table TopRiskTable(const uv1::RegisterSummary& summary) {
  Table out{.caption = "Top risks", .columns = {{"Risk"}, {"Owner"}, {"Score", true}, {"Band"}}};
  for (const uv1::RiskLine& risk : summary.top_risks()) {
    out.rows.push_back(Row{.cells = {risk.title(), risk.owner(),
                                     absl::StrCat(risk.residual_score()), PrintBand(risk.band())}});
  }
  return out;
}

Table BenefitTable(const uv1::RegisterSummary& summary) {
  Table out{
      .caption = "Benefits",
      .columns = {
          {"Area"}, {"Benefits", true}, {"Expected (£m)", true}, {"Realised to date (£m)", true}}};
  for (const uv1::BenefitLine& line : summary.benefits()) {
    out.rows.push_back(
        Row{.cells = {line.title(), absl::StrCat(line.benefits()), PrintMillions(line.expected()),
                      PrintMillions(line.realised())}});
  }
  return out;
}

void LayOutRegisterSummary(const uv1::RegisterSummary& summary, SectionLayout& section) {
  section.Add(Paragraph{.kind = Paragraph::Kind::kPlain,
                        .text = absl::StrCat("Open risks: ", summary.open_risks(),
                                             "\nReviews overdue: ", summary.overdue_reviews())});
  // A table with no rows says nothing the counts above do not.
  for (Table table : {RiskCountTable(summary), TopRiskTable(summary), BenefitTable(summary)}) {
    if (!table.rows.empty()) section.Add(std::move(table));
  }
}

void LayOutHighlights(const uv1::Highlights& highlights, SectionLayout& section) {
  const std::string since = PrintMonth(highlights.since());
  const std::string when = since.empty() ? "" : absl::StrCat(" since the last report in ", since);
  if (highlights.items().empty()) {
    section.Numbered(absl::StrCat("There are no key highlights", when, "."));
    return;
  }
  section.Numbered(absl::StrCat("Key highlights", when, ":"));
  section.Add(Bullets(highlights.items()));
}

void LayOutParagraph(const uv1::Paragraph& paragraph, SectionLayout& section) {
  if (paragraph.quote()) {
    section.Add(Paragraph{.kind = Paragraph::Kind::kQuote, .text = paragraph.text()});
  } else {
    section.Numbered(paragraph.text());
  }
}

void LayOutBlock(const uv1::Block& block, SectionLayout& section) {
  switch (block.content_case()) {
    case uv1::Block::kParagraph:
      return LayOutParagraph(block.paragraph(), section);
    case uv1::Block::kList:
      return section.Add(Bullets(block.list().items()));
    case uv1::Block::kProjectTable:
      return section.Add(ProjectTable(block.project_table()));
    case uv1::Block::kFinanceTable:
      return section.Add(FinanceTable(block.finance_table()));
    case uv1::Block::kAreas:
      for (const uv1::Area& area : block.areas().areas()) section.Numbered(AreaSentence(area));
      return;
    case uv1::Block::kAgreements:
      return section.Add(AgreementTable(block.agreements()));
    case uv1::Block::kGovernanceModel:
      return section.Add(GovernanceList(block.governance_model()));
    case uv1::Block::kRecommendations:
      return section.Add(RecommendationTable(block.recommendations()));
    case uv1::Block::kRegisterSummary:
      return LayOutRegisterSummary(block.register_summary(), section);
    case uv1::Block::kHighlights:
      return LayOutHighlights(block.highlights(), section);
    case uv1::Block::CONTENT_NOT_SET:
      return;
  }
}

PageSection LayOutSection(const uv1::Section& source, int number) {
  PageSection section{.number = number, .title = source.title()};
  SectionLayout layout(section);
  if (source.incomplete()) {
    const std::string& reason = source.missing_reason();
    layout.Add(Paragraph{.kind = Paragraph::Kind::kNote,
                         .text = reason.empty()
                                     ? "This section is incomplete."
                                     : absl::StrCat("This section is incomplete: ", reason)});
  }
  for (const uv1::Block& block : source.blocks()) LayOutBlock(block, layout);
  return section;
}

Page LayOut(const uv1::CollaborationUpdate& document) {
  const uv1::Header& header = document.header();
  Page page{.marking = header.marking(), .title = header.title()};
  for (MemoLine line : {MemoLine{"To", header.audience()}, MemoLine{"From", header.author()},
                        MemoLine{"Date", PrintDate(header.date())}}) {
    if (!line.value.empty()) page.memo.push_back(std::move(line));
  }
  for (int i = 0; i < document.sections_size(); ++i) {
    page.sections.push_back(LayOutSection(document.sections(i), i + 1));
  }
  return page;
}

// ----- Markdown. -----

// Characters that can be markup anywhere in a line (CommonMark, and GitHub's tables and
// strikethrough).
constexpr absl::string_view kMarkdownSpecials = "\\`*_{}[]<>#+-!|~";

// The index of the "." or ")" of an ordered-list marker ("12. " or "1)") opening `line`, or npos.
size_t OrderedListMarkerEnd(absl::string_view line) {
  const size_t digits = line.find_first_not_of("0123456789");
  if (digits == 0 || digits > 9) return absl::string_view::npos;  // npos too: all digits
  if (line[digits] != '.' && line[digits] != ')') return absl::string_view::npos;
  const bool ends_marker =
      digits + 1 == line.size() || line[digits + 1] == ' ' || line[digits + 1] == '\t';
  return ends_marker ? digits : absl::string_view::npos;
}

// One line of document text, literal in Markdown: markup characters backslash-escaped, "&" as an
// entity, a line that would open a list or underline a heading made plain text. Surrounding
// whitespace goes (Markdown would drop it, or read an indented line as code).
std::string EscapeMarkdownLine(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  const size_t marker = OrderedListMarkerEnd(line);
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '&') {
      out += "&amp;";
      continue;
    }
    if (kMarkdownSpecials.find(c) != absl::string_view::npos || i == marker ||
        (i == 0 && c == '=')) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// The lines of document text, whichever line endings it uses (a bare CR ends a line in
// CommonMark, and would otherwise split a table row or a heading).
std::vector<std::string> TextLines(absl::string_view text) {
  return absl::StrSplit(absl::StrReplaceAll(text, {{"\r\n", "\n"}, {"\r", "\n"}}), '\n');
}

// Document text, its lines escaped and joined by `line_break`.
std::string MarkdownText(absl::string_view text, absl::string_view line_break) {
  return absl::StrJoin(
      TextLines(absl::StripAsciiWhitespace(text)), line_break,
      [](std::string* out, absl::string_view line) { out->append(EscapeMarkdownLine(line)); });
}

// A hard line break within a block whose lines start with `prefix`.
std::string MarkdownBreak(absl::string_view prefix) { return absl::StrCat("\\\n", prefix); }

std::string MarkdownCell(absl::string_view text) { return MarkdownText(text, "<br>"); }

std::string MarkdownRow(const std::vector<std::string>& cells) {
  return absl::StrCat("| ", absl::StrJoin(cells, " | "), " |\n");
}

std::string ToMarkdown(const Paragraph& paragraph) {
  switch (paragraph.kind) {
    case Paragraph::Kind::kNumbered:
      return absl::StrCat(paragraph.number, " ", MarkdownText(paragraph.text, MarkdownBreak("")),
                          "\n");
    case Paragraph::Kind::kQuote:
      return absl::StrCat("> ", MarkdownText(paragraph.text, MarkdownBreak("> ")), "\n");
    case Paragraph::Kind::kPlain:
      return absl::StrCat(MarkdownText(paragraph.text, MarkdownBreak("")), "\n");
    case Paragraph::Kind::kNote:
      return absl::StrCat("**", MarkdownText(paragraph.text, MarkdownBreak("")), "**\n");
  }
  return "";
}

void AppendMarkdownList(const List& list, int depth, std::string& out) {
  const std::string indent(2 * depth, ' ');
  for (const ListItem& item : list) {
    absl::StrAppend(&out, indent, "- ", MarkdownText(item.text, MarkdownBreak(indent + "  ")),
                    "\n");
    AppendMarkdownList(item.children, depth + 1, out);
  }
}

std::string ToMarkdown(const List& list) {
  std::string out;
  AppendMarkdownList(list, 0, out);
  return out;
}

std::string ToMarkdown(const Table& table) {
  std::string out;
  if (!table.caption.empty()) {
    absl::StrAppend(&out, "**", MarkdownText(table.caption, " "), "**\n\n");
  }
  std::vector<std::string> headings;
  std::vector<std::string> alignments;
  for (const Column& column : table.columns) {
    headings.push_back(MarkdownCell(column.heading));
    alignments.push_back(column.numeric ? "---:" : "---");
  }
  absl::StrAppend(&out, MarkdownRow(headings), MarkdownRow(alignments));
  for (const Row& row : table.rows) {
    std::vector<std::string> cells;
    for (const std::string& cell : row.cells) cells.push_back(MarkdownCell(cell));
    if (row.group) {
      cells.front() = absl::StrCat("**", cells.front(), "**");
      cells.resize(table.columns.size());
    }
    out += MarkdownRow(cells);
  }
  if (!table.note.empty()) absl::StrAppend(&out, "\n", MarkdownText(table.note, " "), "\n");
  return out;
}

// ----- HTML. -----

// Document text, escaped, its line breaks as <br>.
std::string HtmlText(absl::string_view text) {
  return absl::StrJoin(TextLines(text), "<br>", [](std::string* out, absl::string_view line) {
    out->append(EscapeHtml(line));
  });
}

constexpr absl::string_view kMarkingFont =
    "font: bold 9pt Arial, Helvetica, sans-serif; letter-spacing: 0.1em;";

constexpr absl::string_view kStyle = R"css(
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
  color: #000; background: #fff; max-width: 52em; margin: 0 auto; padding: 1em; }
.marking { text-align: center; font-weight: bold; letter-spacing: 0.1em; }
.memo { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 1em 0; }
.memo dt { font-weight: bold; }
.memo dd { margin: 0; }
h1 { font-size: 16pt; margin: 1em 0; }
h2 { font-size: 13pt; margin: 1.5em 0 0.5em; }
h1, h2, caption { break-after: avoid; }
p, blockquote, ul, table { margin: 0 0 0.8em; }
.numbered { padding-left: 3em; text-indent: -3em; }
.number { display: inline-block; width: 3em; text-indent: 0; }
blockquote { margin-left: 3em; }
ul { margin-left: 3em; padding-left: 1.2em; }
ul ul { margin: 0; }
.incomplete { border: 1px solid #a00; border-left-width: 4px; padding: 0.4em 0.6em;
  background: #fdecea; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #444; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; }
tbody th { font-weight: normal; }
.group th { background: #f2f2f2; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  .marking { display: none; }  /* printed in every page's margin by the @page rules below */
  thead th, .group th, .incomplete { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
)css";

// `text` as a CSS string literal: quotes, backslashes, line breaks and angle brackets (which
// could end the style element) written as escapes.
std::string CssString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\22 ";
        break;
      case '\\':
        out += "\\5c ";
        break;
      case '<':
        out += "\\3c ";
        break;
      case '>':
        out += "\\3e ";
        break;
      case '\n':
        out += "\\a ";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

// The marking at the head and foot of every printed page, in the page's margin boxes.
std::string PageMarkingCss(absl::string_view marking) {
  if (marking.empty()) return "";
  const std::string content = CssString(marking);
  return absl::StrCat("@page {\n  @top-center { content: ", content, "; ", kMarkingFont, " }\n",
                      "  @bottom-center { content: ", content, "; ", kMarkingFont, " }\n}\n");
}

std::string NumericClass(bool numeric) { return numeric ? " class=\"num\"" : ""; }

std::string ToHtml(const Paragraph& paragraph) {
  const std::string text = HtmlText(paragraph.text);
  switch (paragraph.kind) {
    case Paragraph::Kind::kNumbered:
      return absl::StrCat("<p class=\"numbered\"><span class=\"number\">", paragraph.number,
                          "</span>", text, "</p>\n");
    case Paragraph::Kind::kQuote:
      return absl::StrCat("<blockquote><p>", text, "</p></blockquote>\n");
    case Paragraph::Kind::kPlain:
      return absl::StrCat("<p>", text, "</p>\n");
    case Paragraph::Kind::kNote:
      return absl::StrCat("<p class=\"incomplete\" role=\"note\">", text, "</p>\n");
  }
  return "";
}

std::string ToHtml(const List& list) {
  std::string out = "<ul>\n";
  for (const ListItem& item : list) {
    absl::StrAppend(&out, "<li>", HtmlText(item.text));
    if (!item.children.empty()) absl::StrAppend(&out, "\n", ToHtml(item.children));
    out += "</li>\n";
  }
  return out + "</ul>\n";
}

std::string HtmlHeadingCell(const Column& column) {
  if (column.heading.empty()) return "<td></td>";
  return absl::StrCat("<th scope=\"col\"", NumericClass(column.numeric), ">",
                      HtmlText(column.heading), "</th>");
}

std::string HtmlRow(const Row& row, const std::vector<Column>& columns) {
  if (row.group) {
    return absl::StrCat("<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"", columns.size(),
                        "\">", HtmlText(row.cells.front()), "</th></tr>\n");
  }
  std::string out = absl::StrCat("<tr><th scope=\"row\">", HtmlText(row.cells.front()), "</th>");
  for (size_t i = 1; i < row.cells.size(); ++i) {
    const bool numeric = i < columns.size() && columns[i].numeric;
    absl::StrAppend(&out, "<td", NumericClass(numeric), ">", HtmlText(row.cells[i]), "</td>");
  }
  return out + "</tr>\n";
}

// A table; each group row opens a new <tbody>, the rows it heads.
std::string ToHtml(const Table& table) {
  std::string out = "<table>\n";
  if (!table.caption.empty()) {
    absl::StrAppend(&out, "<caption>", HtmlText(table.caption), "</caption>\n");
  }
  out += "<thead>\n<tr>";
  for (const Column& column : table.columns) out += HtmlHeadingCell(column);
  out += "</tr>\n</thead>\n<tbody>\n";
  bool body_has_rows = false;
  for (const Row& row : table.rows) {
    if (row.group && body_has_rows) out += "</tbody>\n<tbody>\n";
    out += HtmlRow(row, table.columns);
    body_has_rows = true;
  }
  out += "</tbody>\n</table>\n";
  if (!table.note.empty()) {
    absl::StrAppend(&out, "<p class=\"table-note\">", HtmlText(table.note), "</p>\n");
  }
  return out;
}

std::string HtmlMarking(absl::string_view element, absl::string_view position,
                        absl::string_view marking) {
  if (marking.empty()) return "";
  return absl::StrCat("<", element, " class=\"marking marking-", position, "\">", HtmlText(marking),
                      "</", element, ">\n");
}

std::string HtmlHeader(const Page& page) {
  std::string out = "<header>\n";
  if (!page.memo.empty()) {
    out += "<dl class=\"memo\">\n";
    for (const MemoLine& line : page.memo) {
      absl::StrAppend(&out, "<dt>", HtmlText(line.label), ":</dt><dd>", HtmlText(line.value),
                      "</dd>\n");
    }
    out += "</dl>\n";
  }
  if (!page.title.empty()) absl::StrAppend(&out, "<h1>", HtmlText(page.title), "</h1>\n");
  return out + "</header>\n";
}

std::string HtmlSection(const PageSection& section) {
  const std::string id = absl::StrCat("section-", section.number);
  std::string out = absl::StrCat("<section aria-labelledby=\"", id, "\">\n<h2 id=\"", id, "\">",
                                 section.number, ". ", HtmlText(section.title), "</h2>\n");
  for (const Part& part : section.parts) {
    out += std::visit([](const auto& content) { return ToHtml(content); }, part);
  }
  return out + "</section>\n";
}

}  // namespace

std::string RenderMarkdown(const uv1::CollaborationUpdate& document) {
  const Page page = LayOut(document);
  std::vector<std::string> blocks;
  if (!page.marking.empty()) {
    blocks.push_back(absl::StrCat("**", MarkdownText(page.marking, " "), "**\n"));
  }
  if (!page.memo.empty()) {
    std::vector<std::string> lines;
    for (const MemoLine& line : page.memo) {
      lines.push_back(MarkdownText(absl::StrCat(line.label, ": ", line.value), " "));
    }
    blocks.push_back(absl::StrCat(absl::StrJoin(lines, MarkdownBreak("")), "\n"));
  }
  if (!page.title.empty()) {
    blocks.push_back(absl::StrCat("# ", MarkdownText(page.title, " "), "\n"));
  }
  for (const PageSection& section : page.sections) {
    blocks.push_back(
        absl::StrCat("## ", section.number, ". ", MarkdownText(section.title, " "), "\n"));
    for (const Part& part : section.parts) {
      blocks.push_back(std::visit([](const auto& content) { return ToMarkdown(content); }, part));
    }
  }
  return absl::StrJoin(blocks, "\n");
}

std::string EscapeHtml(absl::string_view text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

std::string RenderHtml(const uv1::CollaborationUpdate& document) {
  const Page page = LayOut(document);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
      EscapeHtml(page.title), "</title>\n<style>", kStyle, PageMarkingCss(page.marking),
      "</style>\n</head>\n<body>\n", HtmlMarking("div", "top", page.marking), HtmlHeader(page),
      "<main>\n");
  for (const PageSection& section : page.sections) out += HtmlSection(section);
  absl::StrAppend(&out, "</main>\n", HtmlMarking("footer", "bottom", page.marking),
                  "</body>\n</html>\n");
  return out;
}

}  // namespace bch::reporting
