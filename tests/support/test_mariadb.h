// A real, private MariaDB server for integration tests, started through scripts/mariadb.sh (the
// same script ./bch up uses) in a temporary folder on a free loopback port. One server is shared
// by a whole test binary; each test gets a fresh schema and a user granted on it alone.
#ifndef BCH_TESTS_SUPPORT_TEST_MARIADB_H_
#define BCH_TESTS_SUPPORT_TEST_MARIADB_H_

#include <string>

#include "bch/common/db_pool.h"

namespace bch::testing {

class TestMariaDb final {
 public:
  // The binary's server, started on first use, stopped and removed at exit.
  static TestMariaDb& Shared();

  int port() const { return port_; }
  // The server's process id (for CPU accounting in benchmarks); 0 if not running.
  int ServerPid() const;

  // A fresh, empty schema and its own user; returns a config for a pool of `pool_size`.
  common::DbConfig CreateSchema(int pool_size = 4);
  // Runs SQL as the administrator (through the socket); fails the test on error.
  void AdminSql(const std::string& sql);

  // Crash and restart, for resilience tests: SIGKILL the server, then start it again on the
  // same data directory and port.
  void Kill();
  // Stall and wake, for timeout tests: SIGSTOP freezes the server with its sockets open, so that
  // nothing answers and nothing fails (Pause returns once the kernel reports it stopped).
  void Pause();
  void Resume();
  void Start();
  void Stop();
  // Stops the server and deletes its folder (at exit).
  void StopAndRemove();

 private:
  TestMariaDb();
  std::string dir_;
  int port_ = 0;
  int schemas_created_ = 0;
};

// Runs a shell command, returning its exit status (stdout/stderr pass through).
int RunCommand(const std::string& command);

// A free TCP port on 127.0.0.1 (bound and released).
int FreeLoopbackPort();

}  // namespace bch::testing

#endif  // BCH_TESTS_SUPPORT_TEST_MARIADB_H_
