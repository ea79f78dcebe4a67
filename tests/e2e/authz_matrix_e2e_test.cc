// The authorization matrix, end to end: every route of the gateway × every
// role × own and foreign voivodeship (or JST), with the expected status in
// each cell, against the real stack; and no list answer ever holds a row
// outside the caller's scope.
//
// A route the gateway serves but this table does not know fails the test:
// each new route brings its row (and its list check, if it lists).
//
// Every list route (an answer with a nextPageToken) is also paged through
// by the one paging rule (common/status/paging.h), from its row's target.
#include <algorithm>
#include <functional>
#include <thread>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gateway/config.h"
#include "gateway/route_table.h"
#include "tests/e2e/advisory_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

// Who calls. "own" objects below are in voivodeship 24 (Silesia) and, for
// JST callers, the JST 2476011 (Świętochłowice).
struct Caller {
  std::string name;
  std::string role;  // "" = no token
  std::map<std::string, std::string> scope;
};

const std::vector<Caller>& Callers() {
  static const auto* const kCallers = new std::vector<Caller>{
      {"admin", "ADMIN", {}},
      {"coordinator-own", "COORDINATOR", {{"region", "24"}}},
      {"coordinator-foreign", "COORDINATOR", {{"region", "02"}}},
      {"expert", "EXPERT", {}},
      {"trainer", "TRAINER", {}},
      {"jst-own", "JST", {{"jst", "2476011"}}},
      {"jst-foreign", "JST", {{"jst", "0201011"}}},
      {"ministry", "MINISTRY", {}},
      {"anonymous", "", {}},
  };
  return *kCallers;
}

// The expected statuses of one row, in the order of Callers().
std::map<std::string, int> Statuses(int admin, int coordinator_own,
                                    int coordinator_foreign, int expert,
                                    int trainer, int jst_own, int jst_foreign,
                                    int ministry, int anonymous) {
  return {{"admin", admin},
          {"coordinator-own", coordinator_own},
          {"coordinator-foreign", coordinator_foreign},
          {"expert", expert},
          {"trainer", trainer},
          {"jst-own", jst_own},
          {"jst-foreign", jst_foreign},
          {"ministry", ministry},
          {"anonymous", anonymous}};
}

// Placeholders of a row's target and body ("$APPLICATION") → values.
using Vars = std::map<std::string, std::string>;

// One row of the matrix: a concrete request for a route, aimed at an object
// of voivodeship 24 (JST 2476011), and the status each caller gets.
struct Row {
  std::string route;  // "GET /v1/jsts/{teryt}" as the route table names it
  std::string method;
  std::string target;  // may hold placeholders filled by `setup`
  std::map<std::string, int> expected;  // caller name → HTTP status
  std::string body = "";                // JSON (or CSV), with placeholders
  std::string content_type = "application/json";
  // Run before each cell (as ADMIN): makes the objects the request needs
  // (fresh ones when the request changes them) and names them.
  std::function<Vars()> setup = nullptr;
};

// A list route: where its rows are and how to tell a row's voivodeship and
// JST, so foreign rows can be spotted.
struct ListCheck {
  // Unfiltered (the scope alone must narrow it), with a query string.
  std::function<std::string()> target;
  std::string rows_field;
  // A row's voivodeship, or several separated by commas (a row serving
  // several is in the scope of each).
  std::function<std::string(const json&)> voivodeship;
  std::function<std::string(const json&)> jst;
  // Whether the matrix's "expert" caller may see the row; unset when the
  // list is not scoped for experts.
  std::function<bool(const json&)> expert_sees = nullptr;
};

// Objects shared by the read-only rows and the list checks, made once as
// ADMIN: an edition with applications of several voivodeships (own and
// foreign ones for every scoped caller) and a participant of 2476011.
struct World {
  std::string edition;
  std::string application;  // 2476011's
  std::string participant;  // in it
};

// The training world: an edition of its own with training settings,
// 2476011's application qualified (its declared participant on group 2's
// roster), module 1 in April 2025 (over: marks, evaluations) with
// an all-groups session of "matrix-trainer", and module 2 in 2030 whose
// sign-up deadline has passed (sign-ups queue for the office).
struct TrainingWorld {
  std::string edition;
  std::string module;
  std::string session;
  std::string future_module;
  std::string participant;
};

// The programme parts' world: an edition of its own where 2476011 (own)
// and 0201011 (foreign) are qualified, each with one official on
// training's roster; a thematic network moderated by "matrix-expert" with
// both as members since 2025-01-02 and a meeting of both, and another
// network of the same moderator for the rows that join and leave; a module
// in 2030 with an expert table of "matrix-expert" and a slot both
// officials booked; an e-learning course both officials completed.
struct CommunityWorld {
  std::string edition;
  std::string own_participant;
  std::string foreign_participant;
  std::string network;
  std::string meeting;
  std::string rota;
  std::string module;
  std::string table;
};

// The advisory world: an edition of its own where 2476011 (own) and
// 0201011 (foreign) are qualified, so their cases are open. The matrix's
// "expert" caller (sub "matrix-expert") is the guardian of the own case,
// with "matrix-personnel" (both serve 24); the foreign case has a pair
// serving 02, so the expert caller is outside it.
struct AdvisoryWorld {
  std::string edition;
  std::string own_case;
  std::string guardian;   // matrix-expert's expert id
  std::string personnel;  // matrix-personnel's
};

// Module JSON for POST /v1/editions/{edition}/modules.
json ModuleJson(int number, const std::string& starts, const std::string& ends,
                const std::string& deadline) {
  return {
      {"number", number},
      {"title", "Moduł macierzy"},
      {"venue", "Hotel, Warszawa"},
      {"startsLocal", starts},
      {"endsLocal", ends},
      {"didacticHours", 21},
      {"signupDeadlineLocal", deadline},
      {"shuttleSeats", 50},
      {"parkingPlaces", 5},
      {"rooms",
       json::array({{{"id", "A"}, {"name", "Sala A"}, {"capacity", 500}}})}};
}

class AuthzMatrixTest : public AdvisoryE2eTest {
 protected:
  static HttpResponse Call(
      const Caller& caller, const std::string& method,
      const std::string& target, const std::string& body = "",
      const std::string& content_type = "application/json") {
    std::string token;
    if (!caller.role.empty()) {
      token = stack_->Token(caller.role, "matrix-" + caller.name, caller.scope);
    }
    return Send(token, method, target, body, content_type);
  }

  // A PESEL no other cell uses.
  static std::string NextPesel() {
    static int person = 0;
    return PeselFor(++person);
  }

  static json Participant(const std::string& pesel, bool declared) {
    json participant = {{"firstName", "Anna"},
                        {"lastName", "Macierzowa"},
                        {"pesel", pesel},
                        {"targetGroup", "OPERATIONAL_STAFF"}};
    if (declared) {
      participant["declaration"] = {{"signedOn", "2024-05-06"},
                                    {"informationClauseHandedOver", true}};
    }
    return participant;
  }

  static const World& Shared() {
    static World* world = nullptr;
    if (world == nullptr) {
      world = new World();
      world->edition = CreateEdition();
      // Own and foreign applications for each scoped caller, more than a page.
      for (const char* teryt :
           {"2461011", "0201011", "2476011", "1465011", "2462011", "0264011"}) {
        std::string id = SubmitApplication(world->edition, teryt);
        if (std::string(teryt) == "2476011") world->application = id;
      }
      world->participant =
          CreateParticipant(world->application, Participant(NextPesel(), true));
    }
    return *world;
  }

  // A fresh application of 2476011 (each in a fresh edition: one
  // application per JST per edition), its team declared.
  static Vars FreshApplication() {
    const std::string edition = CreateEdition(/*min_representatives=*/1);
    return {{"$EDITION", edition},
            {"$APPLICATION",
             SubmitApplication(edition, "2476011",
                               json::array({Participant(NextPesel(), true)}))}};
  }

  // A fresh identity conflict: 2476011 and 0201011 registering one PESEL
  // in a fresh edition (the second record is held for the office).
  static Vars FreshConflict() {
    const std::string edition = CreateEdition();
    const json person = json::array({Participant(NextPesel(), true)});
    SubmitApplication(edition, "2476011", person);
    SubmitApplication(edition, "0201011", person);
    HttpResponse open =
        AsAdmin("GET", "/v1/editions/" + edition + "/identity-conflicts");
    const json conflicts = Body(open).value("conflicts", json::array());
    if (conflicts.size() != 1)
      ADD_FAILURE() << "no conflict opened: " << open.body;
    return {
        {"$CONFLICT", conflicts.empty() ? "" : conflicts[0].value("id", "")}};
  }

  // A fresh participant (no declaration yet) in the shared application.
  static Vars FreshParticipant() {
    return {
        {"$PARTICIPANT", CreateParticipant(Shared().application,
                                           Participant(NextPesel(), false))}};
  }

  static std::string Created(const HttpResponse& response,
                             const std::string& what) {
    if (response.status != 200) {
      ADD_FAILURE() << "cannot create " << what << ": " << response.status
                    << " " << response.body;
      return "";
    }
    return Body(response).value("id", "");
  }

  static std::string CreateModule(const std::string& edition,
                                  const json& module) {
    return Created(
        AsAdmin("POST", "/v1/editions/" + edition + "/modules", module.dump()),
        "module");
  }

  static std::string CreateSession(const std::string& module,
                                   const std::string& starts,
                                   const std::string& trainer) {
    json session = {{"startsLocal", starts},
                    {"thematicArea", "KEY_COMPETENCES"},
                    {"workshopGroup", 0},
                    {"room", "A"},
                    {"trainer", trainer}};
    return Created(
        AsAdmin("POST", "/v1/modules/" + module + "/sessions", session.dump()),
        "session");
  }

  static const TrainingWorld& Training() {
    static TrainingWorld* world = nullptr;
    if (world == nullptr) {
      world = new TrainingWorld();
      // Its own edition and a declared team of 2476011, qualified.
      world->edition = CreateEdition();
      const std::string application =
          SubmitApplication(world->edition, "2476011",
                            json::array({Participant(NextPesel(), true)}));
      HttpResponse qualified =
          AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}");
      EXPECT_EQ(qualified.status, 200) << qualified.body;
      world->participant = Body(AsAdmin(
          "GET", "/v1/applications/" + application))["representatives"][0]
                               .value("participant", "");
      SetUpTraining(world->edition);
      world->module = CreateModule(
          world->edition, ModuleJson(1, "2025-04-02T11:00", "2025-04-04T14:30",
                                     "2025-03-20T15:00"));
      world->session =
          CreateSession(world->module, "2025-04-02T11:00", "matrix-trainer");
      world->future_module = CreateModule(
          world->edition, ModuleJson(2, "2030-04-03T11:00", "2030-04-05T14:30",
                                     "2026-01-02T15:00"));
      // Recruitment's events reach training's roster.
      bool rostered = false;
      for (int i = 0; i < 200 && !rostered; ++i) {
        HttpResponse record = AsAdmin(
            "GET", "/v1/participants/" + world->participant + "/training");
        rostered =
            record.status == 200 && Body(record).value("rostered", false);
        if (!rostered)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      EXPECT_TRUE(rostered)
          << "the participant never reached training's roster";
    }
    return *world;
  }

