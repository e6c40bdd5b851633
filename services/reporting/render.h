// Renders a collaboration update as the paper reads: Markdown, or one self-contained print-ready
// HTML page (A4, no external resources), laid out like the worked example paper: the marking,
// To/From/Date, the title, then numbered sections with numbered paragraphs (3.1, 3.2, …), lists
// and tables. Every value is printed through printed.h; every piece of text from the document is
// escaped for the output format, so a title such as "<script>" or "a | b" shows as written.
//
//   std::string page = RenderHtml(document);  // "<!DOCTYPE html>…"
//
// Both are deterministic: the same document renders to the same bytes. Anything the document
// leaves out is left out of the paper; an empty document renders an empty paper.
#ifndef BCH_SERVICES_REPORTING_RENDER_H_
#define BCH_SERVICES_REPORTING_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::reporting {

// CommonMark with GitHub-style tables; the only raw HTML it holds is <br> in table cells.
std::string RenderMarkdown(const update::v1::CollaborationUpdate& document);

// Text for HTML content or a quoted attribute: & < > " ' as character references.
std::string EscapeHtml(absl::string_view text);

// A complete HTML page: one inline style sheet with print rules, no scripts, no links.
std::string RenderHtml(const update::v1::CollaborationUpdate& document);

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_RENDER_H_
