#include "common/pg/migrations.h"

#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/pg/transaction.h"

namespace jstedu::pg {
namespace {

constexpr char kCreateSchema[] = "CREATE SCHEMA IF NOT EXISTS ";
constexpr char kLock[] =
    "SELECT pg_advisory_xact_lock(hashtext('jstedu.migrations.' || $1))";
constexpr char kCreateTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  component  text        NOT NULL,
  version    integer     NOT NULL,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
))sql";
constexpr char kApplied[] =
    "SELECT version, checksum FROM schema_migrations WHERE component = $1";
constexpr char kChecksum[] = "SELECT md5($1)";
constexpr char kRecord[] =
    "INSERT INTO schema_migrations (component, version, name, checksum) "
    "VALUES ($1, $2, $3, md5($4))";

absl::Status ApplyInTransaction(pqxx::transaction_base& tx,
                                const std::string& schema,
                                const std::string& component,
                                const std::vector<Migration>& migrations,
                                int* applied_count) {
  tx.exec_params(kLock, schema);
  tx.exec0(kCreateSchema + tx.quote_name(schema));
  tx.exec0(kCreateTable);
  std::map<int, std::string> applied;
  for (const auto& row : tx.exec_params(kApplied, component)) {
    applied[row[0].as<int>()] = row[1].as<std::string>();
  }
  *applied_count = 0;
  for (const Migration& migration : migrations) {
    auto it = applied.find(migration.version);
    if (it != applied.end()) {
      auto checksum =
          tx.exec_params1(kChecksum, migration.sql)[0].as<std::string>();
      if (checksum != it->second) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", component, "/", migration.name,
            " was edited after it was applied; add a new migration instead"));
      }
      continue;
    }
    tx.exec0(migration.sql);
    tx.exec_params(kRecord, component, migration.version, migration.name,
                   migration.sql);
    ++*applied_count;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMigrations(Pool& pool, const std::string& component,
                             const std::vector<Migration>& migrations) {
  int applied_count = 0;
  absl::Status status = RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
    return ApplyInTransaction(tx, pool.schema(), component, migrations,
                              &applied_count);
  });
  if (status.ok()) {
    log::Info("migrations_applied", {{"schema", pool.schema()},
                                     {"component", component},
                                     {"applied", applied_count},
                                     {"known", migrations.size()}});
  }
  return status;
}

}  // namespace jstedu::pg
