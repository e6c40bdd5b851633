// The portal's routes on the gateway's HTTP server, reading everything through the gateway's own
// gRPC API as any portal would:
//   GET /                                        the update page (?series=&force=&as_of=)
//   GET /reportSeries/{s}/issuedReports/{n}      an issued report as the reporting service
//                                                renders it in HTML (immutable, ETag)
//   GET /reportSeries/{s}/issuedReports/{n}.pdf  the same printed to PDF (when a browser is set)
//   GET /reportSeries/{s}/issuedReports/{n}/changes   what changed from issue n-1
//   GET /assets/…                                the style sheet built from GOV.UK Frontend
// A failed call gives a page saying why, with grpc-gateway's HTTP status for its code.
#ifndef BCH_GATEWAY_PORTAL_H_
#define BCH_GATEWAY_PORTAL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "bch/gateway/v1/collaboration_update_service.grpc.pb.h"
#include "pdf_printer.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace bch::gateway {

class Portal final {
 public:
  struct Options {
    std::string assets_dir;   // holds portal.css
    std::string pdf_browser;  // chromium; empty: no PDFs
    absl::Duration call_timeout = absl::Seconds(5);
    absl::Duration pdf_timeout = absl::Seconds(60);
  };

  Portal(const std::shared_ptr<grpc::Channel>& gateway, Options options);

  // Adds the routes to `server`, ahead of any added later. FAILED_PRECONDITION when the assets
  // folder has no portal.css.
  absl::Status AddRoutes(httplib::Server& server);

 private:
  void UpdatePage(const httplib::Request& http, httplib::Response& response) const;
  void IssuedPaper(const httplib::Request& http, httplib::Response& response);
  void ChangesPage(const httplib::Request& http, httplib::Response& response) const;

  std::unique_ptr<v1::CollaborationUpdateService::Stub> gateway_;
  const Options options_;
  std::optional<PdfPrinter> printer_;
};

}  // namespace bch::gateway

#endif  // BCH_GATEWAY_PORTAL_H_