  // A fresh edition with training settings (for rows that create modules),
  // its dates known to training.
  static Vars FreshTrainingEdition() {
    const std::string edition = CreateEdition();
    SetUpTraining(edition);
    return {{"$TEDITION", edition}};
  }

  // A fresh module 1 in a fresh edition, with a session of its own trainer.
  static Vars FreshModule() {
    static int trainer = 0;
    Vars vars = FreshTrainingEdition();
    const std::string module = CreateModule(
        vars["$TEDITION"], ModuleJson(1, "2030-04-03T11:00", "2030-04-05T14:30",
                                      "2030-03-20T15:00"));
    vars["$MODULE"] = module;
    vars["$TRAINER"] = absl::StrCat("matrix-fresh-", ++trainer);
    return vars;
  }

  // The participant's pending or approved sign-ups for the future module
  // refused, so a new one may be made.
  static void ClearSignups() {
    const TrainingWorld& w = Training();
    HttpResponse list =
        AsAdmin("GET", "/v1/modules/" + w.future_module + "/signups");
    for (const json& signup : Body(list).value("signups", json::array())) {
      if (signup.value("participant", "") == w.participant &&
          (signup.value("status", "") == "SIGNUP_PENDING_APPROVAL" ||
           signup.value("status", "") == "SIGNUP_APPROVED")) {
        AsAdmin("POST", "/v1/signups/" + signup.value("id", "") + ":refuse",
                R"({"reason": "matrix reset"})");
      }
    }
  }

  static Vars SignupTarget() {
    ClearSignups();
    return {{"$MODULE", Training().future_module},
            {"$PARTICIPANT", Training().participant}};
  }

  static Vars PendingSignup() {
    ClearSignups();
    json body = {{"participant", Training().participant}, {"shuttle", true}};
    return {
        {"$SIGNUP",
         Created(AsAdmin("POST",
                         "/v1/modules/" + Training().future_module + "/signups",
                         body.dump()),
                 "sign-up")}};
  }

  // A fresh task of 2476011 (set for every qualified team), submitted when
  // `submitted`.
  static Vars FreshTask(bool submitted) {
    HttpResponse created = AsAdmin(
        "POST", "/v1/modules/" + Training().module + "/tasks",
        R"({"title": "Zadanie macierzy", "dueLocal": "2030-01-10T12:00"})");
    std::string task;
    for (const json& t : Body(created).value("tasks", json::array())) {
      if (t.value("teryt", "") == "2476011") task = t.value("id", "");
    }
    EXPECT_FALSE(task.empty()) << created.status << " " << created.body;
    if (submitted) {
      AsAdmin("POST", "/v1/tasks/" + task + ":submit",
              R"({"report": "Raport"})");
    }
    return {{"$TASK", task}};
  }

  // A qualified team of one declared official of `teryt` in `edition`,
  // on training's roster: the official's participant id.
  static std::string RosteredOfficial(const std::string& edition,
                                      const std::string& teryt) {
    const std::string application = SubmitApplication(
        edition, teryt, json::array({Participant(NextPesel(), true)}));
    HttpResponse qualified =
        AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}");
    EXPECT_EQ(qualified.status, 200) << qualified.body;
    const std::string participant = Body(AsAdmin(
        "GET", "/v1/applications/" + application))["representatives"][0]
                                        .value("participant", "");
    bool rostered = false;
    for (int i = 0; i < 200 && !rostered; ++i) {
      HttpResponse record =
          AsAdmin("GET", "/v1/participants/" + participant + "/training");
      rostered = record.status == 200 && Body(record).value("rostered", false);
      if (!rostered) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(rostered) << participant << " never reached training's roster";
    return participant;
  }

  static std::string CreateCommunity(const std::string& edition,
                                     const std::string& theme) {
    json community = {{"kind", "THEMATIC_NETWORK"},
                      {"theme", theme},
                      {"name", "Sieć macierzy"},
                      {"moderators", {"matrix-expert"}}};
    return Created(AsAdmin("POST", "/v1/editions/" + edition + "/communities",
                           community.dump()),
                   "community");
  }

  static void JoinAsAdmin(const std::string& community,
                          const std::string& participant,
                          const std::string& day) {
    json join = {{"participant", participant}, {"joinedOn", day}};
    HttpResponse joined = AsAdmin(
        "POST", "/v1/communities/" + community + "/members", join.dump());
    EXPECT_EQ(joined.status, 200) << joined.body;
  }

  static const CommunityWorld& Communities() {
    static CommunityWorld* world = nullptr;
    if (world == nullptr) {
      world = new CommunityWorld();
      world->edition = CreateEdition(/*min_representatives=*/1);
      world->own_participant = RosteredOfficial(world->edition, "2476011");
      world->foreign_participant = RosteredOfficial(world->edition, "0201011");
      world->network = CreateCommunity(world->edition, "KEY_COMPETENCES");
      world->rota = CreateCommunity(world->edition, "SCHOOL_SUPPORT");
      for (const std::string* p :
           {&world->own_participant, &world->foreign_participant}) {
        JoinAsAdmin(world->network, *p, "2025-01-02");
      }
      json meeting = {
          {"heldOn", "2025-02-03"},
          {"title", "Spotkanie macierzy"},
          {"form", "ONLINE"},
          {"attendees", {world->own_participant, world->foreign_participant}}};
      world->meeting = Created(
          AsAdmin("POST", "/v1/communities/" + world->network + "/meetings",
                  meeting.dump()),
          "meeting");
      SetUpTraining(world->edition);
      world->module = CreateModule(
          world->edition, ModuleJson(1, "2030-04-03T11:00", "2030-04-05T14:30",
                                     "2030-03-20T15:00"));
      world->table = CreateTable(world->module);
      const std::string slot = CreateSlot(world->table, "2030-04-03T15:00");
      for (const std::string* p :
           {&world->own_participant, &world->foreign_participant}) {
        BookAsAdmin(slot, *p);
      }
      HttpResponse course = AsAdmin(
          "PUT",
          "/v1/editions/" + world->edition + "/elearning-courses/MATRIX-1",
          R"({"title": "Kurs macierzy", "hours": 4})");
      EXPECT_EQ(course.status, 200) << course.body;
      HttpResponse imported = AsAdmin(
          "POST",
          "/v1/editions/" + world->edition + "/elearning-completions:import",
          "participant_id;course_code;completed_on\n" + world->own_participant +
              ";MATRIX-1;2025-01-10\n" + world->foreign_participant +
              ";MATRIX-1;2025-01-11\n",
          "text/csv");
      EXPECT_EQ(imported.status, 200) << imported.body;
    }
    return *world;
  }

