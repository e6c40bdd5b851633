// The portal's two figures, inline SVG drawn from a composed update: spend and savings per
// period (a bar chart for each row of a finance table) and the milestone timeline, where a date
// stated as a period is drawn as that period ("Spring/Summer 2018": March to August) and an
// open-ended one as an arrow ("not before 2019"). Each is an image with a text alternative;
// the page beside it also gives every figure in a table. All text is escaped.
#ifndef BCH_GATEWAY_PORTAL_FIGURES_H_
#define BCH_GATEWAY_PORTAL_FIGURES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::gateway {

// One key date on the timeline.
struct TimelineItem {
  std::string label;  // "ICT: Target operating model go live"
  std::string when;   // as stated: "Spring/Summer 2018"
  absl::CivilDay start;
  absl::CivilDay end;                                         // inclusive; equal to start for a day
  enum class Open { kNo, kAfter, kBefore } open = Open::kNo;  // "not before …", "by …"
  bool achieved = false;
};

// The key dates of a project table that have a period, in table order.
std::vector<TimelineItem> TimelineOf(const update::v1::ProjectTable& table);

// The timeline from the first item's year to the year after the last, with a line at the
// report date. `id` makes the SVG's element ids unique in the page. Empty when `items` is.
std::string TimelineSvg(const std::vector<TimelineItem>& items, absl::CivilDay report_date,
                        absl::string_view id);

// A bar chart per row of `table` with any amount, one bar a period, labelled with the figure
// as printed; actual, forecast and budget figures drawn differently. Empty when no row has an
// amount.
std::string FinanceChartSvg(const update::v1::FinanceTable& table, absl::string_view id);

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_PORTAL_FIGURES_H_
