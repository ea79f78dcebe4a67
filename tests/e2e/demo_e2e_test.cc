// The demonstration programme (issue 18, "A living system on first start")
// and the console in a browser on it.
//
// tools/demo's loader, built by the CTest fixture demo_build
// (tools/demo/build.sh), is run with node against this suite's stack, twice.
// The first run enters the pilot and the rollout through the public API;
// the second finds everything there and changes nothing. The suite then
// reads, with its own requests, that the programme is what the README
// promises: 30 qualified JSTs with 90 officials, five modules with sessions
// and attendance, a case in every stage with 27 plans adopted, eight good
// practices (six published), and a
// rollout part-way through recruitment.
//
// The browser tests (tests/browser/*.test.mjs: playwright-core driving
// Debian's Chromium, `node --test`) then run on that programme. The stack's
// gateway trusts the development issuer, as `tools/dev up`'s does, so the
// console's sign-in is the real one; screenshots go to
// JSTEDU_SCREENSHOT_DIR in the build tree (tests/e2e/screenshots).
// JSTEDU_BROWSER_TESTS="a.test.mjs,b.test.mjs" runs only those files, and
// GTEST_FILTER='*Browser*' skips the loader's second run while working on a
// screen.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

class DemoTest : public RecruitmentE2eTest {
 protected:
  static void SetUpTestSuite() {
    with_issuer_ = true;
    RecruitmentE2eTest::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    RecruitmentE2eTest::TearDownTestSuite();
    with_issuer_ = false;
    loaded_ = false;
  }

  static json Tokens() {
    json tokens = {{"ADMIN", AdminToken()}};
    for (const char* expert :
         {"ekspert-1", "ekspert-2", "ekspert-3", "ekspert-4"}) {
      tokens[std::string("EXPERT:") + expert] = stack_->Token("EXPERT", expert);
    }
    return tokens;
  }

  // Runs the loader; its last output line (JSON), or null on failure.
  static json RunLoader(const std::string& name) {
    const NodeRun run =
        RunNode({RequireEnv("JSTEDU_DEMO_DIR") + "/dist/load.js"},
                {{"JSTEDU_API_URL", GatewayUrl()},
                 {"JSTEDU_DEMO_TOKENS", Tokens().dump()}},
                name);
    EXPECT_EQ(run.status, 0) << run.output;
    if (run.status == 0) loaded_ = true;
    return run.status == 0 ? run.last_line : json(nullptr);
  }

  // The pilot's officials who completed training, by training's own
  // records (the loader's attendance marks decide who).
  static int TrainedByTraining() {
    int trained = 0;
    const json pilot = Read("/v1/editions/PILOT/applications?pageSize=500");
    for (const json& a : pilot.value("applications", json::array())) {
      const json application = Read("/v1/applications/" + a.value("id", ""));
      for (const json& r :
           application.value("representatives", json::array())) {
        const json training = Read("/v1/participants/" +
                                   r.value("participant", "") + "/training");
        if (training.value("completed", false)) ++trained;
      }
    }
    return trained;
  }

  // The pilot's figures as reporting counts them, once its projection has
  // caught up with the loader: 27 plans adopted, as many officials
  // trained as training's records say, and the 6 published practices.
  static std::map<std::string, std::string> CountedTotals() {
    const std::string trained = std::to_string(TrainedByTraining());
    std::map<std::string, std::string> totals;
    const bool counted = WaitUntil(
        [&] {
          HttpResponse indicators = Get("/v1/indicators?edition=PILOT");
          if (indicators.status != 200) return false;
          for (const json& i :
               Body(indicators).value("indicators", json::array())) {
            totals[i["definition"].value("code", "")] =
                i["total"].value("value", "");
          }
          return totals["PLANS_ADOPTED"] == "27" &&
                 totals["OFFICIALS_TRAINED"] == trained &&
                 totals["GOOD_PRACTICES_PUBLISHED"] == "6" &&
                 totals["SCHOOLS_REACHED"] == "56";
        },
        std::chrono::seconds(120));
    EXPECT_TRUE(counted) << "training's records: " << trained
                         << " trained; reporting: " << json(totals).dump();
    // Most officials are trained: the sheets mark only a few absent.
    EXPECT_GE(std::stoi(trained), 70);
    return totals;
  }

  static inline bool loaded_ = false;

  static json Read(const std::string& target) {
    HttpResponse response = Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return Body(response);
  }
};