  static std::string CreateTable(const std::string& module) {
    return Created(
        AsAdmin("POST", "/v1/modules/" + module + "/expert-tables",
                R"({"topic": "LEGAL_QUESTIONS", "title": "Prawo oświatowe",
                    "expert": "matrix-expert"})"),
        "expert table");
  }

  static std::string CreateSlot(const std::string& table,
                                const std::string& starts) {
    json slot = {
        {"startsLocal", starts}, {"durationMinutes", 10}, {"capacity", 20}};
    return Created(
        AsAdmin("POST", "/v1/expert-tables/" + table + "/slots", slot.dump()),
        "table slot");
  }

  static std::string BookAsAdmin(const std::string& slot,
                                 const std::string& participant) {
    json booking = {{"participant", participant}};
    return Created(AsAdmin("POST", "/v1/table-slots/" + slot + "/bookings",
                           booking.dump()),
                   "table booking");
  }

  // A start for a new slot of the world's table, 15 minutes after the
  // last one's (from 2030-04-04T08:00), so no two slots of its expert, nor
  // two bookings of the own official, ever overlap.
  static Vars FreshSlotStart() {
    static int slot = 0;
    const absl::CivilMinute start =
        absl::CivilMinute(2030, 4, 4, 8, 0) + 15 * slot++;
    return {{"$TABLE", Communities().table},
            {"$START", absl::FormatCivilTime(start).substr(0, 16)}};
  }

  // A fresh slot of the world's table, for the own official to book.
  static Vars FreshSlot() {
    Vars vars = FreshSlotStart();
    vars["$SLOT"] = CreateSlot(vars["$TABLE"], vars["$START"]);
    vars["$PARTICIPANT"] = Communities().own_participant;
    return vars;
  }

  // A fresh booking of the own official.
  static Vars FreshBooking() {
    Vars vars = FreshSlot();
    vars["$BOOKING"] = BookAsAdmin(vars["$SLOT"], vars["$PARTICIPANT"]);
    return vars;
  }

  // The own official out of the rota network, and the day it may join
  // again (each a day after the last period, from 2025-03-01).
  static Vars RotaJoin() {
    static int day = 0;
    const CommunityWorld& w = Communities();
    const absl::CivilDay last = absl::CivilDay(2025, 3, 1) + day;
    json leave = {{"leftOn", absl::FormatCivilTime(last)}};
    AsAdmin("POST",
            "/v1/communities/" + w.rota + "/members/" + w.own_participant +
                ":leave",
            leave.dump());  // refused when not a member: nothing to end
    ++day;
    return {{"$COMMUNITY", w.rota},
            {"$PARTICIPANT", w.own_participant},
            {"$DAY", absl::FormatCivilTime(last + 1)}};
  }

  // The own official a member of the rota network, and the day it may
  // leave on.
  static Vars RotaLeave() {
    Vars vars = RotaJoin();
    JoinAsAdmin(vars["$COMMUNITY"], vars["$PARTICIPANT"], vars["$DAY"]);
    return vars;
  }

  static const AdvisoryWorld& Advisory() {
    static AdvisoryWorld* world = nullptr;
    if (world == nullptr) {
      world = new AdvisoryWorld();
      world->guardian =
          CreateExpert("matrix-expert", "EDUCATION_DEVELOPMENT", {"24"});
      world->personnel =
          CreateExpert("matrix-personnel", "PERSONNEL_DEVELOPMENT", {"24"});
      const std::string foreign_education =
          CreateExpert("matrix-education-02", "EDUCATION_DEVELOPMENT", {"02"});
      const std::string foreign_personnel =
          CreateExpert("matrix-personnel-02", "PERSONNEL_DEVELOPMENT", {"02"});
      world->edition = CreateEdition();
      world->own_case = IdOf(OpenCase("2476011", world->edition));
      const std::string foreign_case =
          IdOf(OpenCase("0201011", world->edition));
      MustCommand(AdminToken(), world->own_case, "assignExperts",
                  AssignBody(1, world->guardian, world->personnel));
      MustCommand(AdminToken(), foreign_case, "assignExperts",
                  AssignBody(1, foreign_education, foreign_personnel));
    }
    return *world;
  }

  // The JST contact of 2476011's qualified application (the advisory
  // world's), once the notifications service has its qualification notice
  // and that notice is done (sent or failed), so its rows no longer change.
  static Vars NotifiedContact() {
    static const std::string* const person = [] {
      const std::string application =
          GetCase(Advisory().own_case).value("applicationId", "");
      const std::string ref = "jst-contact:" + application;
      const bool done = WaitUntil(
          [&] {
            HttpResponse listed =
                AsAdmin("GET", "/v1/notifications?person=" + ref);
            if (listed.status != 200) return false;
            const json rows =
                Body(listed).value("notifications", json::array());
            return !rows.empty() &&
                   std::all_of(rows.begin(), rows.end(), [](const json& n) {
                     const std::string state = n.value("state", "");
                     return state == "SENT" || state == "FAILED";
                   });
          },
          std::chrono::seconds(60));
      if (!done) ADD_FAILURE() << "no notice done for " << ref;
      return new std::string(ref);
    }();
    return {{"$PERSON", *person}};
  }

  // An expert subject no other cell uses.
  static std::string NextSubject() {
    static int expert = 0;
    return absl::StrCat("matrix-registered-", ++expert);
  }

  // A good practice of the own case (2476011, whose pair the matrix's
  // expert is in), fresh each time, brought by the office through `steps`
  // ("submit", "publish"); its id and version.
  static Vars NewPractice(std::vector<std::string> steps) {
    const json draft = {{"title", NextPracticeTitle()},
                        {"description", "Opis praktyki macierzy."},
                        {"supportArea", FirstSupportArea(Advisory().edition)}};
    json practice = Body(
        AsAdmin("POST", "/v1/cases/" + Advisory().own_case + "/good-practices",
                draft.dump()));
    const std::string id = practice.value("id", "");
    EXPECT_FALSE(id.empty()) << practice.dump();
    for (const std::string& step : steps) {
      practice = Body(AsAdmin(
          "POST", "/v1/good-practices/" + id + ":" + step,
          json{{"expectedVersion", practice.value("version", "0")}}.dump()));
    }
    return {{"$PRACTICE", id},
            {"$VERSION", practice.value("version", "0")},
            {"$TITLE", NextPracticeTitle()}};
  }

  static std::string NextPracticeTitle() {
    static int next = 0;
    return absl::StrCat("Praktyka macierzy ", ++next);
  }

  // The own case, and today for bodies that need a date.
  static Vars OwnCase() {
    return {{"$CASE", Advisory().own_case}, {"$TODAY", Today()}};
  }

  // The shared world's edition once reporting has seen it (its events are
  // asynchronous), and an aggregates export of it made once as ADMIN.
  static Vars ReportingEdition() {
    static const std::string* const edition = [] {
      const std::string code = Shared().edition;
      const bool seen = WaitUntil(
          [&] {
            return AsAdmin("GET", "/v1/indicators?edition=" + code).status ==
                   200;
          },
          std::chrono::seconds(30));
      if (!seen) ADD_FAILURE() << "reporting never saw edition " << code;
      return new std::string(code);
    }();
    return {{"$EDITION", *edition}};
  }
  static Vars MatrixExport() {
    static const std::string* const id = [] {
      const std::string edition = ReportingEdition()["$EDITION"];
      HttpResponse made = AsAdmin(
          "POST", "/v1/editions/" + edition + "/exports",
          R"({"kind": "AGGREGATES_CSV", "purpose": "Macierz uprawnień"})");
      if (made.status != 200) ADD_FAILURE() << "cannot export: " << made.body;
      return new std::string(Body(made).value("id", ""));
    }();
    return {{"$EXPORT", *id}};
  }

  // A fresh case of 2476011 (in a fresh edition: one open case per JST and
  // edition) taken through the workflow as far as `step`: "UNSTAFFED" (just
  // opened), "AREA_CHOICE" (the matrix pair assigned, matrix-expert the
  // guardian), "NEEDS_DIAGNOSIS" (area chosen), "SCHEDULED" (a diagnosis
  // with three planned actions), "ROLLOUT" (the schedule approved by the
  // guardian), "CLOSABLE" (in ROLLOUT, every action dropped, the plan
  // adopted). Null when a step failed (reported).
  static json FreshCase(const std::string& step) {
    const std::string admin = AdminToken();
    json c = OpenCase("2476011");
    const std::string id = IdOf(c);
    if (id.empty() || step == "UNSTAFFED") return c;
    c = MustCommand(admin, id, "assignExperts",
                    AssignBody(1, Advisory().guardian, Advisory().personnel));
    if (c.is_null() || step == "AREA_CHOICE") return c;
    c = MustCommand(
        admin, id, "chooseArea",
        ChooseAreaBody(2, FirstSupportArea(c.value("edition", ""))));
    if (c.is_null() || step == "NEEDS_DIAGNOSIS") return c;
    c = MustCommand(admin, id, "completeDiagnosis", DiagnosisBody(3, 3));
    if (c.is_null() || step == "SCHEDULED") return c;
    c = MustCommand(ExpertToken("matrix-expert"), id, "approveSchedule",
                    {{"expectedVersion", 4}});
    if (c.is_null() || step == "ROLLOUT") return c;
    for (const json& action : json(c["actions"])) {
      HttpResponse dropped =
          ActionCommand(admin, id, action.value("id", ""), "drop",
                        {{"expectedVersion", VersionOf(c)},
                         {"reason", "Zastąpione innym działaniem"}});
      if (dropped.status != 200) {
        ADD_FAILURE() << "cannot drop an action of " << id << ": "
                      << dropped.body;
        return nullptr;
      }
      c = Body(dropped);
    }
    return MustCommand(admin, id, "adoptPlan", PlanBody(VersionOf(c)));
  }

  // The case a mutating row's cells share, as it is now: the one kept under
  // `key` while `usable` holds for it, else a fresh one taken to `step` (a
  // cell that succeeded has moved the kept one on). Its id, version, first
  // planned action and the matrix pair as placeholders.
  static Vars PooledCase(const std::string& key, const std::string& step,
                         const std::function<bool(const json&)>& usable) {
    static auto* const kept = new std::map<std::string, std::string>();
    json c;
    if (kept->count(key)) {
      HttpResponse now = AsAdmin("GET", "/v1/cases/" + kept->at(key));
      if (now.status == 200 && usable(Body(now))) c = Body(now);
    }
    if (c.is_null()) {
      c = FreshCase(step);
      (*kept)[key] = IdOf(c);
    }
    Vars vars = {{"$CASE", IdOf(c)},
                 {"$VERSION", std::to_string(c.is_object() ? VersionOf(c) : 0)},
                 {"$TODAY", Today()},
                 {"$GUARDIAN", Advisory().guardian},
                 {"$PERSONNEL", Advisory().personnel}};
    for (const json& action :
         c.is_object() ? c.value("actions", json::array()) : json::array()) {
      if (action.value("status", "") == "PLANNED") {
        vars["$ACTION"] = action.value("id", "");
        break;
      }
    }
    return vars;
  }

  static bool InStage(const json& c, const std::string& stage) {
    return c.value("stage", "") == stage;
  }
  static bool HasPlannedAction(const json& c) {
    for (const json& action : c.value("actions", json::array())) {
      if (action.value("status", "") == "PLANNED") return true;
    }
    return false;
  }

 public:
  static const std::vector<Row>& Matrix();
  static const std::map<std::string, ListCheck>& Lists();
  static const Row* RowOf(const std::string& route);
  static std::string OtherFilters(const std::string& route,
                                  const std::string& target);
};

