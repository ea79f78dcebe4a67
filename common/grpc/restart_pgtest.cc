// Recovery from server restarts. These tests stop and start the throwaway
// PostgreSQL and Redis (JSTEDU_TEST_{PG,REDIS}_{STOP,START}), so CTest runs
// them alone (RUN_SERIAL).
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/grpc/service_host.h"
#include "common/testing/event_pipeline.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"

namespace jstedu::testing {
namespace {

using HealthStatus = grpc::health::v1::HealthCheckResponse;

class PipelineRestartTest : public EventPipelineTest {
 protected:
  void StartWorkers() {
    relay_ = MakeRelay(schema_.pool());
    consumer_ = MakeConsumer(schema_.pool(), "c1");
    relay_->Start();
    consumer_->Start();
  }
  void StopWorkers() {
    consumer_->Stop();
    relay_->Stop();
  }
  bool WaitForEffects(int expected) {
    return WaitUntil([&] { return EffectCount() == expected; },
                     std::chrono::seconds(60));
  }
  std::unique_ptr<Relay> relay_;
  std::unique_ptr<Consumer> consumer_;
};

TEST_F(PipelineRestartTest, RidesThroughRedisRestart) {
  StartWorkers();
  Produce(10, "before");
  ASSERT_TRUE(WaitForEffects(10));

  RunEnvCommand("JSTEDU_TEST_REDIS_STOP");
  Produce(10, "during");  // committed while the stream is unreachable
  RunEnvCommand("JSTEDU_TEST_REDIS_START");
  Produce(10, "after");

  EXPECT_TRUE(WaitForEffects(30)) << EffectCount();
  StopWorkers();
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(
      schema_.Query("SELECT count(*) FROM outbox WHERE published_at IS NULL"),
      "0");
}

TEST_F(PipelineRestartTest, RedisRestartThatLostEntriesIsReplayedFromPostgres) {
  StartWorkers();
  Produce(10, "before");
  ASSERT_TRUE(WaitForEffects(10));
  consumer_->Stop();
  Produce(5, "lost");
  ASSERT_TRUE(WaitUntil(
      [&] {
        return schema_.Query(
                   "SELECT count(*) FROM outbox WHERE published_at IS NULL") ==
               "0";
      },
      std::chrono::seconds(20)));
  // Redis comes back without the last five entries (as after a crash inside
  // the AOF fsync window): remove them, then restart it for real.
  auto client = keyspace_.Client();
  for (int id = 11; id <= 15; ++id) {
    std::string entry = schema_.Query(
        "SELECT stream_id FROM outbox WHERE id = " + std::to_string(id));
    ASSERT_EQ(client->Command({"XDEL", stream_, entry})->integer, 1);
  }
  RunEnvCommand("JSTEDU_TEST_REDIS_STOP");
  RunEnvCommand("JSTEDU_TEST_REDIS_START");

  consumer_ = MakeConsumer(schema_.pool(), "c2");
  consumer_->Start();
  EXPECT_TRUE(WaitForEffects(15)) << EffectCount();
  StopWorkers();
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(registry_.Counter("jstedu_outbox_replays_total", "", {"producer"})
                .Value({"producer"}),
            5);
}

TEST_F(PipelineRestartTest, RidesThroughPostgresRestart) {
  StartWorkers();
  Produce(10, "before");
  ASSERT_TRUE(WaitForEffects(10));

  RunEnvCommand("JSTEDU_TEST_PG_STOP");
  std::this_thread::sleep_for(
      std::chrono::seconds(2));  // workers fail meanwhile
  RunEnvCommand("JSTEDU_TEST_PG_START");
  Produce(10, "after");

  EXPECT_TRUE(WaitForEffects(20)) << EffectCount();
  StopWorkers();
  EXPECT_EQ(DoubleEffects(), 0);
}

class HealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpcutil::ServiceConfig config;
    config.name = "healthprobe";
    config.grpc_listen = "127.0.0.1:0";
    config.admin_listen = "127.0.0.1:0";
    config.pg_dsn = schema_.dsn();
    config.pg_schema = schema_.name();
    config.pg_pool_size = 2;
    config.redis.addr = RequireEnv("JSTEDU_TEST_REDIS_ADDR");
    config.stream_prefix = keyspace_.prefix();
    config.shutdown_grace = std::chrono::seconds(5);
    config.drain_delay = drain_delay_;
    host_ = std::make_unique<grpcutil::ServiceHost>(
        config, std::vector<pg::Migration>{});
    if (extra_service_ != nullptr) host_->AddService(extra_service_);
    auto port = host_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", *port),
                                   grpc::InsecureChannelCredentials());
    stub_ = grpc::health::v1::Health::NewStub(channel_);
  }
  void TearDown() override { host_->Shutdown(); }

  // The served status (of the whole server, or of `service`), or UNKNOWN
  // when the call itself failed.
  HealthStatus::ServingStatus Check(const std::string& service = "") {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(1));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    HealthStatus response;
    grpc::Status status = stub_->Check(&context, request, &response);
    return status.ok() ? response.status() : HealthStatus::UNKNOWN;
  }
  bool WaitForStatus(HealthStatus::ServingStatus wanted) {
    return WaitUntil([&] { return Check() == wanted; },
                     std::chrono::seconds(30));
  }

  std::chrono::milliseconds drain_delay_{0};
  grpc::Service* extra_service_ = nullptr;
  TestSchema schema_;
  TestKeyspace keyspace_;
  std::unique_ptr<grpcutil::ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::health::v1::Health::Stub> stub_;
};

