// Headless Chromium as a PDF printer (see pdf_printer.h).
#include "pdf_printer.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bch/common/sha256.h"

extern char** environ;

namespace bch::gateway {
namespace {

// A private folder removed with everything in it when this goes.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bch-pdf-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Starts `argv` in a process group of its own, with no signal blocked (this process blocks the
// shutdown signals for its waiting thread), its output to `log`. Returns its pid or -1.
pid_t Spawn(std::vector<std::string> argv, const std::filesystem::path& log) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &files, &attributes, args.data(), environ) != 0) pid = -1;
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&files);
  return pid;
}

// Waits for `pid` until `deadline`; then kills its group. Its exit status, or nullopt when it
// was killed for being late.
std::optional<int> WaitUntil(pid_t pid, absl::Time deadline) {
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() >= deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(-pid, SIGKILL);  // any helper process left behind
  return status;
}

}  // namespace

absl::StatusOr<std::string> PdfPrinter::Print(absl::string_view html, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  const std::string key = common::Sha256Hex(html);
  {
    std::lock_guard<std::mutex> lock(kept_mutex_);
    for (const auto& [kept_key, pdf] : printed_) {
      if (kept_key == key) return pdf;
    }
  }
  std::unique_lock<std::timed_mutex> turn(printing_, std::defer_lock);
  if (!turn.try_lock_for(absl::ToChronoNanoseconds(timeout))) {
    return absl::ResourceExhaustedError("the PDF printer is busy with other pages; try again");
  }
  absl::StatusOr<std::string> pdf = RunBrowser(html, deadline);
  if (!pdf.ok()) return pdf.status();
  std::lock_guard<std::mutex> lock(kept_mutex_);
  printed_.emplace_back(key, *pdf);
  if (printed_.size() > kept_) printed_.pop_front();
  return pdf;
}

absl::StatusOr<std::string> PdfPrinter::RunBrowser(absl::string_view html,
                                                   absl::Time deadline) const {
  TemporaryFolder folder;
  if (folder.path().empty()) return absl::InternalError("cannot make a folder to print in");
  const std::filesystem::path page = folder.path() / "report.html";
  const std::filesystem::path pdf = folder.path() / "report.pdf";
  std::ofstream(page, std::ios::binary) << html;
  // The same flags as ./bch's print_pdf: no network is needed, the page holds everything.
  const pid_t pid = Spawn(
      {browser_, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
       "--disable-background-networking", "--disable-component-update", "--disable-sync",
       absl::StrCat("--user-data-dir=", (folder.path() / "profile").string()),
       "--no-pdf-header-footer", absl::StrCat("--print-to-pdf=", pdf.string()),
       absl::StrCat("file://", page.string())},
      folder.path() / "browser.log");
  if (pid < 0) return absl::InternalError(absl::StrCat("cannot run ", browser_));
  const std::optional<int> status = WaitUntil(pid, deadline);
  if (!status) return absl::DeadlineExceededError("the PDF took too long to print");
  std::string bytes = ReadFile(pdf);
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0 || bytes.rfind("%PDF-", 0) != 0) {
    return absl::InternalError(
        absl::StrCat("the browser could not print the PDF: ",
                     ReadFile(folder.path() / "browser.log").substr(0, 300)));
  }
  return bytes;
}

}  // namespace bch::gateway