TEST_F(DemoTest, TheDemonstrationProgrammeLoadsOnceAndIsWhole) {
  const json first = RunLoader("demo-1");
  ASSERT_TRUE(first.is_object());
  EXPECT_GT(first.value("created", 0), 300);
  const json second = RunLoader("demo-2");
  ASSERT_TRUE(second.is_object());
  EXPECT_EQ(second.value("created", -1), 0)
      << "a second run must change nothing";

  // The pilot's recruitment, reopened for the entry, is closed again as
  // the seeds have it.
  const json edition = Read("/v1/editions/PILOT");
  EXPECT_EQ(edition["recruitmentClosesAt"], "2017-03-01T23:00:00Z");
  EXPECT_EQ(edition["endsOn"], "2018-05-31");
  EXPECT_EQ(edition["qualifiedCount"], 30);

  // Recruitment: 30 qualified JSTs of every kind, 3 officials each.
  const json pilot = Read("/v1/editions/PILOT/applications?pageSize=500");
  ASSERT_EQ(pilot["applications"].size(), 30u);
  std::map<std::string, int> kinds;
  int officials = 0;
  for (const json& a : pilot["applications"]) {
    EXPECT_EQ(a["status"], "QUALIFIED") << a.dump();
    ++kinds[a.value("jstKind", "")];
    officials += a.value("activeRepresentatives", 0);
    EXPECT_EQ(a["institution"]["missingFields"].size(), 0u) << a.dump();
  }
  EXPECT_EQ(officials, 90);
  EXPECT_EQ(kinds.size(), 4u) << json(kinds).dump();
  EXPECT_EQ(Read("/v1/applications/" +
                 pilot["applications"][0].value("id", ""))["representatives"]
                .size(),
            3u);

  // Training: the five modules at the seeds' dates, each with sessions
  // whose sheets hold every official.
  const json modules = Read("/v1/editions/PILOT/modules");
  ASSERT_EQ(modules["modules"].size(), 5u);
  EXPECT_EQ(modules["modules"][0]["startTime"],
            "2017-04-05T09:00:00Z");  // 11:00 CEST
  EXPECT_EQ(modules["modules"][1]["startTime"],
            "2017-06-21T09:00:00Z");  // 19-25 June
  for (const json& m : modules["modules"]) {
    const json sessions =
        Read("/v1/modules/" + m.value("id", "") + "/sessions");
    ASSERT_EQ(sessions["sessions"].size(), 11u) << m.dump();
    const json sheet =
        Read("/v1/sessions/" + sessions["sessions"][0].value("id", "") +
             "/attendance");
    EXPECT_EQ(sheet["attendance"].size(), 90u);
  }

  // Advisory: a case in every stage; 27 plans adopted, 20 cases completed.
  const json cases = Read("/v1/cases?edition=PILOT&pageSize=500");
  ASSERT_EQ(cases["cases"].size(), 30u);
  std::map<std::string, int> stages;
  int plans = 0;
  for (const json& c : cases["cases"]) {
    ++stages[c.value("stage", "")];
    if (c.contains("plan")) ++plans;
  }
  EXPECT_EQ(stages, (std::map<std::string, int>{{"AREA_CHOICE", 1},
                                                {"NEEDS_DIAGNOSIS", 1},
                                                {"ROLLOUT", 8},
                                                {"COMPLETED", 20}}))
      << json(stages).dump();
  EXPECT_EQ(plans, 27);

  // Good practices: six published, one awaiting approval, one draft; the
  // published ones counted by reporting.
  const json practices = Read("/v1/editions/PILOT/good-practices?pageSize=500");
  std::map<std::string, int> practice_statuses;
  for (const json& p : practices["practices"]) {
    ++practice_statuses[p.value("status", "")];
  }
  EXPECT_EQ(practice_statuses,
            (std::map<std::string, int>{{"PRACTICE_PUBLISHED", 6},
                                        {"PRACTICE_SUBMITTED", 1},
                                        {"PRACTICE_DRAFT", 1}}))
      << json(practice_statuses).dump();

  // Reporting counts them against the pilot's targets: 30 JSTs, 27 plans
  // (90 %), and most officials trained (the sheets mark a few absent).
  std::map<std::string, std::string> totals = CountedTotals();
  EXPECT_EQ(totals["JST_SUPPORTED"], "30");
  EXPECT_EQ(totals["PLAN_EFFECTIVENESS"], "90.00");
  EXPECT_EQ(totals["GOOD_PRACTICES_PUBLISHED"], "6");
  // Two schools per approved schedule (28: all but area choice and needs
  // diagnosis).
  EXPECT_EQ(totals["SCHOOLS_REACHED"], "56");

  // The rollout: recruitment open, 12 applications, 4 qualified.
  const json rollout = Read("/v1/editions/ROLLOUT");
  EXPECT_EQ(rollout["qualifiedCount"], 4);
  EXPECT_EQ(rollout["submittedCount"], 8);
}

