#pragma once

// A mixed load for end-to-end tests of restarts and kills: about 200
// requests a second through the gateway (or nginx in front of the
// gateways), reads of all four services and one write per service, each
// write unique so that every write answered 200 can be looked up
// afterwards (MissingWrites). Used by rolling_restart_e2e_test (one process
// per service) and replicas_e2e_test (two of everything).

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {

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
// each failing status, the tickets of the writes that answered 200, and
// the failures by the phase the driver had set (SetPhase) when each request
// was sent ("SIGKILL recruitment-2").
struct Outcome {
  std::mutex mutex;
  std::map<std::string, std::map<int, int>> statuses;
  std::map<std::string, std::string> failure_samples;
  std::map<std::string, std::vector<int>> written;
  std::map<std::string, std::map<std::string, int>> failures_by_phase;
  std::string phase;
  Clock::duration max_latency{};
  int total = 0;

  void SetPhase(std::string name) {
    std::lock_guard<std::mutex> lock(mutex);
    phase = std::move(name);
  }
};

// Requests that did not answer 200, in all and those of GET routes.
struct Failures {
  int all = 0;
  int gets = 0;
};

// The TERYT codes of every gmina of the official register but 2476011
// (PrepareEdition's application): an application each, distinct within an
// edition.
inline const std::vector<std::string>& GminaCodes() {
  static const std::vector<std::string> codes = [] {
    std::ifstream in(RequireEnv("JSTEDU_SOURCE_DIR") +
                     "/data/TERC_Urzedowy_2024-01-01.csv");
    std::vector<std::string> out;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> f = absl::StrSplit(line, ';');
      // A gmina: urban (1), rural (2) or urban-rural (3), not its parts.
      if (f.size() < 4 || f[2].empty() ||
          (f[3] != "1" && f[3] != "2" && f[3] != "3")) {
        continue;
      }
      const std::string teryt = f[0] + f[1] + f[2] + f[3];
      if (teryt != "2476011") out.push_back(teryt);
    }
    return out;
  }();
  return codes;
}

// An application of JST `teryt` to `edition`, as the load sends it.
inline Request ApplicationRequest(const std::string& edition,
                                  const std::string& teryt) {
  nlohmann::json body = {{"teryt", teryt},
                         {"representatives", nlohmann::json::array()},
                         {"institution", OfficeJson(teryt)}};
  return Request{"POST", "/v1/editions/" + edition + "/applications",
                 body.dump()};
}

class MixedLoadE2eTest : public RecruitmentE2eTest {
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
  // held up by a restart does not slow the others down. Tickets (what makes
  // each write unique) start at `first_ticket`: a second load in the same
  // suite starts above the first's.
  static void RunLoad(const std::vector<Kind>& mix, const std::string& token,
                      const std::atomic<bool>& stop, Outcome& outcome,
                      int first_ticket = 0) {
    std::atomic<int> next{0};
    const Clock::time_point start = Clock::now();
    auto worker = [&] {
      while (!stop) {
        const int sequence = next++;
        const int n = first_ticket + sequence;
        std::this_thread::sleep_until(
            start +
            sequence * std::chrono::microseconds(1000000) / kRequestsPerSecond);
        if (stop) return;
        const Kind& kind = mix[n % mix.size()];
        const Request request = kind.make(n);
        std::string phase;
        {
          std::lock_guard<std::mutex> lock(outcome.mutex);
          phase = outcome.phase;
        }
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
          const std::string what =
              kind.route + " " + std::to_string(response.status);
          outcome.failure_samples.emplace(what, response.body);
          ++outcome.failures_by_phase[phase][what];
        }
      }
    };
    std::vector<std::thread> workers;
    for (int i = 0; i < kWorkers; ++i) workers.emplace_back(worker);
    for (std::thread& t : workers) t.join();
  }

  // Prints what the load saw (every route's answers, the rate, the slowest
  // request, the failures by phase with a sample body of each) and counts
  // the failures.
  static Failures Report(Outcome& outcome, Clock::time_point start) {
    const double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    Failures failed;
    for (const auto& [route, statuses] : outcome.statuses) {
      for (const auto& [status, count] : statuses) {
        if (status != 200) {
          failed.all += count;
          if (absl::StartsWith(route, "GET ")) failed.gets += count;
        }
        std::cout << "  " << route << ": " << count << " x " << status << "\n";
      }
    }
    std::cout << outcome.total << " requests in " << seconds << " s ("
              << outcome.total / seconds << "/s), slowest "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     outcome.max_latency)
                     .count()
              << " ms\n";
    for (const auto& [phase, failures] : outcome.failures_by_phase) {
      for (const auto& [what, count] : failures) {
        std::cout << "  failed while " << (phase.empty() ? "-" : phase) << ": "
                  << count << " x " << what << "\n";
      }
    }
    for (const auto& [what, body] : outcome.failure_samples)
      std::cout << "  first " << what << ": " << body << "\n";
    return failed;
  }

  // Every kind of request of `mix` was sent at least once.
  static void ExpectEveryKindSent(const std::vector<Kind>& mix,
                                  const Outcome& outcome) {
    std::set<std::string> routes;
    for (const Kind& kind : mix) routes.insert(kind.route);
    EXPECT_EQ(outcome.statuses.size(), routes.size())
        << "some kind of request was never sent";
  }

  // The TERYT codes of the applications `edition` lists (every page).
  static std::set<std::string> ListedApplications(const std::string& edition) {
    std::set<std::string> listed;
    std::string page_token;
    do {
      const json page = Body(AsAdmin(
          "GET", "/v1/editions/" + edition + "/applications?pageSize=500" +
                     (page_token.empty() ? "" : "&pageToken=" + page_token)));
      for (const json& a : page.value("applications", json::array()))
        listed.insert(a.value("teryt", ""));
      page_token = page.value("nextPageToken", "");
    } while (!page_token.empty());
    return listed;
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

}  // namespace jstedu::testing
