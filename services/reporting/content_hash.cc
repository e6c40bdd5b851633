// The hash of an issued report (see content_hash.h).
#include "content_hash.h"

#include "bch/common/sha256.h"

namespace bch::reporting {

std::string ContentHash(const v1::IssuedReport& report) {
  v1::IssuedReport content = report;
  content.clear_content_hash();
  content.clear_create_time();
  return common::Sha256Hex(common::DeterministicBytes(content));
}

}  // namespace bch::reporting
