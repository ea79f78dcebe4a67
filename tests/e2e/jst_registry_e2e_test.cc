// End to end: the real binaries — four services and the gateway — against
// the throwaway PostgreSQL and Redis, the official register loaded with the
// recruitment binary's `load-registry`, and HTTP requests to the gateway
// with tokens signed by a key pair made for the run.
#include "gmock/gmock.h"
#include "tests/e2e/e2e_stack.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

using JstRegistryE2eTest = E2eTest;

TEST_F(JstRegistryE2eTest, GetsSwietochlowiceByTerytCode) {
  HttpResponse response = Get("/v1/jsts/2476011");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.headers["content-type"].find("application/json"),
            std::string::npos);
  json jst = Body(response);
  EXPECT_EQ(jst["teryt"], "2476011");
  EXPECT_EQ(jst["name"], "Świętochłowice");
  EXPECT_EQ(jst["kind"], "URBAN_COMMUNE");
  EXPECT_EQ(jst["voivodeship"], "24");
  EXPECT_EQ(jst["county"], "2476");
  EXPECT_EQ(jst["workshopGroup"], 2);
  EXPECT_EQ(jst["cityWithCountyRights"], true);
  EXPECT_EQ(jst["registerDate"], "2024-01-01");
}

TEST_F(JstRegistryE2eTest, NonJstCodesAnswer404WithJsonError) {
  for (const char* code : {"0201044", "0201045", "2476", "24", "9999999"}) {
    HttpResponse response = Get(absl::StrCat("/v1/jsts/", code));
    EXPECT_EQ(response.status, 404) << code;
    json error = Body(response);
    EXPECT_EQ(error["code"], 5) << response.body;
    EXPECT_TRUE(error["message"].is_string());
    EXPECT_TRUE(error["details"].is_array());
  }
}

TEST_F(JstRegistryE2eTest, MalformedCodeAnswers400NamingTheField) {
  HttpResponse response = Get("/v1/jsts/24x");
  EXPECT_EQ(response.status, 400);
  json error = Body(response);
  EXPECT_EQ(error["code"], 3);
  ASSERT_TRUE(error["details"].is_array()) << response.body;
  ASSERT_FALSE(error["details"].empty()) << response.body;
  EXPECT_EQ(error["details"][0]["fieldViolations"][0]["field"], "teryt")
      << response.body;
}

TEST_F(JstRegistryE2eTest, ListsFilteredPagesInLowerCamelCase) {
  std::set<std::string> seen;
  std::string token;
  for (int page = 0; page < 50; ++page) {
    std::string target =
        "/v1/jsts?voivodeship=24&kind=RURAL_COMMUNE&pageSize=25";
    if (!token.empty()) target += "&pageToken=" + token;
    HttpResponse response = Get(target);
    ASSERT_EQ(response.status, 200) << response.body;
    json body = Body(response);
    for (const auto& jst : body["jsts"]) {
      EXPECT_EQ(jst["voivodeship"], "24");
      EXPECT_EQ(jst["kind"], "RURAL_COMMUNE");
      EXPECT_EQ(jst["workshopGroup"], 1);
      EXPECT_TRUE(seen.insert(jst["teryt"].get<std::string>()).second);
    }
    token = body.value("nextPageToken", "");
    if (token.empty()) break;
  }
  // Silesia (24) has 93 rural communes in the 2024-01-01 register.
  EXPECT_EQ(seen.size(), 93u);
}

TEST_F(JstRegistryE2eTest, NamePrefixFindsPolishNamesCaseInsensitively) {
  HttpResponse response =
      Get("/v1/jsts?namePrefix=%C5%9Bwi%C4%99toch");  // "świętoch"
  ASSERT_EQ(response.status, 200) << response.body;
  json body = Body(response);
  ASSERT_EQ(body["jsts"].size(), 1u) << response.body;
  EXPECT_EQ(body["jsts"][0]["teryt"], "2476011");
}

TEST_F(JstRegistryE2eTest, BadQueryAnswers400) {
  EXPECT_EQ(Get("/v1/jsts?pageSize=501").status, 400);
  EXPECT_EQ(Get("/v1/jsts?voivodeship=25").status, 400);
  EXPECT_EQ(Get("/v1/jsts?kind=NOPE").status, 400);
  EXPECT_EQ(Get("/v1/jsts?pageToken=forged").status, 400);
  EXPECT_EQ(Get("/v1/jsts?unknownField=1").status, 400);
}

