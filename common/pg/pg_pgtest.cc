// PostgreSQL platform against a real server: migrations, the transaction
// helper, rows read into answers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/events/migrations.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/migrations.h"
#include "common/pg/prepared.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"
#include "common/pg/time.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/testing/fixtures.h"
#include "gmock/gmock.h"
#include "google/protobuf/type.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/envelope.pb.h"

namespace jstedu::pg {
namespace {

using ::jstedu::testing::TestSchema;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const Migration kCreateA{1, "0001_a",
                         "CREATE TABLE a (id int PRIMARY KEY, v int NOT NULL)"};
const Migration kCreateB{2, "0002_b", "CREATE TABLE b (id int PRIMARY KEY)"};
const Migration kCreateC{3, "0003_c", "CREATE TABLE c (id int PRIMARY KEY)"};

TEST(Migrations, ApplyOnceAndSecondRunIsNoOp) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "2");
  std::string applied_at =
      schema.Query("SELECT max(applied_at)::text FROM schema_migrations");

  // CREATE TABLE without IF NOT EXISTS would fail if run again.
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB}).ok());
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "2");
  EXPECT_EQ(schema.Query("SELECT max(applied_at)::text FROM schema_migrations"),
            applied_at);
}

TEST(Migrations, OnlyNewMigrationsRun) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc", {kCreateA}).ok());
  ASSERT_TRUE(
      ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB, kCreateC})
          .ok());
  EXPECT_EQ(schema.Query("SELECT string_agg(name, ',' ORDER BY version) FROM "
                         "schema_migrations"),
            "0001_a,0002_b,0003_c");
}

TEST(Migrations, ComponentsAreRecordedApart) {
  TestSchema schema;
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "platform", {kCreateA}).ok());
  ASSERT_TRUE(ApplyMigrations(schema.pool(), "svc",
                              {Migration{1, "0001_b", kCreateB.sql}})
                  .ok());
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
  EXPECT_EQ(schema.Query(
                "SELECT count(*) FROM information_schema.tables "
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
      if (!ApplyMigrations(schema.pool(), "svc", {kCreateA, kCreateB, kCreateC})
               .ok()) {
        ++failures;
      }
    });
  }
  for (auto& starter : starters) starter.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(schema.Query("SELECT count(*) FROM schema_migrations"), "3");
}

// A managed PostgreSQL over TLS (issue 22): the pool connects with
// sslmode=verify-full to a server whose certificate the CA file vouches for
// (tools/dev test starts the throwaway server with TLS, its certificate
// from a CA of the run), and the session is encrypted; with another CA the
// connection is refused, saying why.
TEST(PostgresTls, VerifyFullConnectsOnlyToTheCertifiedServer) {
  const std::string base = ::jstedu::testing::RequireEnv("JSTEDU_TEST_PG_DSN");
  PoolOptions options;
  options.schema = "public";
  options.size = 1;
  options.dsn =
      absl::StrCat(base, " sslmode=verify-full sslrootcert=",
                   ::jstedu::testing::RequireEnv("JSTEDU_TEST_PG_CA_FILE"));
  auto pool = Pool::Create(options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto ssl = RunInTransactionFor<std::string>(
      **pool, [](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        return tx
            .exec1(
                "SELECT ssl::text || ' ' || version FROM pg_stat_ssl "
                "WHERE pid = pg_backend_pid()")[0]
            .as<std::string>();
      });
  ASSERT_TRUE(ssl.ok()) << ssl.status();
  EXPECT_THAT(*ssl, ::testing::StartsWith("true TLSv1."));

  options.dsn = absl::StrCat(
      base, " sslmode=verify-full sslrootcert=",
      ::jstedu::testing::RequireEnv("JSTEDU_TEST_PG_OTHER_CA_FILE"));
  auto refused = Pool::Create(options);
  absl::Status status = refused.status();
  if (refused.ok()) {
    status = RunInTransaction(**refused, [](pqxx::transaction_base& tx) {
      tx.exec("SELECT 1");
      return absl::OkStatus();
    });
  }
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("certificate verify failed"));
}

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ApplyMigrations(schema_.pool(), "svc", {kCreateA}).ok());
    schema_.Query("INSERT INTO a VALUES (1, 0)");
  }
  TestSchema schema_;
};

TEST_F(TransactionTest, ANullInstantLeavesTheTimestampUnset) {
  std::optional<google::protobuf::Timestamp> none, some;
  absl::Status status =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        const pqxx::row row = tx.exec1("SELECT NULL::bigint, 1500000::bigint");
        none = OptionalTime(row[0]);
        some = OptionalTime(row[1]);
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_FALSE(none.has_value());  // not 1970-01-01T00:00:00Z
  ASSERT_TRUE(some.has_value());
  EXPECT_EQ(some->seconds(), 1);
  EXPECT_EQ(some->nanos(), 500000000);
}