// Every browser test file in one run, within ctest's own limit for the
// test (tests/e2e/CMakeLists.txt, TIMEOUT 1800) less the stack's start and
// the demo's loads: a file hanging is reported with the output so far.
constexpr std::chrono::seconds kBrowserRunLimit{1500};

// Every browser test, on the demonstration programme (loaded here when the
// test above was filtered out).
TEST_F(DemoTest, EveryBrowserTestPassesOnTheDemo) {
  if (!loaded_) {
    ASSERT_TRUE(RunLoader("demo").is_object());
  }
  CountedTotals();
  const std::string dir = RequireEnv("JSTEDU_SOURCE_DIR") + "/tests/browser";
  const char* only = std::getenv("JSTEDU_BROWSER_TESTS");
  const std::vector<std::string> chosen =
      only == nullptr ? std::vector<std::string>{}
                      : absl::StrSplit(only, ',', absl::SkipWhitespace());
  std::vector<std::string> args = {"--test", "--test-reporter=spec",
                                   "--test-concurrency=1"};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const bool wanted =
        chosen.empty() ||
        std::find(chosen.begin(), chosen.end(), name) != chosen.end();
    if (absl::EndsWith(name, ".test.mjs") && wanted) {
      args.push_back(entry.path().string());
    }
  }
  ASSERT_GT(args.size(), 3u) << "no browser test in " << dir;
  // In name order, so that a run is repeatable: the tests that change the
  // demo (applications, cases, exports) compare with the API's answers at
  // the time, as every test does.
  std::sort(args.begin() + 3, args.end());
  // Only this run's screenshots: none of an earlier run (of a test since
  // fixed or renamed) is left to mislead whoever looks at them.
  const std::string screenshots = RequireEnv("JSTEDU_SCREENSHOT_DIR");
  if (chosen.empty()) std::filesystem::remove_all(screenshots);
  const NodeRun run =
      RunNode(args,
              {{"JSTEDU_BASE_URL", GatewayUrl()},
               {"JSTEDU_ISSUER_URL", stack_->issuer_url},
               {"JSTEDU_ISSUER_STATE_DIR", stack_->logs + "/dev-issuer"},
               {"JSTEDU_SCREENSHOT_DIR", screenshots}},
              "browser", kBrowserRunLimit);
  EXPECT_EQ(run.status, 0) << run.output;
}

