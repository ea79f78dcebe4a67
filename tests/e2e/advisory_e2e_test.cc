// Advisory end to end through the gateway: a qualified JST's case opens from
// recruitment's event and runs the three stages to COMPLETED, with its
// history; stale versions, unmet guards and the guardian's approval answer
// as services/advisory/README.md says; the timeline (activities); a
// withdrawal closes a case; a deactivated expert's cases are handed over;
// the list filters and every role's scope; workflow versions.
//
// Each test works in an edition and voivodeships of its own, so the experts
// one registers never compete in another's proposals. Tests run in the
// order written: the last publishes a workflow version.
#include "tests/e2e/advisory_e2e.h"

#include <algorithm>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"
#include "common/csv/test_csv_reader.h"
#include "gmock/gmock.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AdvisoryFlowTest : public AdvisoryE2eTest {
 protected:
  static std::string Coordinator(const std::string& region) {
    return stack_->Token("COORDINATOR", "e2e-coordinator-" + region,
                         {{"region", region}});
  }
  static std::string JstToken(const std::string& teryt) {
    return stack_->Token("JST", "e2e-jst-" + teryt, {{"jst", teryt}});
  }

  // The ids of GET /v1/cases?{query}, in the order answered (every page).
  static std::vector<std::string> CaseIds(const std::string& token,
                                          const std::string& query) {
    std::vector<std::string> ids;
    std::string page;
    for (int i = 0; i < 20; ++i) {
      HttpResponse response = Send(
          token, "GET",
          "/v1/cases?" + query + (page.empty() ? "" : "&pageToken=" + page));
      EXPECT_EQ(response.status, 200) << query << ": " << response.body;
      if (response.status != 200) break;
      json body = Body(response);
      for (const json& c : body.value("cases", json::array()))
        ids.push_back(c.value("id", ""));
      page = body.value("nextPageToken", "");
      if (page.empty()) break;
    }
    return ids;
  }

  // The experts of GET /v1/experts?{query} as `token`, by subject.
  static std::vector<std::string> ExpertSubjects(const std::string& token,
                                                 const std::string& query) {
    HttpResponse response = Send(token, "GET", "/v1/experts?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::string> subjects;
    for (const json& e : Body(response).value("experts", json::array())) {
      subjects.push_back(e.value("subject", ""));
    }
    return subjects;
  }

  static json ExpertBySubject(const std::string& subject) {
    HttpResponse response = AsAdmin("GET", "/v1/experts");
    for (const json& e : Body(response).value("experts", json::array())) {
      if (e.value("subject", "") == subject) return e;
    }
    ADD_FAILURE() << "no expert " << subject << " in " << response.body;
    return json::object();
  }

  // The history entry of `command` (the last one), or null.
  static json Entry(const json& entries, const std::string& command) {
    json found;
    for (const json& e : entries) {
      if (e.value("command", "") == command) found = e;
    }
    EXPECT_FALSE(found.is_null())
        << "no " << command << " in " << entries.dump();
    return found;
  }

  // Whether a history entry was written by the system (an event), not a
  // caller.
  static bool BySystem(const json& entry) {
    return absl::AsciiStrToLower(entry.value("actor", "")) == "system" ||
           absl::AsciiStrToLower(entry.value("actorRole", "")) == "system";
  }

  static json History(const std::string& case_id) {
    HttpResponse response = AsAdmin("GET", "/v1/cases/" + case_id + "/history");
    EXPECT_EQ(response.status, 200) << response.body;
    return Body(response).value("entries", json::array());
  }
};

