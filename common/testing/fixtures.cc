#include "common/testing/fixtures.h"

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jstedu::testing {

std::string RequireEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name
                  << " is not set: run the tests through `tools/dev test`, "
                     "which starts PostgreSQL and Redis for them";
    return "";
  }
  return value;
}

std::string RandomSuffix(int length) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<int> pick(0, 35);
  std::string out;
  for (int i = 0; i < length; ++i) out += kAlphabet[pick(random)];
  return out;
}

TestSchema::TestSchema()
    : name_(absl::StrCat("t_", RandomSuffix())),
      dsn_(RequireEnv("JSTEDU_TEST_PG_DSN")) {
  pqxx::connection connection(dsn_);
  pqxx::work tx(connection);
  tx.exec0("CREATE SCHEMA " + tx.quote_name(name_));
  tx.commit();
  pg::PoolOptions options;
  options.dsn = dsn_;
  options.schema = name_;
  options.size = 4;
  auto pool = pg::Pool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status();
  if (pool.ok()) pool_ = std::move(*pool);
}

TestSchema::~TestSchema() {
  pool_.reset();
  try {
    pqxx::connection connection(dsn_);
    pqxx::work tx(connection);
    tx.exec0("DROP SCHEMA IF EXISTS " + tx.quote_name(name_) + " CASCADE");
    tx.commit();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "cannot drop test schema " << name_ << ": "
                  << error.what();
  }
}

std::string TestSchema::Query(const std::string& sql) {
  pqxx::connection connection(dsn_ + " options=-csearch_path=" + name_);
  pqxx::work tx(connection);
  pqxx::result result = tx.exec(sql);
  tx.commit();
  if (result.empty() || result.columns() == 0 || result[0][0].is_null())
    return "";
  return result[0][0].as<std::string>();
}

TestKeyspace::TestKeyspace()
    : prefix_(absl::StrCat("t:", RandomSuffix(), ":")) {
  auto options =
      redis::OptionsFromAddress(RequireEnv("JSTEDU_TEST_REDIS_ADDR"));
  EXPECT_TRUE(options.ok()) << options.status();
  if (options.ok()) options_ = *options;
}

TestKeyspace::~TestKeyspace() {
  redis::Client client(options_);
  std::string cursor = "0";
  do {
    auto reply = client.Command(
        {"SCAN", cursor, "MATCH", prefix_ + "*", "COUNT", "1000"});
    if (!reply.ok() || reply->elements.size() != 2) return;
    cursor = reply->elements[0].str;
    for (const auto& key : reply->elements[1].elements) {
      (void)client.Command({"DEL", key.str});
    }
  } while (cursor != "0");
}

std::unique_ptr<redis::Client> TestKeyspace::Client() const {
  return std::make_unique<redis::Client>(options_);
}

void RunEnvCommand(const std::string& name) {
  std::string command = RequireEnv(name);
  if (command.empty()) return;
  int rc = std::system(command.c_str());
  EXPECT_EQ(rc, 0) << name << " failed: " << command;
}

bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

}  // namespace jstedu::testing
