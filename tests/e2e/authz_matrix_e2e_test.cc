// The authorization matrix, end to end: every route of the gateway × every
// role × own and foreign voivodeship (or JST), with the expected status in
// each cell, against the real stack; and no list answer ever holds a row
// outside the caller's scope.
//
// A route the gateway serves but this table does not know fails the test:
// each new route brings its row (and its list check, if it lists).
#include <functional>

#include "gateway/config.h"
#include "gateway/route_table.h"
#include "tests/e2e/e2e_stack.h"

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

// One row of the matrix: a concrete request for a route, aimed at an object
// of voivodeship 24, and the status each caller gets.
struct Row {
  std::string route;  // "GET /v1/jsts/{teryt}" as the route table names it
  std::string method;
  std::string target;
  std::map<std::string, int> expected;  // caller name → HTTP status
};

const std::vector<Row>& Matrix() {
  static const auto* const kMatrix = new std::vector<Row>{
      {"GET /v1/jsts/{teryt}", "GET", "/v1/jsts/2476011",
       {{"admin", 200}, {"coordinator-own", 200}, {"coordinator-foreign", 404},
        {"expert", 200}, {"trainer", 200}, {"jst-own", 200}, {"jst-foreign", 404},
        {"ministry", 200}, {"anonymous", 401}}},
      {"GET /v1/jsts", "GET", "/v1/jsts?voivodeship=24&pageSize=500",
       {{"admin", 200}, {"coordinator-own", 200}, {"coordinator-foreign", 200},
        {"expert", 200}, {"trainer", 200}, {"jst-own", 200}, {"jst-foreign", 200},
        {"ministry", 200}, {"anonymous", 401}}},
  };
  return *kMatrix;
}

// A list route: where its rows are and how to tell a row's voivodeship and
// JST, so foreign rows can be spotted.
struct ListCheck {
  std::string target;  // unfiltered: the scope alone must narrow it
  std::string rows_field;
  std::function<std::string(const json&)> voivodeship;
  std::function<std::string(const json&)> jst;
};

const std::map<std::string, ListCheck>& Lists() {
  static const auto* const kLists = new std::map<std::string, ListCheck>{
      {"GET /v1/jsts",
       {"/v1/jsts?pageSize=500", "jsts",
        [](const json& row) { return row.value("voivodeship", ""); },
        [](const json& row) { return row.value("teryt", ""); }}},
  };
  return *kLists;
}

class AuthzMatrixTest : public E2eTest {
 protected:
  static HttpResponse Call(const Caller& caller, const std::string& method,
                           const std::string& target) {
    std::map<std::string, std::string> headers;
    if (!caller.role.empty()) {
      headers["Authorization"] =
          "Bearer " + stack_->Token(caller.role, "matrix-" + caller.name, caller.scope);
    }
    return HttpRequest(stack_->http_port, method, target, "", headers);
  }
};

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
}

TEST_F(AuthzMatrixTest, EveryCellAnswersAsExpected) {
  for (const Row& row : Matrix()) {
    for (const Caller& caller : Callers()) {
      auto expected = row.expected.find(caller.name);
      if (expected == row.expected.end()) continue;  // reported above
      HttpResponse response = Call(caller, row.method, row.target);
      EXPECT_EQ(response.status, expected->second)
          << row.route << " as " << caller.name << ": " << response.body;
    }
  }
}

TEST_F(AuthzMatrixTest, ForeignObjectsLookExactlyLikeMissingOnes) {
  const Caller& foreign = Callers()[2];  // coordinator-foreign
  ASSERT_EQ(foreign.name, "coordinator-foreign");
  HttpResponse hidden = Call(foreign, "GET", "/v1/jsts/2476011");
  HttpResponse missing = Call(foreign, "GET", "/v1/jsts/0299999");
  ASSERT_EQ(hidden.status, 404);
  ASSERT_EQ(missing.status, 404);
  json a = Body(hidden);
  json b = Body(missing);
  // Same shape and wording; only the code asked for differs.
  EXPECT_EQ(a["code"], b["code"]);
  EXPECT_EQ(a["message"].get<std::string>().substr(0, 20),
            b["message"].get<std::string>().substr(0, 20));
  EXPECT_EQ(a["details"].size(), b["details"].size());
}

TEST_F(AuthzMatrixTest, NoListHoldsAForeignRow) {
  for (const auto& [route, list] : Lists()) {
    for (const Caller& caller : Callers()) {
      if (caller.role.empty()) continue;
      std::string token;
      int rows = 0;
      for (int page = 0; page < 20; ++page) {
        std::string target = list.target + (token.empty() ? "" : "&pageToken=" + token);
        HttpResponse response = Call(caller, "GET", target);
        ASSERT_EQ(response.status, 200) << route << " as " << caller.name;
        json body = Body(response);
        for (const json& row : body.value(list.rows_field, json::array())) {
          ++rows;
          auto region = caller.scope.find("region");
          if (region != caller.scope.end()) {
            EXPECT_EQ(list.voivodeship(row), region->second)
                << route << " as " << caller.name << " holds " << row.dump();
          }
          auto jst = caller.scope.find("jst");
          if (jst != caller.scope.end()) {
            EXPECT_EQ(list.jst(row), jst->second)
                << route << " as " << caller.name << " holds " << row.dump();
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
