// Migration parsing, statement splitting and the locked, checksummed runner (see migrations.h).
#include "bch/common/migrations.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "bch/common/errors.h"
#include "bch/common/sha256.h"

namespace bch::common {
namespace {

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component VARCHAR(64) NOT NULL,"
    " version INT NOT NULL,"
    " description VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
    " PRIMARY KEY (component, version)"
    ") ENGINE = InnoDB DEFAULT CHARSET = utf8mb4";

bool IsDescriptionChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
}

absl::StatusOr<Migration> ParseOne(const MigrationSource& source) {
  auto malformed = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("migration file name ", source.file_name,
                     " must look like V0001__lower_case_description.sql"));
  };
  absl::string_view name = source.file_name;
  if (!absl::ConsumePrefix(&name, "V") || !absl::ConsumeSuffix(&name, ".sql")) return malformed();
  const size_t separator = name.find("__");
  if (separator == absl::string_view::npos || separator < 4) return malformed();
  Migration migration;
  const absl::string_view digits = name.substr(0, separator);
  const absl::string_view description = name.substr(separator + 2);
  if (!std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(digits, &migration.version) || migration.version <= 0 ||
      description.empty() ||
      !std::all_of(description.begin(), description.end(), IsDescriptionChar)) {
    return malformed();
  }
  migration.description = std::string(description);
  migration.checksum = Sha256Hex(source.sql);
  migration.sql = source.sql;
  return migration;
}

struct AppliedMigration {
  std::string checksum;
};

using AppliedMap = std::map<std::pair<std::string, int>, AppliedMigration>;

absl::StatusOr<AppliedMap> LoadApplied(DbConnection& connection) {
  AppliedMap applied;
  absl::Status status = connection.Query(
      "SELECT component, version, checksum FROM schema_migrations", {}, [&](const Row& row) {
        applied[{row.String(0), static_cast<int>(row.Int64(1))}] = {row.String(2)};
      });
  if (!status.ok()) return status;
  return applied;
}

absl::Status AcquireLock(DbConnection& connection, absl::Duration timeout) {
  int64_t got = -1;
  absl::Status status =
      connection.Query("SELECT COALESCE(GET_LOCK(CONCAT('bch_migrate.', DATABASE()), ?), -1)",
                       {static_cast<int64_t>(absl::ToInt64Seconds(timeout))},
                       [&](const Row& row) { got = row.Int64(0); });
  if (!status.ok()) return status;
  if (got != 1) {
    return WithReason(absl::AbortedError("another process is migrating this schema; "
                                         "the migration lock was not obtained in time"),
                      "MIGRATION_LOCK_TIMEOUT");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Migration>> ParseMigrations(const MigrationSet& set) {
  std::vector<Migration> migrations;
  for (const auto& source : set.sources) {
    auto migration = ParseOne(source);
    if (!migration.ok()) return migration.status();
    migrations.push_back(*std::move(migration));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return absl::InvalidArgumentError(absl::StrCat(
          "component ", set.component, " has two migrations numbered ", migrations[i].version));
    }
  }
  return migrations;
}

std::vector<std::string> SplitSqlStatements(absl::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  auto finish = [&] {
    absl::string_view trimmed = absl::StripAsciiWhitespace(current);
    if (!trimmed.empty()) statements.emplace_back(trimmed);
    current.clear();
  };
  size_t i = 0;
  while (i < script.size()) {
    const char c = script[i];
    const char next = i + 1 < script.size() ? script[i + 1] : '\0';
    if (c == '\'' || c == '"' || c == '`') {  // quoted text, copied verbatim
      size_t end = i + 1;
      while (end < script.size() && script[end] != c) end += (script[end] == '\\') ? 2 : 1;
      end = std::min(end + 1, script.size());
      current.append(script.data() + i, end - i);
      i = end;
    } else if ((c == '-' && next == '-') || c == '#') {  // comment to end of line
      const size_t end = script.find('\n', i);
      i = end == absl::string_view::npos ? script.size() : end;
    } else if (c == '/' && next == '*') {  // block comment
      const size_t end = script.find("*/", i + 2);
      i = end == absl::string_view::npos ? script.size() : end + 2;
    } else if (c == ';') {
      finish();
      ++i;
    } else {
      current.push_back(c);
      ++i;
    }
  }
  finish();
  return statements;
}

absl::StatusOr<MigrationResult> ApplyMigrations(DbConnection& connection,
                                                const std::vector<MigrationSet>& sets,
                                                absl::Duration lock_timeout) {
  std::vector<std::pair<std::string, std::vector<Migration>>> parsed;
  for (const auto& set : sets) {
    auto migrations = ParseMigrations(set);
    if (!migrations.ok()) return migrations.status();
    parsed.emplace_back(set.component, *std::move(migrations));
  }
  if (absl::Status s = connection.ExecuteUnprepared(kCreateMigrationsTable); !s.ok()) return s;
  if (absl::Status s = AcquireLock(connection, lock_timeout); !s.ok()) return s;
  absl::Cleanup release = [&connection] {
    (void)connection.Query("SELECT RELEASE_LOCK(CONCAT('bch_migrate.', DATABASE()))", {},
                           [](const Row&) {});
  };

  auto applied = LoadApplied(connection);
  if (!applied.ok()) return applied.status();
  // Refuse edited history before changing anything.
  for (const auto& [component, migrations] : parsed) {
    for (const auto& m : migrations) {
      auto it = applied->find({component, m.version});
      if (it != applied->end() && it->second.checksum != m.checksum) {
        return WithReason(absl::FailedPreconditionError(absl::StrCat(
                              "migration ", component, " V", m.version, " (", m.description,
                              ") was edited after it was applied: its checksum is ", m.checksum,
                              " but the database recorded ", it->second.checksum,
                              ". Add a new migration instead of editing an applied one.")),
                          "MIGRATION_CHECKSUM_MISMATCH");
      }
    }
  }

  MigrationResult result;
  for (const auto& [component, migrations] : parsed) {
    for (const auto& m : migrations) {
      if (applied->contains({component, m.version})) {
        ++result.already_applied;
        continue;
      }
      const std::vector<std::string> statements = SplitSqlStatements(m.sql);
      for (size_t i = 0; i < statements.size(); ++i) {
        if (absl::Status s = connection.ExecuteUnprepared(statements[i]); !s.ok()) {
          return absl::Status(
              s.code(), absl::StrCat("migration ", component, " V", m.version, " statement ", i + 1,
                                     " failed: ", s.message()));
        }
      }
      auto recorded = connection.Execute(
          "INSERT INTO schema_migrations (component, version, description, checksum) "
          "VALUES (?, ?, ?, ?)",
          {component, static_cast<int64_t>(m.version), m.description, m.checksum});
      if (!recorded.ok()) return recorded.status();
      result.applied.push_back(absl::StrCat(component, " V", m.version, " ", m.description));
    }
  }
  return result;
}

}  // namespace bch::common
