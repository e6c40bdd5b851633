// The hash that chains issued reports: used by the store when it issues and verifies, and by the
// gateway when it re-composes an issue to see whether the record still says the same.
#ifndef BCH_SERVICES_REPORTING_CONTENT_HASH_H_
#define BCH_SERVICES_REPORTING_CONTENT_HASH_H_

#include <string>

#include "bch/reporting/v1/reporting_service.pb.h"

namespace bch::reporting {

// The SHA-256 (lowercase hex) of `report`'s canonical serialisation: the report with
// `content_hash` and `create_time` cleared, serialised deterministically. It covers the name
// (series and sequence), issue date, issuer, previous hash and the whole document.
std::string ContentHash(const v1::IssuedReport& report);

}  // namespace bch::reporting

#endif  // BCH_SERVICES_REPORTING_CONTENT_HASH_H_
