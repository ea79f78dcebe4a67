#pragma once

// A fixed-size pool of libpqxx 6.4 connections to one database, each with
// its search_path set to the owning service's schema.
//
// Connections are opened lazily and replaced when broken, so the pool rides
// through PostgreSQL restarts: a caller sees Unavailable while the server is
// down and fresh connections once it is back.
//
// Thread-safe. A Lease gives one thread exclusive use of a connection until
// it is destroyed.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace jstedu::pg {

struct PoolOptions {
  // libpq key=value connection string. A connect_timeout of 3 s is added
  // when absent.
  std::string dsn;
  // Schema every connection uses (search_path); must match [a-z_][a-z0-9_]*.
  std::string schema;
  int size = 8;
  // How long Acquire() waits for a free connection before Unavailable.
  std::chrono::milliseconds acquire_timeout{5000};
  // Whether pg::Exec prepares its statements on each connection
  // (prepared.h); off runs them unnamed, as exec_params does, for a
  // connection pooler that does not keep sessions (PgBouncer in transaction
  // mode). JSTEDU_PG_PREPARED.
  bool prepared_statements = true;
};

class Pool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *connection_; }
    pqxx::connection* operator->() { return connection_.get(); }
    // The connection is dropped instead of returned (after an error that may
    // have left it unusable).
    void Discard() { discard_ = true; }
    // The prepared-statement generation this connection's statements were
    // prepared under (prepared.h), kNoStatements for a new connection.
    uint64_t& prepared_epoch() { return prepared_epoch_; }
    static constexpr uint64_t kNoStatements = ~uint64_t{0};

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection,
          uint64_t prepared_epoch);
    Pool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
    uint64_t prepared_epoch_;
    bool discard_ = false;
  };

  // InvalidArgument for a bad DSN, schema name or size.
  static absl::StatusOr<std::unique_ptr<Pool>> Create(PoolOptions options);

  // A connection, opened if needed. Unavailable when the database cannot be
  // reached or every connection stays busy past acquire_timeout.
  absl::StatusOr<Lease> Acquire();

  // Runs "SELECT 1". OK or Unavailable.
  absl::Status Ping();

  const std::string& schema() const { return options_.schema; }
  const std::string& dsn() const { return options_.dsn; }
  bool prepared_statements() const { return options_.prepared_statements; }

 private:
  struct Idle {
    std::unique_ptr<pqxx::connection> connection;
    uint64_t prepared_epoch;
  };
  explicit Pool(PoolOptions options);
  void Return(std::unique_ptr<pqxx::connection> connection,
              uint64_t prepared_epoch, bool discard);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Open();

  const PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Idle> idle_;
  int open_ = 0;  // connections leased or idle
};

// OK for a libpq key=value connection string; InvalidArgument for a URI
// (the pool appends settings) or one libpq cannot parse.
absl::Status ValidateDsn(const std::string& dsn);

// True when `name` is a safe unquoted schema identifier.
bool IsValidSchemaName(const std::string& name);

}  // namespace jstedu::pg