TEST_F(AdvisoryFlowTest, CaseRunsFromQualificationToCompletion) {
  const std::string admin = AdminToken();
  const std::string edition = CreateEdition();
  const std::string application = QualifiedApplication(edition, "2476011");
  ASSERT_FALSE(application.empty());

  // JstQualified opens the case in AREA_CHOICE, version 1, with a due date.
  json listed = AwaitCase(edition, "2476011");
  ASSERT_FALSE(listed.is_null());
  const std::string id = listed.value("id", "");
  json c = GetCase(id);
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c.value("stage", ""), "AREA_CHOICE") << c.dump();
  EXPECT_EQ(VersionOf(c), 1);
  EXPECT_EQ(c.value("edition", ""), edition);
  EXPECT_EQ(c.value("applicationId", ""), application);
  EXPECT_EQ(c.value("voivodeship", ""), "24");
  EXPECT_GE(c.value("workflowVersion", 0), 1) << c.dump();
  EXPECT_EQ(c.value("stageStartedOn", "").size(), 10u) << c.dump();
  EXPECT_GT(c.value("stageDueOn", ""), c.value("stageStartedOn", ""))
      << c.dump();
  EXPECT_EQ(c["guardian"], "") << c.dump();
  // Instants that have not happened are absent, never 1970-01-01.
  EXPECT_FALSE(c.contains("scheduleApprovedTime")) << c.dump();
  EXPECT_FALSE(c.contains("closedTime")) << c.dump();
  // Out of a foreign coordinator's scope: like an unknown case.
  EXPECT_EQ(GetAs(Coordinator("02"), "/v1/cases/" + id).status, 404);
  EXPECT_EQ(GetAs(Coordinator("24"), "/v1/cases/" + id).status, 200);

  // The standard catalogue of 12, seeded when the edition's first case
  // opened, ordered by code.
  HttpResponse areas =
      AsAdmin("GET", "/v1/editions/" + edition + "/support-areas");
  ASSERT_EQ(areas.status, 200) << areas.body;
  json catalogue = Body(areas).value("supportAreas", json::array());
  ASSERT_EQ(catalogue.size(), 12u) << areas.body;
  for (size_t i = 1; i < catalogue.size(); ++i) {
    EXPECT_LT(catalogue[i - 1].value("code", ""),
              catalogue[i].value("code", ""));
  }
  const std::string area = catalogue[0].value("id", "");

  // The area before the experts: the guard says what is missing.
  HttpResponse early =
      Command(admin, id, "chooseArea", ChooseAreaBody(1, area));
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(Body(early).value("code", 0), 9) << early.body;
  EXPECT_THAT(UnmetRules(Body(early)), Contains("EXPERTS_NOT_ASSIGNED"))
      << early.body;

  // Experts of 24: A and C already hold Bytom's case, so the proposal for
  // Świętochłowice names the idle B and D.
  const std::string edu_a =
      CreateExpert("adv-edu-a", "EDUCATION_DEVELOPMENT", {"24"});
  const std::string edu_b =
      CreateExpert("adv-edu-b", "EDUCATION_DEVELOPMENT", {"24"});
  const std::string pers_c =
      CreateExpert("adv-pers-c", "PERSONNEL_DEVELOPMENT", {"24"});
  const std::string pers_d =
      CreateExpert("adv-pers-d", "PERSONNEL_DEVELOPMENT", {"24"});
  json busy = OpenCase("2462011", edition);
  ASSERT_FALSE(busy.is_null());
  ASSERT_FALSE(MustCommand(admin, busy.value("id", ""), "assignExperts",
                           AssignBody(VersionOf(busy), edu_a, pers_c))
                   .is_null());
  HttpResponse proposal =
      AsAdmin("GET", "/v1/cases/" + id + "/expert-proposal");
  ASSERT_EQ(proposal.status, 200) << proposal.body;
  EXPECT_EQ(Body(proposal).value("educationExpert", ""), edu_b)
      << proposal.body;
  EXPECT_EQ(Body(proposal).value("personnelExpert", ""), pers_d)
      << proposal.body;
  // The voivodeship's coordinator may ask too.
  EXPECT_EQ(
      GetAs(Coordinator("24"), "/v1/cases/" + id + "/expert-proposal").status,
      200);

  // The office confirms it; B is the guardian.
  c = MustCommand(admin, id, "assignExperts", AssignBody(1, edu_b, pers_d));
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(VersionOf(c), 2);
  EXPECT_EQ(c.value("educationExpert", ""), edu_b);
  EXPECT_EQ(c.value("personnelExpert", ""), pers_d);
  EXPECT_EQ(c.value("guardian", ""), edu_b);

  // A stale version changes nothing: 409 with the usual JSON error body.
  HttpResponse stale =
      Command(admin, id, "chooseArea", ChooseAreaBody(1, area));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(Body(stale).value("code", 0), 10) << stale.body;  // ABORTED
  EXPECT_FALSE(Body(stale).value("message", "").empty()) << stale.body;

  // Ten clients race the same transition: one wins, the others are stale.
  const std::string guardian = ExpertToken("adv-edu-b");
  std::vector<int> statuses(10);
  std::vector<std::thread> racers;
  for (size_t i = 0; i < statuses.size(); ++i) {
    racers.emplace_back([&, i] {
      statuses[i] =
          Command(guardian, id, "chooseArea", ChooseAreaBody(2, area)).status;
    });
  }
  for (std::thread& racer : racers) racer.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 9);
  c = GetCase(id);
  EXPECT_EQ(c.value("stage", ""), "NEEDS_DIAGNOSIS") << c.dump();
  EXPECT_EQ(VersionOf(c), 3);
  EXPECT_EQ(c.value("supportArea", ""), area);
  EXPECT_EQ(c["agreement"].value("agreedBy", ""), "Jan Wójt, wójt gminy")
      << c.dump();
  EXPECT_EQ(c.value("stageStartedOn", "").size(), 10u) << c.dump();

  // The diagnosis with a schedule of two actions; the stage stays.
  c = MustCommand(guardian, id, "completeDiagnosis", DiagnosisBody(3, 2));
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c.value("stage", ""), "NEEDS_DIAGNOSIS");
  EXPECT_EQ(VersionOf(c), 4);
  ASSERT_EQ(c.value("actions", json::array()).size(), 2u) << c.dump();
  for (const json& action : c["actions"]) {
    EXPECT_EQ(action.value("status", ""), "PLANNED") << action.dump();
    EXPECT_FALSE(action.value("id", "").empty()) << action.dump();
  }
  const std::string first = c["actions"][0].value("id", "");
  const std::string second = c["actions"][1].value("id", "");

  // Only the guardian approves: the office's role may not (gateway), the
  // partner of the pair is refused by the service, an expert outside the
  // pair does not see the case.
  const json approve = {{"expectedVersion", 4},
                        {"reason", "Harmonogram uzgodniony"}};
  EXPECT_EQ(Command(admin, id, "approveSchedule", approve).status, 403);
  HttpResponse partner =
      Command(ExpertToken("adv-pers-d"), id, "approveSchedule", approve);
  EXPECT_EQ(partner.status, 403) << partner.body;
  EXPECT_EQ(Body(partner).value("code", 0), 7)
      << partner.body;  // PERMISSION_DENIED
  EXPECT_EQ(
      Command(ExpertToken("adv-edu-a"), id, "approveSchedule", approve).status,
      404);
  c = MustCommand(guardian, id, "approveSchedule", approve);
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c.value("stage", ""), "ROLLOUT");
  EXPECT_EQ(VersionOf(c), 5);
  EXPECT_FALSE(c.value("scheduleApprovedTime", "").empty()) << c.dump();

  // The timeline: records that leave the version alone.
  const json consultation = {{"kind", "CONSULTATION"},
                             {"occurredOn", Today()},
                             {"form", "ONLINE"},
                             {"participants", {"Jan Wójt", "Ewa Skarbnik"}},
                             {"guests", {"Kuratorium Oświaty w Katowicach"}},
                             {"notes", "Uzgodnienie harmonogramu."}};
  HttpResponse recorded = Send(
      guardian, "POST", "/v1/cases/" + id + "/activities", consultation.dump());
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  const std::string activity = Body(recorded).value("id", "");
  EXPECT_EQ(Body(recorded).value("recordedBy", ""), "adv-edu-b")
      << recorded.body;
  EXPECT_EQ(Body(recorded).value("case", ""), id) << recorded.body;
  json future = consultation;
  future["occurredOn"] = "2099-01-05";
  EXPECT_EQ(
      Send(guardian, "POST", "/v1/cases/" + id + "/activities", future.dump())
          .status,
      400);
  // Issue 15: control characters are refused naming each field (a NUL in a
  // participant reached PostgreSQL as a malformed array literal); nothing
  // is recorded (the timeline below holds one activity).
  json nul = consultation;
  nul["participants"] = {"Jan Wójt", std::string("Ewa\0 Skarbnik", 13)};
  nul["notes"] = std::string("Uzgodnienie\0", 12);
  HttpResponse refused =
      Send(guardian, "POST", "/v1/cases/" + id + "/activities", nul.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(ViolatedFields(Body(refused)),
              ElementsAre("activity.participants[1]", "activity.notes"))
      << refused.body;
  HttpResponse timeline =
      GetAs(Coordinator("24"), "/v1/cases/" + id + "/activities");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  json activities = Body(timeline).value("activities", json::array());
  ASSERT_EQ(activities.size(), 1u) << timeline.body;
  EXPECT_EQ(activities[0].value("id", ""), activity);
  EXPECT_EQ(activities[0].value("kind", ""), "CONSULTATION");
  EXPECT_EQ(GetAs(Coordinator("02"), "/v1/cases/" + id + "/activities").status,
            404);
  EXPECT_EQ(VersionOf(GetCase(id)), 5);

  // Actions: a drop needs a reason; then one dropped, one done.
  HttpResponse no_reason =
      ActionCommand(guardian, id, first, "drop", {{"expectedVersion", 5}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  c = Body(ActionCommand(
      guardian, id, first, "drop",
      {{"expectedVersion", 5}, {"reason", "Zastąpione innym działaniem"}}));
  EXPECT_EQ(VersionOf(c), 6) << c.dump();
  ASSERT_EQ(c.value("actions", json::array()).size(), 2u) << c.dump();
  EXPECT_EQ(c["actions"][0].value("status", ""), "DROPPED") << c.dump();
  EXPECT_EQ(c["actions"][0].value("dropReason", ""),
            "Zastąpione innym działaniem");
  c = Body(ActionCommand(guardian, id, second, "complete",
                         {{"expectedVersion", 6}}));
  EXPECT_EQ(VersionOf(c), 7) << c.dump();
  ASSERT_EQ(c.value("actions", json::array()).size(), 2u) << c.dump();
  EXPECT_EQ(c["actions"][1].value("status", ""), "DONE") << c.dump();
  EXPECT_EQ(c["actions"][1].value("doneOn", "").size(), 10u) << c.dump();

  // The rollout cannot end before the plan is adopted; the plan only once.
  HttpResponse unready =
      Command(guardian, id, "completeRollout", {{"expectedVersion", 7}});
  EXPECT_EQ(unready.status, 409) << unready.body;
  EXPECT_EQ(Body(unready).value("code", 0), 9) << unready.body;
  EXPECT_THAT(UnmetRules(Body(unready)), Contains("PLAN_NOT_ADOPTED"))
      << unready.body;
  c = MustCommand(guardian, id, "adoptPlan", PlanBody(7));
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(VersionOf(c), 8);
  EXPECT_EQ(c["plan"].value("documentReference", ""), "Uchwała nr XII/87/2026")
      << c.dump();
  HttpResponse again = Command(guardian, id, "adoptPlan", PlanBody(8));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(UnmetRules(Body(again)), Contains("PLAN_ALREADY_ADOPTED"))
      << again.body;
  c = MustCommand(Coordinator("24"), id, "completeRollout",
                  {{"expectedVersion", 8}, {"reason", "Wdrożenie zakończone"}});
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c.value("stage", ""), "COMPLETED");
  EXPECT_EQ(VersionOf(c), 9);
  EXPECT_FALSE(c.value("closedTime", "").empty()) << c.dump();
  EXPECT_FALSE(c.contains("stageDueOn")) << c.dump();
  HttpResponse closed =
      Command(admin, id, "completeRollout", {{"expectedVersion", 9}});
  EXPECT_EQ(closed.status, 409) << closed.body;
  EXPECT_THAT(UnmetRules(Body(closed)), Contains("WRONG_STAGE")) << closed.body;

  // One history row per accepted command, in order, none for the refused.
  json entries = History(id);
  ASSERT_EQ(entries.size(), 9u) << entries.dump();
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(std::stoll(entries[i].value("version", "0")),
              static_cast<int64_t>(i + 1))
        << entries[i].dump();
    EXPECT_FALSE(entries[i].value("time", "").empty()) << entries[i].dump();
  }
  EXPECT_EQ(entries[0].value("command", ""), "open") << entries[0].dump();
  EXPECT_TRUE(BySystem(entries[0])) << entries[0].dump();
  EXPECT_EQ(entries[0].value("toStage", ""), "AREA_CHOICE")
      << entries[0].dump();
  json chose = Entry(entries, "chooseArea");
  EXPECT_EQ(chose.value("fromStage", ""), "AREA_CHOICE") << chose.dump();
  EXPECT_EQ(chose.value("toStage", ""), "NEEDS_DIAGNOSIS") << chose.dump();
  EXPECT_EQ(chose.value("actor", ""), "adv-edu-b") << chose.dump();
  EXPECT_EQ(chose.value("actorRole", ""), "EXPERT") << chose.dump();
  json approved = Entry(entries, "approveSchedule");
  EXPECT_EQ(approved.value("fromStage", ""), "NEEDS_DIAGNOSIS")
      << approved.dump();
  EXPECT_EQ(approved.value("toStage", ""), "ROLLOUT") << approved.dump();
  EXPECT_EQ(approved.value("reason", ""), "Harmonogram uzgodniony")
      << approved.dump();
  json completed = Entry(entries, "completeRollout");
  EXPECT_EQ(completed.value("fromStage", ""), "ROLLOUT") << completed.dump();
  EXPECT_EQ(completed.value("toStage", ""), "COMPLETED") << completed.dump();
  EXPECT_EQ(completed.value("actorRole", ""), "COORDINATOR")
      << completed.dump();
  EXPECT_EQ(entries[8].value("command", ""), "completeRollout");

  // Load counts open cases only: B's ended, A's has not.
  EXPECT_EQ(ExpertBySubject("adv-edu-b").value("openCases", 0), 0);
  EXPECT_EQ(ExpertBySubject("adv-edu-a").value("openCases", 0), 1);

  // A withdrawal after COMPLETED is recorded and changes nothing else (the
  // plan was adopted). Bytom withdraws next: once its case is WITHDRAWN,
  // the earlier event of the same stream has been handled too.
  ASSERT_EQ(AsAdmin("POST", "/v1/applications/" + application + ":withdraw",
                    R"({"reason": "Po zakończeniu"})")
                .status,
            200);
  ASSERT_EQ(AsAdmin("POST",
                    "/v1/applications/" + busy.value("applicationId", "") +
                        ":withdraw",
                    R"({"reason": "Rezygnacja"})")
                .status,
            200);
  ASSERT_FALSE(AwaitCase(edition, "2462011", "WITHDRAWN").is_null());
  c = GetCase(id);
  EXPECT_EQ(c.value("stage", ""), "COMPLETED") << c.dump();
  EXPECT_EQ(c["plan"].value("documentReference", ""), "Uchwała nr XII/87/2026")
      << c.dump();
  entries = History(id);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().value("command", ""), "withdraw") << entries.dump();
  EXPECT_EQ(entries.back().value("fromStage", ""), "COMPLETED")
      << entries.back().dump();
  EXPECT_EQ(entries.back().value("toStage", ""), "COMPLETED")
      << entries.back().dump();
  EXPECT_EQ(ExpertBySubject("adv-edu-a").value("openCases", 0), 0);
}

