// PostgreSQL platform against a real server: migrations and the transaction
// helper.
#include <pqxx/pqxx>

#include <atomic>
#include <thread>
#include <vector>

#include "common/pg/migrations.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gtest/gtest.h"

namespace jstedu::pg {
namespace {

using ::jstedu::testing::TestSchema;

const Migration kCreateA{1, "0001_a", "CREATE TABLE a (id int PRIMARY KEY, v int NOT NULL)"};
const Migration kCreateB{2, "0002_b", "CREATE TABLE b (id int PRIMARY KEY)"};
const Migration kCreateC{3, "0003_c", "CREATE TABLE c (id int PRIMARY KEY)"};

TEST(Migrations, ApplyOnceAndSecondRunIsNoOp) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "2");
  std::string applied_at = schema.Query("SELECT max(applied_at)::text FROM schema_migrations");

  // CREATE TABLE without IF NOT EXISTS would fail if run again.
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "2");
  EXPECT_EQ(schema.Query("SELECT max(applied_at)::text FROM schema_migrations"), applied_at);
}

TEST(Migrations, OnlyNewMigrationsRun) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA}).ok());
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB, kCreateC}).ok());
  EXPECT_EQ(schema.Query("SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations"),
            "0001_a,0002_b,0003_c");
}

TEST(Migrations, ComponentsAreRecordedApart) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "platform", {kCreateA}).ok());
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {Migration{1, "0001_b", kCreateB.sql}}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "2");
}

TEST(Migrations, EditedAppliedMigrationIsRefused) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA}).ok());
  Migration edited = kCreateA;
  edited.sql += " -- edited";
  absl::Status status = ApplyMigrations(schema.pool(), "svc", {edited});
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
}

TEST(Migrations, FailureLeavesNothingApplied) {
  TestSchema schema;
  Migration broken{2, "0002_broken", "CREATE TABLE nonsense ("};
  EXPECT_FALSE(ApplyMigrations(schema.pool(), "svc", {kCreateA, broken}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_schema = current_schema() AND table_name = 'a'"),
            "0");
  EXPECT_EQ(schema.Query("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_schema = current_schema() "
                         "AND table_name = 'schema_migrations'"),
            "0");
}

TEST(Migrations, ConcurrentStartersApplyEachMigrationOnce) {
  TestSchema schema;
  std::vector<std::thread> starters;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    starters.emplace_back([&] {
      if (!ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB, kCreateC}).ok()) {
        ++failures;
      }
    });
  }
  for (auto& starter : starters) starter.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "3");
}

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ApplyMigrations(schema_.pool(), "svc", {kCreateA}).ok());
    schema_.Query("INSERT INTO a VALUES (1, 0)");
  }
  TestSchema schema_;
};

