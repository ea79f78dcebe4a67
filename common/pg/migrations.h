#pragma once

// Schema migrations: numbered SQL files per component, embedded in the
// binary at build time (cmake/EmbedSql.cmake), applied at start-up.
//
// ApplyMigrations runs, in ONE transaction holding a transaction-level
// advisory lock keyed by the schema, every migration of `component` whose
// version is not yet recorded in <schema>.schema_migrations, in version
// order, and records each (version, name, md5 of its text). Concurrent
// starters therefore serialise; a second run is a no-op; a failure leaves
// nothing half-applied. An applied migration whose text has changed since is
// refused (FailedPrecondition): published migrations are never edited, a
// new file is added instead.
//
// Two components share a schema: "platform" (outbox, inbox, dead letters;
// common/events/migrations) and the service's own (services/<name>/migrations).

#include <pqxx/connection>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/pg/pool.h"

namespace jstedu::pg {

struct Migration {
  int version;
  std::string name;  // file name without .sql, e.g. "0001_registry"
  std::string sql;
};

absl::Status ApplyMigrations(Pool& pool, const std::string& component,
                             const std::vector<Migration>& migrations);

}  // namespace jstedu::pg