TEST_F(AdvisoryFlowTest, WithdrawalClosesTheCase) {
  // Two qualified JSTs of voivodeship 12 (no expert serves it).
  const std::string edition = CreateEdition();
  const std::string staying = QualifiedApplication(edition, "1261011");
  const std::string leaving = QualifiedApplication(edition, "1262011");
  ASSERT_FALSE(staying.empty());
  ASSERT_FALSE(leaving.empty());
  json kept = AwaitCase(edition, "1261011");
  ASSERT_FALSE(AwaitCase(edition, "1262011").is_null());
  ASSERT_FALSE(kept.is_null());

  // Nobody eligible: an empty proposal.
  HttpResponse proposal =
      AsAdmin("GET", "/v1/cases/" + kept.value("id", "") + "/expert-proposal");
  ASSERT_EQ(proposal.status, 200) << proposal.body;
  EXPECT_EQ(Body(proposal).value("educationExpert", ""), "") << proposal.body;
  EXPECT_EQ(Body(proposal).value("personnelExpert", ""), "") << proposal.body;

  // The JST withdraws through recruitment; JstWithdrawn closes its case.
  HttpResponse withdrawn =
      AsAdmin("POST", "/v1/applications/" + leaving + ":withdraw",
              R"({"reason": "Rada gminy zdecydowała"})");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  json listed = AwaitCase(edition, "1262011", "WITHDRAWN");
  ASSERT_FALSE(listed.is_null());
  const std::string id = listed.value("id", "");
  json c = GetCase(id);
  EXPECT_EQ(VersionOf(c), 2) << c.dump();
  EXPECT_FALSE(c.value("closedTime", "").empty()) << c.dump();
  EXPECT_FALSE(c.contains("stageDueOn")) << c.dump();
  json entries = History(id);
  ASSERT_EQ(entries.size(), 2u) << entries.dump();
  EXPECT_EQ(entries[1].value("command", ""), "withdraw") << entries[1].dump();
  EXPECT_EQ(entries[1].value("fromStage", ""), "AREA_CHOICE")
      << entries[1].dump();
  EXPECT_EQ(entries[1].value("toStage", ""), "WITHDRAWN") << entries[1].dump();
  EXPECT_TRUE(BySystem(entries[1])) << entries[1].dump();

  // Closed: no command, no activity.
  HttpResponse command =
      Command(AdminToken(), id, "completeRollout", {{"expectedVersion", 2}});
  EXPECT_EQ(command.status, 409) << command.body;
  EXPECT_THAT(UnmetRules(Body(command)), Contains("WRONG_STAGE"))
      << command.body;
  HttpResponse activity = AsAdmin("POST", "/v1/cases/" + id + "/activities",
                                  json({{"kind", "MEETING"},
                                        {"occurredOn", Today()},
                                        {"form", "IN_PERSON"},
                                        {"participants", {"Jan Wójt"}}})
                                      .dump());
  EXPECT_EQ(activity.status, 409) << activity.body;

  // The other JST's case runs on.
  EXPECT_EQ(GetCase(kept.value("id", "")).value("stage", ""), "AREA_CHOICE");
}