TEST_F(TransactionTest, AfterCommitRunsOnlyOnceTheChangeIsCommitted) {
  int runs = 0;
  std::string seen;  // what another connection saw when the callback ran
  absl::Status committed =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        tx.exec0("UPDATE a SET v = 7 WHERE id = 1");
        AfterCommit(tx, [&] {
          ++runs;
          seen = schema_.Query("SELECT v FROM a WHERE id = 1");
        });
        return absl::OkStatus();
      });
  ASSERT_TRUE(committed.ok()) << committed;
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(seen, "7");

  // Under one key, only the first of a transaction's callbacks.
  int keyed = 0;
  const int key = 0;
  ASSERT_TRUE(RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
                for (int i = 0; i < 3; ++i) {
                  AfterCommit(
                      tx, [&] { ++keyed; }, &key);
                }
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(keyed, 1);

  // Refused by the work, or failing in the database: never run.
  absl::Status refused =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        AfterCommit(tx, [&] { ++runs; });
        return absl::FailedPreconditionError("no");
      });
  EXPECT_TRUE(absl::IsFailedPrecondition(refused));
  absl::Status failed =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        AfterCommit(tx, [&] { ++runs; });
        tx.exec0("SELECT 1/0");
        return absl::OkStatus();
      });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(runs, 1);
}

TEST_F(TransactionTest, SerializationFailureIsRetried) {
  int attempts = 0;
  int after_commit_runs = 0;
  TxOptions options;
  options.isolation = Isolation::kRepeatableRead;
  absl::Status status = RunInTransaction(
      schema_.pool(),
      [&](pqxx::transaction_base& tx) {
        ++attempts;
        AfterCommit(tx, [&] { ++after_commit_runs; });
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
  EXPECT_EQ(after_commit_runs, 1);  // the first attempt's went with it
}

// A snapshot read sees one snapshot and can write nothing: PostgreSQL
// refuses the write (and a row lock), and nothing is left of it.
TEST_F(TransactionTest, ASnapshotReadSeesOneSnapshotAndCannotWrite) {
  TxOptions options;
  options.isolation = Isolation::kSnapshotRead;
  std::string before, after;
  absl::Status status = RunInTransaction(
      schema_.pool(),
      [&](pqxx::transaction_base& tx) {
        before = tx.exec1("SELECT v FROM a WHERE id = 1")[0].c_str();
        schema_.Query("UPDATE a SET v = v + 7 WHERE id = 1");
        after = tx.exec1("SELECT v FROM a WHERE id = 1")[0].c_str();
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(after, before);
  EXPECT_EQ(schema_.Query("SELECT v FROM a WHERE id = 1"),
            std::to_string(std::stoi(before) + 7));
  for (const char* write : {"UPDATE a SET v = 0 WHERE id = 1",
                            "SELECT v FROM a WHERE id = 1 FOR UPDATE"}) {
    int attempts = 0;
    status = RunInTransaction(
        schema_.pool(),
        [&](pqxx::transaction_base& tx) {
          ++attempts;
          tx.exec(write);
          return absl::OkStatus();
        },
        options);
    EXPECT_FALSE(status.ok()) << write;
    EXPECT_EQ(attempts, 1) << write;  // a refusal is not retried
  }
  EXPECT_EQ(schema_.Query("SELECT v FROM a WHERE id = 1"),
            std::to_string(std::stoi(before) + 7));
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
  absl::Status status =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        ++attempts;
        tx.exec0("INSERT INTO a VALUES (2, 2)");
        return absl::FailedPreconditionError("no");
      });
  EXPECT_TRUE(absl::IsFailedPrecondition(status));
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM a"), "1");
}

TEST_F(TransactionTest, StatusesReturnedByWorkAreNeverRetried) {
  for (const absl::Status& business : {absl::UnavailableError("downstream"),
                                       absl::AbortedError("stale version")}) {
    int attempts = 0;
    absl::Status status =
        RunInTransaction(schema_.pool(), [&](pqxx::transaction_base&) {
          ++attempts;
          return business;
        });
    EXPECT_EQ(status, business);
    EXPECT_EQ(attempts, 1) << business;
  }
}

TEST_F(TransactionTest, ErrorMessagesLeaveOutRowValues) {
  schema_.Query("CREATE UNIQUE INDEX a_v ON a (v)");
  absl::Status status =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        tx.exec0(
            "INSERT INTO a VALUES (7, 0)");  // v = 0 exists: DETAIL quotes it
        return absl::OkStatus();
      });
  EXPECT_TRUE(absl::IsAlreadyExists(status)) << status;
  EXPECT_EQ(status.message().find("DETAIL"), absl::string_view::npos) << status;
  EXPECT_EQ(status.message().find("(v)=(0)"), absl::string_view::npos)
      << status;
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

// PostgreSQL's own text for `sql` (the first line of libpqxx's message).
std::string DatabaseText(TestSchema& schema, const std::string& sql) {
  try {
    schema.Query(sql);
  } catch (const std::exception& error) {
    std::string text = error.what();
    return text.substr(0, text.find('\n'));
  }
  ADD_FAILURE() << "no error from " << sql;
  return "";
}

TEST_F(TransactionTest, NoDatabaseTextReachesTheStatus) {
  schema_.Query("CREATE UNIQUE INDEX a_v ON a (v)");
  schema_.Query("INSERT INTO a VALUES (2, 90010112)");
  struct Case {
    std::string sql;
    absl::StatusCode code;
    std::string sqlstate;
  };
  const std::vector<Case> cases = {
      // PostgreSQL quotes the values in each of these messages.
      {"INSERT INTO a VALUES (7, 90010112)", absl::StatusCode::kAlreadyExists,
       "23505"},
      {"SELECT '{\"Jan 90010112'::text[]", absl::StatusCode::kInvalidArgument,
       "22P02"},
      {"SELECT '90010112x'::int", absl::StatusCode::kInvalidArgument, "22P02"},
      {"INSERT INTO a VALUES (90010112, NULL)",
       absl::StatusCode::kInvalidArgument, "23502"},
      {"SELECT * FROM no_such_table_90010112", absl::StatusCode::kInternal,
       "42P01"},
  };
  for (const Case& c : cases) {
    const std::string database_text = DatabaseText(schema_, c.sql);
    absl::Status status =
        RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
          tx.exec(c.sql);
          return absl::OkStatus();
        });
    EXPECT_EQ(status.code(), c.code) << c.sql << ": " << status;
    EXPECT_THAT(std::string(status.message()),
                AllOf(Not(HasSubstr(database_text)), Not(HasSubstr("90010112")),
                      Not(HasSubstr("ERROR"))))
        << c.sql;
    EXPECT_EQ(SqlStateOf(status), c.sqlstate) << c.sql;
    // What a log keeps of it: the sentence and the SQLSTATE, no value.
    EXPECT_EQ(LogText(status),
              std::string(status.message()) + " (SQLSTATE " + c.sqlstate + ")")
        << c.sql;
  }
}

