// Private MariaDB for integration tests (see test_mariadb.h).
#include "test_mariadb.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "absl/strings/str_cat.h"

namespace bch::testing {
namespace {

std::string Script() { return absl::StrCat(BCH_SOURCE_DIR, "/scripts/mariadb.sh"); }

void MustRun(const std::string& command) {
  if (RunCommand(command) != 0) throw std::runtime_error("command failed: " + command);
}

}  // namespace

int RunCommand(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

TestMariaDb& TestMariaDb::Shared() {
  static TestMariaDb* const server = [] {
    auto* s = new TestMariaDb();
    std::atexit([] { Shared().StopAndRemove(); });
    return s;
  }();
  return *server;
}

TestMariaDb::TestMariaDb() {
  char pattern[] = "/tmp/bch-test-db-XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (dir == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = dir;
  port_ = FreeLoopbackPort();
  Start();
}

int TestMariaDb::ServerPid() const {
  std::ifstream file(absl::StrCat(dir_, "/mysqld.pid"));
  int pid = 0;
  file >> pid;
  return pid;
}

void TestMariaDb::Start() { MustRun(absl::StrCat(Script(), " start ", dir_, " ", port_)); }
void TestMariaDb::Stop() { RunCommand(absl::StrCat(Script(), " stop ", dir_)); }
void TestMariaDb::StopAndRemove() {
  Stop();
  RunCommand(absl::StrCat("rm -rf ", dir_));
}

void TestMariaDb::Pause() {
  const int pid = ServerPid();
  if (pid <= 0 || kill(pid, SIGSTOP) != 0) throw std::runtime_error("cannot stop the test server");
  for (int i = 0; i < 200; ++i) {  // the state field of /proc/PID/stat becomes T (stopped)
    std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
    std::string line;
    std::getline(stat, line);
    const size_t after_name = line.rfind(')');
    if (after_name != std::string::npos && line.size() > after_name + 2 &&
        line[after_name + 2] == 'T') {
      return;
    }
    usleep(10 * 1000);
  }
  throw std::runtime_error("the test server did not stop");
}

void TestMariaDb::Resume() { kill(ServerPid(), SIGCONT); }

void TestMariaDb::Kill() { MustRun(absl::StrCat(Script(), " kill ", dir_)); }

void TestMariaDb::AdminSql(const std::string& sql) {
  const std::string file = absl::StrCat(dir_, "/admin.sql");
  std::ofstream(file) << sql;
  MustRun(absl::StrCat(Script(), " sql ", dir_, " < ", file));
}

common::DbConfig TestMariaDb::CreateSchema(int pool_size) {
  const std::string name = absl::StrCat("bch_test_", getpid(), "_", ++schemas_created_);
  const std::string password_file = absl::StrCat(dir_, "/", name, ".password");
  MustRun(absl::StrCat(Script(), " provision ", dir_, " ", name, " ", name, " ", password_file));
  std::ifstream in(password_file);
  common::DbConfig config;
  std::getline(in, config.password);
  config.host = "127.0.0.1";
  config.port = port_;
  config.user = name;
  config.schema = name;
  config.pool_size = pool_size;
  config.connect_timeout = absl::Seconds(2);
  config.io_timeout = absl::Seconds(5);
  return config;
}

}  // namespace bch::testing