const std::vector<Row>& AuthzMatrixTest::Matrix() {
  // A group calendar feed the office makes for `owner` (a MINISTRY user):
  // its answer, the address included.
  static const auto NewGroupFeed = [](const std::string& owner) {
    const json feed = {{"kind", "GROUP_CALENDAR"},
                       {"edition", Training().edition},
                       {"group", 2},
                       {"owner", {{"subject", owner}, {"role", "MINISTRY"}}}};
    HttpResponse created = AsAdmin("POST", "/v1/calendar-feeds", feed.dump());
    EXPECT_EQ(created.status, 200) << created.body;
    return created;
  };
  static const auto* const kMatrix = new std::vector<Row>{
      // Statuses(admin, coordinator-own, coordinator-foreign, expert, trainer,
      //          jst-own, jst-foreign, ministry, anonymous)

      // ---- the JST registry
      {"GET /v1/jsts/{teryt}", "GET", "/v1/jsts/2476011",
       Statuses(200, 200, 404, 200, 200, 200, 404, 200, 401)},
      // (a coordinator of another voivodeship: 403 naming the one it may read)
      {"GET /v1/jsts", "GET", "/v1/jsts?voivodeship=24&pageSize=500",
       Statuses(200, 200, 403, 200, 200, 200, 200, 200, 401)},
      // The communes' urbanisation degrees: the office alone.
      {"POST /v1/jsts:loadDegurba", "POST", "/v1/jsts:loadDegurba",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "teryt;degurba\r\n2476011;1\r\n",
       "text/csv"},

      // ---- editions: the office writes, everyone reads (not scoped)
      {"POST /v1/editions", "POST", "/v1/editions",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "$NEW_EDITION",
       "application/json",  // the whole body: a new code and a window open now
       [] {
         return Vars{{"$NEW_EDITION", EditionJson(NewEditionCode(), 3).dump()}};
       }},
      {"GET /v1/editions", "GET", "/v1/editions?pageSize=100",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401)},
      {"GET /v1/editions/{code}", "GET", "/v1/editions/$EDITION",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] {
         return Vars{{"$EDITION", Shared().edition}};
       }},
      {"PATCH /v1/editions/{edition.code}", "PATCH", "/v1/editions/$EDITION?updateMask=name",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"name": "Renamed by the matrix"})", "application/json",
       [] {
         return Vars{{"$EDITION", CreateEdition()}};
       }},

      // ---- applications: scoped to the voivodeship (COORDINATOR) or the
      // JST itself (JST); foreign ones are 404 like missing ones.
      {"POST /v1/editions/{edition}/applications", "POST", "/v1/editions/$EDITION/applications",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"teryt": "2476011", "representatives": [{"firstName": "Jan",
           "lastName": "Macierzowy", "pesel": "$PESEL", "targetGroup": "DECISION_MAKER"}]})",
       "application/json",
       [] {
         return Vars{{"$EDITION", CreateEdition()}, {"$PESEL", NextPesel()}};
       }},
      {"GET /v1/editions/{edition}/applications", "GET", "/v1/editions/$EDITION/applications",
       Statuses(200, 200, 200, 403, 403, 200, 200, 200, 401), "", "application/json",
       [] {
         return Vars{{"$EDITION", Shared().edition}};
       }},
      {"GET /v1/applications/{application}", "GET", "/v1/applications/$APPLICATION",
       Statuses(200, 200, 404, 403, 403, 200, 404, 200, 401), "", "application/json",
       [] {
         return Vars{{"$APPLICATION", Shared().application}};
       }},
      {"GET /v1/applications/{application}/history", "GET",
       "/v1/applications/$APPLICATION/history",
       Statuses(200, 200, 404, 403, 403, 200, 404, 200, 401), "", "application/json",
       [] {
         return Vars{{"$APPLICATION", Shared().application}};
       }},
      {"POST /v1/applications/{application}:qualify", "POST",
       "/v1/applications/$APPLICATION:qualify",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "{}", "application/json",
       &FreshApplication},
      {"POST /v1/applications/{application}:reject", "POST", "/v1/applications/$APPLICATION:reject",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"reason": "incomplete team"})",
       "application/json", &FreshApplication},
      {"PUT /v1/applications/{application}/institution", "PUT",
       "/v1/applications/$APPLICATION/institution",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"nip": "5260250274", "locality": "Świętochłowice", "buildingNumber": "53",
           "postcode": "41-600", "degurba": 1, "email": "urzad@example.pl"})",
       "application/json",
       [] {
         return Vars{{"$APPLICATION", Shared().application}};
       }},
      {"POST /v1/applications/{application}:withdraw", "POST",
       "/v1/applications/$APPLICATION:withdraw",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"reason": "the council decided so"})", "application/json", &FreshApplication},

      // ---- participants: personal data, only those managing the team
      {"POST /v1/applications/{application}/participants", "POST",
       "/v1/applications/$APPLICATION/participants",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"firstName": "Ewa", "lastName": "Macierzowa", "pesel": "$PESEL",
           "targetGroup": "COUNCILLOR_OR_SOCIAL_PARTNER"})",
       "application/json",
       [] {
         return Vars{{"$APPLICATION", Shared().application}, {"$PESEL", NextPesel()}};
       }},
      {"POST /v1/applications/{application}/participants:import", "POST",
       "/v1/applications/$APPLICATION/participants:import",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       "first_name;last_name;pesel;target_group\r\nJan;Macierzowy;$PESEL;"
       "DECISION_MAKER\r\n",
       "text/csv",
       [] {
         return Vars{{"$APPLICATION", Shared().application}, {"$PESEL", NextPesel()}};
       }},
      {"GET /v1/participants/{participant}", "GET", "/v1/participants/$PARTICIPANT",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), "", "application/json",
       [] {
         return Vars{{"$PARTICIPANT", Shared().participant}};
       }},
      {"PATCH /v1/participants/{participant.id}", "PATCH",
       "/v1/participants/$PARTICIPANT?updateMask=position",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), R"({"position": "Skarbnik gminy"})",
       "application/json", &FreshParticipant},
      {"POST /v1/participants/{participant}:withdraw", "POST",
       "/v1/participants/$PARTICIPANT:withdraw",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), R"({"reason": "changed jobs"})",
       "application/json", &FreshParticipant},
      {"POST /v1/participants/{participant}:recordDeclaration", "POST",
       "/v1/participants/$PARTICIPANT:recordDeclaration",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"signedOn": "2024-05-06", "informationClauseHandedOver": true})", "application/json",
       &FreshParticipant},

      // ---- identity conflicts: the office alone (two JSTs' people side by
      // side, maybe of two voivodeships)
      {"GET /v1/editions/{edition}/identity-conflicts", "GET",
       "/v1/editions/$EDITION/identity-conflicts",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "", "application/json",
       [] {
         return Vars{{"$EDITION", Shared().edition}};
       }},
      {"POST /v1/identity-conflicts/{conflict}:resolve", "POST",
       "/v1/identity-conflicts/$CONFLICT:resolve",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"decision": "DISTINCT_PEOPLE", "reason": "dwie osoby z jednym numerem"})",
       "application/json", &FreshConflict},

      // ---- the account directory: staff keep their own address, the
      // office anyone's; JST staff and the ministry have none
      {"GET /v1/account-contact", "GET",
       "/v1/account-contact?subject=directory-matrix",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "", "application/json",
       [] {
         EXPECT_EQ(AsAdmin("PUT", "/v1/account-contact",
                           R"({"subject": "directory-matrix", "email": "m@example.pl"})")
                       .status,
                   200);
         return Vars{};
       }},
      {"PUT /v1/account-contact", "PUT", "/v1/account-contact",
       Statuses(200, 200, 200, 200, 200, 403, 403, 403, 401),
       R"({"email": "ja@example.pl"})"},

      // ---- notifications: the office everyone's, a coordinator its
      // voivodeship's, a JST its own people's, experts and trainers their
      // own; a person outside the scope is 404 like an unknown one
      {"GET /v1/notifications", "GET", "/v1/notifications?person=$PERSON",
       Statuses(200, 200, 404, 404, 404, 200, 404, 403, 401), "", "application/json",
       &NotifiedContact},
      {"GET /v1/notification-preferences", "GET",
       "/v1/notification-preferences?person=$PERSON",
       Statuses(200, 200, 404, 404, 404, 200, 404, 403, 401), "", "application/json",
       &NotifiedContact},
      // (a coordinator changes only its own choices: 403 for a person of its
      // voivodeship, 404 for one outside it like everyone else)
      {"PUT /v1/notification-preferences", "PUT", "/v1/notification-preferences",
       Statuses(200, 403, 404, 404, 404, 200, 404, 403, 401),
       R"({"person": "$PERSON", "language": "pl", "optedOut": ["TASK_DUE_SOON"]})",
       "application/json", &NotifiedContact},

      // ---- a workshop group's people by name (the attendance sheet): the
      // office and trainers
      {"GET /v1/editions/{edition}/group-participants", "GET",
       "/v1/editions/$EDITION/group-participants?workshopGroup=0",
       Statuses(200, 403, 403, 403, 200, 403, 403, 403, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Training().edition}}; }},

      // ---- training: the plan (no personal data) is read by every role
      {"GET /v1/editions/{edition}/training-settings", "GET",
       "/v1/editions/$EDITION/training-settings",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Training().edition}}; }},
      {"PUT /v1/editions/{settings.edition}/training-settings", "PUT",
       "/v1/editions/$TEDITION/training-settings",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"thirdWeekReading": "DAYS_15_TO_21", "didacticHourMinutes": 60})",
       "application/json", [] { return Vars{{"$TEDITION", NewEditionCode()}}; }},
      {"POST /v1/editions/{edition}/modules", "POST", "/v1/editions/$TEDITION/modules",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"number": 1, "title": "M", "venue": "Hotel", "thirdWeekOf": "2030-06",
           "didacticHours": 21, "rooms": [{"id": "A", "name": "Sala", "capacity": 40}]})",
       "application/json", &FreshTrainingEdition},
      {"GET /v1/editions/{edition}/modules", "GET", "/v1/editions/$EDITION/modules",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Training().edition}}; }},
      {"GET /v1/modules/{module}", "GET", "/v1/modules/$MODULE",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},
      {"POST /v1/modules/{module}:move", "POST", "/v1/modules/$MODULE:move",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"startsOn": "2030-04-10"})",
       "application/json", &FreshModule},
      {"POST /v1/modules/{module}/sessions", "POST", "/v1/modules/$MODULE/sessions",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"startsLocal": "2030-04-03T11:00", "thematicArea": "FINANCING_EDUCATION",
           "workshopGroup": 1, "room": "A", "trainer": "$TRAINER"})",
       "application/json", &FreshModule},
      {"GET /v1/modules/{module}/sessions", "GET", "/v1/modules/$MODULE/sessions",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},
      {"POST /v1/modules/{module}:validate", "POST", "/v1/modules/$MODULE:validate",
       Statuses(200, 200, 200, 403, 200, 403, 403, 403, 401), "{}", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},

      // ---- attendance: the office and the session's own trainer
      {"PUT /v1/sessions/{session}/attendance/{participant}", "PUT",
       "/v1/sessions/$SESSION/attendance/$PARTICIPANT",
       Statuses(200, 403, 403, 403, 200, 403, 403, 403, 401), R"({"status": "PRESENT"})",
       "application/json",
       [] {
         return Vars{{"$SESSION", Training().session},
                     {"$PARTICIPANT", Training().participant}};
       }},
      {"PUT /v1/sessions/{session}/attendance", "PUT", "/v1/sessions/$SESSION/attendance",
       Statuses(200, 403, 403, 403, 200, 403, 403, 403, 401),
       R"({"marks": [{"participant": "$PARTICIPANT", "status": "PRESENT"}]})",
       "application/json",
       [] {
         return Vars{{"$SESSION", Training().session},
                     {"$PARTICIPANT", Training().participant}};
       }},
      {"GET /v1/sessions/{session}/attendance", "GET", "/v1/sessions/$SESSION/attendance",
       Statuses(200, 200, 200, 403, 200, 403, 403, 403, 401), "", "application/json",
       [] { return Vars{{"$SESSION", Training().session}}; }},
      {"GET /v1/participants/{participant}/training", "GET",
       "/v1/participants/$PARTICIPANT/training",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), "", "application/json",
       [] { return Vars{{"$PARTICIPANT", Training().participant}}; }},

      // ---- tasks: the JST submits, its guardian (none assigned here: 404)
      // or the office reviews
      {"POST /v1/modules/{module}/tasks", "POST", "/v1/modules/$MODULE/tasks",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"title": "Diagnoza", "dueLocal": "2030-01-10T12:00"})", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},
      {"GET /v1/modules/{module}/tasks", "GET", "/v1/modules/$MODULE/tasks",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},
      {"GET /v1/tasks", "GET", "/v1/tasks?overdue=false",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401)},
      {"POST /v1/tasks/{task}:submit", "POST", "/v1/tasks/$TASK:submit",
       Statuses(200, 403, 403, 403, 403, 200, 404, 403, 401), R"({"report": "Raport"})",
       "application/json", [] { return FreshTask(false); }},
      {"POST /v1/tasks/{task}:accept", "POST", "/v1/tasks/$TASK:accept",
       Statuses(200, 403, 403, 404, 403, 403, 403, 403, 401), "{}", "application/json",
       [] { return FreshTask(true); }},
      {"POST /v1/tasks/{task}:return", "POST", "/v1/tasks/$TASK:return",
       Statuses(200, 403, 403, 404, 403, 403, 403, 403, 401), R"({"comment": "Uzupełnić"})",
       "application/json", [] { return FreshTask(true); }},

      // ---- logistics: sign-ups by those managing the team; decisions and
      // lists by the office
      {"POST /v1/modules/{module}/signups", "POST", "/v1/modules/$MODULE/signups",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"participant": "$PARTICIPANT", "accommodation": true, "shuttle": true})",
       "application/json", &SignupTarget},
      {"GET /v1/modules/{module}/signups", "GET", "/v1/modules/$MODULE/signups",
       Statuses(200, 200, 200, 403, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().future_module}}; }},
      {"POST /v1/signups/{signup}:approve", "POST", "/v1/signups/$SIGNUP:approve",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "{}", "application/json",
       &PendingSignup},
      {"POST /v1/signups/{signup}:refuse", "POST", "/v1/signups/$SIGNUP:refuse",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"reason": "Brak miejsc"})",
       "application/json", &PendingSignup},
      {"GET /v1/modules/{module}/rooming-list", "GET", "/v1/modules/$MODULE/rooming-list",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().future_module}}; }},
      {"GET /v1/modules/{module}/shuttle-list", "GET", "/v1/modules/$MODULE/shuttle-list",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().future_module}}; }},

      // ---- evaluations
      {"POST /v1/modules/{module}/evaluations", "POST", "/v1/modules/$MODULE/evaluations",
       Statuses(200, 403, 403, 403, 403, 200, 404, 403, 401),
       R"({"participant": "$PARTICIPANT", "ratings": [{"area": "KEY_COMPETENCES", "score": 5}]})",
       "application/json",
       [] {
         return Vars{{"$MODULE", Training().module}, {"$PARTICIPANT", Training().participant}};
       }},
      {"GET /v1/modules/{module}/evaluation-summary", "GET",
       "/v1/modules/$MODULE/evaluation-summary",
       Statuses(200, 200, 200, 403, 200, 403, 403, 200, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Training().module}}; }},

      // ---- communities: the office sets them up; members enrolled by
      // the office, a moderating expert, a coordinator or JST for its own;
      // meetings by the office and moderators
      {"POST /v1/editions/{edition}/communities", "POST",
       "/v1/editions/$TEDITION/communities",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"kind": "COOPERATION_NETWORK", "name": "Sieć współpracy", "moderators": ["matrix-admin"]})",
       "application/json", [] { return Vars{{"$TEDITION", CreateEdition()}}; }},
      {"GET /v1/editions/{edition}/communities", "GET",
       "/v1/editions/$EDITION/communities",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Communities().edition}}; }},
      {"GET /v1/communities/{community}", "GET", "/v1/communities/$COMMUNITY",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$COMMUNITY", Communities().network}}; }},
      {"PUT /v1/communities/{community}/moderators", "PUT",
       "/v1/communities/$COMMUNITY/moderators",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"moderators": ["matrix-expert"]})", "application/json",
       [] { return Vars{{"$COMMUNITY", Communities().network}}; }},
      {"POST /v1/communities/{community}/members", "POST",
       "/v1/communities/$COMMUNITY/members",
       Statuses(200, 200, 404, 200, 403, 200, 404, 403, 401),
       R"({"participant": "$PARTICIPANT", "joinedOn": "$DAY"})", "application/json",
       &RotaJoin},
      {"POST /v1/communities/{community}/members/{participant}:leave", "POST",
       "/v1/communities/$COMMUNITY/members/$PARTICIPANT:leave",
       Statuses(200, 200, 404, 200, 403, 200, 404, 403, 401),
       R"({"leftOn": "$DAY"})", "application/json", &RotaLeave},
      {"GET /v1/communities/{community}/members", "GET",
       "/v1/communities/$COMMUNITY/members",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$COMMUNITY", Communities().network}}; }},
      {"POST /v1/communities/{community}/meetings", "POST",
       "/v1/communities/$COMMUNITY/meetings",
       Statuses(200, 403, 403, 200, 403, 403, 403, 403, 401),
       R"({"heldOn": "2025-02-10", "title": "Spotkanie", "form": "IN_PERSON", "attendees": ["$PARTICIPANT"]})",
       "application/json",
       [] {
         return Vars{{"$COMMUNITY", Communities().network},
                     {"$PARTICIPANT", Communities().own_participant}};
       }},
      {"PUT /v1/community-meetings/{meeting}", "PUT", "/v1/community-meetings/$MEETING",
       Statuses(200, 403, 403, 200, 403, 403, 403, 403, 401),
       R"({"heldOn": "2025-02-03", "title": "Spotkanie macierzy", "form": "ONLINE", "attendees": ["$OWN", "$FOREIGN"]})",
       "application/json",
       [] {
         return Vars{{"$MEETING", Communities().meeting},
                     {"$OWN", Communities().own_participant},
                     {"$FOREIGN", Communities().foreign_participant}};
       }},
      {"GET /v1/communities/{community}/meetings", "GET",
       "/v1/communities/$COMMUNITY/meetings",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$COMMUNITY", Communities().network}}; }},

      // ---- expert tables: the office sets them up; the table's expert
      // opens slots; the office, a coordinator or JST for its own book
      {"POST /v1/modules/{module}/expert-tables", "POST",
       "/v1/modules/$MODULE/expert-tables",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"topic": "EDUCATION_FINANCE", "title": "Finansowanie", "expert": "matrix-other"})",
       "application/json", [] { return Vars{{"$MODULE", Communities().module}}; }},
      {"GET /v1/modules/{module}/expert-tables", "GET",
       "/v1/modules/$MODULE/expert-tables",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$MODULE", Communities().module}}; }},
      {"POST /v1/expert-tables/{table}/slots", "POST", "/v1/expert-tables/$TABLE/slots",
       Statuses(200, 403, 403, 200, 403, 403, 403, 403, 401),
       R"({"startsLocal": "$START", "durationMinutes": 10, "capacity": 2})",
       "application/json", &FreshSlotStart},
      {"POST /v1/table-slots/{slot}/bookings", "POST", "/v1/table-slots/$SLOT/bookings",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"participant": "$PARTICIPANT"})", "application/json", &FreshSlot},
      {"POST /v1/table-bookings/{booking}:cancel", "POST",
       "/v1/table-bookings/$BOOKING:cancel",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), "{}",
       "application/json", &FreshBooking},
      {"GET /v1/expert-tables/{table}/bookings", "GET",
       "/v1/expert-tables/$TABLE/bookings",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$TABLE", Communities().table}}; }},

      // ---- e-learning: the office sets up courses and imports the
      // platform's completions
      {"PUT /v1/editions/{edition}/elearning-courses/{code}", "PUT",
       "/v1/editions/$EDITION/elearning-courses/MATRIX-2",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"title": "Kurs", "hours": 2})", "application/json",
       [] { return Vars{{"$EDITION", Communities().edition}}; }},
      {"GET /v1/editions/{edition}/elearning-courses", "GET",
       "/v1/editions/$EDITION/elearning-courses",
       Statuses(200, 200, 200, 200, 200, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Communities().edition}}; }},
      {"POST /v1/editions/{edition}/elearning-completions:import", "POST",
       "/v1/editions/$EDITION/elearning-completions:import",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       "participant_id;course_code;completed_on\n$PARTICIPANT;MATRIX-1;2025-01-10\n",
       "text/csv",
       [] {
         return Vars{{"$EDITION", Communities().edition},
                     {"$PARTICIPANT", Communities().own_participant}};
       }},
      {"GET /v1/editions/{edition}/elearning-completions", "GET",
       "/v1/editions/$EDITION/elearning-completions",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Communities().edition}}; }},

      // ---- calendars
      {"GET /v1/calendars/participants/{participant}.ics", "GET",
       "/v1/calendars/participants/$PARTICIPANT.ics",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401), "", "application/json",
       [] { return Vars{{"$PARTICIPANT", Training().participant}}; }},
      {"GET /v1/calendars/groups/{edition}/{group}.ics", "GET",
       "/v1/calendars/groups/$EDITION/2.ics",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Training().edition}}; }},
      {"GET /v1/calendars/trainers/{trainer}.ics", "GET",
       "/v1/calendars/trainers/matrix-trainer.ics",
       Statuses(200, 403, 403, 403, 200, 403, 403, 403, 401)},

      // ---- calendar feeds (issue 17): everyone makes their own feed of
      // what they may read (a participant's: as its calendar); lists and
      // revokes their own, the office anyone's; the address is read with
      // no token at all (the anonymous column) and whatever token is sent
      {"POST /v1/calendar-feeds", "POST", "/v1/calendar-feeds",
       Statuses(200, 200, 404, 403, 403, 200, 404, 403, 401),
       R"({"kind": "PARTICIPANT_CALENDAR", "participant": "$PARTICIPANT"})",
       "application/json",
       [] { return Vars{{"$PARTICIPANT", Training().participant}}; }},
      // The ministry caller's feeds (three, made once, so that the list
      // pages): the office and the owner list them; anyone else naming
      // another owner is refused naming `owner`.
      {"GET /v1/calendar-feeds", "GET", "/v1/calendar-feeds?owner=matrix-ministry",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "",
       "application/json",
       [] {
         static const bool made = [] {
           for (int i = 0; i < 3; ++i) NewGroupFeed("matrix-ministry");
           return true;
         }();
         (void)made;
         return Vars{};
       }},
      {"DELETE /v1/calendar-feeds/{id}", "DELETE", "/v1/calendar-feeds/$FEED",
       Statuses(200, 404, 404, 404, 404, 404, 404, 404, 401), "",
       "application/json",
       [] {
         return Vars{{"$FEED", Body(NewGroupFeed("matrix-feed-revoked"))
                                   .value("id", "")}};
       }},
      // Renewing: the owner (not among the callers here) or the office;
      // anyone else's feed is 404 like an unknown one.
      {"POST /v1/calendar-feeds/{id}:renew", "POST",
       "/v1/calendar-feeds/$FEED:renew",
       Statuses(200, 404, 404, 404, 404, 404, 404, 404, 401), "{}",
       "application/json",
       [] {
         return Vars{{"$FEED", Body(NewGroupFeed("matrix-feed-renewed"))
                                   .value("id", "")}};
       }},
      // Every feed of a person at once: the office alone.
      {"POST /v1/calendar-feeds:revoke", "POST", "/v1/calendar-feeds:revoke",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"owner": "matrix-feed-revoked-all"})", "application/json",
       [] {
         NewGroupFeed("matrix-feed-revoked-all");
         return Vars{};
       }},
      {"GET /v1/calendar-feeds/{token}.ics", "GET", "$ADDRESS",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 200), "",
       "application/json",
       [] {
         return Vars{{"$ADDRESS", Body(NewGroupFeed("matrix-feed-read"))
                                      .value("subscriptionPath", "")}};
       }},

      // ---- advisory: workflow versions are the office's; those who run
      // cases read them (not scoped)
      {"GET /v1/workflow-definitions", "GET", "/v1/workflow-definitions",
       Statuses(200, 200, 200, 200, 403, 403, 403, 403, 401)},
      {"POST /v1/workflow-definitions", "POST", "/v1/workflow-definitions",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"areaChoiceDays": 20, "needsDiagnosisDays": 60, "rolloutDays": 250,
           "note": "Wersja macierzy"})"},

      // ---- support areas: reference data for every role; the office sets
      // up a catalogue (in a fresh edition: at most 12 areas in one)
      {"GET /v1/editions/{edition}/support-areas", "GET", "/v1/editions/$EDITION/support-areas",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Advisory().edition}}; }},
      {"POST /v1/editions/{edition}/support-areas", "POST",
       "/v1/editions/$EDITION/support-areas",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"code": "SA-M1", "title": "Obszar macierzy", "thematicArea": "STRATEGIC_MANAGEMENT"})",
       "application/json", [] { return Vars{{"$EDITION", CreateEdition()}}; }},

      // ---- experts: the office registers and deactivates (a fresh expert
      // without cases each time); a coordinator lists those serving their
      // voivodeship, an expert only themself
      {"GET /v1/experts", "GET", "/v1/experts",
       Statuses(200, 200, 200, 200, 403, 403, 403, 403, 401)},
      {"POST /v1/experts", "POST", "/v1/experts",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"subject": "$SUBJECT", "displayName": "Ekspert Macierzowy",
           "speciality": "PERSONNEL_DEVELOPMENT", "voivodeships": ["24"], "maxCaseload": 10})",
       "application/json", [] { return Vars{{"$SUBJECT", NextSubject()}}; }},
      {"POST /v1/experts/{expert}:deactivate", "POST", "/v1/experts/$EXPERT:deactivate",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"handoverNote": "Koniec umowy"})",
       "application/json",
       [] {
         return Vars{
             {"$EXPERT", CreateExpert(NextSubject(), "PERSONNEL_DEVELOPMENT", {"24"})}};
       }},

      // ---- cases: a COORDINATOR sees its voivodeship's, the EXPERT the
      // cases of its pair (matrix-expert guards the own case), a JST its
      // own, read only; out of scope is 404 like an unknown case
      {"GET /v1/cases", "GET", "/v1/cases?edition=$EDITION",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "", "application/json",
       [] { return Vars{{"$EDITION", Advisory().edition}}; }},
      {"GET /v1/cases/{case}", "GET", "/v1/cases/$CASE",
       Statuses(200, 200, 404, 200, 403, 200, 404, 403, 401), "", "application/json", &OwnCase},
      {"GET /v1/cases/{case}/history", "GET", "/v1/cases/$CASE/history",
       Statuses(200, 200, 404, 200, 403, 200, 404, 403, 401), "", "application/json", &OwnCase},
      {"GET /v1/cases/{case}/activities", "GET", "/v1/cases/$CASE/activities",
       Statuses(200, 200, 404, 200, 403, 200, 404, 403, 401), "", "application/json", &OwnCase},
      // Records, not commands: no version, the own case every time.
      {"POST /v1/cases/{case}/activities", "POST", "/v1/cases/$CASE/activities",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"kind": "CONSULTATION", "occurredOn": "$TODAY", "form": "PHONE",
           "participants": ["Jan Wójt"]})",
       "application/json", &OwnCase},

      // ---- good practices: the case's experts, its region's coordinator
      // and the office propose and edit drafts and submit them (a fresh
      // practice of the own case each cell); the office publishes, returns
      // and withdraws; everyone reads the published catalogue, a draft only
      // those who may propose it (others: 404 like an unknown one)
      {"POST /v1/cases/{case}/good-practices", "POST",
       "/v1/cases/$CASE/good-practices",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"title": "$TITLE", "description": "Opis", "supportArea": "$AREA"})",
       "application/json",
       [] {
         return Vars{{"$CASE", Advisory().own_case},
                     {"$TITLE", NextPracticeTitle()},
                     {"$AREA", FirstSupportArea(Advisory().edition)}};
       }},
      {"PUT /v1/good-practices/{good_practice}", "PUT",
       "/v1/good-practices/$PRACTICE",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION,
           "practice": {"title": "$TITLE", "description": "Nowy opis"}})",
       "application/json", [] { return NewPractice({}); }},
      {"POST /v1/good-practices/{good_practice}:submit", "POST",
       "/v1/good-practices/$PRACTICE:submit",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION})", "application/json",
       [] { return NewPractice({}); }},
      {"POST /v1/good-practices/{good_practice}:publish", "POST",
       "/v1/good-practices/$PRACTICE:publish",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION})", "application/json",
       [] { return NewPractice({"submit"}); }},
      {"POST /v1/good-practices/{good_practice}:return", "POST",
       "/v1/good-practices/$PRACTICE:return",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "reason": "Do uzupełnienia"})",
       "application/json", [] { return NewPractice({"submit"}); }},
      {"POST /v1/good-practices/{good_practice}:withdraw", "POST",
       "/v1/good-practices/$PRACTICE:withdraw",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "reason": "Nieaktualna"})",
       "application/json", [] { return NewPractice({"submit", "publish"}); }},
      {"GET /v1/good-practices/{good_practice}", "GET",
       "/v1/good-practices/$PRACTICE",
       Statuses(200, 200, 404, 200, 404, 404, 404, 404, 401), "",
       "application/json",
       [] {
         static const Vars draft = NewPractice({});
         return draft;
       }},
      {"GET /v1/editions/{edition}/good-practices", "GET",
       "/v1/editions/$EDITION/good-practices",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "",
       "application/json",
       [] { return Vars{{"$EDITION", Advisory().edition}}; }},
      {"GET /v1/editions/{edition}/good-practices:export", "GET",
       "/v1/editions/$EDITION/good-practices:export",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401), "",
       "application/json",
       [] { return Vars{{"$EDITION", Advisory().edition}}; }},

      // ---- schools: the office loads the register (the same small file
      // each time: nothing changes); those who plan actions read it, a JST
      // its own schools only
      {"POST /v1/schools:import", "POST", "/v1/schools:import?voivodeship=24",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       "rspo;name;type;teryt_of_running_jst\n"
       "9100001;Szkoła Podstawowa macierzy;Szkoła podstawowa;2476011\n",
       "text/csv"},
      {"GET /v1/schools", "GET", "/v1/schools",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401)},
      // The schools of approved schedules: scoped as the cases are (an
      // empty list out of scope), not for trainers or the ministry.
      {"GET /v1/editions/{edition}/schools-reached", "GET",
       "/v1/editions/$EDITION/schools-reached",
       Statuses(200, 200, 200, 200, 403, 200, 200, 403, 401), "",
       "application/json",
       [] { return Vars{{"$EDITION", Advisory().edition}}; }},

      // ---- staffing: the voivodeship's coordinator may ask for a proposal;
      // the office assigns (to a case without experts, fresh once used)
      {"GET /v1/cases/{case}/expert-proposal", "GET", "/v1/cases/$CASE/expert-proposal",
       Statuses(200, 200, 404, 403, 403, 403, 403, 403, 401), "", "application/json", &OwnCase},
      {"POST /v1/cases/{case}:assignExperts", "POST", "/v1/cases/$CASE:assignExperts",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "educationExpert": "$GUARDIAN",
           "personnelExpert": "$PERSONNEL", "guardian": "EDUCATION_DEVELOPMENT"})",
       "application/json",
       [] {
         return PooledCase("unstaffed", "UNSTAFFED", [](const json& c) {
           return InStage(c, "AREA_CHOICE") && c.value("guardian", "").empty();
         });
       }},

      // ---- the workflow commands, each on a case in the stage where it is
      // legal with its current version (a fresh one once a cell has moved
      // it on), so in-scope callers succeed: the office, the own
      // coordinator and the guardian expert; nobody else
      {"POST /v1/cases/{case}:chooseArea", "POST", "/v1/cases/$CASE:chooseArea",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "supportArea": "$AREA",
           "agreement": {"agreedOn": "$TODAY", "agreedBy": "Jan Wójt, wójt"}})",
       "application/json",
       [] {
         Vars vars = PooledCase("area", "AREA_CHOICE", [](const json& c) {
           return InStage(c, "AREA_CHOICE") && !c.value("guardian", "").empty();
         });
         const json c = GetCase(vars["$CASE"]);
         vars["$AREA"] = FirstSupportArea(c.is_object() ? c.value("edition", "") : "");
         return vars;
       }},
      {"POST /v1/cases/{case}:completeDiagnosis", "POST", "/v1/cases/$CASE:completeDiagnosis",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "diagnosisSummary": "Diagnoza macierzy",
           "actions": [{"title": "Działanie", "owner": "Wydział Edukacji",
                        "startsOn": "2030-01-07", "dueOn": "2030-06-28"}]})",
       "application/json",
       [] {
         return PooledCase("diagnosis", "NEEDS_DIAGNOSIS",
                           [](const json& c) { return InStage(c, "NEEDS_DIAGNOSIS"); });
       }},
      // The guardian's alone: EXPERT is the only role with the rule.
      {"POST /v1/cases/{case}:approveSchedule", "POST", "/v1/cases/$CASE:approveSchedule",
       Statuses(403, 403, 403, 200, 403, 403, 403, 403, 401), R"({"expectedVersion": $VERSION})",
       "application/json",
       [] {
         return PooledCase("approval", "SCHEDULED", [](const json& c) {
           return InStage(c, "NEEDS_DIAGNOSIS") && !c.value("actions", json::array()).empty();
         });
       }},
      {"POST /v1/cases/{case}:adoptPlan", "POST", "/v1/cases/$CASE:adoptPlan",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION,
           "plan": {"documentReference": "Uchwała nr I/1/2026", "adoptedOn": "$TODAY"}})",
       "application/json",
       [] {
         return PooledCase("plan", "ROLLOUT", [](const json& c) {
           return InStage(c, "ROLLOUT") && !c.contains("plan");
         });
       }},
      {"POST /v1/cases/{case}:completeRollout", "POST", "/v1/cases/$CASE:completeRollout",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401), R"({"expectedVersion": $VERSION})",
       "application/json",
       [] {
         return PooledCase("closing", "CLOSABLE", [](const json& c) {
           return InStage(c, "ROLLOUT") && c.contains("plan") && !HasPlannedAction(c);
         });
       }},
      {"POST /v1/cases/{case}/actions/{action}:complete", "POST",
       "/v1/cases/$CASE/actions/$ACTION:complete",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401), R"({"expectedVersion": $VERSION})",
       "application/json",
       [] {
         return PooledCase("action", "ROLLOUT", [](const json& c) {
           return InStage(c, "ROLLOUT") && HasPlannedAction(c);
         });
       }},
      {"POST /v1/cases/{case}/actions/{action}:drop", "POST",
       "/v1/cases/$CASE/actions/$ACTION:drop",
       Statuses(200, 200, 404, 200, 403, 403, 403, 403, 401),
       R"({"expectedVersion": $VERSION, "reason": "Zastąpione innym działaniem"})",
       "application/json",
       [] {
         return PooledCase("action", "ROLLOUT", [](const json& c) {
           return InStage(c, "ROLLOUT") && HasPlannedAction(c);
         });
       }},

      // ---- reporting (gateway/access_policy.cc): figures and evidence are
      // ids and codes, narrowed by the service to a COORDINATOR's
      // voivodeship or a JST's own JST (a foreign caller gets its own,
      // possibly empty, figures: 200); progress is not for JST users;
      // exports carry personal data (ADMIN, MINISTRY); reconciliation reads
      // the sources as the caller (ADMIN)
      {"GET /v1/indicators", "GET", "/v1/indicators?edition=$EDITION",
       Statuses(200, 200, 200, 403, 403, 200, 200, 200, 401), "", "application/json",
       &ReportingEdition},
      {"GET /v1/indicators/{code}/evidence", "GET",
       "/v1/indicators/JST_SUPPORTED/evidence?edition=$EDITION",
       Statuses(200, 200, 200, 403, 403, 200, 200, 200, 401), "", "application/json",
       &ReportingEdition},
      {"GET /v1/progress", "GET", "/v1/progress?edition=$EDITION",
       Statuses(200, 200, 200, 403, 403, 403, 403, 200, 401), "", "application/json",
       &ReportingEdition},
      // Removing an edition's own target (none set): idempotent, no effect
      // on the other rows.
      {"PUT /v1/editions/{edition}/indicator-targets/{code}", "PUT",
       "/v1/editions/$EDITION/indicator-targets/JST_SUPPORTED",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"target": ""})",
       "application/json", &ReportingEdition},
      {"GET /v1/data-quality", "GET", "/v1/data-quality?edition=$EDITION",
       Statuses(200, 200, 200, 403, 403, 200, 200, 200, 401), "", "application/json",
       &ReportingEdition},
      {"POST /v1/editions/{edition}/exports", "POST", "/v1/editions/$EDITION/exports",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401),
       R"({"kind": "AGGREGATES_CSV", "purpose": "Macierz uprawnień"})", "application/json",
       &ReportingEdition},
      {"GET /v1/editions/{edition}/exports", "GET", "/v1/editions/$EDITION/exports",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "", "application/json",
       &ReportingEdition},
      {"GET /v1/exports/{export}", "GET", "/v1/exports/$EXPORT",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "", "application/json",
       &MatrixExport},
      {"GET /v1/exports/{export}/content", "GET", "/v1/exports/$EXPORT/content",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "", "application/json",
       &MatrixExport},
      {"GET /v1/exports/{export}/diff", "GET", "/v1/exports/$EXPORT/diff",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "", "application/json",
       &MatrixExport},
      // Idempotent: submitting the same snapshot again answers it again.
      {"POST /v1/exports/{export}:submit", "POST", "/v1/exports/$EXPORT:submit",
       Statuses(200, 403, 403, 403, 403, 403, 403, 200, 401), "{}", "application/json",
       &MatrixExport},
      {"POST /v1/editions/{edition}:reconcile", "POST", "/v1/editions/$EDITION:reconcile",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "{}", "application/json",
       &ReportingEdition},
  };
  return *kMatrix;
}