// A TCP proxy in front of the test PostgreSQL that, once armed, cuts the
// connection that carries the next COMMIT: the client loses its connection
// during COMMIT, exactly as when the server stops or the network fails
// then, and never learns the outcome. Cut::kBeforeTheServer drops the
// COMMIT (the transaction rolls back); Cut::kAfterTheServer passes it on
// and cuts once PostgreSQL has answered it (the transaction committed; the
// answer never reaches the client).
class CommitCutter {
 public:
  explicit CommitCutter(int server_port) : server_port_(server_port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(0);
    EXPECT_EQ(
        bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
        0);
    EXPECT_EQ(listen(listener_, 16), 0);
    socklen_t length = sizeof(address);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }

  ~CommitCutter() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::thread& pump : pumps_) pump.join();
  }

  enum class Cut { kBeforeTheServer, kAfterTheServer };

  int port() const { return port_; }
  void CutNextCommit(Cut cut = Cut::kBeforeTheServer) {
    cut_ = cut;
    armed_ = true;
  }
  int cuts() const { return cuts_; }

 private:
  // libpq's simple query "COMMIT" (type Q, length 11), as libpqxx sends it.
  static constexpr std::string_view kCommit{
      "Q\0\0\0\x0b"
      "COMMIT\0",
      12};

  static sockaddr_in Loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }

  void Accept() {
    while (true) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address = Loopback(server_port_);
      if (connect(server, reinterpret_cast<sockaddr*>(&address),
                  sizeof(address)) != 0) {
        close(client);
        close(server);
        continue;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
    }
  }

  // Passes bytes both ways until either side closes or a COMMIT is cut.
  void Pump(int client, int server) {
    char buffer[65536];
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    while (poll(fds, 2, -1) > 0) {
      const bool from_client = (fds[0].revents & (POLLIN | POLLHUP)) != 0;
      const int from = from_client ? client : server;
      const ssize_t n = read(from, buffer, sizeof(buffer));
      if (n <= 0) break;
      const std::string_view bytes(buffer, static_cast<size_t>(n));
      if (from_client && bytes.find(kCommit) != std::string_view::npos &&
          armed_.exchange(false)) {
        ++cuts_;
        // Waits for the server's answer to the COMMIT, and drops it.
        if (cut_ == Cut::kAfterTheServer && WriteAll(server, bytes)) {
          [[maybe_unused]] const ssize_t answer =
              read(server, buffer, sizeof(buffer));
        }
        break;
      }
      if (!WriteAll(from_client ? server : client, bytes)) break;
    }
    close(client);
    close(server);
  }

  static bool WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = write(fd, bytes.data(), bytes.size());
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  const int server_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<Cut> cut_{Cut::kBeforeTheServer};
  std::atomic<bool> armed_{false};
  std::atomic<int> cuts_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> pumps_;
};

// The test database's port, from its key=value DSN.
int PortOf(const std::string& dsn) {
  const size_t at = dsn.find("port=");
  int port = 0;
  EXPECT_NE(at, std::string::npos) << "no port= in the test DSN";
  if (at != std::string::npos) {
    EXPECT_TRUE(absl::SimpleAtoi(dsn.substr(at + 5, dsn.find(' ', at) - at - 5),
                                 &port));
  }
  return port;
}