TEST_F(TransactionTest, SerializationFailureIsRetried) {
  int attempts = 0;
  TxOptions options;
  options.isolation = Isolation::kRepeatableRead;
  absl::Status status = RunInTransaction(
      schema_.pool(),
      [&](pqxx::transaction_base& tx) {
        ++attempts;
        int v = tx.exec1("SELECT v FROM a WHERE id = 1")[0].as<int>();
        if (attempts == 1) {
          // Another writer commits after our snapshot was taken.
          schema_.Query("UPDATE a SET v = v + 100 WHERE id = 1");
        }
        tx.exec0("UPDATE a SET v = " + std::to_string(v + 1) + " WHERE id = 1");
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(schema_.Query("SELECT v FROM a WHERE id = 1"), "101");
}

TEST_F(TransactionTest, RetriesAreBounded) {
  int attempts = 0;
  TxOptions options;
  options.isolation = Isolation::kRepeatableRead;
  options.max_attempts = 3;
  absl::Status status = RunInTransaction(
      schema_.pool(),
      [&](pqxx::transaction_base& tx) {
        ++attempts;
        tx.exec1("SELECT v FROM a WHERE id = 1");
        schema_.Query("UPDATE a SET v = v + 1 WHERE id = 1");
        tx.exec0("UPDATE a SET v = 0 WHERE id = 1");
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(absl::IsAborted(status)) << status;
  EXPECT_EQ(attempts, 3);
}

TEST_F(TransactionTest, BusinessErrorRollsBackWithoutRetry) {
  int attempts = 0;
  absl::Status status = RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
    ++attempts;
    tx.exec0("INSERT INTO a VALUES (2, 2)");
    return absl::FailedPreconditionError("no");
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(status));
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM a"), "1");
}

TEST_F(TransactionTest, StatusesReturnedByWorkAreNeverRetried) {
  for (const absl::Status& business :
       {absl::UnavailableError("downstream"), absl::AbortedError("stale version")}) {
    int attempts = 0;
    absl::Status status = RunInTransaction(schema_.pool(), [&](pqxx::transaction_base&) {
      ++attempts;
      return business;
    });
    EXPECT_EQ(status, business);
    EXPECT_EQ(attempts, 1) << business;
  }
}

TEST_F(TransactionTest, ErrorMessagesLeaveOutRowValues) {
  schema_.Query("CREATE UNIQUE INDEX a_v ON a (v)");
  absl::Status status = RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
    tx.exec0("INSERT INTO a VALUES (7, 0)");  // v = 0 exists: DETAIL quotes it
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsAlreadyExists(status)) << status;
  EXPECT_EQ(status.message().find("DETAIL"), absl::string_view::npos) << status;
  EXPECT_EQ(status.message().find("(v)=(0)"), absl::string_view::npos) << status;
}

TEST_F(TransactionTest, ConstraintViolationsMapToStatusCodes) {
  auto run = [&](const std::string& sql) {
    return RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
      tx.exec0(sql);
      return absl::OkStatus();
    });
  };
  EXPECT_TRUE(absl::IsAlreadyExists(run("INSERT INTO a VALUES (1, 5)")));
  EXPECT_TRUE(absl::IsInvalidArgument(run("INSERT INTO a VALUES (3, NULL)")));
  EXPECT_TRUE(absl::IsInvalidArgument(run("SELECT 'x'::int")));
  EXPECT_TRUE(absl::IsInternal(run("SELECT * FROM no_such_table")));
}

TEST(Pool, UnreachableDatabaseIsUnavailable) {
  PoolOptions options;
  options.dsn = "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=1";
  options.schema = "x";
  auto pool = Pool::Create(options);
  ASSERT_TRUE(pool.ok());
  EXPECT_TRUE(absl::IsUnavailable((*pool)->Ping()));
  absl::Status status = RunInTransaction(**pool, [](pqxx::transaction_base&) {
    return absl::OkStatus();
  }, TxOptions{Isolation::kReadCommitted, 1});
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
}

TEST(Pool, RejectsUriAndUnparsableDsns) {
  PoolOptions options;
  options.schema = "x";
  options.dsn = "postgresql://postgres@127.0.0.1/jstedu";
  EXPECT_TRUE(absl::IsInvalidArgument(Pool::Create(options).status()));
  options.dsn = "host=127.0.0.1 port";
  EXPECT_TRUE(absl::IsInvalidArgument(Pool::Create(options).status()));
  options.dsn = "host=127.0.0.1 nonsense_key=1";
  EXPECT_TRUE(absl::IsInvalidArgument(Pool::Create(options).status()));
  options.dsn = "host=127.0.0.1 port=5432 dbname=x";
  EXPECT_TRUE(Pool::Create(options).ok());
}

TEST(Pool, RejectsUnsafeSchemaNames) {
  PoolOptions options;
  options.dsn = "host=127.0.0.1";
  options.schema = "x; DROP TABLE y";
  EXPECT_TRUE(absl::IsInvalidArgument(Pool::Create(options).status()));
}

}  // namespace
}  // namespace jstedu::pg