const std::map<std::string, ListCheck>& AuthzMatrixTest::Lists() {
  static const auto* const kLists = new std::map<std::string, ListCheck>{
      {"GET /v1/jsts",
       {[] { return std::string("/v1/jsts?pageSize=500"); }, "jsts",
        [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
      // Two per page, so the scope holds across pages too.
      {"GET /v1/editions/{edition}/applications",
       {[] {
          return "/v1/editions/" + Shared().edition +
                 "/applications?pageSize=2";
        },
        "applications",
        [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
      // One per page; the advisory world's edition holds a case of 24 and
      // one of 02 (0201011), whose pair is not the expert caller.
      {"GET /v1/cases",
       {[] {
          return "/v1/cases?edition=" + Advisory().edition + "&pageSize=1";
        },
        "cases", [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); },
        [](const json& row) {
          return row.value("educationExpert", "") == Advisory().guardian ||
                 row.value("personnelExpert", "") == Advisory().guardian;
        }}},
      // The world table's bookings: the own and the foreign official's,
      // one per page; the table's expert sees every one.
      {"GET /v1/expert-tables/{table}/bookings",
       {[] {
          return "/v1/expert-tables/" + Communities().table +
                 "/bookings?includeCancelled=true&pageSize=1";
        },
        "bookings",
        [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
      // The network's members: the own and the foreign official, one per
      // page; experts see every member.
      {"GET /v1/communities/{community}/members",
       {[] {
          return "/v1/communities/" + Communities().network +
                 "/members?pageSize=1";
        },
        "members", [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
      // Experts serve voivodeships: the world's pairs of 24 and 02 at least.
      {"GET /v1/experts",
       {[] {
          Advisory();
          return std::string("/v1/experts?activeOnly=false");
        },
        "experts",
        [](const json& row) {
          std::vector<std::string> served;
          for (const json& v : row.value("voivodeships", json::array())) {
            served.push_back(v.get<std::string>());
          }
          return absl::StrJoin(served, ",");
        },
        [](const json&) { return std::string(); },
        [](const json& row) {
          return row.value("subject", "") == "matrix-expert";
        }}},
  };
  return *kLists;
}

const Row* AuthzMatrixTest::RowOf(const std::string& route) {
  for (const Row& row : Matrix()) {
    if (row.route == route) return &row;
  }
  return nullptr;
}

TEST_F(AuthzMatrixTest, EveryRouteHasARow) {
  auto routes =
      gateway::RouteTable::FromGeneratedPool(gateway::BackendServices());
  ASSERT_TRUE(routes.ok()) << routes.status();
  std::set<std::string> known;
  for (const Row& row : Matrix()) known.insert(row.route);
  for (const gateway::Route& route : routes->routes()) {
    std::string name = route.http_method + " " + route.path.text;
    EXPECT_TRUE(known.count(name))
        << name << " has no row in the authorization matrix";
  }
  for (const Row& row : Matrix()) {
    EXPECT_EQ(row.expected.size(), Callers().size())
        << row.route << " lacks a caller";
  }
  for (const auto& [route, list] : Lists()) {
    EXPECT_NE(RowOf(route), nullptr)
        << route << " is checked as a list but has no row";
  }
}

TEST_F(AuthzMatrixTest, EveryCellAnswersAsExpected) {
  for (const Row& row : Matrix()) {
    for (const Caller& caller : Callers()) {
      auto expected = row.expected.find(caller.name);
      if (expected == row.expected.end()) continue;  // reported above
      Vars vars = row.setup ? row.setup() : Vars{};
      const std::string target = absl::StrReplaceAll(row.target, vars);
      const std::string body = absl::StrReplaceAll(row.body, vars);
      HttpResponse response =
          Call(caller, row.method, target, body, row.content_type);
      EXPECT_EQ(response.status, expected->second)
          << row.route << " as " << caller.name << " (" << row.method << " "
          << target << "): " << response.body;
    }
  }
}

TEST_F(AuthzMatrixTest, ForeignObjectsLookExactlyLikeMissingOnes) {
  const Caller& foreign = Callers()[2];  // coordinator-foreign
  ASSERT_EQ(foreign.name, "coordinator-foreign");
  const std::string unknown_id = "6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91";
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"/v1/jsts/2476011", "/v1/jsts/0299999"},
      {"/v1/applications/" + Shared().application,
       "/v1/applications/" + unknown_id},
      {"/v1/participants/" + Shared().participant,
       "/v1/participants/" + unknown_id},
      {"/v1/cases/" + Advisory().own_case, "/v1/cases/" + unknown_id},
      {"/v1/good-practices/" + NewPractice({})["$PRACTICE"],
       "/v1/good-practices/" + unknown_id},
  };
  for (const auto& [hidden_target, missing_target] : pairs) {
    HttpResponse hidden = Call(foreign, "GET", hidden_target);
    HttpResponse missing = Call(foreign, "GET", missing_target);
    ASSERT_EQ(hidden.status, 404) << hidden_target << ": " << hidden.body;
    ASSERT_EQ(missing.status, 404) << missing_target << ": " << missing.body;
    json a = Body(hidden);
    json b = Body(missing);
    // Same shape and wording; only the code or id asked for differs (and
    // is masked where a message repeats it).
    auto masked = [](const json& error, const std::string& target) {
      const std::string asked = target.substr(target.rfind('/') + 1);
      return absl::StrReplaceAll(error["message"].get<std::string>(),
                                 {{asked, "<id>"}});
    };
    EXPECT_EQ(a["code"], b["code"]) << hidden_target;
    EXPECT_EQ(masked(a, hidden_target).substr(0, 20),
              masked(b, missing_target).substr(0, 20))
        << hidden_target;
    EXPECT_EQ(a["details"].size(), b["details"].size()) << hidden_target;
  }
}

TEST_F(AuthzMatrixTest, NoListHoldsAForeignRow) {
  for (const auto& [route, list] : Lists()) {
    const Row* row = RowOf(route);
    ASSERT_NE(row, nullptr) << route;
    for (const Caller& caller : Callers()) {
      if (caller.role.empty()) continue;
      if (row->expected.at(caller.name) == 403)
        continue;  // the role may not list
      std::string token;
      int rows = 0;
      for (int page = 0; page < 20; ++page) {
        std::string target =
            list.target() + (token.empty() ? "" : "&pageToken=" + token);
        HttpResponse response = Call(caller, "GET", target);
        ASSERT_EQ(response.status, 200)
            << route << " as " << caller.name << ": " << response.body;
        json body = Body(response);
        for (const json& item : body.value(list.rows_field, json::array())) {
          ++rows;
          auto region = caller.scope.find("region");
          if (region != caller.scope.end()) {
            const std::vector<std::string> served =
                absl::StrSplit(list.voivodeship(item), ',');
            EXPECT_NE(std::find(served.begin(), served.end(), region->second),
                      served.end())
                << route << " as " << caller.name << " holds " << item.dump();
          }
          if (caller.role == "EXPERT" && list.expert_sees) {
            EXPECT_TRUE(list.expert_sees(item))
                << route << " as " << caller.name << " holds " << item.dump();
          }
          auto jst = caller.scope.find("jst");
          if (jst != caller.scope.end()) {
            EXPECT_EQ(list.jst(item), jst->second)
                << route << " as " << caller.name << " holds " << item.dump();
          }
        }
        token = body.value("nextPageToken", "");
        if (token.empty()) break;
      }
      EXPECT_GT(rows, 0) << route << " as " << caller.name
                         << " saw nothing at all";
    }
  }
}

// The routes whose answer carries a nextPageToken, with the JSON name of
// the repeated field holding their rows.
std::map<std::string, std::string> ListRoutes() {
  auto routes =
      gateway::RouteTable::FromGeneratedPool(gateway::BackendServices());
  EXPECT_TRUE(routes.ok()) << routes.status();
  std::map<std::string, std::string> lists;
  if (!routes.ok()) return lists;
  for (const gateway::Route& route : routes->routes()) {
    const auto& answer = *route.response_prototype->GetDescriptor();
    if (answer.FindFieldByName("next_page_token") == nullptr) continue;
    for (int i = 0; i < answer.field_count(); ++i) {
      if (answer.field(i)->is_repeated() && !answer.field(i)->is_map()) {
        lists[route.http_method + " " + route.path.text] =
            answer.field(i)->json_name();
        break;
      }
    }
  }
  return lists;
}

// `target` without a pageSize of its own, ready for one more parameter.
std::string PagedBase(const std::string& target) {
  std::string base = target;
  const size_t size = base.find("pageSize=");
  if (size != std::string::npos) {
    const size_t end = base.find('&', size);
    base.erase(size,
               end == std::string::npos ? std::string::npos : end - size + 1);
  }
  while (!base.empty() && (base.back() == '&' || base.back() == '?'))
    base.pop_back();
  return base + (base.find('?') == std::string::npos ? "?" : "&");
}

// The one field a 400 answer's google.rpc.BadRequest names.
std::string RefusedField(const HttpResponse& response) {
  const json body = json::parse(response.body, nullptr, false);
  if (response.status != 400 || !body.is_object()) return "(not a 400)";
  for (const json& detail : body.value("details", json::array())) {
    const json violations = detail.value("fieldViolations", json::array());
    if (violations.size() == 1) return violations[0].value("field", "");
  }
  return "(no field violation)";
}

// The same list with other filters (another parent object, another query
// filter), "" when the list has none to vary.
std::string AuthzMatrixTest::OtherFilters(const std::string& route,
                                          const std::string& target) {
  const std::string& other_edition = Shared().edition;
  const std::map<std::string, std::function<std::string()>> others = {
      {"GET /v1/jsts", [] { return std::string("/v1/jsts?voivodeship=02&"); }},
      {"GET /v1/editions/{edition}/applications",
       [&] { return target + "voivodeship=24&"; }},
      {"GET /v1/editions/{edition}/identity-conflicts",
       [&] {
         return "/v1/editions/" + other_edition + "/identity-conflicts?";
       }},
      {"GET /v1/editions/{edition}/group-participants",
       [] {
         return "/v1/editions/" + Training().edition +
                "/group-participants?workshopGroup=2&";
       }},
      {"GET /v1/editions/{edition}/modules",
       [&] { return "/v1/editions/" + other_edition + "/modules?"; }},
      {"GET /v1/modules/{module}/sessions",
       [] { return "/v1/modules/" + Training().future_module + "/sessions?"; }},
      {"GET /v1/sessions/{session}/attendance",
       [] {
         return "/v1/sessions/6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91/attendance?";
       }},
      {"GET /v1/modules/{module}/tasks",
       [] { return "/v1/modules/" + Training().future_module + "/tasks?"; }},
      {"GET /v1/tasks", [] { return std::string("/v1/tasks?overdue=true&"); }},
      {"GET /v1/notifications", [&] { return target + "state=SENT&"; }},
      {"GET /v1/modules/{module}/signups",
       [&] { return target + "status=SIGNUP_PENDING_APPROVAL&"; }},
      {"GET /v1/editions/{edition}/support-areas",
       [&] { return "/v1/editions/" + other_edition + "/support-areas?"; }},
      {"GET /v1/experts",
       [] { return std::string("/v1/experts?activeOnly=true&"); }},
      {"GET /v1/cases", [&] { return target + "overdue=true&"; }},
      {"GET /v1/indicators/{code}/evidence",
       [&] { return target + "voivodeship=24&"; }},
      {"GET /v1/editions/{edition}/exports",
       [] { return "/v1/editions/" + Training().edition + "/exports?"; }},
      {"GET /v1/calendar-feeds",
       [] { return std::string("/v1/calendar-feeds?owner=matrix-admin&"); }},
      {"GET /v1/editions/{edition}/communities",
       [&] { return target + "kind=THEMATIC_NETWORK&"; }},
      {"GET /v1/communities/{community}/members",
       [&] { return target + "includePast=true&"; }},
      {"GET /v1/communities/{community}/meetings",
       [] { return "/v1/communities/" + Communities().rota + "/meetings?"; }},
      {"GET /v1/expert-tables/{table}/bookings",
       [&] { return target + "includeCancelled=true&"; }},
      {"GET /v1/editions/{edition}/elearning-completions",
       [] {
         return "/v1/editions/" + Training().edition +
                "/elearning-completions?";
       }},
      {"GET /v1/editions/{edition}/elearning-courses",
       [] {
         return "/v1/editions/" + Training().edition + "/elearning-courses?";
       }},
  };
  auto other = others.find(route);
  return other == others.end() ? "" : other->second();
}

// Published practices are everyone's, a draft only its proposers' (the
// office, its region's coordinator, the case's experts); a JST reads only
// the schools it runs.
TEST_F(AuthzMatrixTest, DraftsAndSchoolsStayInTheirScope) {
  const std::string draft = NewPractice({})["$PRACTICE"];
  const std::string published = NewPractice({"submit", "publish"})["$PRACTICE"];
  const std::string list =
      "/v1/editions/" + Advisory().edition + "/good-practices?pageSize=500";
  for (const Caller& caller : Callers()) {
    if (caller.name == "anonymous") continue;
    HttpResponse answer = Call(caller, "GET", list);
    ASSERT_EQ(answer.status, 200) << caller.name << ": " << answer.body;
    const bool proposer = caller.name == "admin" ||
                          caller.name == "coordinator-own" ||
                          caller.name == "expert";
    bool sees_draft = false;
    bool sees_published = false;
    for (const json& row : Body(answer).value("practices", json::array())) {
      sees_draft |= row.value("id", "") == draft;
      sees_published |= row.value("id", "") == published;
      if (!proposer) {
        EXPECT_EQ(row.value("status", ""), "PRACTICE_PUBLISHED") << caller.name;
      }
    }
    EXPECT_TRUE(sees_published) << caller.name;
    EXPECT_EQ(sees_draft, proposer) << caller.name;
  }

  HttpResponse loaded =
      AsAdmin("POST", "/v1/schools:import?voivodeship=24",
              "rspo;name;type;teryt_of_running_jst\n"
              "9100001;Szkoła Podstawowa macierzy;Szkoła podstawowa;2476011\n",
              "text/csv");
  ASSERT_EQ(loaded.status, 200) << loaded.body;
  const Caller& jst = Callers()[5];
  ASSERT_EQ(jst.name, "jst-own");
  const json own = Body(Call(jst, "GET", "/v1/schools?pageSize=500"))
                       .value("schools", json::array());
  ASSERT_FALSE(own.empty());
  for (const json& row : own)
    EXPECT_EQ(row.value("runningTeryt", ""), "2476011");
  EXPECT_TRUE(Body(Call(jst, "GET", "/v1/schools?teryt=0201011"))
                  .value("schools", json::array())
                  .empty());
}

TEST_F(AuthzMatrixTest, EveryListPagesTheSameWay) {
  const std::map<std::string, std::string> lists = ListRoutes();
  // The 31 list routes (ListParticipantFacts, ListParticipantTraining and
  // ExportParticipants are for services and have none).
  ASSERT_EQ(lists.size(), 31u) << "every list route answers a nextPageToken";
  // A token of each list, to be refused by every other list.
  std::map<std::string, std::string> tokens;
  std::map<std::string, std::string> bases;
  for (const auto& [route, rows_field] : lists) {
    const Row* row = RowOf(route);
    ASSERT_NE(row, nullptr) << route;
    const Vars vars = row->setup ? row->setup() : Vars{};
    const std::string base = PagedBase(absl::StrReplaceAll(row->target, vars));
    bases[route] = base;
    SCOPED_TRACE(route + " from " + base);

    // The default page: at most 100 rows, and a nextPageToken (maybe empty).
    HttpResponse first = Get(base);
    EXPECT_EQ(first.status, 200) << first.body;
    const json whole = Body(first);
    EXPECT_TRUE(whole.contains("nextPageToken") &&
                whole["nextPageToken"].is_string());
    EXPECT_LE(whole.value(rows_field, json::array()).size(), 100u);

    // The maximum is accepted; one more is refused naming pageSize.
    EXPECT_EQ(Get(base + "pageSize=500").status, 200);
    HttpResponse too_big = Get(base + "pageSize=501");
    EXPECT_EQ(RefusedField(too_big), "pageSize") << too_big.body;
    EXPECT_EQ(Body(too_big).value("message", ""),
              "pageSize: must be 1..500 (0 or absent: 100)");
    EXPECT_EQ(RefusedField(Get(base + "pageSize=-1")), "pageSize");
    EXPECT_EQ(RefusedField(Get(base + "pageToken=not-a-token")), "pageToken");

    // Walking small pages gives every row of the one big page exactly once.
    HttpResponse all = Get(base + "pageSize=500");
    const json every = Body(all).value(rows_field, json::array());
    if (!Body(all).value("nextPageToken", "").empty())
      continue;  // more than 500
    const size_t size = std::max<size_t>(1, every.size() / 3);
    std::multiset<std::string> walked;
    std::string token;
    int pages = 0;
    do {
      HttpResponse page = Get(base + absl::StrCat("pageSize=", size) +
                              (token.empty() ? "" : "&pageToken=" + token));
      if (page.status != 200) {
        ADD_FAILURE() << "page " << pages + 1 << ": " << page.body;
        break;
      }
      const json rows = Body(page).value(rows_field, json::array());
      EXPECT_LE(rows.size(), size);
      for (const json& r : rows) walked.insert(r.dump());
      token = Body(page).value("nextPageToken", "");
      if (pages == 0 && !token.empty()) tokens[route] = token;
    } while (!token.empty() && ++pages < 200);
    std::multiset<std::string> expected;
    for (const json& r : every) expected.insert(r.dump());
    EXPECT_EQ(walked, expected);

    // A token is bound to its filters.
    const std::string other = OtherFilters(route, base);
    if (!tokens.count(route) || other.empty()) continue;
    HttpResponse elsewhere = Get(other + "pageToken=" + tokens[route]);
    EXPECT_EQ(RefusedField(elsewhere), "pageToken")
        << other << ": " << elsewhere.body;
  }
  // ...and to its list.
  for (const auto& [route, token] : tokens) {
    for (const auto& [other, base] : bases) {
      if (other == route) continue;
      EXPECT_EQ(RefusedField(Get(base + "pageToken=" + token)), "pageToken")
          << "a token of " << route << " on " << other;
    }
  }
  // The lists short of two rows in the matrix's worlds cannot show a token.
  std::vector<std::string> without;
  for (const auto& [route, rows_field] : lists) {
    if (!tokens.count(route)) without.push_back(route);
  }
  RecordProperty("lists_without_a_second_page", absl::StrJoin(without, "; "));
}

// Bad input at the gateway is answered in the user's words: the field's
// JSON path, what it must be, and a BadRequest naming it.
TEST_F(AuthzMatrixTest, ParseErrorsSayWhatTheUserDidWrong) {
  const std::string exports = "/v1/editions/" + Shared().edition + "/exports";
  HttpResponse kind =
      AsAdmin("POST", exports, R"({"kind":"AGGREGATES_XLSX","purpose":"x"})");
  EXPECT_EQ(RefusedField(kind), "kind") << kind.body;
  EXPECT_EQ(
      Body(kind).value("message", ""),
      "kind: must be one of PARTICIPANTS, AGGREGATES_CSV, AGGREGATES_ADX");
  HttpResponse format =
      AsAdmin("POST", exports, R"({"kind":"PARTICIPANTS","format":"xlsx"})");
  EXPECT_EQ(RefusedField(format), "format") << format.body;
  EXPECT_EQ(Body(format)
                .value("message", "")
                .rfind("format: no such field in this request; "
                       "known fields: ",
                       0),
            0u)
      << format.body;
  json module =
      ModuleJson(3, "2030-04-03T11:00", "2030-04-05T14:30", "2030-03-20T15:00");
  module["rooms"][0]["capacity"] = "lots";
  HttpResponse capacity = AsAdmin(
      "POST", "/v1/editions/" + Training().edition + "/modules", module.dump());
  EXPECT_EQ(RefusedField(capacity), "rooms[0].capacity") << capacity.body;
  EXPECT_EQ(Body(capacity).value("message", ""),
            "rooms[0].capacity: must be a whole number");
  HttpResponse size = Get("/v1/jsts?pageSize=lots");
  EXPECT_EQ(RefusedField(size), "pageSize") << size.body;
  EXPECT_EQ(Body(size).value("message", ""),
            "pageSize: must be a whole number");
  HttpResponse stage = Get("/v1/cases?stage=DONE");
  EXPECT_EQ(RefusedField(stage), "stage") << stage.body;
}

// An edition nobody knows is answered alike by every service.
TEST_F(AuthzMatrixTest, AnUnknownEditionIsTheSameAnswerEverywhere) {
  for (const auto& [method, target, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/v1/editions/NOSUCH", ""},
           {"GET", "/v1/editions/NOSUCH/applications", ""},
           {"POST", "/v1/editions/NOSUCH/exports",
            R"({"kind":"AGGREGATES_CSV","purpose":"x"})"},
           {"GET", "/v1/indicators?edition=NOSUCH", ""},
       }) {
    HttpResponse response = AsAdmin(method, target, body);
    EXPECT_EQ(response.status, 404) << target << ": " << response.body;
    EXPECT_EQ(Body(response).value("message", ""), "no edition NOSUCH")
        << target;
  }
}

}  // namespace
}  // namespace jstedu::testing
