// Input checks of the reporting service (pure; no database): a report series and its layout,
// and a collaboration update sent as a draft or for issue. Every violation is collected with its
// field path, so a caller fixes them all in one go.
#ifndef BCH_SERVICES_REPORTING_DOCUMENT_CHECKS_H_
#define BCH_SERVICES_REPORTING_DOCUMENT_CHECKS_H_

#include <set>
#include <string>
#include <vector>

#include "bch/common/checks.h"
#include "bch/reporting/v1/reporting_service.pb.h"
#include "bch/update/v1/collaboration_update.pb.h"

namespace bch::reporting {

// The fields of a series an update may change.
const std::set<std::string>& UpdatableReportSeriesFields();

// The named `fields` of `series` (StandardMethods' Check): texts within bounds, the alliance and
// force well-formed names, and the layout (1 to 50 sections of unique ids, each item one kind,
// finance content with valid periods, measures, scopes and owner; no finance settings on other
// content).
void CheckReportSeries(common::Violations& v, v1::ReportSeries& series,
                       const std::set<std::string>& fields, const std::vector<std::string>& keys);

// A document under `field` (e.g. "document"): every text well-formed (no control characters
// but line breaks and tabs) and at most 20,000 characters, every date a real day, every amount
// valid money, 1 to 100 sections with unique well-formed ids and titles, every block holding one
// kind of content, and the header's series empty or a well-formed name.
void CheckDocument(common::Violations& v, const std::string& field,
                   const update::v1::CollaborationUpdate& document);

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_DOCUMENT_CHECKS_H_
