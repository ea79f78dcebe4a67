// End to end: the real binaries — four services and the gateway — against
// the throwaway PostgreSQL and Redis, the official register loaded with the
// recruitment binary's `load-registry`, and HTTP requests to the gateway
// with tokens signed by a key pair made for the run.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/fixtures.h"
#include "common/testing/http.h"
#include "common/testing/process.h"
#include "gateway/test_tokens.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::testing {
namespace {

using nlohmann::json;

const char* const kServices[] = {"recruitment", "training", "advisory", "reporting"};

class JstRegistryE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }
  static void TearDownTestSuite() {
    std::string logs = stack_->logs;
    delete stack_;
    stack_ = nullptr;
    // Logs are kept only when something failed.
    if (::testing::UnitTest::GetInstance()->current_test_suite()->Passed()) {
      std::filesystem::remove_all(logs);
    }
  }

  // Everything the suite starts, stopped in reverse order.
  struct Stack {
    std::string bin = RequireEnv("JSTEDU_TEST_BIN_DIR");
    std::string logs = "/tmp/jstedu-e2e-" + RandomSuffix();
    TestKeyspace keyspace;
    std::map<std::string, std::unique_ptr<TestSchema>> schemas;
    std::map<std::string, int> grpc_ports;
    std::map<std::string, int> admin_ports;  // every process, gateway too
    std::vector<std::unique_ptr<ChildProcess>> processes;
    int http_port = FreePort();
    // The gateway trusts the public half; tests sign with the private one.
    gateway::testing::KeyPair keys = gateway::testing::GenerateRsaKeyPair();

    // A token as `tools/dev token` makes it, valid for an hour from now.
    std::string Token(const std::string& role, const std::string& sub,
                      const std::map<std::string, std::string>& scope = {}) {
      json claims =
          gateway::testing::DevClaims(sub, role, std::chrono::system_clock::now());
      for (const auto& [name, value] : scope) claims[name] = value;
      return gateway::testing::SignedToken(keys.private_pem, claims);
    }

    std::map<std::string, std::string> ServiceEnv(const std::string& name) {
      return {{"JSTEDU_PG_DSN", schemas[name]->dsn()},
              {"JSTEDU_PG_SCHEMA", schemas[name]->name()},
              {"JSTEDU_REDIS_ADDR", RequireEnv("JSTEDU_TEST_REDIS_ADDR")},
              {"JSTEDU_STREAM_PREFIX", keyspace.prefix()},
              {"JSTEDU_GRPC_LISTEN", absl::StrCat("127.0.0.1:", grpc_ports[name])},
              {"JSTEDU_ADMIN_LISTEN", absl::StrCat("127.0.0.1:", admin_ports[name])}};
    }

    Stack() {
      if (bin.empty()) return;  // RequireEnv has failed the suite
      mkdir(logs.c_str(), 0755);
      for (const char* name : kServices) {
        schemas[name] = std::make_unique<TestSchema>();
        grpc_ports[name] = FreePort();
        admin_ports[name] = FreePort();
      }
      admin_ports["gateway"] = FreePort();
      const std::string public_key = logs + "/jwt-public.pem";
      std::ofstream(public_key) << keys.public_pem;
      int loaded = RunToCompletion(
          {bin + "/jstedu-recruitment", "load-registry",
           RequireEnv("JSTEDU_SOURCE_DIR") + "/data/TERC_Urzedowy_2024-01-01.csv"},
          ServiceEnv("recruitment"), logs + "/load.log");
      EXPECT_EQ(loaded, 0) << "see " << logs << "/load.log";
      for (const char* name : kServices) {
        processes.push_back(std::make_unique<ChildProcess>(
            std::vector<std::string>{bin + "/jstedu-" + name}, ServiceEnv(name),
            logs + "/" + name + ".log"));
      }
      std::map<std::string, std::string> gateway_env = {
          {"JSTEDU_HTTP_LISTEN", absl::StrCat("127.0.0.1:", http_port)},
          {"JSTEDU_ADMIN_LISTEN", absl::StrCat("127.0.0.1:", admin_ports["gateway"])},
          {"JSTEDU_JWT_PUBLIC_KEY_FILE", public_key},
          {"JSTEDU_REDIS_ADDR", RequireEnv("JSTEDU_TEST_REDIS_ADDR")},
          {"JSTEDU_REDIS_PREFIX", keyspace.prefix() + "gateway:"},
          // The suite's requests come from one subject, far above a user's rate.
          {"JSTEDU_RATE_LIMIT_RPS", "100000"},
          {"JSTEDU_RATE_LIMIT_BURST", "100000"}};
      for (const char* name : kServices) {
        std::string key = absl::StrCat("JSTEDU_", name, "_ADDR");
        for (char& c : key) c = static_cast<char>(std::toupper(c));
        gateway_env[key] = absl::StrCat("127.0.0.1:", grpc_ports[name]);
      }
      processes.push_back(std::make_unique<ChildProcess>(
          std::vector<std::string>{bin + "/jstedu-gateway"}, gateway_env, logs + "/gateway.log"));
      bool ready = WaitUntil([&] { return HttpGet(http_port, "/readyz").status == 200; },
                             std::chrono::seconds(60));
      EXPECT_TRUE(ready) << "the stack did not become ready; logs in " << logs;
    }
    ~Stack() {
      for (auto it = processes.rbegin(); it != processes.rend(); ++it) (*it)->Terminate();
    }
  };

  // A GET as ADMIN.
  static HttpResponse Get(const std::string& target) {
    return GetAs(stack_->Token("ADMIN", "e2e-admin"), target);
  }
  static HttpResponse GetAs(const std::string& token, const std::string& target) {
    return HttpRequest(stack_->http_port, "GET", target, "",
                       {{"Authorization", "Bearer " + token}});
  }
  static json Body(const HttpResponse& response) {
    return json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  }

  static Stack* stack_;
};

