// Rolling restarts under load (issue 15, point 8). The whole stack runs
// with one process per service; about 200 requests a second of reads and
// writes to every service go through the gateway, and each backend service
// in turn gets SIGTERM, exits and is started again on the same port (the
// way `tools/dev up` restarts a rebuilt service: the new process binds the
// port the old one closed). Every request must answer 200, and every write
// that answered 200 must be found afterwards. The services run with their
// default drain delay and the gateway with its default upstream deadline.
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kRequestsPerSecond = 200;
// Enough threads that requests waiting out a restart (up to the gateway's
// deadline) do not hold the others back.
constexpr int kWorkers = 160;

// One request of the load.
struct Request {
  std::string method;
  std::string target;
  std::string body;
};

// A kind of request: `make` builds the one for ticket n. Writes are made
// unique by n, so each can be looked up afterwards.
struct Kind {
  std::string route;
  std::function<Request(int)> make;
  bool write = false;
};

// What the load saw, by route: answers by HTTP status, the first body of
// each failing status, the tickets of the writes that answered 200.
struct Outcome {
  std::mutex mutex;
  std::map<std::string, std::map<int, int>> statuses;
  std::map<std::string, std::string> failure_samples;
  std::map<std::string, std::vector<int>> written;
  Clock::duration max_latency{};
  int total = 0;
};