TEST_F(JstRegistryE2eTest, EveryServiceIsReadyBehindTheGatewayWithoutAToken) {
  HttpResponse ready = HttpGet(stack_->http_port, "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(HttpGet(stack_->http_port, "/healthz").status, 200);
}

TEST_F(JstRegistryE2eTest, TheApiDocumentIsServedWithoutAToken) {
  HttpResponse document = HttpGet(stack_->http_port, "/v1/openapi.json");
  ASSERT_EQ(document.status, 200);
  EXPECT_EQ(Body(document)["openapi"], "3.0.3");
  EXPECT_TRUE(Body(document)["paths"].contains("/v1/jsts/{teryt}"));
}

TEST_F(JstRegistryE2eTest, NoTokenAnswers401WithAChallenge) {
  for (const char* target :
       {"/v1/jsts/2476011", "/v1/jsts", "/v1/no-such-route"}) {
    HttpResponse response = HttpGet(stack_->http_port, target);
    EXPECT_EQ(response.status, 401) << target;
    EXPECT_EQ(response.headers["www-authenticate"], "Bearer") << target;
    EXPECT_EQ(Body(response)["code"], 16) << response.body;
  }
}

TEST_F(JstRegistryE2eTest, ForeignOrExpiredTokenAnswers401InvalidToken) {
  gateway::testing::KeyPair other = gateway::testing::GenerateRsaKeyPair();
  json claims = gateway::testing::DevClaims("e2e-admin", "ADMIN",
                                            std::chrono::system_clock::now());
  const std::string foreign =
      gateway::testing::SignedToken(other.private_pem, claims);
  claims["exp"] = claims["iat"].get<int64_t>() - 3600;
  const std::string expired =
      gateway::testing::SignedToken(stack_->keys.private_pem, claims);
  for (const std::string& token : {foreign, expired}) {
    HttpResponse response = GetAs(token, "/v1/jsts/2476011");
    EXPECT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.headers["www-authenticate"],
              "Bearer error=\"invalid_token\"");
  }
}

TEST_F(JstRegistryE2eTest, ScopedRolesReadTheirOwnJst) {
  const std::string coordinator =
      stack_->Token("COORDINATOR", "e2e-coordinator", {{"region", "24"}});
  const std::string jst = stack_->Token("JST", "e2e-jst", {{"jst", "2476011"}});
  for (const std::string& token : {coordinator, jst}) {
    HttpResponse response = GetAs(token, "/v1/jsts/2476011");
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(Body(response)["teryt"], "2476011");
  }
}

TEST_F(JstRegistryE2eTest, EveryProcessExposesValidPrometheusMetrics) {
  Get("/v1/jsts/2476011");  // so request series exist
  for (const auto& [name, port] : stack_->admin_ports) {
    HttpResponse metrics = HttpGet(port, "/metrics");
    ASSERT_EQ(metrics.status, 200) << name;
    std::string path = stack_->logs + "/" + name + ".metrics";
    std::ofstream(path) << metrics.body;
    EXPECT_EQ(std::system(("promtool check metrics < " + path).c_str()), 0)
        << name << ": promtool rejected " << path;
    // Which build runs, and the process's own figures (issue 22, point 8).
    EXPECT_THAT(metrics.body,
                ::testing::ContainsRegex(
                    "\njstedu_build_info\\{service=\"" + name +
                    "\",revision=\"([0-9a-f]{12}(-dirty)?|unknown)\"\\} 1\n"))
        << name;
    for (const char* process :
         {"process_cpu_seconds_total", "process_resident_memory_bytes",
          "process_start_time_seconds", "process_open_fds"}) {
      EXPECT_THAT(metrics.body,
                  ::testing::HasSubstr(std::string("\n") + process + " "))
          << name << " has no " << process;
    }
  }
  std::string recruitment =
      HttpGet(stack_->admin_ports["recruitment"], "/metrics").body;
  EXPECT_NE(recruitment.find(
                "jstedu_grpc_requests_total{method=\"/jstedu.recruitment.v1."
                "RecruitmentService/GetJst\",code=\"OK\"}"),
            std::string::npos);
  EXPECT_NE(
      recruitment.find("jstedu_outbox_backlog{producer=\"recruitment\"} 0"),
      std::string::npos);
  std::string gateway =
      HttpGet(stack_->admin_ports["gateway"], "/metrics").body;
  EXPECT_NE(gateway.find("route=\"/v1/jsts/{teryt}\""), std::string::npos);
}

}  // namespace
}  // namespace jstedu::testing
