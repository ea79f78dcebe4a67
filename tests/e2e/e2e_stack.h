#pragma once

// The whole system for end-to-end tests: the four services and the gateway
// started as processes against the throwaway PostgreSQL and Redis (a fresh
// schema per service, a fresh Redis key prefix), the official register
// loaded with `jstedu-recruitment load-registry`, and a key pair made for
// the run whose public half the gateway trusts. E2eTest starts it once per
// test suite; logs are kept in /tmp/jstedu-e2e-* only when a test failed.

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/testing/fixtures.h"
#include "common/testing/http.h"
#include "common/testing/process.h"
#include "gateway/test_tokens.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::testing {

inline const char* const kServices[] = {"recruitment", "training", "advisory",
                                        "reporting"};

class E2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }
  // A suite that sets this before E2eTest::SetUpTestSuite() gets a stack
  // whose gateway trusts the development OpenID issuer (tools/dev-issuer,
  // started on a free port with the stack's console redirect URIs) instead
  // of the run's key pair: Token() then signs with the issuer's key (as
  // `tools/dev token` does), and a browser signs in through the issuer as
  // the console does.
  static inline bool with_issuer_ = false;
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
    int issuer_port = 0;     // with_issuer_ only
    std::string issuer_url;  // "http://127.0.0.1:<issuer_port>"
    // The gateway trusts the public half; tests sign with the private one.
    gateway::testing::KeyPair keys = gateway::testing::GenerateRsaKeyPair();

    // A token as `tools/dev token` makes it, valid for an hour from now:
    // signed with the run's key pair, or with the development issuer's key
    // when the gateway trusts the issuer (as `tools/dev token` does then).
    std::string Token(const std::string& role, const std::string& sub,
                      const std::map<std::string, std::string>& scope = {}) {
      nlohmann::json claims = gateway::testing::DevClaims(
          sub, role, std::chrono::system_clock::now());
      for (const auto& [name, value] : scope) claims[name] = value;
      if (!with_issuer_)
        return gateway::testing::SignedToken(keys.private_pem, claims);
      return IssuerToken(claims);
    }

    // `claims` signed by tools/dev-issuer/src/sign-token.mjs with the
    // issuer's key; one node run per subject and scope, kept for the suite
    // (the tokens outlive any suite).
    std::string IssuerToken(nlohmann::json claims) {
      claims["iss"] = issuer_url;
      nlohmann::json key = claims;
      key.erase("iat");
      key.erase("exp");
      key.erase("nbf");
      key.erase("jti");
      std::string& token = issuer_tokens[key.dump()];
      if (!token.empty()) return token;
      const std::string out = logs + "/sign-token.out";
      const int status =
          RunToCompletion({RequireEnv("JSTEDU_NODE"),
                           RequireEnv("JSTEDU_SOURCE_DIR") +
                               "/tools/dev-issuer/src/sign-token.mjs",
                           logs + "/dev-issuer", claims.dump()},
                          {}, out);
      std::ifstream in(out);
      std::getline(in, token);
      std::filesystem::remove(out);
      EXPECT_EQ(status, 0) << "sign-token.mjs failed: " << token;
      if (status != 0) token.clear();
      return token;
    }
    std::map<std::string, std::string> issuer_tokens;

    std::map<std::string, std::string> ServiceEnv(const std::string& name) {
      std::map<std::string, std::string> env = {
          {"JSTEDU_PG_DSN", schemas[name]->dsn()},
          {"JSTEDU_PG_SCHEMA", schemas[name]->name()},
          {"JSTEDU_REDIS_ADDR", RequireEnv("JSTEDU_TEST_REDIS_ADDR")},
          {"JSTEDU_STREAM_PREFIX", keyspace.prefix()},
          {"JSTEDU_GRPC_LISTEN", absl::StrCat("127.0.0.1:", grpc_ports[name])},
          {"JSTEDU_ADMIN_LISTEN",
           absl::StrCat("127.0.0.1:", admin_ports[name])}};
      if (name == "reporting") {
        for (const char* source : {"recruitment", "training", "advisory"}) {
          std::string key = absl::StrCat("JSTEDU_", source, "_ADDR");
          for (char& c : key) c = static_cast<char>(std::toupper(c));
          env[key] = absl::StrCat("127.0.0.1:", grpc_ports[source]);
        }
        env["JSTEDU_EXPORT_HMAC_KEY_FILE"] = logs + "/export-hmac.key";
      }
      return env;
    }

    Stack() {
      if (bin.empty()) return;  // RequireEnv has failed the suite
      mkdir(logs.c_str(), 0755);
      CaptureExchangesWith(http_port);  // for the contract check (http.h)
      for (const char* name : kServices) {
        schemas[name] = std::make_unique<TestSchema>();
        grpc_ports[name] = FreePort();
        admin_ports[name] = FreePort();
      }
      admin_ports["gateway"] = FreePort();
      const std::string public_key = logs + "/jwt-public.pem";
      std::ofstream(public_key) << keys.public_pem;
      // The export pseudonymisation key of this run (48 bytes), and the
      // gateway's idempotency secret.
      std::ofstream(logs + "/export-hmac.key")
          << "e2e-export-key-" << RandomSuffix(33);
      std::ofstream(logs + "/idempotency.key")
          << "e2e-idempotency-key-" << RandomSuffix(28);
      int loaded =
          RunToCompletion({bin + "/jstedu-recruitment", "load-registry",
                           RequireEnv("JSTEDU_SOURCE_DIR") +
                               "/data/TERC_Urzedowy_2024-01-01.csv"},
                          ServiceEnv("recruitment"), logs + "/load.log");
      EXPECT_EQ(loaded, 0) << "see " << logs << "/load.log";
      if (with_issuer_) StartIssuer();
      for (const char* name : kServices)
        processes.push_back(StartService(name));
      std::map<std::string, std::string> gateway_env = {
          {"JSTEDU_HTTP_LISTEN", absl::StrCat("127.0.0.1:", http_port)},
          {"JSTEDU_ADMIN_LISTEN",
           absl::StrCat("127.0.0.1:", admin_ports["gateway"])},
          {"JSTEDU_JWT_PUBLIC_KEY_FILE", public_key},
          {"JSTEDU_IDEMPOTENCY_KEY_FILE", logs + "/idempotency.key"},
          {"JSTEDU_REDIS_ADDR", RequireEnv("JSTEDU_TEST_REDIS_ADDR")},
          {"JSTEDU_REDIS_PREFIX", keyspace.prefix() + "gateway:"},
          // The suite's requests come from one subject, far above a user's
          // rate.
          {"JSTEDU_RATE_LIMIT_RPS", "100000"},
          {"JSTEDU_RATE_LIMIT_BURST", "100000"},
          {"JSTEDU_FEED_RATE_LIMIT_RPS", "100000"},
          {"JSTEDU_FEED_RATE_LIMIT_BURST", "100000"}};
      for (const char* name : kServices) {
        std::string key = absl::StrCat("JSTEDU_", name, "_ADDR");
        for (char& c : key) c = static_cast<char>(std::toupper(c));
        gateway_env[key] = absl::StrCat("127.0.0.1:", grpc_ports[name]);
      }
      if (with_issuer_) {
        gateway_env.erase("JSTEDU_JWT_PUBLIC_KEY_FILE");
        gateway_env["JSTEDU_OIDC_ISSUER"] = issuer_url;
        gateway_env["JSTEDU_CONSOLE_ISSUER"] = issuer_url;
      }
      processes.push_back(std::make_unique<ChildProcess>(
          std::vector<std::string>{bin + "/jstedu-gateway"}, gateway_env,
          logs + "/gateway.log"));
      bool ready =
          WaitUntil([&] { return HttpGet(http_port, "/readyz").status == 200; },
                    std::chrono::seconds(60));
      EXPECT_TRUE(ready) << "the stack did not become ready; logs in " << logs;
    }
    ~Stack() {
      // The gateway first; then the services all at once, so the suite waits
      // for one drain delay (JSTEDU_DRAIN_DELAY), not one per service.
      if (processes.size() > std::size(kServices))
        processes.back()->Terminate();
      for (auto& process : processes) process->RequestTermination();
      for (auto& process : processes) process->Terminate();
    }

    // The development issuer on a free port (log <logs>/dev-issuer.log),
    // ready once its discovery document answers.
    void StartIssuer() {
      issuer_port = FreePort();
      issuer_url = absl::StrCat("http://127.0.0.1:", issuer_port);
      const std::string console =
          absl::StrCat("http://127.0.0.1:", http_port, "/console/");
      processes.push_back(std::make_unique<ChildProcess>(
          std::vector<std::string>{RequireEnv("JSTEDU_NODE"),
                                   RequireEnv("JSTEDU_SOURCE_DIR") +
                                       "/tools/dev-issuer/src/main.mjs"},
          std::map<std::string, std::string>{
              {"JSTEDU_DEV_ISSUER_PORT", std::to_string(issuer_port)},
              {"JSTEDU_DEV_ISSUER_STATE_DIR", logs + "/dev-issuer"},
              {"JSTEDU_CONSOLE_REDIRECT_URIS",
               console + "," + console + "callback"}},
          logs + "/dev-issuer.log"));
      const bool ready = WaitUntil(
          [&] {
            return HttpGet(issuer_port, "/.well-known/openid-configuration")
                       .status == 200;
          },
          std::chrono::seconds(30));
      EXPECT_TRUE(ready) << "the development issuer did not start; see "
                         << logs;
    }

    // Starts service `name` (its log appended to <logs>/<name>.log).
    std::unique_ptr<ChildProcess> StartService(const std::string& name) {
      return std::make_unique<ChildProcess>(
          std::vector<std::string>{bin + "/jstedu-" + name}, ServiceEnv(name),
          logs + "/" + name + ".log");
    }
  };

  // The gateway's address, for programs the tests run against it.
  static std::string GatewayUrl() {
    return absl::StrCat("http://127.0.0.1:", stack_->http_port);
  }

  // A program of this repository run to completion with node
  // (JSTEDU_NODE) within `limit`: its exit status, its output (kept in
  // <logs>/<name>.log) and its last line read as JSON (null when it is not).
  struct NodeRun {
    int status = -1;
    std::string output;
    nlohmann::json last_line;
  };
  static NodeRun RunNode(
      std::vector<std::string> args,
      const std::map<std::string, std::string>& env, const std::string& name,
      std::chrono::seconds limit = std::chrono::seconds(120)) {
    const std::string log = stack_->logs + "/" + name + ".log";
    std::ofstream(log, std::ios::trunc).close();
    args.insert(args.begin(), RequireEnv("JSTEDU_NODE"));
    NodeRun run;
    run.status = RunToCompletion(args, env, log, limit);
    std::ifstream in(log);
    run.output.assign(std::istreambuf_iterator<char>(in),
                      std::istreambuf_iterator<char>());
    std::vector<std::string> lines =
        absl::StrSplit(run.output, '\n', absl::SkipWhitespace());
    if (!lines.empty()) {
      run.last_line = nlohmann::json::parse(lines.back(), nullptr,
                                            /*allow_exceptions=*/false);
    }
    return run;
  }

  // A GET as ADMIN.
  static HttpResponse Get(const std::string& target) {
    return GetAs(stack_->Token("ADMIN", "e2e-admin"), target);
  }
  static HttpResponse GetAs(const std::string& token,
                            const std::string& target) {
    return HttpRequest(stack_->http_port, "GET", target, "",
                       {{"Authorization", "Bearer " + token}});
  }
  static nlohmann::json Body(const HttpResponse& response) {
    return nlohmann::json::parse(response.body, nullptr,
                                 /*allow_exceptions=*/false);
  }

  static inline Stack* stack_ = nullptr;
};

}  // namespace jstedu::testing
