// Headless Chromium as a PDF printer (see pdf_printer.h).
#include "pdf_printer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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
// shutdown signals for its waiting thread), no descriptor of this process open but its output
// going to `log`, and killed if this process dies. Returns its pid or -1.
pid_t Spawn(std::vector<std::string> argv, const std::filesystem::path& log) {
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until exec.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  setpgid(0, 0);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
  const int in = open("/dev/null", O_RDONLY);
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || out < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
      dup2(out, STDERR_FILENO) < 0) {
    _exit(127);
  }
  syscall(SYS_close_range, 3U, ~0U, 0U);  // the callers' sockets, the servers' listeners
  execve(args[0], args.data(), environ);
  _exit(127);
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

std::optional<std::string> PdfPrinter::Kept(const std::string& key) {
  std::lock_guard<std::mutex> lock(kept_mutex_);
  const auto found = std::find_if(printed_.begin(), printed_.end(),
                                  [&](const auto& entry) { return entry.first == key; });
  if (found == printed_.end()) return std::nullopt;
  std::rotate(found, found + 1, printed_.end());  // now the most recently used
  return printed_.back().second;
}

absl::StatusOr<std::string> PdfPrinter::Print(absl::string_view html, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  const std::string key = common::Sha256Hex(html);
  if (std::optional<std::string> pdf = Kept(key)) return *std::move(pdf);
  std::unique_lock<std::timed_mutex> turn(printing_, std::defer_lock);
  if (!turn.try_lock_for(absl::ToChronoNanoseconds(timeout - kShortestPrint))) {
    return absl::ResourceExhaustedError("the PDF printer is busy with other pages; try again");
  }
  // The same page may have been printed while this call waited its turn.
  if (std::optional<std::string> pdf = Kept(key)) return *std::move(pdf);
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
