// Backup and restore, drilled (issue 22, point 5): the procedure
// "Whole system to one point in time" of docs/operations.md, on the real
// binaries, one process of each:
//
//  1. applications go in and settle (every event in every consuming inbox);
//  2. the backup: one pg_dump of the five schemas (one snapshot, so one
//     instant for the whole system) while applications keep coming;
//  3. more applications after the backup, consumed everywhere;
//  4. the disaster: every process stopped; the dump restored into a fresh
//     database; jstedu's Redis keys deleted (streams, epoch markers, the
//     gateway's Idempotency-Keys);
//  5. the services and the gateway started on the restored database.
//
// Then: every application answered before the backup began is there, none
// answered after it ended is (the restore undid them, in every service),
// every event the restored producers hold reached each consumer's restored
// inbox (re-published by the relays: jstedu_outbox_replays_total counts
// them), no dead letter, and reconcile finds 0 differences (nothing
// missing, nothing counted twice). It prints how long the dump, the
// restore and the way back to steady state took.
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>

#include "gmock/gmock.h"
#include "tests/e2e/replicated_e2e.h"

namespace jstedu::testing {
namespace {

using json = nlohmann::json;

class RestoreE2eTest : public ReplicatedE2eTest {
 protected:
  // One process of each (replicas_ stays 1).
  static void SetUpTestSuite() { MixedLoadE2eTest::SetUpTestSuite(); }
  static void TearDownTestSuite() {
    MixedLoadE2eTest::TearDownTestSuite();
    if (!restored_database_.empty()) {
      try {
        pqxx::connection connection(RequireEnv("JSTEDU_TEST_PG_DSN"));
        pqxx::nontransaction tx(connection);
        tx.exec0("DROP DATABASE IF EXISTS " +
                 tx.quote_name(restored_database_) + " WITH (FORCE)");
      } catch (const std::exception& error) {
        ADD_FAILURE() << "cannot drop " << restored_database_ << ": "
                      << error.what();
      }
    }
  }

  static inline std::string restored_database_;

  static std::string PgProgram(const std::string& name) {
    return RequireEnv("JSTEDU_TEST_PG_BIN") + "/" + name;
  }

  // The test DSN with another database.
  static std::string DsnOf(const std::string& database) {
    std::string dsn = RequireEnv("JSTEDU_TEST_PG_DSN");
    const size_t at = dsn.find("dbname=");
    const size_t end = dsn.find(' ', at);
    return dsn.replace(at, end == std::string::npos ? end : end - at,
                       "dbname=" + database);
  }

  // Submits the applications of GminaCodes()[first, last) one after the
  // other, stopping early at `stop`; records each answered 200 with the
  // time its answer came.
  struct Submitted {
    std::string teryt;
    std::chrono::steady_clock::time_point answered;
  };
  static void Submit(const std::string& edition, size_t first, size_t last,
                     const std::atomic<bool>& stop, std::vector<Submitted>& out,
                     std::mutex& mutex) {
    const std::vector<std::string>& codes = GminaCodes();
    const std::string token = AdminToken();
    for (size_t i = first; i < std::min(last, codes.size()) && !stop; ++i) {
      const Request request = ApplicationRequest(edition, codes[i]);
      const HttpResponse response =
          Send(token, request.method, request.target, request.body);
      if (response.status != 200) {
        ADD_FAILURE() << codes[i] << ": " << response.status << " "
                      << response.body;
        continue;
      }
      std::lock_guard<std::mutex> lock(mutex);
      out.push_back({codes[i], std::chrono::steady_clock::now()});
    }
  }

  static bool WaitSettled(const SqlQuery& query = QueryStackDatabase) {
    return WaitUntil([&] { return Steady(query); }, std::chrono::seconds(120));
  }