class RollingRestartE2eTest : public RecruitmentE2eTest {
 protected:
  // The edition every read names: known to all four services.
  static std::string PrepareEdition() {
    const std::string edition = CreateEdition();
    EXPECT_EQ(AsAdmin("PUT", "/v1/editions/" + edition + "/training-settings",
                      R"({"thirdWeekReading": "THIRD_MONDAY_WEEK"})")
                  .status,
              200);
    SubmitApplication(edition, "2476011");
    const bool seen = WaitUntil(
        [&] {
          return AsAdmin("GET", "/v1/indicators?edition=" + edition).status ==
                 200;
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(seen) << "reporting never saw edition " << edition;
    return edition;
  }

  // The load's mix, one slot per 1/20 of the requests: reads of every
  // service (reporting's reconcile also reads recruitment, training and
  // advisory through reporting's own channels) and one write per service.
  static std::vector<Kind> Mix(const std::string& edition) {
    const std::string e = "/v1/editions/" + edition;
    auto get = [](const std::string& route, const std::string& target) {
      return Kind{route, [target](int) { return Request{"GET", target, ""}; }};
    };
    const char* const kTeryts[] = {"2476011", "0201011", "1465011", "3064011"};
    return {
        {"GET /v1/jsts/{teryt}",
         [kTeryts](int n) {
           return Request{"GET", std::string("/v1/jsts/") + kTeryts[n % 4], ""};
         }},
        get("GET /v1/jsts/{teryt}", "/v1/jsts/2476011"),
        get("GET /v1/jsts/{teryt}", "/v1/jsts/1465011"),
        get("GET /v1/editions/{code}", e),
        get("GET /v1/editions/{code}", e),
        {"POST /v1/editions",
         [](int n) {
           return Request{"POST", "/v1/editions",
                          EditionJson(WrittenEdition(n), 1).dump()};
         },
         true},
        get("GET /v1/editions/{edition}/training-settings",
            e + "/training-settings"),
        get("GET /v1/editions/{edition}/training-settings",
            e + "/training-settings"),
        get("GET /v1/editions/{edition}/modules", e + "/modules"),
        {"PUT /v1/editions/{edition}/training-settings",
         [](int n) {
           return Request{
               "PUT",
               "/v1/editions/" + WrittenSettings(n) + "/training-settings",
               R"({"thirdWeekReading": "DAYS_15_TO_21"})"};
         },
         true},
        get("GET /v1/editions/{edition}/support-areas", e + "/support-areas"),
        get("GET /v1/editions/{edition}/support-areas", e + "/support-areas"),
        get("GET /v1/workflow-definitions", "/v1/workflow-definitions"),
        {"POST /v1/experts",
         [](int n) {
           json expert = {{"subject", WrittenExpert(n)},
                          {"displayName", "Ekspert " + std::to_string(n)},
                          {"speciality", "PERSONNEL_DEVELOPMENT"},
                          {"voivodeships", {"24"}},
                          {"maxCaseload", 10}};
           return Request{"POST", "/v1/experts", expert.dump()};
         },
         true},
        get("GET /v1/indicators", "/v1/indicators?edition=" + edition),
        get("GET /v1/indicators", "/v1/indicators?edition=" + edition),
        get("GET /v1/progress", "/v1/progress?edition=" + edition),
        {"PUT /v1/editions/{edition}/indicator-targets/{code}",
         [e](int n) {
           return Request{"PUT", e + "/indicator-targets/JST_SUPPORTED",
                          json{{"target", std::to_string(n)}}.dump()};
         },
         true},
        {"POST /v1/editions/{edition}:reconcile",
         [e](int) {
           return Request{"POST", e + ":reconcile", "{}"};
         }},
        get("GET /v1/editions/{code}", e),
    };
  }

  static std::string WrittenEdition(int n) { return "RR-" + std::to_string(n); }
  static std::string WrittenSettings(int n) {
    return "RT-" + std::to_string(n);
  }
  static std::string WrittenExpert(int n) {
    return "rolling-restart-" + std::to_string(n);
  }

  // Sends the mix at kRequestsPerSecond from kWorkers threads until `stop`:
  // request n is due at n / kRequestsPerSecond after the start, so a request
  // held up by a restart does not slow the others down.
  static void RunLoad(const std::vector<Kind>& mix, const std::string& token,
                      const std::atomic<bool>& stop, Outcome& outcome) {
    std::atomic<int> next{0};
    const Clock::time_point start = Clock::now();
    auto worker = [&] {
      while (!stop) {
        const int n = next++;
        std::this_thread::sleep_until(start +
                                      n * std::chrono::microseconds(1000000) /
                                          kRequestsPerSecond);
        if (stop) return;
        const Kind& kind = mix[n % mix.size()];
        const Request request = kind.make(n);
        const Clock::time_point sent = Clock::now();
        const HttpResponse response =
            Send(token, request.method, request.target, request.body);
        const Clock::duration latency = Clock::now() - sent;
        std::lock_guard<std::mutex> lock(outcome.mutex);
        ++outcome.total;
        ++outcome.statuses[kind.route][response.status];
        outcome.max_latency = std::max(outcome.max_latency, latency);
        if (response.status == 200 && kind.write)
          outcome.written[kind.route].push_back(n);
        if (response.status != 200) {
          outcome.failure_samples.emplace(
              kind.route + " " + std::to_string(response.status),
              response.body);
        }
      }
    };
    std::vector<std::thread> workers;
    for (int i = 0; i < kWorkers; ++i) workers.emplace_back(worker);
    for (std::thread& t : workers) t.join();
  }

  // SIGTERM to `name`, wait for it to exit (status 0), start it again and
  // wait until the gateway finds every service SERVING.
  static void Restart(const std::string& name) {
    const auto index =
        std::find(std::begin(kServices), std::end(kServices), name) -
        std::begin(kServices);
    const int status =
        stack_->processes[index]->Terminate(std::chrono::seconds(30));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << name << " did not exit cleanly on SIGTERM: " << status;
    stack_->processes[index] = stack_->StartService(name);
    EXPECT_TRUE(WaitUntil(
        [] { return HttpGet(stack_->http_port, "/readyz").status == 200; },
        std::chrono::seconds(60)))
        << name << " did not come back";
  }

  // Every write that answered 200, looked up; returns the missing ones.
  static std::vector<std::string> MissingWrites(Outcome& outcome,
                                                const std::string& edition) {
    std::vector<std::string> missing;
    const std::string token = AdminToken();
    for (int n : outcome.written["POST /v1/editions"]) {
      if (Send(token, "GET", "/v1/editions/" + WrittenEdition(n)).status !=
          200) {
        missing.push_back("edition " + WrittenEdition(n));
      }
    }
    for (int n :
         outcome.written["PUT /v1/editions/{edition}/training-settings"]) {
      HttpResponse r =
          Send(token, "GET",
               "/v1/editions/" + WrittenSettings(n) + "/training-settings");
      if (r.status != 200 ||
          Body(r).value("thirdWeekReading", "") != "DAYS_15_TO_21") {
        missing.push_back("training settings of " + WrittenSettings(n));
      }
    }
    // Every page of the registry (lists page at 100 by default).
    std::set<std::string> experts;
    std::string page_token;
    do {
      const json page = Body(
          Send(token, "GET",
               "/v1/experts?pageSize=500" +
                   (page_token.empty() ? "" : "&pageToken=" + page_token)));
      for (const json& expert : page.value("experts", json::array())) {
        experts.insert(expert.value("subject", ""));
      }
      page_token = page.value("nextPageToken", "");
    } while (!page_token.empty());
    for (int n : outcome.written["POST /v1/experts"]) {
      if (!experts.count(WrittenExpert(n)))
        missing.push_back("expert " + WrittenExpert(n));
    }
    // Targets overwrite one another: the one left is one of those written.
    const auto& targets =
        outcome.written["PUT /v1/editions/{edition}/indicator-targets/{code}"];
    std::string target;
    for (const json& i : Body(Send(token, "GET",
                                   "/v1/indicators?edition=" + edition +
                                       "&codes=JST_SUPPORTED"))
                             .value("indicators", json::array())) {
      target = i.value("target", "");
    }
    if (std::none_of(targets.begin(), targets.end(),
                     [&](int n) { return std::to_string(n) == target; })) {
      missing.push_back("indicator target (found \"" + target + "\")");
    }
    return missing;
  }
};

TEST_F(RollingRestartE2eTest, RestartingEachServiceUnderLoadFailsNoRequest) {
  const std::string edition = PrepareEdition();
  ASSERT_FALSE(edition.empty());
  const std::vector<Kind> mix = Mix(edition);
  const std::string token = AdminToken();
  Outcome outcome;
  std::atomic<bool> stop{false};
  const Clock::time_point start = Clock::now();
  std::thread load([&] { RunLoad(mix, token, stop, outcome); });

  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (const char* name : kServices) {
    Restart(name);
    // The issue saw failures up to 1.3 s after the new process was SERVING.
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  stop = true;
  load.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();

  int failed = 0;
  for (const auto& [route, statuses] : outcome.statuses) {
    for (const auto& [status, count] : statuses) {
      if (status != 200) failed += count;
      std::cout << "  " << route << ": " << count << " x " << status << "\n";
    }
  }
  std::cout << outcome.total << " requests in " << seconds << " s ("
            << outcome.total / seconds << "/s), slowest "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   outcome.max_latency)
                   .count()
            << " ms\n";
  std::string samples;
  for (const auto& [what, body] : outcome.failure_samples) {
    absl::StrAppend(&samples, "\n  first ", what, ": ", body);
  }
  EXPECT_EQ(failed, 0) << "requests that did not answer 200 during the "
                          "restarts (counts above)"
                       << samples;
  std::set<std::string> routes;
  for (const Kind& kind : mix) routes.insert(kind.route);
  EXPECT_EQ(outcome.statuses.size(), routes.size())
      << "some kind of request was never sent";
  EXPECT_EQ(MissingWrites(outcome, edition), std::vector<std::string>{})
      << "writes answered 200 but not found";
}

}  // namespace
}  // namespace jstedu::testing