JstRegistryE2eTest::Stack* JstRegistryE2eTest::stack_ = nullptr;

TEST_F(JstRegistryE2eTest, GetsSwietochlowiceByTerytCode) {
  HttpResponse response = Get("/v1/jsts/2476011");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.headers["content-type"].find("application/json"), std::string::npos);
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
  EXPECT_EQ(error["details"][0]["fieldViolations"][0]["field"], "teryt") << response.body;
}

TEST_F(JstRegistryE2eTest, ListsFilteredPagesInLowerCamelCase) {
  std::set<std::string> seen;
  std::string token;
  for (int page = 0; page < 50; ++page) {
    std::string target = "/v1/jsts?voivodeship=24&kind=RURAL_COMMUNE&pageSize=25";
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
    if (!body.contains("nextPageToken")) break;
    token = body["nextPageToken"].get<std::string>();
  }
  // Silesia (24) has 93 rural communes in the 2024-01-01 register.
  EXPECT_EQ(seen.size(), 93u);
}

TEST_F(JstRegistryE2eTest, NamePrefixFindsPolishNamesCaseInsensitively) {
  HttpResponse response = Get("/v1/jsts?namePrefix=%C5%9Bwi%C4%99toch");  // "świętoch"
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

TEST_F(JstRegistryE2eTest, NoTokenAnswers401WithAChallenge) {
  for (const char* target : {"/v1/jsts/2476011", "/v1/jsts", "/v1/no-such-route"}) {
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
  const std::string foreign = gateway::testing::SignedToken(other.private_pem, claims);
  claims["exp"] = claims["iat"].get<int64_t>() - 3600;
  const std::string expired = gateway::testing::SignedToken(stack_->keys.private_pem, claims);
  for (const std::string& token : {foreign, expired}) {
    HttpResponse response = GetAs(token, "/v1/jsts/2476011");
    EXPECT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.headers["www-authenticate"], "Bearer error=\"invalid_token\"");
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
  }
  std::string recruitment = HttpGet(stack_->admin_ports["recruitment"], "/metrics").body;
  EXPECT_NE(recruitment.find("jstedu_grpc_requests_total{method=\"/jstedu.recruitment.v1."
                             "RecruitmentService/GetJst\",code=\"OK\"}"),
            std::string::npos);
  EXPECT_NE(recruitment.find("jstedu_outbox_backlog{producer=\"recruitment\"} 0"),
            std::string::npos);
  std::string gateway = HttpGet(stack_->admin_ports["gateway"], "/metrics").body;
  EXPECT_NE(gateway.find("route=\"/v1/jsts/{teryt}\""), std::string::npos);
}

}  // namespace
}  // namespace jstedu::testing
