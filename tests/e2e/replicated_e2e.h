#pragma once

// Two of everything (E2eTest with replicas_ = 2: two processes of every
// service and of the gateway, nginx in front of the gateways) and what the
// tests of it share: restarting and killing processes the way Kubernetes
// does, and checking that nothing was lost or applied twice (every event
// every producer wrote in each consuming service's inbox, no dead letter,
// reconcile at 0 differences). Used by replicas_e2e_test and
// chaos_e2e_test.

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "tests/e2e/mixed_load_e2e.h"

namespace jstedu::testing {

// Which services consume which producers' streams (each service's main.cc,
// ServiceHost::AddConsumer).
inline const std::map<std::string, std::vector<std::string>> kConsumers = {
    {"training", {"recruitment", "advisory"}},
    {"advisory", {"recruitment"}},
    {"reporting", {"recruitment", "training", "advisory"}},
    {"notifications", {"recruitment", "training", "advisory"}},
};

class ReplicatedE2eTest : public MixedLoadE2eTest {
 protected:
  static void SetUpTestSuite() {
    replicas_ = 2;
    MixedLoadE2eTest::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    MixedLoadE2eTest::TearDownTestSuite();
    replicas_ = 1;
  }

  // grpc.health.v1 says the instance is SERVING (jstedu-healthcheck).
  static bool Serving(const std::string& instance) {
    return RunToCompletion(
               {stack_->bin + "/jstedu-healthcheck",
                absl::StrCat("127.0.0.1:", stack_->grpc_ports[instance]),
                "--timeout", "1s"},
               {}, stack_->logs + "/healthcheck.log",
               std::chrono::seconds(5)) == 0;
  }
  static bool GatewayReady(const std::string& instance) {
    return HttpGet(stack_->gateway_ports[instance], "/readyz").status == 200;
  }

  // nginx's worker processes now (the master's children).
  static std::vector<pid_t> NginxWorkers() {
    const pid_t master = stack_->processes["nginx"]->pid();
    std::ifstream children(
        absl::StrCat("/proc/", master, "/task/", master, "/children"));
    std::vector<pid_t> workers;
    for (pid_t pid; children >> pid;) workers.push_back(pid);
    return workers;
  }

