// Chaos under load (issue 22, point 6). Two of everything (replicated_e2e.h)
// takes ~200 requests a second of the mixed load plus applications to the
// round's edition (each one events for training, advisory and reporting),
// while one fault at a time strikes:
//
//   consumers       both reporting processes SIGKILLed (every consumer of
//                   its group dies mid-batch), started again 2 s later
//   relays          both recruitment processes SIGKILLed (the relay dies
//                   between XADD and marking the row published), started
//                   again 2 s later
//   redis-shutdown  Redis SHUTDOWN (saving), started again 3 s later
//   redis-kill      Redis SIGKILLed (AOF, appendfsync always), started
//                   again 3 s later
//   redis-flushall  FLUSHALL: every stream, consumer group and gateway key
//                   gone at once, Redis itself up
//   postgres-crash  `pg_ctl stop -m immediate` (no checkpoint, crash
//                   recovery at start), started again 3 s later
//
// Each round ends at steady state (every process serving, nginx ready,
// every event every producer wrote in each consuming service's inbox) and
// reports: requests and how many failed during the fault (not a goal: a
// write during an outage may fail, its client retries), lost (writes
// answered 200 not found, events not delivered, records missing from
// reporting), double (records reporting holds twice or more than the
// source: EXTRA_IN_PROJECTION), reconcile (differences of every kind) and
// the time from the fault's end to steady state. lost, double and
// reconcile must be 0.
//
// Short by default (each fault once, at least 12 s of load each: label `chaos`,
// in `tools/dev test`); `tools/chaos` runs it long (JSTEDU_CHAOS_ROUNDS times
// each fault, JSTEDU_CHAOS_SECONDS of load a round) and keeps the report
// (JSTEDU_CHAOS_REPORT, markdown).
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/replicated_e2e.h"

namespace jstedu::testing {
namespace {

using json = nlohmann::json;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  int n = 0;
  return value != nullptr && absl::SimpleAtoi(value, &n) && n > 0 ? n
                                                                  : fallback;
}

// What one round measured.
struct RoundReport {
  std::string fault;
  int requests = 0;
  int failed = 0;
  int64_t lost = 0;
  int64_t doubled = 0;
  int64_t reconcile = 0;
  double fault_seconds = 0;   // injection to recovery
  double steady_seconds = 0;  // recovery to steady state
  std::string detail;
};

class ChaosE2eTest : public ReplicatedE2eTest {
 protected:
  // The faults: how to strike and how to recover.
  struct Fault {
    std::string name;
    std::function<void()> strike;
    std::function<void()> recover;
  };
  static std::vector<Fault> Faults() {
    auto kill_both = [](const std::string& service) {
      return [service] {
        for (const std::string& i : stack_->Instances(service)) Kill(i);
      };
    };
    auto start_both = [](const std::string& service) {
      return [service] {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        for (const std::string& i : stack_->Instances(service))
          stack_->processes[i] = stack_->StartService(i);
      };
    };
    auto after = [](int seconds, const char* command) {
      return [seconds, command] {
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        RunEnvCommand(command);
      };
    };
    return {
        {"consumers", kill_both("reporting"), start_both("reporting")},
        {"relays", kill_both("recruitment"), start_both("recruitment")},
        {"redis-shutdown", [] { RunEnvCommand("JSTEDU_TEST_REDIS_STOP"); },
         after(3, "JSTEDU_TEST_REDIS_START")},
        {"redis-kill", [] { RunEnvCommand("JSTEDU_TEST_REDIS_KILL"); },
         after(3, "JSTEDU_TEST_REDIS_START")},
        {"redis-flushall",
         [] {
           const std::string flush = RedisCli() + " FLUSHALL";
           EXPECT_EQ(std::system(flush.c_str()), 0) << flush;
         },
         [] {}},
        {"postgres-crash", [] { RunEnvCommand("JSTEDU_TEST_PG_CRASH"); },
         after(3, "JSTEDU_TEST_PG_START")},
    };
  }

  // The load's mix plus an application to `edition` per slot of it.
  static std::vector<Kind> ChaosMix(const std::string& edition) {
    std::vector<Kind> mix = Mix(edition);
    const size_t slots = mix.size() + 1;
    mix.push_back(
        {"POST /v1/editions/{edition}/applications",
         [edition, slots](int n) {
           const std::vector<std::string>& codes = GminaCodes();
           return ApplicationRequest(
               edition, codes[(static_cast<size_t>(n) / slots) % codes.size()]);
         },
         true});
    return mix;
  }

  // The applications answered 200 that `edition` does not list.
  static int64_t MissingApplications(Outcome& outcome,
                                     const std::string& edition, size_t slots) {
    const std::vector<std::string>& codes = GminaCodes();
    const std::set<std::string> listed = ListedApplications(edition);
    int64_t missing = 0;
    for (int n : outcome.written["POST /v1/editions/{edition}/applications"]) {
      if (!listed.count(codes[(static_cast<size_t>(n) / slots) % codes.size()]))
        ++missing;
    }
    return missing;
  }

