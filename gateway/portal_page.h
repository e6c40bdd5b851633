// The portal's pages as HTML, from what the gateway's API answered: server-rendered, no
// scripts, styled by GOV.UK Frontend (the style sheet the gateway serves at /assets/portal.css).
// The update page has a form to choose the series, force and day; the paper's sections (the
// project tables by programme with ratings, the milestone timeline, the spend and savings chart
// with its figures in a table, and the rest as text, lists and tables); and the series' issued
// reports with links to each one's HTML, PDF and changes from the issue before. Every piece of
// text from the record is escaped.
#ifndef BCH_GATEWAY_PORTAL_PAGE_H_
#define BCH_GATEWAY_PORTAL_PAGE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::gateway {

// One option of a choice: the value sent, the words shown.
struct PortalOption {
  std::string value;
  std::string label;
};

// Everything the update page shows.
struct PortalView {
  std::vector<PortalOption> series;  // every report series
  std::vector<PortalOption> forces;  // every force
  bool choices_unavailable = false;  // the series or forces could not be listed
  // What was asked, as it was typed (shown back in the form).
  std::string chosen_series;
  std::string chosen_force;
  std::string chosen_day;
  // The paper, or why there is none (the gateway's error message).
  std::optional<update::v1::CollaborationUpdate> update;
  std::string error;
  // Issued reports of the paper's series, newest first, without their documents.
  std::vector<reporting::v1::IssuedReport> issued;
  bool issued_unavailable = false;  // the list could not be read
  bool pdf = false;                 // PDF links are offered
};

std::string RenderUpdatePage(const PortalView& view);

// The changes in `diff` (an issued report against the issue before it) as a page.
std::string RenderChangesPage(const reporting::v1::DiffReportsResponse& diff);

// A page saying what went wrong, e.g. "No report is issued as reportSeries/x/issuedReports/9".
std::string RenderProblemPage(absl::string_view message);

// The portal's links of an issued report `name` (`reportSeries/{s}/issuedReports/{n}`).
std::string IssuedReportPath(absl::string_view name);         // its paper as HTML
std::string IssuedReportPdfPath(absl::string_view name);      // as PDF
std::string IssuedReportChangesPath(absl::string_view name);  // its changes page

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_PORTAL_PAGE_H_