TEST_F(AdvisoryFlowTest, DeactivationHandsTheCasesOver) {
  const std::string admin = AdminToken();
  const std::string leaver =
      CreateExpert("adv-leaver", "EDUCATION_DEVELOPMENT", {"30"});
  const std::string successor =
      CreateExpert("adv-successor", "EDUCATION_DEVELOPMENT", {"30"});
  const std::string partner =
      CreateExpert("adv-partner", "PERSONNEL_DEVELOPMENT", {"30"});
  const std::string edition = CreateEdition();
  json poznan = OpenCase("3064011", edition);
  json kalisz = OpenCase("3061011", edition);
  ASSERT_FALSE(poznan.is_null());
  ASSERT_FALSE(kalisz.is_null());
  const std::string guarded = poznan.value("id", "");
  const std::string partnered = kalisz.value("id", "");
  ASSERT_FALSE(MustCommand(admin, guarded, "assignExperts",
                           AssignBody(1, leaver, partner))
                   .is_null());
  ASSERT_FALSE(
      MustCommand(admin, partnered, "assignExperts",
                  AssignBody(1, leaver, partner, "PERSONNEL_DEVELOPMENT"))
          .is_null());

  // Scopes of the registry: a coordinator sees who serves their
  // voivodeship, an expert only themself.
  EXPECT_THAT(ExpertSubjects(Coordinator("30"), ""),
              ::testing::UnorderedElementsAre("adv-leaver", "adv-successor",
                                              "adv-partner"));
  EXPECT_THAT(ExpertSubjects(Coordinator("32"), ""), IsEmpty());
  EXPECT_THAT(ExpertSubjects(ExpertToken("adv-successor"), ""),
              ElementsAre("adv-successor"));

  // No other personnel expert serves 30: the partner cannot leave, and
  // nothing changes.
  HttpResponse refused =
      AsAdmin("POST", "/v1/experts/" + partner + ":deactivate",
              R"({"handoverNote": "Koniec umowy"})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find(guarded), std::string::npos) << refused.body;
  EXPECT_TRUE(ExpertBySubject("adv-partner").value("active", false));
  EXPECT_EQ(VersionOf(GetCase(guarded)), 2);
  // Its preview is the same refusal.
  HttpResponse refused_preview =
      AsAdmin("POST", "/v1/experts/" + partner + ":deactivate",
              R"({"handoverNote": "Koniec umowy", "validateOnly": true})");
  EXPECT_EQ(refused_preview.status, 409) << refused_preview.body;
  EXPECT_NE(refused_preview.body.find(guarded), std::string::npos)
      << refused_preview.body;

  // The leaver goes: Poznań to the successor as chosen, Kalisz to the
  // least-loaded eligible one (the same, the only one). The preview shows
  // that plan, guardians included, and changes nothing.
  json request = {{"handoverNote", "Koniec umowy"},
                  {"handovers", {{{"case", guarded}, {"expert", successor}}}}};
  json preview_request = request;
  preview_request["validateOnly"] = true;
  const size_t history_before = History(guarded).size();
  HttpResponse previewed = AsAdmin(
      "POST", "/v1/experts/" + leaver + ":deactivate", preview_request.dump());
  ASSERT_EQ(previewed.status, 200) << previewed.body;
  json plan = Body(previewed).value("handovers", json::array());
  ASSERT_EQ(plan.size(), 2u) << previewed.body;
  EXPECT_TRUE(ExpertBySubject("adv-leaver").value("active", false));
  EXPECT_EQ(VersionOf(GetCase(guarded)), 2);
  EXPECT_EQ(GetCase(guarded).value("educationExpert", ""), leaver);
  EXPECT_EQ(History(guarded).size(), history_before);
  for (const json& h : plan) {
    EXPECT_EQ(h.value("expert", ""), successor) << previewed.body;
    EXPECT_EQ(h.value("guardian", ""),
              h.value("case", "") == guarded ? successor : partner)
        << previewed.body;
  }

  // The confirmation sends the plan shown, whole (exactPlan): a plan that
  // is not the one the server would carry out is refused, naming the case
  // that differs, and changes nothing.
  json partial = {{"handoverNote", "Koniec umowy"},
                  {"handovers", json::array({plan[0]})},
                  {"exactPlan", true}};
  HttpResponse stale =
      AsAdmin("POST", "/v1/experts/" + leaver + ":deactivate", partial.dump());
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("PLAN_CHANGED"), std::string::npos) << stale.body;
  EXPECT_NE(stale.body.find("cases/" + plan[1].value("case", "")),
            std::string::npos)
      << stale.body;
  EXPECT_TRUE(ExpertBySubject("adv-leaver").value("active", false));
  EXPECT_EQ(VersionOf(GetCase(guarded)), 2);

  json exact = {{"handoverNote", "Koniec umowy"},
                {"handovers", plan},
                {"exactPlan", true}};
  HttpResponse deactivated =
      AsAdmin("POST", "/v1/experts/" + leaver + ":deactivate", exact.dump());
  ASSERT_EQ(deactivated.status, 200) << deactivated.body;
  json answer = Body(deactivated);
  EXPECT_FALSE(answer["expert"].value("active", false)) << deactivated.body;
  EXPECT_EQ(answer.value("handovers", json::array()), plan) << deactivated.body;
  EXPECT_EQ(History(guarded).size(), history_before + 1);

  json c = GetCase(guarded);
  EXPECT_EQ(c.value("educationExpert", ""), successor) << c.dump();
  EXPECT_EQ(c.value("guardian", ""), successor) << c.dump();
  EXPECT_EQ(VersionOf(c), 3);
  json k = GetCase(partnered);
  EXPECT_EQ(k.value("educationExpert", ""), successor) << k.dump();
  EXPECT_EQ(k.value("guardian", ""), partner) << k.dump();
  json handover = Entry(History(guarded), "handover");
  EXPECT_EQ(handover.value("version", ""), "3") << handover.dump();

  EXPECT_THAT(CaseIds(admin, "expert=" + leaver), IsEmpty());
  EXPECT_THAT(CaseIds(admin, "expert=" + successor),
              ::testing::UnorderedElementsAre(guarded, partnered));
  // The leaver no longer sees the cases; the successor does.
  EXPECT_EQ(GetAs(ExpertToken("adv-leaver"), "/v1/cases/" + guarded).status,
            404);
  EXPECT_EQ(GetAs(ExpertToken("adv-successor"), "/v1/cases/" + guarded).status,
            200);
  EXPECT_THAT(ExpertSubjects(admin, "voivodeship=30&activeOnly=true"),
              ::testing::UnorderedElementsAre("adv-successor", "adv-partner"));
}

