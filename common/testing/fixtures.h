#pragma once

// Fixtures for tests against the throwaway PostgreSQL and Redis that
// `tools/dev test` starts. They read:
//   JSTEDU_TEST_PG_DSN      database where tests may create schemas
//   JSTEDU_TEST_REDIS_ADDR  host:port
//   JSTEDU_TEST_PG_STOP / JSTEDU_TEST_PG_START        shell commands
//   JSTEDU_TEST_REDIS_STOP / JSTEDU_TEST_REDIS_START  shell commands
//   JSTEDU_TEST_BIN_DIR     built binaries (end-to-end tests)
// A missing variable fails the test (never skips it): CI must not pass
// without having run these tests.
//
// Each test gets a fresh schema (TestSchema) and a fresh Redis key prefix
// (TestKeyspace), removed when the fixture is destroyed, so tests can run in
// parallel against the same servers.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/pg/pool.h"
#include "common/redis/client.h"

namespace jstedu::testing {

// The value of a JSTEDU_TEST_* variable; fails the current test (and returns
// "") when unset.
std::string RequireEnv(const std::string& name);

// A schema named t_<random> with its own pool; dropped (CASCADE) on
// destruction.
class TestSchema {
 public:
  TestSchema();
  ~TestSchema();
  const std::string& name() const { return name_; }
  const std::string& dsn() const { return dsn_; }
  pg::Pool& pool() { return *pool_; }
  // Runs one SQL statement in its own transaction, in this schema; returns
  // the first column of the first row ("" when none).
  std::string Query(const std::string& sql);

 private:
  std::string name_;
  std::string dsn_;
  std::unique_ptr<pg::Pool> pool_;
};

// A Redis key prefix "t:<random>:"; keys under it are deleted on
// destruction.
class TestKeyspace {
 public:
  TestKeyspace();
  ~TestKeyspace();
  const std::string& prefix() const { return prefix_; }
  redis::ClientOptions options() const { return options_; }
  // A new client (one per thread).
  std::unique_ptr<redis::Client> Client() const;

 private:
  std::string prefix_;
  redis::ClientOptions options_;
};

// Runs the shell command held by the variable `name`; fails the test when
// it exits non-zero.
void RunEnvCommand(const std::string& name);

// Polls `condition` every 50 ms until it holds or `timeout` passes.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout);

// A random lower-case alphanumeric string of `length` characters.
std::string RandomSuffix(int length = 10);

}  // namespace jstedu::testing
