#include "common/pg/pool.h"

#include <libpq-fe.h>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/pg/status.h"

namespace jstedu::pg {

bool IsValidSchemaName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char c : name) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

absl::Status ValidateDsn(const std::string& dsn) {
  if (absl::StartsWith(dsn, "postgres://") ||
      absl::StartsWith(dsn, "postgresql://")) {
    return absl::InvalidArgumentError(
        "the DSN must be in key=value form (host=… port=… dbname=… user=…), "
        "not a URI");
  }
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(dsn.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return absl::InvalidArgumentError(
        absl::StrCat("the DSN does not parse: ", message));
  }
  PQconninfoFree(parsed);
  return absl::OkStatus();
}

Pool::Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection,
                   uint64_t prepared_epoch)
    : pool_(pool),
      connection_(std::move(connection)),
      prepared_epoch_(prepared_epoch) {}

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      connection_(std::move(other.connection_)),
      prepared_epoch_(other.prepared_epoch_),
      discard_(other.discard_) {}

Pool::Lease::~Lease() {
  if (connection_ != nullptr) {
    pool_->Return(std::move(connection_), prepared_epoch_, discard_);
  }
}

absl::StatusOr<std::unique_ptr<Pool>> Pool::Create(PoolOptions options) {
  if (!IsValidSchemaName(options.schema)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid schema name \"", options.schema, "\""));
  }
  if (options.size < 1) {
    return absl::InvalidArgumentError("pool size must be at least 1");
  }
  if (auto status = ValidateDsn(options.dsn); !status.ok()) return status;
  if (absl::StrContains(options.dsn, "options=")) {
    return absl::InvalidArgumentError(
        "the DSN must not set options=: the pool sets search_path there");
  }
  if (!absl::StrContains(options.dsn, "connect_timeout")) {
    absl::StrAppend(&options.dsn, " connect_timeout=3");
  }
  absl::StrAppend(&options.dsn, " options=-csearch_path=", options.schema);
  return std::unique_ptr<Pool>(new Pool(std::move(options)));
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Open() {
  try {
    // search_path travels in the startup packet, so it survives libpqxx's
    // automatic reconnection as well.
    return std::make_unique<pqxx::connection>(options_.dsn);
  } catch (const std::exception& error) {
    // Whatever the reason, no connection means no database for the caller;
    // libpq's first line says why (a refused certificate, a password, an
    // unreachable host), for the operator reading the logs. It names no
    // row: no connection was made. (The gateway never passes an
    // UNAVAILABLE without details on to people.)
    std::string reason = error.what();
    reason = reason.substr(0, reason.find('\n'));
    return absl::UnavailableError(
        absl::StrCat("the database is unavailable (could not connect: ", reason,
                     "); retry"));
  }
}

absl::StatusOr<Pool::Lease> Pool::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  bool got = available_.wait_for(lock, options_.acquire_timeout, [this] {
    return !idle_.empty() || open_ < options_.size;
  });
  if (!got) {
    return absl::UnavailableError(
        "database connection pool exhausted: every connection stayed busy");
  }
  if (!idle_.empty()) {
    Idle idle = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(idle.connection), idle.prepared_epoch);
  }
  ++open_;
  lock.unlock();
  auto connection = Open();
  if (!connection.ok()) {
    lock.lock();
    --open_;
    available_.notify_one();
    return connection.status();
  }
  return Lease(this, std::move(*connection), Lease::kNoStatements);
}

void Pool::Return(std::unique_ptr<pqxx::connection> connection,
                  uint64_t prepared_epoch, bool discard) {
  bool usable = !discard && connection->is_open();
  if (!usable)
    connection.reset();  // close outside the lock would be nicer;
                         // closing a dead socket is instant.
  std::lock_guard<std::mutex> lock(mutex_);
  if (usable) {
    idle_.push_back(Idle{std::move(connection), prepared_epoch});
  } else {
    --open_;
  }
  available_.notify_one();
}

absl::Status Pool::Ping() {
  auto lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    pqxx::nontransaction tx(**lease);
    tx.exec1("SELECT 1");
    return absl::OkStatus();
  } catch (const std::exception& error) {
    lease->Discard();
    return absl::UnavailableError(
        absl::StrCat("database unreachable: ", error.what()));
  }
}

}  // namespace jstedu::pg
