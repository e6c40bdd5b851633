// What changed between two collaboration updates, as typed entries (bch.reporting.v1.ReportChange)
// in the order the newer paper reads: header fields first, then each section of the target in
// order (its title, standing text and completeness, then its blocks' content row by row, with
// what is gone after the changes of the block it was in), then the sections that are gone. Every
// value is printed as the paper prints it (printed.h); a moved key date says how far it slipped
// in the coarser precision of its two values.
//
//   for (const v1::ReportChange& change : DiffDocuments(last_issue, draft)) {
//     std::cout << change.description() << "\n";  // "Orion went live"
//   }
//
// Items are paired by what identifies them (sections by id, project rows by project across
// programmes, key dates by milestone, finance tables by owner and caption, rows by key, columns
// by period label, areas, agreements, bodies anywhere in the tree, recommendations, top risks and
// benefit lines by resource name, risk counts by level and band), never by position. Pure: no
// I/O, no errors; identical documents give no entries.
#ifndef BCH_SERVICES_REPORTING_DIFF_H_
#define BCH_SERVICES_REPORTING_DIFF_H_

#include <vector>

#include "bch/projects/v1/projects_service.pb.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::reporting {

// The changes from `base` to `target`, in the order the target paper reads.
std::vector<v1::ReportChange> DiffDocuments(const update::v1::CollaborationUpdate& base,
                                            const update::v1::CollaborationUpdate& target);

// How far a key date moved, in the coarser precision of the two values (a year beside a
// financial year counts in years): the latest possible days compared (the first days of the
// periods where either value is "not before"), each as a number of days, months, meteorological
// seasons, years or financial years. An empty Slip (unit unspecified) when either value has no
// precision or no valid period.
v1::Slip SlipBetween(const projects::v1::DatedValue& before, const projects::v1::DatedValue& after);

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_DIFF_H_
