// The authorization matrix, end to end: every route of the gateway × every
// role × own and foreign voivodeship (or JST), with the expected status in
// each cell, against the real stack; and no list answer ever holds a row
// outside the caller's scope.
//
// A route the gateway serves but this table does not know fails the test:
// each new route brings its row (and its list check, if it lists).
#include <functional>

#include "absl/strings/str_replace.h"
#include "gateway/config.h"
#include "gateway/route_table.h"
#include "tests/e2e/recruitment_e2e.h"

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
std::map<std::string, int> Statuses(int admin, int coordinator_own, int coordinator_foreign,
                                    int expert, int trainer, int jst_own, int jst_foreign,
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
  std::string target;                   // may hold placeholders filled by `setup`
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
  std::function<std::string(const json&)> voivodeship;
  std::function<std::string(const json&)> jst;
};

// Objects shared by the read-only rows and the list checks, made once as
// ADMIN: an edition with applications of several voivodeships (own and
// foreign ones for every scoped caller) and a participant of 2476011.
struct World {
  std::string edition;
  std::string application;  // 2476011's
  std::string participant;  // in it
};

class AuthzMatrixTest : public RecruitmentE2eTest {
 protected:
  static HttpResponse Call(const Caller& caller, const std::string& method,
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
      for (const char* teryt : {"2461011", "0201011", "2476011", "1465011", "2462011", "0264011"}) {
        std::string id = SubmitApplication(world->edition, teryt);
        if (std::string(teryt) == "2476011") world->application = id;
      }
      world->participant = CreateParticipant(world->application, Participant(NextPesel(), true));
    }
    return *world;
  }

  // A fresh application of 2476011 (each in a fresh edition: one
  // application per JST per edition), its team declared.
  static Vars FreshApplication() {
    const std::string edition = CreateEdition(/*min_representatives=*/1);
    return {{"$EDITION", edition},
            {"$APPLICATION",
             SubmitApplication(edition, "2476011", json::array({Participant(NextPesel(), true)}))}};
  }

  // A fresh participant (no declaration yet) in the shared application.
  static Vars FreshParticipant() {
    return {
        {"$PARTICIPANT", CreateParticipant(Shared().application, Participant(NextPesel(), false))}};
  }

 public:
  static const std::vector<Row>& Matrix();
  static const std::map<std::string, ListCheck>& Lists();
  static const Row* RowOf(const std::string& route);
};

const std::vector<Row>& AuthzMatrixTest::Matrix() {
  static const auto* const kMatrix = new std::vector<Row>{
      // Statuses(admin, coordinator-own, coordinator-foreign, expert, trainer,
      //          jst-own, jst-foreign, ministry, anonymous)

      // ---- the JST registry
      {"GET /v1/jsts/{teryt}", "GET", "/v1/jsts/2476011",
       Statuses(200, 200, 404, 200, 200, 200, 404, 200, 401)},
      {"GET /v1/jsts", "GET", "/v1/jsts?voivodeship=24&pageSize=500",
       Statuses(200, 200, 200, 200, 200, 200, 200, 200, 401)},

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
      {"POST /v1/applications/{application}:qualify", "POST",
       "/v1/applications/$APPLICATION:qualify",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), "{}", "application/json",
       &FreshApplication},
      {"POST /v1/applications/{application}:reject", "POST", "/v1/applications/$APPLICATION:reject",
       Statuses(200, 403, 403, 403, 403, 403, 403, 403, 401), R"({"reason": "incomplete team"})",
       "application/json", &FreshApplication},
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
       {[] { return "/v1/editions/" + Shared().edition + "/applications?pageSize=2"; },
        "applications", [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
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
  auto routes = gateway::RouteTable::FromGeneratedPool(gateway::BackendServices());
  ASSERT_TRUE(routes.ok()) << routes.status();
  std::set<std::string> known;
  for (const Row& row : Matrix()) known.insert(row.route);
  for (const gateway::Route& route : routes->routes()) {
    std::string name = route.http_method + " " + route.path.text;
    EXPECT_TRUE(known.count(name)) << name << " has no row in the authorization matrix";
  }
  for (const Row& row : Matrix()) {
    EXPECT_EQ(row.expected.size(), Callers().size()) << row.route << " lacks a caller";
  }
  for (const auto& [route, list] : Lists()) {
    EXPECT_NE(RowOf(route), nullptr) << route << " is checked as a list but has no row";
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
      HttpResponse response = Call(caller, row.method, target, body, row.content_type);
      EXPECT_EQ(response.status, expected->second)
          << row.route << " as " << caller.name << " (" << row.method << " " << target
          << "): " << response.body;
    }
  }
}

TEST_F(AuthzMatrixTest, ForeignObjectsLookExactlyLikeMissingOnes) {
  const Caller& foreign = Callers()[2];  // coordinator-foreign
  ASSERT_EQ(foreign.name, "coordinator-foreign");
  const std::string unknown_id = "6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91";
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"/v1/jsts/2476011", "/v1/jsts/0299999"},
      {"/v1/applications/" + Shared().application, "/v1/applications/" + unknown_id},
      {"/v1/participants/" + Shared().participant, "/v1/participants/" + unknown_id},
  };
  for (const auto& [hidden_target, missing_target] : pairs) {
    HttpResponse hidden = Call(foreign, "GET", hidden_target);
    HttpResponse missing = Call(foreign, "GET", missing_target);
    ASSERT_EQ(hidden.status, 404) << hidden_target << ": " << hidden.body;
    ASSERT_EQ(missing.status, 404) << missing_target << ": " << missing.body;
    json a = Body(hidden);
    json b = Body(missing);
    // Same shape and wording; only the code or id asked for differs.
    EXPECT_EQ(a["code"], b["code"]) << hidden_target;
    EXPECT_EQ(a["message"].get<std::string>().substr(0, 20),
              b["message"].get<std::string>().substr(0, 20))
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
      if (row->expected.at(caller.name) == 403) continue;  // the role may not list
      std::string token;
      int rows = 0;
      for (int page = 0; page < 20; ++page) {
        std::string target = list.target() + (token.empty() ? "" : "&pageToken=" + token);
        HttpResponse response = Call(caller, "GET", target);
        ASSERT_EQ(response.status, 200) << route << " as " << caller.name << ": " << response.body;
        json body = Body(response);
        for (const json& item : body.value(list.rows_field, json::array())) {
          ++rows;
          auto region = caller.scope.find("region");
          if (region != caller.scope.end()) {
            EXPECT_EQ(list.voivodeship(item), region->second)
                << route << " as " << caller.name << " holds " << item.dump();
          }
          auto jst = caller.scope.find("jst");
          if (jst != caller.scope.end()) {
            EXPECT_EQ(list.jst(item), jst->second)
                << route << " as " << caller.name << " holds " << item.dump();
          }
        }
        if (!body.contains("nextPageToken")) break;
        token = body["nextPageToken"].get<std::string>();
      }
      EXPECT_GT(rows, 0) << route << " as " << caller.name << " saw nothing at all";
    }
  }
}

}  // namespace
}  // namespace jstedu::testing