TEST_F(AdvisoryFlowTest, ListFiltersAndScopes) {
  const std::string admin = AdminToken();
  const std::string edition = CreateEdition();
  json warszawa = OpenCase("1465011", edition);
  json ostroleka = OpenCase("1461011", edition);
  json wroclaw = OpenCase("0264011", edition);
  ASSERT_FALSE(warszawa.is_null());
  ASSERT_FALSE(ostroleka.is_null());
  ASSERT_FALSE(wroclaw.is_null());
  const std::string x = warszawa.value("id", "");
  const std::string y = ostroleka.value("id", "");
  const std::string z = wroclaw.value("id", "");

  // Warszawa's case into ROLLOUT with an action due in 2020: overdue.
  const std::string edu =
      CreateExpert("adv-14-edu", "EDUCATION_DEVELOPMENT", {"14"});
  const std::string pers =
      CreateExpert("adv-14-pers", "PERSONNEL_DEVELOPMENT", {"14"});
  const std::string guardian = ExpertToken("adv-14-edu");
  ASSERT_FALSE(MustCommand(admin, x, "assignExperts", AssignBody(1, edu, pers))
                   .is_null());
  ASSERT_FALSE(MustCommand(guardian, x, "chooseArea",
                           ChooseAreaBody(2, FirstSupportArea(edition)))
                   .is_null());
  ASSERT_FALSE(
      MustCommand(guardian, x, "completeDiagnosis", DiagnosisBody(3, 2, true))
          .is_null());
  json c =
      MustCommand(guardian, x, "approveSchedule", {{"expectedVersion", 4}});
  ASSERT_FALSE(c.is_null());
  c = GetCase(x);
  EXPECT_TRUE(c.value("overdue", false)) << c.dump();
  EXPECT_TRUE(c["actions"][0].value("overdue", false)) << c.dump();
  EXPECT_FALSE(c["actions"][1].value("overdue", false)) << c.dump();
  EXPECT_FALSE(GetCase(y).value("overdue", false));

  // Filters, ordered by TERYT.
  const std::string in = "edition=" + edition;
  EXPECT_THAT(CaseIds(admin, in), ElementsAre(z, y, x));
  EXPECT_THAT(CaseIds(admin, in + "&pageSize=1"), ElementsAre(z, y, x));
  EXPECT_THAT(CaseIds(admin, in + "&voivodeship=14"), ElementsAre(y, x));
  EXPECT_THAT(CaseIds(admin, in + "&stage=ROLLOUT"), ElementsAre(x));
  EXPECT_THAT(CaseIds(admin, in + "&stage=AREA_CHOICE"), ElementsAre(z, y));
  EXPECT_THAT(CaseIds(admin, in + "&expert=" + edu), ElementsAre(x));
  EXPECT_THAT(CaseIds(admin, in + "&overdue=true"), ElementsAre(x));
  EXPECT_THAT(CaseIds(admin, in + "&overdue=true&voivodeship=14"),
              ElementsAre(x));
  EXPECT_THAT(CaseIds(admin, in + "&overdue=true&expert=" + edu),
              ElementsAre(x));
  EXPECT_THAT(CaseIds(admin, in + "&overdue=true&voivodeship=02"), IsEmpty());
  EXPECT_THAT(CaseIds(admin, in + "&teryt=1461011"), ElementsAre(y));

  // A forged page token (bytes where the TERYT goes) names the field.
  const std::string forged =
      absl::WebSafeBase64Escape(std::string(7, '\xff') + "/" + x);
  HttpResponse bad_page =
      GetAs(admin, "/v1/cases?" + in + "&pageToken=" + forged);
  EXPECT_EQ(bad_page.status, 400) << bad_page.body;
  EXPECT_NE(bad_page.body.find("pageToken"), std::string::npos)
      << bad_page.body;

  // Scopes: lists narrowed, everything else out of sight (404).
  EXPECT_THAT(CaseIds(Coordinator("14"), in), ElementsAre(y, x));
  EXPECT_THAT(CaseIds(Coordinator("02"), in), ElementsAre(z));
  EXPECT_THAT(CaseIds(guardian, in), ElementsAre(x));
  EXPECT_THAT(CaseIds(JstToken("1465011"), in), ElementsAre(x));
  // A TERYT filter narrows the scope, never widens it.
  EXPECT_THAT(CaseIds(Coordinator("14"), in + "&teryt=1465011"),
              ElementsAre(x));
  EXPECT_THAT(CaseIds(JstToken("1465011"), in + "&teryt=1465011"),
              ElementsAre(x));
  EXPECT_THAT(CaseIds(JstToken("1465011"), in + "&teryt=1461011"), IsEmpty());
  EXPECT_THAT(CaseIds(guardian, in + "&teryt=1461011"), IsEmpty());
  for (const std::string& target :
       {"/v1/cases/" + x, "/v1/cases/" + x + "/history",
        "/v1/cases/" + x + "/activities",
        "/v1/cases/" + x + "/expert-proposal"}) {
    EXPECT_EQ(GetAs(Coordinator("02"), target).status, 404) << target;
  }
  const std::string nowhere = "00000000-0000-4000-8000-000000000000";
  ExpectAnsweredAsMissing(GetAs(Coordinator("02"), "/v1/cases/" + x), x,
                          GetAs(Coordinator("02"), "/v1/cases/" + nowhere),
                          nowhere);
  ExpectAnsweredAsMissing(GetAs(JstToken("1465011"), "/v1/cases/" + y), y,
                          GetAs(JstToken("1465011"), "/v1/cases/" + nowhere),
                          nowhere);
  // A foreign voivodeship filter is refused, naming the one it may read.
  HttpResponse foreign_filter =
      GetAs(Coordinator("02"), "/v1/cases?" + in + "&voivodeship=14");
  EXPECT_EQ(foreign_filter.status, 403) << foreign_filter.body;
  EXPECT_EQ(Body(foreign_filter).value("message", ""),
            "a coordinator of voivodeship 02 may read only voivodeship 02");
  EXPECT_THAT(ViolatedFields(Body(foreign_filter)), ElementsAre("voivodeship"));
  // So is another voivodeship's JST; a code that is not a JST's is bad input.
  HttpResponse foreign_jst =
      GetAs(Coordinator("02"), "/v1/cases?" + in + "&teryt=1465011");
  EXPECT_EQ(foreign_jst.status, 403) << foreign_jst.body;
  EXPECT_EQ(Body(foreign_jst).value("message", ""),
            "a coordinator of voivodeship 02 may read only voivodeship 02");
  EXPECT_THAT(ViolatedFields(Body(foreign_jst)), ElementsAre("teryt"));
  HttpResponse bad_teryt = GetAs(admin, "/v1/cases?" + in + "&teryt=14");
  EXPECT_EQ(bad_teryt.status, 400) << bad_teryt.body;
  EXPECT_THAT(ViolatedFields(Body(bad_teryt)), ElementsAre("teryt"));
  EXPECT_EQ(GetAs(Coordinator("02"), "/v1/experts?voivodeship=14").status, 403);
  EXPECT_EQ(GetAs(Coordinator("14"), "/v1/cases/" + x).status, 200);
  EXPECT_EQ(GetAs(guardian, "/v1/cases/" + y).status, 404);
  EXPECT_EQ(GetAs(JstToken("1465011"), "/v1/cases/" + x).status, 200);
  EXPECT_EQ(GetAs(JstToken("1465011"), "/v1/cases/" + y).status, 404);
  EXPECT_EQ(GetAs(JstToken("1465011"), "/v1/cases/" + x + "/history").status,
            200);
  // A foreign coordinator's command is refused as if the case did not exist.
  HttpResponse foreign = Command(Coordinator("02"), x, "completeRollout",
                                 {{"expectedVersion", 5}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(VersionOf(GetCase(x)), 5);
}

TEST_F(AdvisoryFlowTest, WorkflowVersionsApplyToCasesOpenedLater) {
  HttpResponse listed =
      GetAs(ExpertToken("adv-any"), "/v1/workflow-definitions");
  ASSERT_EQ(listed.status, 200) << listed.body;
  json definitions = Body(listed).value("definitions", json::array());
  ASSERT_FALSE(definitions.empty()) << listed.body;
  const int current = definitions[0].value("version", 0);
  ASSERT_GE(current, 1);

  const std::string edition = CreateEdition();
  json before = OpenCase("2464011", edition);
  ASSERT_FALSE(before.is_null());
  EXPECT_EQ(before.value("workflowVersion", 0), current);

  HttpResponse invalid =
      AsAdmin("POST", "/v1/workflow-definitions",
              R"({"areaChoiceDays": 0, "needsDiagnosisDays": 30,
                                     "rolloutDays": 120, "note": "Zero dni"})");
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  HttpResponse published =
      AsAdmin("POST", "/v1/workflow-definitions",
              R"({"areaChoiceDays": 5, "needsDiagnosisDays": 30,
                                       "rolloutDays": 120, "note": "Krótszy wybór obszaru"})");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Body(published).value("version", 0), current + 1) << published.body;
  EXPECT_FALSE(Body(published).value("publishedTime", "").empty())
      << published.body;
  json newest = Body(AsAdmin("GET", "/v1/workflow-definitions"))
                    .value("definitions", json::array());
  ASSERT_FALSE(newest.empty());
  EXPECT_EQ(newest[0].value("version", 0), current + 1);

  json after = OpenCase("2469011", edition);
  ASSERT_FALSE(after.is_null());
  EXPECT_EQ(after.value("workflowVersion", 0), current + 1);
  EXPECT_EQ(GetCase(before.value("id", "")).value("workflowVersion", 0),
            current);
  // Five business days: at least five calendar days, at most two weeks
  // (weekends and a holiday or two between).
  absl::CivilDay started, due;
  ASSERT_TRUE(absl::ParseCivilTime(after.value("stageStartedOn", ""), &started))
      << after.dump();
  ASSERT_TRUE(absl::ParseCivilTime(after.value("stageDueOn", ""), &due))
      << after.dump();
  EXPECT_GE(due - started, 5) << after.dump();
  EXPECT_LE(due - started, 14) << after.dump();
}