// Transactions on a pool whose connections go through a CommitCutter armed
// to cut the first COMMIT (the last port= wins in libpq; plain TCP so that
// the proxy sees the COMMIT).
class LostCommitTest : public TransactionTest {
 protected:
  void SetUp() override {
    TransactionTest::SetUp();
    PoolOptions options;
    options.dsn = absl::StrCat(schema_.dsn(), " port=", cutter_.port(),
                               " sslmode=disable gssencmode=disable");
    options.schema = schema_.name();
    options.size = 2;
    auto pool = Pool::Create(options);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    cutter_.CutNextCommit();
  }
  CommitCutter cutter_{PortOf(schema_.dsn())};
  std::unique_ptr<Pool> pool_;  // closed before the cutter stops
  int attempts_ = 0;
};

TEST_F(LostCommitTest, AReadWhoseCommitIsLostIsReadAgain) {
  TxOptions options;
  options.isolation = Isolation::kRepeatableRead;
  absl::StatusOr<int> value = RunInTransactionFor<int>(
      *pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<int> {
        ++attempts_;
        return tx.exec1("SELECT v FROM a WHERE id = 1")[0].as<int>();
      },
      options);
  EXPECT_EQ(cutter_.cuts(), 1);
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(*value, 0);
  EXPECT_EQ(attempts_, 2);
}

TEST_F(LostCommitTest, AWriteWhoseCommitIsLostHasAnUnknownOutcome) {
  absl::Status status =
      RunInTransaction(*pool_, [&](pqxx::transaction_base& tx) {
        ++attempts_;
        tx.exec0("INSERT INTO a VALUES (2, 2)");
        return absl::OkStatus();
      });
  EXPECT_EQ(cutter_.cuts(), 1);
  EXPECT_EQ(attempts_, 1);  // never run twice: it may have taken effect
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_EQ(status.message(),
            "the database connection was lost while saving; the outcome is "
            "unknown: retry with the same Idempotency-Key");
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(payload.has_value()) << status;
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*payload)));
  EXPECT_EQ(info.reason(), kCommitOutcomeUnknown);
}

// Lost before COMMIT (here: the backend terminated after the last
// statement), a write certainly did not happen and runs again.
TEST_F(TransactionTest, AConnectionLostBeforeCommitIsRetried) {
  int attempts = 0;
  absl::Status status =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        ++attempts;
        tx.exec0("INSERT INTO a VALUES (2, 2)");
        if (attempts == 1) {
          const std::string pid =
              tx.exec1("SELECT pg_backend_pid()")[0].c_str();
          schema_.Query(
              absl::StrCat("SELECT pg_terminate_backend(", pid, ", 10000)"));
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM a WHERE id = 2"), "1");
}

// The ErrorInfo reason of `status` ("" when none).
std::string ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  google::rpc::ErrorInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) {
    return "";
  }
  return info.reason();
}