  // One round: load, the fault, recovery, steady state, the figures.
  static RoundReport RunRound(const Fault& fault, int first_ticket,
                              std::chrono::seconds length) {
    RoundReport report;
    report.fault = fault.name;
    const std::string edition = PrepareEdition();
    const std::vector<Kind> mix = ChaosMix(edition);
    Outcome outcome;
    const std::string token = AdminToken();
    std::atomic<bool> stop{false};
    const Clock::time_point start = Clock::now();
    std::thread load([&] { RunLoad(mix, token, stop, outcome, first_ticket); });
    std::this_thread::sleep_for(std::chrono::seconds(3));
    outcome.SetPhase(fault.name);
    const Clock::time_point struck = Clock::now();
    fault.strike();
    fault.recover();
    const Clock::time_point recovered = Clock::now();
    outcome.SetPhase("recovering from " + fault.name);
    const bool steady =
        WaitUntil([] { return Steady(); }, std::chrono::seconds(180));
    const Clock::time_point steady_at = Clock::now();
    outcome.SetPhase("");
    std::this_thread::sleep_until(
        std::max(start + length, steady_at + std::chrono::seconds(2)));
    stop = true;
    load.join();
    EXPECT_TRUE(steady) << fault.name << ": no steady state within 180 s";
    report.fault_seconds =
        std::chrono::duration<double>(recovered - struck).count();
    report.steady_seconds =
        std::chrono::duration<double>(steady_at - recovered).count();

    // The load's last writes settle too.
    std::map<std::string, int64_t> left;
    WaitUntil(
        [&] {
          left = Undelivered();
          return left.empty();
        },
        std::chrono::seconds(60));
    const Failures failed = Report(outcome, start);
    report.requests = outcome.total;
    report.failed = failed.all;
    const std::vector<std::string> missing = MissingWrites(outcome, edition);
    const int64_t missing_applications =
        MissingApplications(outcome, edition, mix.size());
    int64_t undelivered = 0;
    for (const auto& [what, n] : left) undelivered += n;
    report.lost = static_cast<int64_t>(missing.size()) + missing_applications +
                  undelivered;
    absl::StrAppend(&report.detail, missing.empty() ? "" : " missing writes: ",
                    absl::StrJoin(missing, ", "));
    if (missing_applications) {
      absl::StrAppend(&report.detail, " applications answered 200 but absent: ",
                      missing_applications);
    }
    if (!left.empty()) {
      absl::StrAppend(&report.detail, " undelivered: ",
                      absl::StrJoin(left, ", ", absl::PairFormatter(": ")));
    }

    HttpResponse reconcile =
        AsAdmin("POST", "/v1/editions/" + edition + ":reconcile", "{}");
    EXPECT_EQ(reconcile.status, 200) << reconcile.body;
    const json r = Body(reconcile);
    int64_t differences = 0;
    absl::SimpleAtoi(r.value("differenceCount", "0"), &differences);
    report.reconcile = differences;
    for (const json& d : r.value("differences", json::array())) {
      const std::string kind = d.value("kind", "");
      if (kind == "EXTRA_IN_PROJECTION") ++report.doubled;
      if (kind == "MISSING_IN_PROJECTION") ++report.lost;
    }
    if (differences)
      absl::StrAppend(&report.detail, " reconcile: ", reconcile.body);
    return report;
  }

  static std::string Table(const std::vector<RoundReport>& rounds) {
    std::string out =
        "| fault | requests | failed | lost | double | reconcile | fault "
        "(s) | to steady state (s) |\n| --- | --- | --- | --- | --- | --- | "
        "--- | --- |\n";
    for (const RoundReport& r : rounds) {
      absl::StrAppend(&out, "| ", r.fault, " | ", r.requests, " | ", r.failed,
                      " | ", r.lost, " | ", r.doubled, " | ", r.reconcile,
                      " | ", absl::StrFormat("%.1f", r.fault_seconds), " | ",
                      absl::StrFormat("%.1f", r.steady_seconds), " |\n");
    }
    return out;
  }
};

TEST_F(ChaosE2eTest, EveryFaultEndsWithNothingLostOrCountedTwice) {
  const int rounds = EnvInt("JSTEDU_CHAOS_ROUNDS", 1);
  const std::chrono::seconds length(EnvInt("JSTEDU_CHAOS_SECONDS", 12));
  std::vector<RoundReport> reports;
  int ticket = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const Fault& fault : Faults()) {
      std::cout << "== round " << round + 1 << ": " << fault.name << "\n";
      reports.push_back(RunRound(fault, ticket, length));
      ticket += 1000000;
      const RoundReport& r = reports.back();
      EXPECT_EQ(r.lost, 0) << r.fault << ":" << r.detail;
      EXPECT_EQ(r.doubled, 0) << r.fault << ":" << r.detail;
      EXPECT_EQ(r.reconcile, 0) << r.fault << ":" << r.detail;
    }
  }
  const std::string table = Table(reports);
  std::cout << table;
  const char* path = std::getenv("JSTEDU_CHAOS_REPORT");
  std::ofstream(path != nullptr && *path ? std::string(path)
                                         : stack_->logs + "/chaos.md")
      << table;
}

}  // namespace
}  // namespace jstedu::testing
