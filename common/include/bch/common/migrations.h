// Schema migrations: numbered SQL files applied in order, each recorded once.
//
// Each component (the shared `common` tables, then the service's own) has files named
// `V0001__create_projects.sql`, `V0002__...`; they are compiled into the binary
// (cmake/BchMigrations.cmake). Applied files are recorded in `schema_migrations` with a
// SHA-256 checksum: a file edited after it was applied is refused, so history never silently
// diverges. A named lock (GET_LOCK) makes concurrent replicas migrate one at a time.
#ifndef BCH_COMMON_MIGRATIONS_H_
#define BCH_COMMON_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bch/common/db_pool.h"

namespace bch::common {

// A migration file as embedded in the binary.
struct MigrationSource {
  absl::string_view file_name;  // e.g. "V0001__create_projects.sql"
  absl::string_view sql;
};

// The migrations of one component, in the order they must be applied.
struct MigrationSet {
  std::string component;  // e.g. "common", "projects"
  std::vector<MigrationSource> sources;
};

// A parsed, checksummed migration.
struct Migration {
  int version = 0;
  std::string description;  // from the file name: "create_projects"
  std::string checksum;     // hex SHA-256 of the file
  absl::string_view sql;
};

// Parses and orders a set's files; INVALID_ARGUMENT for a malformed name or repeated version.
absl::StatusOr<std::vector<Migration>> ParseMigrations(const MigrationSet& set);

// Splits a script into statements at semicolons outside quotes and comments; empty
// statements and comment-only text are dropped.
std::vector<std::string> SplitSqlStatements(absl::string_view script);

struct MigrationResult {
  std::vector<std::string> applied;  // "projects V0002 add_milestones", in order
  int already_applied = 0;
};

// Applies every pending migration of `sets` (in order) on `connection`, holding the named lock
// `bch_migrate.<schema>` meanwhile. FAILED_PRECONDITION if an applied file's checksum differs;
// ABORTED (reason MIGRATION_LOCK_TIMEOUT) if the lock is not obtained within `lock_timeout`.
absl::StatusOr<MigrationResult> ApplyMigrations(DbConnection& connection,
                                                const std::vector<MigrationSet>& sets,
                                                absl::Duration lock_timeout);

// The migrations of the shared tables (audit events) every service schema holds.
const std::vector<MigrationSource>& CommonMigrations();

}  // namespace bch::common

#endif  // BCH_COMMON_MIGRATIONS_H_
