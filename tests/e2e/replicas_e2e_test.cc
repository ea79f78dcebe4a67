// Two of everything under load (issue 22, point 1): two processes of each
// service and of the gateway, nginx in front of the gateways
// (tools/lib/nginx.conf.template), the gateways and reporting balancing
// over both replicas of each service (round_robin over
// "ipv4:127.0.0.1:P1,127.0.0.1:P2"), as `tools/dev up --replicas 2` runs
// them and as Kubernetes runs the Deployments. About 200 requests a second
// of reads and writes to every service go through nginx while:
//
//  1. every process, the gateways included, is restarted one at a time
//     with SIGTERM: no request may fail. A gateway is first taken out of
//     nginx (what Kubernetes does by removing a terminating pod from the
//     Service's endpoints during its preStop sleep); a service needs
//     nothing of the kind (its clients stop picking it when it reports
//     NOT_SERVING at SIGTERM, common/grpc/channel.h);
//  2. one replica of each service, and one gateway, is SIGKILLed and
//     started again (what the kubelet does with a killed container): no
//     read (GET) may fail, since the gateway retries a read whose replica
//     died under it on the other one and nginx retries a GET whose gateway
//     died; the writes that failed are counted and shown (a write in
//     flight on a killed process is not repeated by anyone but its client,
//     who holds the Idempotency-Key).
//
// After each round every write answered 200 must be found, every event
// every producer wrote must be in each consuming service's inbox (lost = 0;
// the inbox's primary key makes "twice" impossible) with no dead letter,
// and reporting's reconcile must find 0 differences (nothing counted twice
// or missed). Labels `replicas` and `e2e`; run alone (SERIAL).
#include "tests/e2e/replicated_e2e.h"

namespace jstedu::testing {
namespace {

constexpr auto kLoadSeconds = std::chrono::seconds(60);
constexpr auto kKillLoadSeconds = std::chrono::seconds(30);

using ReplicasE2eTest = ReplicatedE2eTest;

TEST_F(ReplicasE2eTest, RestartingEveryProcessWithSigtermFailsNoRequest) {
  const std::string edition = PrepareEdition();
  ASSERT_FALSE(edition.empty());
  Outcome outcome;
  const Failures failed =
      UnderLoad(Mix(edition), outcome, 0, kLoadSeconds, [&] {
        for (const char* name : kServices) {
          for (const std::string& instance : stack_->Instances(name)) {
            outcome.SetPhase("SIGTERM " + instance);
            RestartService(instance);
            std::this_thread::sleep_for(std::chrono::seconds(2));
          }
        }
        for (const std::string& instance : stack_->Instances("gateway")) {
          outcome.SetPhase("SIGTERM " + instance);
          RestartGateway(instance);
          std::this_thread::sleep_for(std::chrono::seconds(2));
        }
      });
  EXPECT_EQ(failed.all, 0)
      << "requests that did not answer 200 during the restarts (above)";
  ExpectNothingLostOrDoubled(outcome, edition);
}

TEST_F(ReplicasE2eTest, KillingOneReplicaOfEachFailsNoRead) {
  const std::string edition = PrepareEdition();
  ASSERT_FALSE(edition.empty());
  Outcome outcome;
  const Failures failed =
      UnderLoad(Mix(edition), outcome, 1000000, kKillLoadSeconds, [&] {
        for (const char* name : kServices) {
          const std::string instance = absl::StrCat(name, "-2");
          outcome.SetPhase("SIGKILL " + instance);
          KillAndStart(instance);
          std::this_thread::sleep_for(std::chrono::seconds(2));
        }
        outcome.SetPhase("SIGKILL gateway-2");
        KillAndStart("gateway-2");
        std::this_thread::sleep_for(std::chrono::seconds(2));
      });
  std::cout << "SIGKILL round: " << failed.all << " request(s) failed, "
            << failed.gets << " of them reads (GET)\n";
  EXPECT_EQ(failed.gets, 0) << "reads that failed while replicas were killed";
  ExpectNothingLostOrDoubled(outcome, edition);
}

}  // namespace
}  // namespace jstedu::testing