// Good practices and schools through the gateway (issue 24, slices 4 and
// 5): an expert proposes a practice, the office returns and publishes it,
// a JST finds it by a Polish word form and reads the CSV catalogue; the
// register of 24 is loaded and an action names its schools.
TEST_F(AdvisoryFlowTest, GoodPracticesAndSchoolsThroughTheGateway) {
  const std::string admin = AdminToken();
  const std::string edition = CreateEdition();
  json c = OpenCase("2476011", edition);
  ASSERT_FALSE(c.is_null());
  const std::string id = c.value("id", "");
  const std::string edu =
      CreateExpert("adv-gp-edu", "EDUCATION_DEVELOPMENT", {"24"});
  const std::string pers =
      CreateExpert("adv-gp-pers", "PERSONNEL_DEVELOPMENT", {"24"});
  c = MustCommand(admin, id, "assignExperts", AssignBody(1, edu, pers));
  ASSERT_FALSE(c.is_null());
  c = MustCommand(admin, id, "chooseArea",
                  ChooseAreaBody(VersionOf(c), FirstSupportArea(edition)));
  ASSERT_FALSE(c.is_null());
  const std::string expert = ExpertToken("adv-gp-edu");

  // Proposed by the case's expert: a draft in the case's area.
  HttpResponse bad = Send(expert, "POST", "/v1/cases/" + id + "/good-practices",
                          R"({"title": "", "description": "Opis"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Body(bad)["details"][0]["fieldViolations"][0].value("field", ""),
            "practice.title")
      << bad.body;
  HttpResponse made =
      Send(expert, "POST", "/v1/cases/" + id + "/good-practices",
           R"({"title": "Zespół dyrektorów szkół",
               "description": "Comiesięczne spotkania dyrektorów, \"wspólny\" plan; =1+1",
               "keywords": ["dyrektorzy", "współpraca"]})");
  ASSERT_EQ(made.status, 200) << made.body;
  const json draft = Body(made);
  const std::string practice = draft.value("id", "");
  EXPECT_EQ(draft.value("status", ""), "PRACTICE_DRAFT");
  EXPECT_EQ(draft.value("supportArea", ""), FirstSupportArea(edition));
  const std::string list =
      "/v1/editions/" + edition + "/good-practices?query=szkoly";
  EXPECT_TRUE(Body(GetAs(JstToken("2476011"), list))
                  .value("practices", json::array())
                  .empty())
      << "a draft is not the JST's to read";

  auto change = [&](const std::string& token, const char* verb,
                    const json& body) {
    return Send(token, "POST", "/v1/good-practices/" + practice + ":" + verb,
                body.dump());
  };
  ASSERT_EQ(change(expert, "submit", {{"expectedVersion", 1}}).status, 200);
  HttpResponse no_reason = change(admin, "return", {{"expectedVersion", 2}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  HttpResponse returned = change(
      admin, "return", {{"expectedVersion", 2}, {"reason", "Dodać rezultaty"}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(Body(returned).value("returnReason", ""), "Dodać rezultaty");
  HttpResponse stale = change(expert, "submit", {{"expectedVersion", 2}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  ASSERT_EQ(change(expert, "submit", {{"expectedVersion", 3}}).status, 200);
  EXPECT_EQ(change(expert, "publish", {{"expectedVersion", 4}}).status, 403);
  HttpResponse published = change(admin, "publish", {{"expectedVersion", 4}});
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Body(published).value("publishedOn", ""), Today());

  // Everyone finds it by another form of the word, and in the catalogue.
  const json found = Body(GetAs(
      JstToken("0201011"),
      "/v1/editions/" + edition + "/good-practices?query=SZKÓŁ%20dyrektor"));
  ASSERT_EQ(found.value("practices", json::array()).size(), 1u) << found;
  EXPECT_EQ(found["practices"][0].value("id", ""), practice);
  HttpResponse csv = GetAs(JstToken("0201011"), "/v1/editions/" + edition +
                                                    "/good-practices:export");
  ASSERT_EQ(csv.status, 200) << csv.body;
  const auto rows = csv::testing::ReadCsv(csv.body);
  ASSERT_EQ(rows.size(), 2u) << csv.body;
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][0], practice);
  EXPECT_EQ(rows[1][2], "2476011");
  EXPECT_EQ(rows[1][3], "gmina miejska");
  EXPECT_EQ(rows[1][6],
            "Comiesięczne spotkania dyrektorów, \"wspólny\" plan; =1+1");
  EXPECT_EQ(rows[1][7], "dyrektorzy; współpraca");
  HttpResponse withdrawn = change(
      admin, "withdraw", {{"expectedVersion", 5}, {"reason", "Nieaktualna"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(csv::testing::ReadCsv(
                GetAs(JstToken("0201011"),
                      "/v1/editions/" + edition + "/good-practices:export")
                    .body)
                .size(),
            1u)
      << "a withdrawn practice leaves the catalogue";

  // The register of 24; the schedule names the commune's school.
  HttpResponse loaded =
      Send(admin, "POST", "/v1/schools:import?voivodeship=24",
           "rspo;name;type;teryt_of_running_jst\n"
           "9300001;Szkoła Podstawowa nr 1;Szkoła podstawowa;2476011\n"
           "9300002;Liceum Ogólnokształcące;Liceum;2476\n",
           "text/csv");
  ASSERT_EQ(loaded.status, 200) << loaded.body;
  EXPECT_EQ(Body(loaded).value("added", 0), 2) << loaded.body;
  json diagnosis = DiagnosisBody(VersionOf(c), 2);
  diagnosis["actions"][0]["schools"] = {"9300002"};  // the county's
  HttpResponse foreign = Command(admin, id, "completeDiagnosis", diagnosis);
  EXPECT_EQ(foreign.status, 400) << foreign.body;
  EXPECT_EQ(
      Body(foreign)["details"][0]["fieldViolations"][0].value("field", ""),
      "actions[0].schools[0]")
      << foreign.body;
  diagnosis["actions"][0]["schools"] = {"9300001"};
  c = MustCommand(admin, id, "completeDiagnosis", diagnosis);
  ASSERT_FALSE(c.is_null());
  EXPECT_EQ(c["actions"][0]["schools"], json::array({"9300001"})) << c.dump();
  EXPECT_EQ(GetCase(id)["actions"][0]["schools"], json::array({"9300001"}));
}

}  // namespace
}  // namespace jstedu::testing