// The fields a BadRequest detail of `status` names.
std::vector<std::string> FieldsOf(const absl::Status& status) {
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest bad_request;
  std::vector<std::string> fields;
  if (payload.has_value() &&
      bad_request.ParseFromString(std::string(*payload))) {
    for (const auto& violation : bad_request.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

const KeyedCall kCall{"CreateNote", std::string(64, 'a'), std::string(64, 'f')};

// Writes one `note` row (a table without a natural key: a create whose id
// the server makes).
absl::Status AddNote(Pool& pool) {
  return RunInTransaction(pool, [](pqxx::transaction_base& tx) {
    tx.exec0("INSERT INTO note DEFAULT VALUES");
    return absl::OkStatus();
  });
}

// The platform tables (request_key among them) and the `note` table.
void CreateKeyedTables(TestSchema& schema) {
  EXPECT_TRUE(
      ApplyMigrations(schema.pool(), "platform", events::PlatformMigrations())
          .ok());
  schema.Query("CREATE TABLE note (id serial PRIMARY KEY)");
}

// Keyed calls (request_key.h).
class KeyedCallTest : public TransactionTest {
 protected:
  void SetUp() override {
    TransactionTest::SetUp();
    CreateKeyedTables(schema_);
  }
  std::string Notes() { return schema_.Query("SELECT count(*) FROM note"); }
  std::string Keys() {
    return schema_.Query("SELECT count(*) FROM request_key");
  }
};

TEST_F(KeyedCallTest, AWriteRecordsItsKey) {
  {
    KeyedCallScope scope(kCall);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  EXPECT_EQ(Notes(), "1");
  EXPECT_EQ(schema_.Query("SELECT scoped_key || ' ' || rpc || ' ' || "
                          "fingerprint FROM request_key"),
            kCall.key + " CreateNote " + kCall.fingerprint);
}

TEST_F(KeyedCallTest, TheSameRequestAgainIsAlreadyAppliedAndWritesNothing) {
  {
    KeyedCallScope scope(kCall);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  KeyedCallScope again(kCall);
  const absl::Status status = AddNote(schema_.pool());
  EXPECT_TRUE(absl::IsAlreadyExists(status)) << status;
  EXPECT_EQ(ReasonOf(status), kRequestAlreadyApplied);
  EXPECT_EQ(status.message(),
            "this request was already carried out (same Idempotency-Key); its "
            "answer was lost: read the resource to see the result");
  EXPECT_EQ(Notes(), "1");
  EXPECT_EQ(Keys(), "1");
}

TEST_F(KeyedCallTest, AnotherRequestUnderTheKeyIsRefused) {
  {
    KeyedCallScope scope(kCall);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  const KeyedCall other_body{kCall.rpc, kCall.key, std::string(64, 'e')};
  const KeyedCall other_rpc{"CreateOther", kCall.key, kCall.fingerprint};
  for (const KeyedCall& other : {other_body, other_rpc}) {
    KeyedCallScope scope(other);
    const absl::Status status = AddNote(schema_.pool());
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
    EXPECT_EQ(FieldsOf(status), std::vector<std::string>{"Idempotency-Key"});
    EXPECT_EQ(status.message(),
              "Idempotency-Key: was used with a different request");
  }
  EXPECT_EQ(Notes(), "1");
}

TEST_F(KeyedCallTest, AReadRecordsNothing) {
  KeyedCallScope scope(kCall);
  for (Isolation isolation :
       {Isolation::kReadCommitted, Isolation::kSingleStatementRead,
        Isolation::kSnapshotRead}) {
    TxOptions options;
    options.isolation = isolation;
    const absl::Status status = RunInTransaction(
        schema_.pool(),
        [](pqxx::transaction_base& tx) {
          tx.exec1("SELECT count(*) FROM note");
          return absl::OkStatus();
        },
        options);
    EXPECT_TRUE(status.ok()) << status;
  }
  EXPECT_EQ(Keys(), "0");
  // Nor does a write that is refused: the key stays free for the retry.
  const absl::Status refused =
      RunInTransaction(schema_.pool(), [](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO note DEFAULT VALUES");
        return absl::FailedPreconditionError("no");
      });
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_EQ(Keys(), "0");
  EXPECT_TRUE(AddNote(schema_.pool()).ok());
  EXPECT_EQ(Keys(), "1");
}

// MarkWritten answers the question RunInTransaction would otherwise ask
// PostgreSQL: a transaction marked written records its key even though
// PostgreSQL saw no write (here, to show that the mark is what counted).
TEST_F(KeyedCallTest, ATransactionMarkedWrittenIsTakenAsAWrite) {
  KeyedCallScope scope(kCall);
  const absl::Status status =
      RunInTransaction(schema_.pool(), [](pqxx::transaction_base& tx) {
        tx.exec1("SELECT count(*) FROM note");
        MarkWritten(tx);
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(Keys(), "1");
}

// A mark belongs to its attempt: a retried attempt that writes nothing
// asks again.
TEST_F(KeyedCallTest, AMarkGoesWithItsAttempt) {
  KeyedCallScope scope(kCall);
  int attempts = 0;
  const absl::Status status =
      RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        tx.exec1("SELECT count(*) FROM note");
        if (++attempts == 1) {
          MarkWritten(tx);
          throw pqxx::serialization_failure("retry me");
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Keys(), "0");
}

TEST_F(KeyedCallTest, EveryWriteOfOneCallCommits) {
  KeyedCallScope scope(kCall);
  EXPECT_TRUE(AddNote(schema_.pool()).ok());
  EXPECT_TRUE(AddNote(schema_.pool()).ok());
  EXPECT_EQ(Notes(), "2");
  EXPECT_EQ(Keys(), "1");
}

TEST_F(KeyedCallTest, OutsideAKeyedCallNothingIsRecorded) {
  ASSERT_TRUE(AddNote(schema_.pool()).ok());
  ASSERT_TRUE(AddNote(schema_.pool()).ok());
  EXPECT_EQ(Notes(), "2");
  EXPECT_EQ(Keys(), "0");
}

// Recruitment's kept answers: a call that learns the request was applied
// gives the first answer again, which writes audit rows; it answers for
// the earlier call also in a retried attempt.
TEST_F(KeyedCallTest, ACallAnsweringForAnEarlierOneMayWriteInEveryAttempt) {
  {
    KeyedCallScope scope(kCall);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  KeyedCallScope again(kCall);
  std::vector<bool> applied_before;
  TxOptions options;
  options.isolation = Isolation::kRepeatableRead;
  const absl::Status status = RunInTransaction(
      schema_.pool(),
      [&](pqxx::transaction_base& tx) {
        const absl::Status recorded = RecordRequestKey(tx);
        applied_before.push_back(absl::IsAlreadyExists(recorded) &&
                                 ReasonOf(recorded) == kRequestAlreadyApplied);
        // The "audit row"; another writer makes the first attempt fail.
        tx.exec1("SELECT v FROM a WHERE id = 1");
        if (applied_before.size() == 1) {
          schema_.Query("UPDATE a SET v = v + 1 WHERE id = 1");
        }
        tx.exec0("UPDATE a SET v = v + 1 WHERE id = 1");
        return absl::OkStatus();
      },
      options);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(applied_before, (std::vector<bool>{true, true}));
  EXPECT_EQ(schema_.Query("SELECT v FROM a WHERE id = 1"), "2");
  EXPECT_EQ(Notes(), "1");
  EXPECT_EQ(Keys(), "1");
}

TEST_F(KeyedCallTest, ExpiredKeysAreDeleted) {
  {
    KeyedCallScope scope(kCall);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  const KeyedCall recent{kCall.rpc, std::string(64, 'b'), kCall.fingerprint};
  {
    KeyedCallScope scope(recent);
    ASSERT_TRUE(AddNote(schema_.pool()).ok());
  }
  schema_.Query(absl::StrCat(
      "UPDATE request_key SET created_at = now() - interval '26 hours' "
      "WHERE scoped_key = '",
      kCall.key, "'"));
  auto deleted = DeleteExpiredRequestKeys(schema_.pool(), absl::Hours(25));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(schema_.Query("SELECT scoped_key FROM request_key"), recent.key);
}

// The retry the COMMIT_OUTCOME_UNKNOWN message asks for, through the
// CommitCutter: a keyed write applied at most once whichever way its
// COMMIT went.
class KeyedLostCommitTest : public LostCommitTest {
 protected:
  void SetUp() override {
    LostCommitTest::SetUp();
    CreateKeyedTables(schema_);
  }
  std::string Notes() { return schema_.Query("SELECT count(*) FROM note"); }
};

TEST_F(KeyedLostCommitTest, ARetryAfterACommitThatTookEffectWritesNothing) {
  cutter_.CutNextCommit(CommitCutter::Cut::kAfterTheServer);
  {
    KeyedCallScope first(kCall);
    const absl::Status lost = AddNote(*pool_);
    EXPECT_EQ(cutter_.cuts(), 1);
    EXPECT_EQ(ReasonOf(lost), kCommitOutcomeUnknown) << lost;
    EXPECT_EQ(Notes(), "1");  // it did commit
  }
  KeyedCallScope retry(kCall);
  const absl::Status again = AddNote(*pool_);
  EXPECT_TRUE(absl::IsAlreadyExists(again)) << again;
  EXPECT_EQ(ReasonOf(again), kRequestAlreadyApplied);
  EXPECT_EQ(Notes(), "1");
}

TEST_F(KeyedLostCommitTest, ARetryAfterACommitThatDidNotTakeEffectRuns) {
  {
    KeyedCallScope first(kCall);  // the COMMIT is cut before the server
    const absl::Status lost = AddNote(*pool_);
    EXPECT_EQ(cutter_.cuts(), 1);
    EXPECT_EQ(ReasonOf(lost), kCommitOutcomeUnknown) << lost;
    EXPECT_EQ(Notes(), "0");
  }
  KeyedCallScope retry(kCall);
  const absl::Status again = AddNote(*pool_);
  EXPECT_TRUE(again.ok()) << again;
  EXPECT_EQ(Notes(), "1");
}

// pg::Exec (prepared.h) on pools of one or two connections, so that every
// transaction sees the statements that earlier ones prepared.
class PreparedTest : public TransactionTest {
 protected:
  static constexpr char kRead[] = "SELECT * FROM a WHERE id = $1";

  std::unique_ptr<Pool> MakePool(int size, bool prepared) {
    PoolOptions options;
    options.dsn = schema_.dsn();
    options.schema = schema_.name();
    options.size = size;
    options.prepared_statements = prepared;
    auto pool = Pool::Create(options);
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  // Reads row 1 of `a` with kRead in a transaction of `pool`: the row's
  // columns, "name=value" joined with ",".
  absl::StatusOr<std::string> ReadRow(Pool& pool) {
    return RunInTransactionFor<std::string>(
        pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
          ++attempts_;
          std::string text;
          const pqxx::row row = Exec1(tx, kRead, 1);
          for (const pqxx::field& field : row) {
            absl::StrAppend(&text, text.empty() ? "" : ",", field.name(), "=",
                            field.c_str());
          }
          return text;
        });
  }

  // On the connection `pool` leases next: how many statements are prepared
  // as kRead, "count/executions" (unnamed statements never show there).
  std::string PreparedReads(Pool& pool) {
    auto prepared = RunInTransactionFor<std::string>(
        pool, [](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
          return tx
              .exec_params1(
                  "SELECT count(*) || '/' || "
                  "coalesce(sum(generic_plans + custom_plans), 0) "
                  "FROM pg_prepared_statements WHERE statement = $1",
                  std::string(kRead))[0]
              .as<std::string>();
        });
    EXPECT_TRUE(prepared.ok()) << prepared.status();
    return prepared.value_or("");
  }

  // The backend process of the connection `pool` leases next.
  std::string BackendPid(Pool& pool) {
    auto pid = RunInTransactionFor<std::string>(
        pool, [](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
          return tx.exec1("SELECT pg_backend_pid()")[0].as<std::string>();
        });
    return pid.value_or("");
  }

  int attempts_ = 0;
};

TEST_F(PreparedTest, AStatementIsPreparedOncePerConnection) {
  auto pool = MakePool(1, true);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ReadRow(*pool).value_or(""), "id=1,v=0");
  }
  EXPECT_EQ(PreparedReads(*pool), "1/3");  // one statement, run three times
}

TEST_F(PreparedTest, OffRunsEveryStatementUnnamed) {
  auto pool = MakePool(1, false);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ReadRow(*pool).value_or(""), "id=1,v=0");
  }
  EXPECT_EQ(PreparedReads(*pool), "0/0");
  EXPECT_EQ(RunInTransactionFor<std::string>(
                *pool,
                [](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
                  return tx
                      .exec1("SELECT count(*) FROM pg_prepared_statements")[0]
                      .as<std::string>();
                })
                .value_or(""),
            "0");
}

TEST_F(PreparedTest, ATransactionMadeElsewhereRunsStatementsUnnamed) {
  pqxx::connection connection(schema_.dsn() +
                              " options=-csearch_path=" + schema_.name());
  pqxx::work tx(connection);
  EXPECT_EQ(Exec1(tx, kRead, 1)["v"].as<int>(), 0);
  EXPECT_EQ(
      tx.exec1("SELECT count(*) FROM pg_prepared_statements")[0].as<int>(), 0);
}

TEST_F(PreparedTest, ExecRowCountsAreCheckedAsExecParamsChecksThem) {
  auto pool = MakePool(1, true);
  absl::Status status = RunInTransaction(*pool, [](pqxx::transaction_base& tx) {
    Exec0(tx, "UPDATE a SET v = $1 WHERE id = 1", 5);  // no row back
    Exec1(tx, kRead, 2);                               // no row 2
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_EQ(schema_.Query("SELECT v FROM a WHERE id = 1"), "0");
}

// Another replica's migration changes the columns a prepared statement
// returns: PostgreSQL refuses the old plan (SQLSTATE 0A000, "cached plan
// must not change result type"). The call is retried and answers with the
// new columns; the other connection of the pool deallocates its statements
// before its next transaction instead of failing once more.
TEST_F(PreparedTest, AStatementPreparedBeforeASchemaChangeIsPreparedAgain) {
  auto pool = MakePool(2, true);
  // Both connections prepare kRead: the second inside the first's work.
  absl::Status both = RunInTransaction(*pool, [&](pqxx::transaction_base& tx) {
    Exec1(tx, kRead, 1);
    return RunInTransaction(*pool, [](pqxx::transaction_base& inner) {
      Exec1(inner, kRead, 1);
      return absl::OkStatus();
    });
  });
  ASSERT_TRUE(both.ok()) << both;

  schema_.Query("ALTER TABLE a ADD COLUMN w int NOT NULL DEFAULT 7");

  attempts_ = 0;
  EXPECT_EQ(ReadRow(*pool).value_or(""), "id=1,v=0,w=7");
  EXPECT_EQ(attempts_, 2);  // the stale plan, then prepared again
  attempts_ = 0;
  absl::Status other = RunInTransaction(*pool, [&](pqxx::transaction_base& tx) {
    // Take both connections again, so that the one not used above runs too.
    EXPECT_EQ(ReadRow(*pool).value_or(""), "id=1,v=0,w=7");
    Exec1(tx, kRead, 1);
    return absl::OkStatus();
  });
  EXPECT_TRUE(other.ok()) << other;
  EXPECT_EQ(attempts_, 1);
  EXPECT_EQ(PreparedReads(*pool), "1/2");  // the old one deallocated
}

TEST_F(PreparedTest, AStalePlanIsAbortedForTheRetryPath) {
  pqxx::connection connection(schema_.dsn() +
                              " options=-csearch_path=" + schema_.name());
  connection.prepare("stale", "SELECT * FROM a");
  {
    pqxx::work tx(connection);
    tx.exec_prepared("stale");
    tx.commit();
  }
  schema_.Query("ALTER TABLE a ADD COLUMN w int");
  pqxx::work tx(connection);
  try {
    tx.exec_prepared("stale");
    ADD_FAILURE() << "PostgreSQL ran a stale plan";
  } catch (const std::exception& error) {
    EXPECT_TRUE(IsStalePlan(error)) << error.what();
    EXPECT_TRUE(absl::IsAborted(StatusFromException(error)));
    EXPECT_EQ(SqlStateOf(StatusFromException(error)), "0A000");
  }
}

// A server that answers in another language (lc_messages) still says
// 0A000: Exec's StalePlanError is a stale plan whatever its text.
TEST_F(PreparedTest, AStalePlanInAnyLanguageIsAborted) {
  const pqxx::sql_error polish("buforowany plan nie może zmienić typu wyniku",
                               "SELECT * FROM a", "0A000");
  EXPECT_FALSE(IsStalePlan(polish));  // its text is not known
  const StalePlanError stale(polish);
  EXPECT_TRUE(IsStalePlan(stale));
  EXPECT_TRUE(absl::IsAborted(StatusFromException(stale)));
  EXPECT_EQ(SqlStateOf(StatusFromException(stale)), "0A000");
}

// The server session behind the pool's connection ends between two
// transactions: the next one runs on a new session (libpqxx reconnects at
// BEGIN, or the pool replaces the connection and retries), which has no
// prepared statements, and prepares what it runs there.
TEST_F(PreparedTest, AReplacedConnectionPreparesItsStatementsAgain) {
  auto pool = MakePool(1, true);
  ASSERT_TRUE(ReadRow(*pool).ok());
  const std::string pid = BackendPid(*pool);
  ASSERT_FALSE(pid.empty());
  schema_.Query(absl::StrCat("SELECT pg_terminate_backend(", pid, ", 10000)"));

  EXPECT_EQ(ReadRow(*pool).value_or(""), "id=1,v=0");
  EXPECT_NE(BackendPid(*pool), pid);
  EXPECT_EQ(PreparedReads(*pool), "1/1");
}

TEST(Pool, UnreachableDatabaseIsUnavailable) {
  PoolOptions options;
  options.dsn = "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=1";
  options.schema = "x";
  auto pool = Pool::Create(options);
  ASSERT_TRUE(pool.ok());
  EXPECT_TRUE(absl::IsUnavailable((*pool)->Ping()));
  absl::Status status = RunInTransaction(
      **pool, [](pqxx::transaction_base&) { return absl::OkStatus(); },
      TxOptions{Isolation::kReadCommitted, 1});
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

// A list passed as one array literal comes back from PostgreSQL exactly as
// it went, whatever its text: quotes, backslashes, commas, braces, the word
// NULL, an empty string, Polish letters.
TEST(TextArrays, RoundTripThroughPostgresExactly) {
  TestSchema schema;
  const std::vector<std::string> values = {
      "plain", "with \"quotes\"",   "back\\slash", "a,b", "{braces}", "NULL",
      "",      "Zażółć gęślą jaźń", " spaced "};
  std::vector<std::string> read;
  int length = -1;
  absl::Status status =
      RunInTransaction(schema.pool(), [&](pqxx::transaction_base& tx) {
        pqxx::row row = tx.exec_params1(
            "SELECT $1::text[] AS list, cardinality($1::text[]) AS n",
            TextArrayLiteral(values));
        read = ReadTextArray(row["list"]);
        length = row["n"].as<int>();
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(length, static_cast<int>(values.size()));
  EXPECT_EQ(read, values);
  EXPECT_EQ(TextArrayLiteral(std::vector<std::string>{}), "{}");
}

// One row read into a message by column name.
pqxx::row SelectOne(TestSchema& schema, const char* sql) {
  std::optional<pqxx::row> row;
  absl::Status status =
      RunInTransaction(schema.pool(), [&](pqxx::transaction_base& tx) {
        row = tx.exec1(sql);
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  return *row;
}

TEST(Columns, EachColumnSetsTheFieldOfItsName) {
  TestSchema schema;
  google::protobuf::Field field;
  ReadColumns(SelectOne(schema,
                        "SELECT 'TYPE_STRING' AS kind, 7 AS number, "
                        "'Zażółć' AS name, true AS packed, "
                        "'7'::bigint AS oneof_index, 'x' AS not_a_field"),
              &field);
  EXPECT_EQ(field.kind(), google::protobuf::Field::TYPE_STRING);
  EXPECT_EQ(field.number(), 7);
  EXPECT_EQ(field.name(), "Zażółć");
  EXPECT_TRUE(field.packed());
  EXPECT_EQ(field.oneof_index(), 7);
  ReadColumns(SelectOne(schema, "SELECT 3 AS cardinality"), &field);
  EXPECT_EQ(field.cardinality(), google::protobuf::Field::CARDINALITY_REPEATED);

  google::protobuf::Type type;
  type.add_oneofs("replaced");
  ReadColumns(
      SelectOne(schema, "SELECT ARRAY['b', 'a,\"c\"']::text[] AS oneofs"),
      &type);
  EXPECT_THAT(type.oneofs(), ::testing::ElementsAre("b", "a,\"c\""));

  google::protobuf::Timestamp instant;
  ReadColumns(SelectOne(schema,
                        "SELECT 9000000000::bigint AS seconds, "
                        "12::smallint AS nanos"),
              &instant);
  EXPECT_EQ(instant.seconds(), 9000000000);
  EXPECT_EQ(instant.nanos(), 12);

  google::protobuf::DoubleValue share;
  ReadColumns(SelectOne(schema, "SELECT 0.25::numeric AS value"), &share);
  EXPECT_EQ(share.value(), 0.25);
}

TEST(Columns, NullsAndUnknownEnumNamesLeaveTheirFieldsAlone) {
  TestSchema schema;
  google::protobuf::Field field;
  field.set_json_name("kept");
  ReadColumns(SelectOne(schema,
                        "SELECT NULL::text AS json_name, 'NO_SUCH' AS "
                        "cardinality, 99 AS kind, NULL::int AS number"),
              &field);
  EXPECT_EQ(field.json_name(), "kept");
  EXPECT_EQ(field.cardinality(), google::protobuf::Field::CARDINALITY_UNKNOWN);
  EXPECT_EQ(field.kind(), google::protobuf::Field::TYPE_UNKNOWN);
  EXPECT_EQ(field.number(), 0);

  events::v1::EventEnvelope envelope;
  ReadColumns(SelectOne(schema, "SELECT NULL::bigint AS occurred_at"),
              &envelope);
  EXPECT_FALSE(envelope.has_occurred_at());  // not 1970-01-01T00:00:00Z
}

TEST(Columns, AColumnThatIsNotItsFieldsTypeIsAQueryBug) {
  TestSchema schema;
  google::protobuf::Field field;
  EXPECT_THROW(
      ReadColumns(SelectOne(schema, "SELECT 'seven' AS number"), &field),
      pqxx::conversion_error);
}

}  // namespace
}  // namespace jstedu::pg