TEST_F(HealthTest, ServingOnlyWhilePostgresIsUp) {
  ASSERT_TRUE(WaitForStatus(HealthStatus::SERVING));
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM schema_migrations WHERE "
                          "component = 'platform'"),
            std::to_string(events::PlatformMigrations().size()));
  EXPECT_EQ(Check(grpcutil::kLivenessService), HealthStatus::SERVING);
  RunEnvCommand("JSTEDU_TEST_PG_STOP");
  EXPECT_TRUE(WaitForStatus(HealthStatus::NOT_SERVING));
  // Liveness (the Kubernetes liveness probe's service name) does not depend
  // on PostgreSQL: the process is alive, restarting it would not help.
  EXPECT_EQ(Check(grpcutil::kLivenessService), HealthStatus::SERVING);
  RunEnvCommand("JSTEDU_TEST_PG_START");
  EXPECT_TRUE(WaitForStatus(HealthStatus::SERVING));
}

TEST_F(HealthTest, NotServingWhileRedisIsDown) {
  ASSERT_TRUE(WaitForStatus(HealthStatus::SERVING));
  // Clients route on liveness (channel.h): watched through the outage, it
  // never leaves SERVING, not even for an instant at a readiness tick.
  grpc::ClientContext watch_context;
  grpc::health::v1::HealthCheckRequest watched;
  watched.set_service(grpcutil::kLivenessService);
  auto watch = stub_->Watch(&watch_context, watched);
  std::vector<HealthStatus::ServingStatus> liveness;
  std::thread watcher([&] {
    HealthStatus update;
    while (watch->Read(&update)) liveness.push_back(update.status());
  });
  RunEnvCommand("JSTEDU_TEST_REDIS_STOP");
  EXPECT_TRUE(WaitForStatus(HealthStatus::NOT_SERVING));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // ticks
  EXPECT_EQ(Check(grpcutil::kLivenessService), HealthStatus::SERVING);
  RunEnvCommand("JSTEDU_TEST_REDIS_START");
  EXPECT_TRUE(WaitForStatus(HealthStatus::SERVING));
  watch_context.TryCancel();
  watcher.join();
  EXPECT_THAT(liveness, ::testing::Each(HealthStatus::SERVING));
  EXPECT_FALSE(liveness.empty());
}

// A RecruitmentService whose GetJst blocks until released: a call in flight.
class BlockingService : public recruitment::v1::RecruitmentService::Service {
 public:
  grpc::Status GetJst(grpc::ServerContext*,
                      const recruitment::v1::GetJstRequest*,
                      recruitment::v1::Jst* response) override {
    entered_ = true;
    release_.get_future().wait_for(std::chrono::seconds(20));
    response->set_teryt("2476011");
    return grpc::Status::OK;
  }
  std::atomic<bool> entered_{false};
  std::promise<void> release_;
};

class DrainTest : public HealthTest {
 protected:
  void SetUp() override {
    drain_delay_ = std::chrono::milliseconds(1500);
    extra_service_ = &service_;
    HealthTest::SetUp();
  }
  BlockingService service_;
};

TEST_F(DrainTest, NotServingFirstThenInFlightCallsFinish) {
  ASSERT_TRUE(WaitForStatus(HealthStatus::SERVING));
  auto stub = recruitment::v1::RecruitmentService::NewStub(channel_);
  grpc::Status call_status;
  recruitment::v1::Jst jst;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    call_status =
        stub->GetJst(&context, recruitment::v1::GetJstRequest(), &jst);
  });
  ASSERT_TRUE(WaitUntil([&] { return service_.entered_.load(); },
                        std::chrono::seconds(10)));

  std::thread shutdown([&] { host_->Shutdown(); });
  // Health answers NOT_SERVING (an answer, not a failed call) while draining.
  EXPECT_TRUE(WaitForStatus(HealthStatus::NOT_SERVING));
  service_.release_.set_value();
  caller.join();
  shutdown.join();
  EXPECT_TRUE(call_status.ok()) << call_status.error_message();
  EXPECT_EQ(jst.teryt(), "2476011");
}

// A server with the default drain delay (JSTEDU_DRAIN_DELAY unset) whose
// GetJst answers at once.
TEST(ServiceConfigTest, DrainDelayIsOneSecondWhenUnset) {
  config::Env env = config::Env::FromMap(
      {{"JSTEDU_PG_DSN", "host=db"}, {"JSTEDU_REDIS_ADDR", "redis:6379"}});
  EXPECT_EQ(
      grpcutil::ReadServiceConfig(env, "recruitment", 50051, 9101).drain_delay,
      std::chrono::seconds(1));
}