  static double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }
};

TEST_F(RestoreE2eTest, WholeSystemBackToTheBackupsInstant) {
  using Clock = std::chrono::steady_clock;
  const std::string edition = PrepareEdition();
  ASSERT_FALSE(edition.empty());
  std::mutex mutex;
  const std::atomic<bool> never{false};

  // 1. Before the backup: 30 applications, settled everywhere.
  std::vector<Submitted> before;
  Submit(edition, 0, 30, never, before, mutex);
  ASSERT_TRUE(WaitSettled()) << "the stack did not settle before the backup";

  // 2. The backup, one snapshot of the five schemas, while applications
  // keep coming.
  std::vector<Submitted> during;
  std::atomic<bool> stop{false};
  std::thread writer([&] { Submit(edition, 30, 1000, stop, during, mutex); });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::string dump = stack_->logs + "/jstedu.dump";
  std::vector<std::string> pg_dump = {PgProgram("pg_dump"), "-Fc", "-f", dump};
  for (const char* name : kServices) {
    pg_dump.push_back("-n");
    pg_dump.push_back(stack_->schemas[name]->name());
  }
  pg_dump.push_back(RequireEnv("JSTEDU_TEST_PG_DSN"));
  const Clock::time_point dump_started = Clock::now();
  ASSERT_EQ(RunToCompletion(pg_dump, {}, stack_->logs + "/pg_dump.log"), 0)
      << "see " << stack_->logs << "/pg_dump.log";
  const Clock::time_point dump_ended = Clock::now();
  const double dump_seconds =
      std::chrono::duration<double>(dump_ended - dump_started).count();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  stop = true;
  writer.join();

  // 3. After the backup: 20 more, consumed everywhere.
  std::vector<Submitted> after;
  Submit(edition, 1000, 1020, never, after, mutex);
  ASSERT_TRUE(WaitSettled()) << "the stack did not settle after the backup";
  const std::set<std::string> listed_before_disaster =
      ListedApplications(edition);

  // 4. The disaster: every process stopped, the dump restored into a fresh
  // database, jstedu's Redis keys deleted.
  stack_->processes["gateway"]->Terminate(std::chrono::seconds(30));
  for (const char* name : kServices) {
    stack_->processes[name]->Terminate(std::chrono::seconds(30));
  }
  restored_database_ = "jstedu_restore_" + RandomSuffix();
  {
    pqxx::connection connection(RequireEnv("JSTEDU_TEST_PG_DSN"));
    pqxx::nontransaction tx(connection);
    tx.exec0("CREATE DATABASE " + tx.quote_name(restored_database_));
  }
  const std::string restored_dsn = DsnOf(restored_database_);
  const Clock::time_point restore_started = Clock::now();
  ASSERT_EQ(RunToCompletion({PgProgram("pg_restore"), "--exit-on-error", "-d",
                             restored_dsn, dump},
                            {}, stack_->logs + "/pg_restore.log"),
            0)
      << "see " << stack_->logs << "/pg_restore.log";
  const double restore_seconds = SecondsSince(restore_started);
  const std::string unlink =
      RedisCli() + " --scan --pattern '" + stack_->keyspace.prefix() +
      "*' | xargs -r -n 100 " + RedisCli() + " unlink >/dev/null";
  ASSERT_EQ(std::system(unlink.c_str()), 0) << unlink;

  // 5. Everything started on the restored database.
  const Clock::time_point restart = Clock::now();
  stack_->pg_dsn = restored_dsn;
  for (const char* name : kServices)
    stack_->processes[name] = stack_->StartService(name);
  stack_->processes["gateway"] = stack_->StartGateway("gateway");
  const auto restored = [&](const std::string& sql) {
    pqxx::connection connection(restored_dsn);
    pqxx::work tx(connection);
    const pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string()
                                          : r[0][0].as<std::string>();
  };
  ASSERT_TRUE(WaitSettled(restored))
      << "no steady state on the restored database: "
      << absl::StrJoin(Undelivered(restored), ", ", absl::PairFormatter(": "));
  const double steady_seconds = SecondsSince(restart);

  // What the restore kept and undid.
  const std::set<std::string> listed = ListedApplications(edition);
  for (const Submitted& s : before) {
    EXPECT_TRUE(listed.count(s.teryt)) << "lost: " << s.teryt;
  }
  int kept_during = 0;
  for (const Submitted& s : during) {
    if (s.answered < dump_started) {
      EXPECT_TRUE(listed.count(s.teryt))
          << s.teryt << " was answered before the backup began";
    } else if (s.answered > dump_ended) {
      EXPECT_FALSE(listed.count(s.teryt))
          << s.teryt << " was answered after the backup ended";
    }
    kept_during += listed.count(s.teryt);
  }
  for (const Submitted& s : after) {
    EXPECT_TRUE(listed_before_disaster.count(s.teryt));
    EXPECT_FALSE(listed.count(s.teryt)) << s.teryt << " survived the restore";
  }
  EXPECT_EQ(Undelivered(restored), (std::map<std::string, int64_t>{}));
  HttpResponse reconcile =
      AsAdmin("POST", "/v1/editions/" + edition + ":reconcile", "{}");
  ASSERT_EQ(reconcile.status, 200) << reconcile.body;
  EXPECT_EQ(Body(reconcile).value("differenceCount", json()), "0")
      << reconcile.body;
  // The relays found their markers gone and published every retained row
  // again (the consumers' restored inboxes absorbed what they had).
  const std::string metrics =
      HttpGet(stack_->admin_ports["recruitment"], "/metrics").body;
  EXPECT_THAT(metrics,
              ::testing::ContainsRegex("jstedu_outbox_replays_total\\{producer="
                                       "\"recruitment\"\\} [1-9]"));

  std::cout << "backup: " << before.size() << " applications settled before, "
            << during.size() << " during (" << kept_during
            << " in the backup), " << after.size() << " after; pg_dump "
            << dump_seconds << " s, pg_restore " << restore_seconds
            << " s, start to steady state " << steady_seconds << " s\n";
}

}  // namespace
}  // namespace jstedu::testing