  // Gives nginx a list of gateways with those in `out` taken out, and
  // returns once the workers of the old configuration have finished their
  // requests and exited: from then on no request reaches those gateways.
  static void ReloadNginx(const std::set<std::string>& out) {
    stack_->WriteGatewaysConf(out);
    const std::vector<pid_t> old = NginxWorkers();
    ASSERT_FALSE(old.empty()) << "nginx has no workers";
    ASSERT_EQ(::kill(stack_->processes["nginx"]->pid(), SIGHUP), 0);
    const bool reloaded = WaitUntil(
        [&] {
          return std::all_of(old.begin(), old.end(), [](pid_t pid) {
            return ::kill(pid, 0) != 0 && errno == ESRCH;
          });
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(reloaded) << "nginx's old workers did not exit";
  }

  static void ExpectCleanExit(const std::string& instance, int status) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << instance << " did not exit cleanly on SIGTERM: " << status;
  }

  // SIGTERM, wait for the exit (status 0), start again on the same ports,
  // wait until it serves.
  static void RestartService(const std::string& instance) {
    ExpectCleanExit(instance, stack_->processes[instance]->Terminate(
                                  std::chrono::seconds(30)));
    stack_->processes[instance] = stack_->StartService(instance);
    EXPECT_TRUE(
        WaitUntil([&] { return Serving(instance); }, std::chrono::seconds(60)))
        << instance << " did not come back";
  }

  // Out of nginx, SIGTERM, start again, ready, back into nginx.
  static void RestartGateway(const std::string& instance) {
    ReloadNginx({instance});
    ExpectCleanExit(instance, stack_->processes[instance]->Terminate(
                                  std::chrono::seconds(30)));
    stack_->processes[instance] = stack_->StartGateway(instance);
    EXPECT_TRUE(WaitUntil([&] { return GatewayReady(instance); },
                          std::chrono::seconds(60)))
        << instance << " did not come back";
    ReloadNginx({});
  }

  // SIGKILL, and its exit collected.
  static void Kill(const std::string& instance) {
    ChildProcess& process = *stack_->processes[instance];
    ASSERT_GT(process.pid(), 0);
    ::kill(process.pid(), SIGKILL);
    process.Wait(std::chrono::seconds(10));
  }

  // The redis-cli command line for the test Redis ("redis-cli -h H -p P").
  static std::string RedisCli() {
    const std::string address = RequireEnv("JSTEDU_TEST_REDIS_ADDR");
    const size_t colon = address.rfind(':');
    return "redis-cli -h " + address.substr(0, colon) + " -p " +
           address.substr(colon + 1);
  }

  // SIGKILL, then started again at once, as the kubelet restarts a killed
  // container; returns once it serves (or is ready, for a gateway).
  static void KillAndStart(const std::string& instance) {
    Kill(instance);
    const bool gateway = Stack::ServiceOf(instance) == "gateway";
    stack_->processes[instance] = gateway ? stack_->StartGateway(instance)
                                          : stack_->StartService(instance);
    EXPECT_TRUE(WaitUntil(
        [&] { return gateway ? GatewayReady(instance) : Serving(instance); },
        std::chrono::seconds(60)))
        << instance << " did not come back after SIGKILL";
  }

  // Runs one SQL statement in the stack's database and answers the first
  // column of the first row (TestSchema::Query's contract).
  using SqlQuery = std::function<std::string(const std::string& sql)>;
  static std::string QueryStackDatabase(const std::string& sql) {
    return stack_->schemas["recruitment"]->Query(sql);
  }

  // For every consuming service and producer, the producer's events not
  // (yet) in the consumer's inbox, and the consumer's dead letters, in the
  // database `query` reads (the stack's unless told).
  static std::map<std::string, int64_t> Undelivered(
      const SqlQuery& query = QueryStackDatabase) {
    std::map<std::string, int64_t> left;
    for (const auto& [consumer, producers] : kConsumers) {
      const std::string schema = stack_->schemas[consumer]->name();
      for (const std::string& producer : producers) {
        const std::string count = query(absl::StrCat(
            "SELECT count(*) FROM ", stack_->schemas[producer]->name(),
            ".outbox o WHERE NOT EXISTS (SELECT 1 FROM ", schema,
            ".inbox i WHERE i.consumer = '", consumer,
            "' AND i.event_id = o.event_id)"));
        const int64_t n = std::stoll(count.empty() ? "-1" : count);
        if (n != 0) left[producer + " -> " + consumer] = n;
      }
      const std::string dead =
          query(absl::StrCat("SELECT count(*) FROM ", schema, ".dead_letters"));
      if (dead != "0") {
        left["dead letters of " + consumer] =
            std::stoll(dead.empty() ? "-1" : dead);
      }
    }
    return left;
  }

  // Every process serves, every gateway and the public port answer
  // /readyz, every event is in every consuming inbox (of the database
  // `query` reads).
  static bool Steady(const SqlQuery& query = QueryStackDatabase) {
    for (const char* name : kServices) {
      for (const std::string& i : stack_->Instances(name)) {
        if (!Serving(i)) return false;
      }
    }
    for (const std::string& g : stack_->Instances("gateway")) {
      if (!GatewayReady(g)) return false;
    }
    if (HttpGet(stack_->http_port, "/readyz").status != 200) return false;
    return Undelivered(query).empty();
  }

  // What every round must leave: each write answered 200 found, every
  // event in every consumer's inbox once, reconcile without a difference.
  static void ExpectNothingLostOrDoubled(Outcome& outcome,
                                         const std::string& edition) {
    EXPECT_EQ(MissingWrites(outcome, edition), std::vector<std::string>{})
        << "writes answered 200 but not found";
    std::map<std::string, int64_t> left;
    const bool delivered = WaitUntil(
        [&] {
          left = Undelivered();
          return left.empty();
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(delivered) << "events not delivered (lost) or dead-lettered: "
                           << absl::StrJoin(left, ", ",
                                            absl::PairFormatter(": "));
    HttpResponse reconcile =
        AsAdmin("POST", "/v1/editions/" + edition + ":reconcile", "{}");
    ASSERT_EQ(reconcile.status, 200) << reconcile.body;
    EXPECT_EQ(Body(reconcile).value("differenceCount", nlohmann::json()), "0")
        << reconcile.body;
  }

  // Runs the mix against nginx while `drive` runs, for at least `length`.
  static Failures UnderLoad(const std::vector<Kind>& mix, Outcome& outcome,
                            int first_ticket, std::chrono::seconds length,
                            const std::function<void()>& drive) {
    const std::string token = AdminToken();
    std::atomic<bool> stop{false};
    const Clock::time_point start = Clock::now();
    std::thread load([&] { RunLoad(mix, token, stop, outcome, first_ticket); });
    std::this_thread::sleep_for(std::chrono::seconds(2));
    drive();
    outcome.SetPhase("");
    std::this_thread::sleep_until(start + length);
    stop = true;
    load.join();
    ExpectEveryKindSent(mix, outcome);
    return Report(outcome, start);
  }
};

}  // namespace jstedu::testing