// The notifications backfill (`jstedu-notifications backfill`), for a
// deployment later than the event streams' retention: into an empty schema,
// reading every owner's lists over many small pages, it learns the same
// facts the running service learnt from the events (people, JSTs, editions,
// modules, trainers, sign-ups, tasks, cases, staff) and plans the same
// schedule still to come (person, reason, subject, occurrence, due time),
// each coordinator's digest, and none of the notices that go at once; run
// again, it changes no row.
TEST_F(DemoTest, TheNotificationsBackfillPlansWhatTheEventsPlanned) {
  if (!loaded_) {
    ASSERT_TRUE(RunLoader("demo").is_object());
  }
  TestSchema fresh;
  std::map<std::string, std::string> env = stack_->ServiceEnv("notifications");
  env["JSTEDU_PG_SCHEMA"] = fresh.name();
  // `backfill` with `args`; its JSON line (null when it failed).
  auto backfill = [&](const std::string& name, std::vector<std::string> args) {
    const std::string log = stack_->logs + "/" + name + ".log";
    args.insert(args.begin(),
                {stack_->bin + "/jstedu-notifications", "backfill"});
    const int status =
        RunToCompletion(args, env, log, std::chrono::seconds(300));
    std::ifstream in(log);
    const std::string output((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    EXPECT_EQ(status, 0) << output;
    const std::vector<std::string> lines =
        absl::StrSplit(output, '\n', absl::SkipWhitespace());
    return lines.empty() ? json(nullptr)
                         : json::parse(lines.back(), nullptr, false);
  };
  // Pages of 7 rows: every list is read over several pages.
  const json counts = backfill("backfill", {"--page-size", "7"});
  ASSERT_TRUE(counts.is_object()) << counts;
  std::cout << "the backfill read " << counts.dump() << "\n";
  // The demo's two editions, 30 qualified JSTs of the pilot with 90
  // officials and the rollout's applications, its five modules with tasks,
  // a case per JST, and the directory's staff.
  EXPECT_GE(counts.value("editions", 0), 2) << counts;
  EXPECT_GE(counts.value("decisions", 0), 30) << counts;
  EXPECT_GT(counts.value("participants", 0), 90) << counts;
  EXPECT_GE(counts.value("modules", 0), 5) << counts;
  EXPECT_GT(counts.value("tasks", 0), 7) << counts;
  EXPECT_GE(counts.value("cases", 0), 30) << counts;
  EXPECT_GE(counts.value("accounts", 0), 8) << counts;

  // The facts, as the events left them in the running service and as the
  // backfill read them (a withdrawn case's stage aside: its event closes it
  // and leaves the stage it was in), and the schedule still to come (rows
  // already due may have been sent for facts changed since).
  const std::string cutoff =
      fresh.Query("SELECT (now() + interval '10 minutes')::text");
  const std::map<std::string, std::string> compared = {
      {"participants",
       "SELECT string_agg(concat_ws(' ', participant_id, application_id, "
       "active, declaration_recorded, monitoring_data_complete), ',' ORDER BY "
       "participant_id) FROM participant"},
      {"JSTs",
       "SELECT string_agg(concat_ws(' ', application_id, teryt, voivodeship, "
       "qualified_at IS NOT NULL, withdrawn_at IS NOT NULL), ',' ORDER BY "
       "application_id) FROM jst"},
      {"editions",
       "SELECT string_agg(code || ' ' || min_representatives, ',' ORDER BY "
       "code) FROM edition"},
      {"modules",
       "SELECT string_agg(concat_ws(' ', module_id, revision, start_time, "
       "signup_deadline), ',' ORDER BY module_id) FROM module"},
      {"trainers",
       "SELECT string_agg(module_id || ' ' || trainer, ',' ORDER BY module_id, "
       "trainer) FROM module_trainer"},
      {"sign-ups",
       "SELECT string_agg(module_id || ' ' || participant_id, ',' ORDER BY "
       "module_id, participant_id) FROM signup"},
      {"tasks",
       "SELECT string_agg(concat_ws(' ', task_id, status, revision, due_time), "
       "',' ORDER BY task_id) FROM task"},
      {"cases",
       "SELECT string_agg(concat_ws(' ', case_id, closed, guardian, "
       "education_expert, personnel_expert, CASE WHEN closed THEN '' ELSE "
       "concat_ws(' ', stage, stage_due_on) END), ',' ORDER BY case_id) FROM "
       "advisory_case"},
      {"staff",
       "SELECT string_agg(concat_ws(' ', subject, role, voivodeship), ',' "
       "ORDER BY subject) FROM staff_account"},
      {"schedule",
       "SELECT string_agg(concat_ws(' ', person_ref, reason, subject_ref, "
       "occurrence, due_at), ',' ORDER BY person_ref, reason, subject_ref, "
       "occurrence) FROM notification WHERE state <> 'cancelled' AND due_at > "
       "'" +
           cutoff + "'::timestamptz"}};
  TestSchema& live = *stack_->schemas["notifications"];
  std::map<std::string, std::string> by_events, by_backfill;
  for (const auto& [what, sql] : compared) by_backfill[what] = fresh.Query(sql);
  // The running service may still be consuming the browser tests' events.
  WaitUntil(
      [&] {
        for (const auto& [what, sql] : compared)
          by_events[what] = live.Query(sql);
        return by_events == by_backfill;
      },
      std::chrono::seconds(60));
  for (const auto& [what, sql] : compared) {
    EXPECT_EQ(by_backfill[what], by_events[what]) << what;
    EXPECT_FALSE(by_backfill[what].empty()) << what;
  }
  std::cout << "the schedule to come: "
            << std::count(by_backfill["schedule"].begin(),
                          by_backfill["schedule"].end(), ',') +
                   1
            << " rows\n";
  // Every coordinator's digest, the stages' reminders; no notice that goes
  // at once; the experts' accounts came with the cases.
  for (const char* reason :
       {"weekly_digest", "stage_due_soon", "stage_overdue", "task_overdue"}) {
    EXPECT_NE(
        fresh.Query(absl::StrCat(
            "SELECT count(*) FROM notification WHERE reason = '", reason, "'")),
        "0")
        << reason;
  }
  EXPECT_EQ(fresh.Query("SELECT count(*) FROM notification WHERE reason IN "
                        "('jst_qualified', 'jst_waitlisted', 'handover')"),
            "0");
  EXPECT_NE(fresh.Query("SELECT count(*) FROM expert_account"), "0");

  // Again, in whole pages: nothing new, no row of the schedule touched.
  const std::string state =
      "SELECT count(*) || ' ' || coalesce(max(updated_at)::text, '') "
      "FROM notification";
  const std::string before = fresh.Query(state);
  EXPECT_TRUE(backfill("backfill-again", {}).is_object());
  EXPECT_EQ(fresh.Query(state), before);
}

}  // namespace
}  // namespace jstedu::testing