// Prepared statements are on unless JSTEDU_PG_PREPARED says off; another
// value stops the process naming the variable.
TEST(ServiceConfigTest, PreparedStatementsAreOnUnlessTurnedOff) {
  const std::map<std::string, std::string> base = {
      {"JSTEDU_PG_DSN", "host=db"},
      {"JSTEDU_REDIS_ADDR", "redis:6379"},
      {"JSTEDU_PRINCIPAL_KEY_FILE", "/etc/jstedu/principal/principal.key"}};
  config::Env unset = config::Env::FromMap(base);
  EXPECT_TRUE(grpcutil::ReadServiceConfig(unset, "recruitment", 50051, 9101)
                  .pg_prepared);
  auto with = [&](const std::string& value) {
    auto map = base;
    map["JSTEDU_PG_PREPARED"] = value;
    return config::Env::FromMap(map);
  };
  config::Env off = with("off");
  EXPECT_FALSE(
      grpcutil::ReadServiceConfig(off, "recruitment", 50051, 9101).pg_prepared);
  EXPECT_TRUE(off.Check().ok());
  config::Env bad = with("no");
  grpcutil::ReadServiceConfig(bad, "recruitment", 50051, 9101);
  EXPECT_THAT(std::string(bad.Check().message()),
              ::testing::HasSubstr("JSTEDU_PG_PREPARED"));
}

// The names of the principal key files (principal_signature.h); whether a
// process that serves calls has a usable key is LoadServiceConfigOrExit's
// check (principal_test.cc: it exits 2 without one).
TEST(ServiceConfigTest, ThePrincipalKeyFilesAreRead) {
  config::Env with = config::Env::FromMap(
      {{"JSTEDU_PG_DSN", "host=db"},
       {"JSTEDU_REDIS_ADDR", "redis:6379"},
       {"JSTEDU_PRINCIPAL_KEY_FILE", "/k/principal.key"},
       {"JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE", "/k/previous.key"}});
  const auto config =
      grpcutil::ReadServiceConfig(with, "recruitment", 50051, 9101);
  EXPECT_TRUE(with.Check().ok());
  EXPECT_EQ(config.principal_key_file, "/k/principal.key");
  EXPECT_EQ(config.principal_previous_key_file, "/k/previous.key");
}

// The drain behaviour with a delay long enough that a loaded machine's
// polling cannot miss its window (the default's value is pinned above).
class DrainingTest : public HealthTest {
 protected:
  void SetUp() override {
    drain_delay_ = std::chrono::seconds(3);
    extra_service_ = &service_;
    service_.release_.set_value();
    HealthTest::SetUp();
  }
  BlockingService service_;
};

// A client that has not yet acted on NOT_SERVING (here one that does not
// watch health at all) still gets answers: after SIGTERM the server keeps
// accepting and serving new calls for the drain delay.
TEST_F(DrainingTest, NewCallsAreServedWhileDraining) {
  ASSERT_TRUE(WaitForStatus(HealthStatus::SERVING));
  std::thread shutdown([&] { host_->Shutdown(); });
  const bool draining = WaitUntil(
      [&] {
        return Check(grpcutil::kLivenessService) == HealthStatus::NOT_SERVING;
      },
      std::chrono::seconds(10));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  recruitment::v1::Jst jst;
  grpc::Status status =
      recruitment::v1::RecruitmentService::NewStub(channel_)->GetJst(
          &context, recruitment::v1::GetJstRequest(), &jst);
  shutdown.join();
  EXPECT_TRUE(draining) << "liveness never answered NOT_SERVING: no drain";
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(jst.teryt(), "2476011");
}

// Issue 17 review: a service's cleanup task (training's feed reads past
// their retention, beside every service's request keys) runs on its own
// loop once the migrations are applied, and again after its interval.
TEST(CleanupTaskTest, RunsOnceMigratedAndAgainAfterItsInterval) {
  TestSchema schema;
  TestKeyspace keyspace;
  grpcutil::ServiceConfig config;
  config.name = "cleanupprobe";
  config.grpc_listen = "127.0.0.1:0";
  config.admin_listen = "127.0.0.1:0";
  config.pg_dsn = schema.dsn();
  config.pg_schema = schema.name();
  config.pg_pool_size = 2;
  config.redis.addr = RequireEnv("JSTEDU_TEST_REDIS_ADDR");
  config.stream_prefix = keyspace.prefix();
  config.drain_delay = std::chrono::milliseconds(0);
  grpcutil::ServiceHost host(config, std::vector<pg::Migration>{});
  std::atomic<int> runs{0};
  host.AddCleanupTask("probe", std::chrono::milliseconds(10),
                      [&runs]() -> absl::StatusOr<int64_t> {
                        ++runs;
                        return 1;
                      });
  ASSERT_TRUE(host.Start().ok());
  EXPECT_TRUE(
      WaitUntil([&] { return runs.load() >= 2; }, std::chrono::seconds(30)));
  host.Shutdown();
}

}  // namespace
}  // namespace jstedu::testing
