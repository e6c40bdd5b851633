// Prints an HTML page to PDF with a headless Chromium (as `./bch compose --format pdf` does),
// one page at a time: the page is written to a private temporary folder, the browser runs with
// the network features off, none of this process's descriptors, and is killed (with its helper
// processes) at the deadline or when this process dies. The pages printed last are kept by the
// SHA-256 of their HTML, so an issued report, which never changes, is printed once however many
// ask for it at the same time.
#ifndef BCH_GATEWAY_PDF_PRINTER_H_
#define BCH_GATEWAY_PDF_PRINTER_H_

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace bch::gateway {

// A print is not started with less time than this left: it could not finish.
inline constexpr absl::Duration kShortestPrint = absl::Seconds(10);

class PdfPrinter final {
 public:
  // `browser`: the chromium executable. Keeps the last `kept` PDFs.
  explicit PdfPrinter(std::string browser, size_t kept = 16)
      : browser_(std::move(browser)), kept_(kept) {}

  // The PDF of `html`. RESOURCE_EXHAUSTED when other pages keep the printer busy until less than
  // kShortestPrint of `timeout` is left; DEADLINE_EXCEEDED when the browser takes longer;
  // INTERNAL when it fails.
  absl::StatusOr<std::string> Print(absl::string_view html, absl::Duration timeout);

 private:
  // The PDF kept for `key`, made the most recently used; nullopt when none is.
  std::optional<std::string> Kept(const std::string& key);
  absl::StatusOr<std::string> RunBrowser(absl::string_view html, absl::Time deadline) const;

  const std::string browser_;
  const size_t kept_;
  std::timed_mutex printing_;  // one browser at a time: each takes a core and ~150 MB
  std::mutex kept_mutex_;
  std::deque<std::pair<std::string, std::string>>
      printed_;  // (HTML's SHA-256, PDF), last used last
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_PDF_PRINTER_H_
