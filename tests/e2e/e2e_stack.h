#pragma once

// The whole system for end-to-end tests: the five services and the gateway
// started as processes against the throwaway PostgreSQL and Redis (a fresh
// schema per service, a fresh Redis key prefix), the official register
// loaded with `jstedu-recruitment load-registry`, and a key pair made for
// the run whose public half the gateway trusts. E2eTest starts it once per
// test suite; logs are kept in /tmp/jstedu-e2e-* only when a test failed.
//
// A suite that sets `replicas_` above 1 gets that many processes of every
// service and of the gateway (instances "recruitment", "recruitment-2",
// ..., "gateway", "gateway-2"), the gateways and reporting calling each
// service's replicas as one target ("ipv4:127.0.0.1:P1,127.0.0.1:P2",
// balanced round_robin as in Kubernetes), and nginx in front of the
// gateways (tools/lib/nginx.conf.template) on `http_port`, as
// `tools/dev up --replicas N` runs them.

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
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/testing/fixtures.h"
#include "common/testing/http.h"
#include "common/testing/process.h"
#include "gateway/test_tokens.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::testing {

inline const char* const kServices[] = {"recruitment", "training", "advisory",
                                        "reporting", "notifications"};

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
  // Processes of every service and of the gateway (see above).
  static inline int replicas_ = 1;
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
    const int replicas = replicas_;
    TestKeyspace keyspace;
    // The database the services use (a test restoring a backup points
    // them at another one).
    std::string pg_dsn = RequireEnv("JSTEDU_TEST_PG_DSN");
    // By service ("recruitment"): one schema, whatever its replicas.
    std::map<std::string, std::unique_ptr<TestSchema>> schemas;
    // By instance ("recruitment", "recruitment-2", "gateway-2").
    std::map<std::string, int> grpc_ports;
    std::map<std::string, int> admin_ports;    // every process, gateways too
    std::map<std::string, int> gateway_ports;  // each gateway's HTTP port
    std::map<std::string, std::unique_ptr<ChildProcess>> processes;
    // Where clients send requests: the gateway, or nginx in front of the
    // gateways when there are replicas.
    int http_port = FreePort();
    int issuer_port = 0;     // with_issuer_ only
    std::string issuer_url;  // "http://127.0.0.1:<issuer_port>"
    std::string nginx_dir;   // replicas only: config, logs, pid
    // The options of each gateway's `server` line (nginx.conf.template).
    std::string gateway_server_options;
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

    // The instances of `name` (a service or "gateway"): "name", then
    // "name-2", ... up to `replicas`.
    std::vector<std::string> Instances(const std::string& name) const {
      std::vector<std::string> instances = {name};
      for (int r = 2; r <= replicas; ++r)
        instances.push_back(absl::StrCat(name, "-", r));
      return instances;
    }
    // The service an instance belongs to ("recruitment-2": "recruitment").
    static std::string ServiceOf(const std::string& instance) {
      const size_t dash = instance.rfind('-');
      if (dash == std::string::npos ||
          instance.find_first_not_of("0123456789", dash + 1) !=
              std::string::npos) {
        return instance;
      }
      return instance.substr(0, dash);
    }
    // How a client addresses every replica of `service` (Env::GrpcTarget).
    std::string Target(const std::string& service) {
      if (replicas == 1) return absl::StrCat("127.0.0.1:", grpc_ports[service]);
      std::vector<std::string> addresses;
      for (const std::string& instance : Instances(service))
        addresses.push_back(absl::StrCat("127.0.0.1:", grpc_ports[instance]));
      return absl::StrCat("ipv4:", absl::StrJoin(addresses, ","));
    }
    static std::string AddressVariable(const std::string& service) {
      std::string key = absl::StrCat("JSTEDU_", service, "_ADDR");
      for (char& c : key) c = static_cast<char>(std::toupper(c));
      return key;
    }

    // With JSTEDU_TEST_STACK_REDIS=tls (ctest's *_redis_tls runs), every
    // process reaches the test Redis on its TLS port as a managed Redis:
    // its name checked, a client certificate presented.
    static bool RedisOverTls() {
      const char* mode = std::getenv("JSTEDU_TEST_STACK_REDIS");
      return mode != nullptr && std::string(mode) == "tls";
    }
    static void AddRedisEnv(std::map<std::string, std::string>& env) {
      if (!RedisOverTls()) {
        env["JSTEDU_REDIS_ADDR"] = RequireEnv("JSTEDU_TEST_REDIS_ADDR");
        return;
      }
      const std::string tls = RequireEnv("JSTEDU_TEST_TLS_DIR");
      env["JSTEDU_REDIS_ADDR"] = RequireEnv("JSTEDU_TEST_REDIS_TLS_ADDR");
      env["JSTEDU_REDIS_TLS_CA_FILE"] = tls + "/ca.crt";
      env["JSTEDU_REDIS_TLS_SERVER_NAME"] = "localhost";
      env["JSTEDU_REDIS_TLS_CERT_FILE"] = tls + "/client.crt";
      env["JSTEDU_REDIS_TLS_KEY_FILE"] = tls + "/client.key";
    }

    std::map<std::string, std::string> ServiceEnv(const std::string& instance) {
      const std::string name = ServiceOf(instance);
      std::map<std::string, std::string> env = {
          {"JSTEDU_PG_DSN", pg_dsn},
          {"JSTEDU_PG_SCHEMA", schemas[name]->name()},
          {"JSTEDU_STREAM_PREFIX", keyspace.prefix()},
          {"JSTEDU_GRPC_LISTEN",
           absl::StrCat("127.0.0.1:", grpc_ports[instance])},
          {"JSTEDU_ADMIN_LISTEN",
           absl::StrCat("127.0.0.1:", admin_ports[instance])}};
      AddRedisEnv(env);
      if (name == "reporting") {
        for (const char* source : {"recruitment", "training", "advisory"})
          env[AddressVariable(source)] = Target(source);
        env["JSTEDU_EXPORT_HMAC_KEY_FILE"] = logs + "/export-hmac.key";
      }
      if (name == "notifications") {
        // Addresses from recruitment and advisory (the backfill reads
        // training too); mail to the SMTP sink `tools/dev test` runs.
        for (const char* registry : {"recruitment", "training", "advisory"})
          env[AddressVariable(registry)] = Target(registry);
        env["JSTEDU_SMTP_URL"] = RequireEnv("JSTEDU_TEST_SMTP_URL");
        env["JSTEDU_SMTP_USER"] = RequireEnv("JSTEDU_TEST_SMTP_USER");
        env["JSTEDU_SMTP_PASSWORD_FILE"] =
            RequireEnv("JSTEDU_TEST_SMTP_PASSWORD_FILE");
        env["JSTEDU_SMTP_CA_FILE"] =
            RequireEnv("JSTEDU_TEST_TLS_DIR") + "/ca.crt";
        env["JSTEDU_SMTP_FROM"] = "powiadomienia@jstedu.example";
      }
      return env;
    }

    std::map<std::string, std::string> GatewayEnv(const std::string& instance) {
      std::map<std::string, std::string> env = {
          {"JSTEDU_HTTP_LISTEN",
           absl::StrCat("127.0.0.1:", gateway_ports[instance])},
          {"JSTEDU_ADMIN_LISTEN",
           absl::StrCat("127.0.0.1:", admin_ports[instance])},
          {"JSTEDU_JWT_PUBLIC_KEY_FILE", logs + "/jwt-public.pem"},
          {"JSTEDU_IDEMPOTENCY_KEY_FILE", logs + "/idempotency.key"},
          {"JSTEDU_REDIS_PREFIX", keyspace.prefix() + "gateway:"},
          // The suite's requests come from one subject, far above a user's
          // rate.
          {"JSTEDU_RATE_LIMIT_RPS", "100000"},
          {"JSTEDU_RATE_LIMIT_BURST", "100000"},
          {"JSTEDU_FEED_RATE_LIMIT_RPS", "100000"},
          {"JSTEDU_FEED_RATE_LIMIT_BURST", "100000"}};
      AddRedisEnv(env);
      for (const char* name : kServices)
        env[AddressVariable(name)] = Target(name);
      if (with_issuer_) {
        env.erase("JSTEDU_JWT_PUBLIC_KEY_FILE");
        env["JSTEDU_OIDC_ISSUER"] = issuer_url;
        env["JSTEDU_CONSOLE_ISSUER"] = issuer_url;
      }
      return env;
    }

    Stack() {
      if (bin.empty()) return;  // RequireEnv has failed the suite
      mkdir(logs.c_str(), 0755);
      CaptureExchangesWith(http_port);  // for the contract check (http.h)
      for (const char* name : kServices) {
        schemas[name] = std::make_unique<TestSchema>();
        for (const std::string& instance : Instances(name)) {
          grpc_ports[instance] = FreePort();
          admin_ports[instance] = FreePort();
        }
      }
      for (const std::string& instance : Instances("gateway")) {
        admin_ports[instance] = FreePort();
        gateway_ports[instance] = replicas == 1 ? http_port : FreePort();
      }
      std::ofstream(logs + "/jwt-public.pem") << keys.public_pem;
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
      for (const char* name : kServices) {
        for (const std::string& instance : Instances(name))
          processes[instance] = StartService(instance);
      }
      for (const std::string& instance : Instances("gateway"))
        processes[instance] = StartGateway(instance);
      if (replicas > 1) StartNginx();
      bool ready = WaitUntil(
          [&] {
            for (const auto& [instance, port] : gateway_ports) {
              if (HttpGet(port, "/readyz").status != 200) return false;
            }
            return HttpGet(http_port, "/readyz").status == 200;
          },
          std::chrono::seconds(60));
      EXPECT_TRUE(ready) << "the stack did not become ready; logs in " << logs;
    }

    // Every process holds a connection to Redis's TLS port (readiness,
    // relays, consumers, the gateway's keys) and none to the plain one:
    // the sockets in /proc/<pid>/fd matched with /proc/net/tcp.
    void ExpectEveryProcessOnTheTlsPort() {
      // A gateway reaches Redis at its first Idempotency-Key: claimed (over
      // TLS) before the body is refused; 503 if Redis could not be reached.
      for (const auto& [instance, port] : gateway_ports) {
        const HttpResponse refused = HttpRequest(
            port, "POST", "/v1/experts", "{}",
            {{"Authorization", "Bearer " + Token("ADMIN", "e2e-admin")},
             {"Idempotency-Key", "e2e-redis-tls-" + RandomSuffix(8)},
             {"Content-Type", "application/json"}});
        EXPECT_EQ(refused.status, 400) << instance << ": " << refused.body;
      }
      const auto port_of = [](const std::string& address) {
        return std::stoi(address.substr(address.rfind(':') + 1));
      };
      const int tls_port = port_of(RequireEnv("JSTEDU_TEST_REDIS_TLS_ADDR"));
      const int plain_port = port_of(RequireEnv("JSTEDU_TEST_REDIS_ADDR"));
      std::map<std::string, int> remote_port;  // socket inode -> port
      std::ifstream tcp("/proc/net/tcp");
      std::string line;
      std::getline(tcp, line);  // the header
      while (std::getline(tcp, line)) {
        std::vector<std::string> fields =
            absl::StrSplit(line, ' ', absl::SkipEmpty());
        if (fields.size() < 10) continue;
        remote_port[fields[9]] =
            std::stoi(fields[2].substr(fields[2].find(':') + 1), nullptr, 16);
      }
      for (const auto& [instance, process] : processes) {
        if (!process || instance == "nginx" || instance == "dev-issuer")
          continue;
        int on_tls = 0, on_plain = 0;
        const std::string fds = absl::StrCat("/proc/", process->pid(), "/fd");
        for (const auto& fd : std::filesystem::directory_iterator(fds)) {
          std::error_code error;
          const std::string target =
              std::filesystem::read_symlink(fd.path(), error).string();
          if (error || target.rfind("socket:[", 0) != 0) continue;
          auto port = remote_port.find(target.substr(8, target.size() - 9));
          if (port == remote_port.end()) continue;
          on_tls += port->second == tls_port;
          on_plain += port->second == plain_port;
        }
        EXPECT_GT(on_tls, 0) << instance << " has no connection to Redis's "
                             << "TLS port";
        EXPECT_EQ(on_plain, 0) << instance << " reached Redis's plain port";
      }
    }
    ~Stack() {
      // After the suite, when every process has used Redis.
      if (RedisOverTls() && !bin.empty()) ExpectEveryProcessOnTheTlsPort();
      // nginx and the gateways first; then the services all at once, so
      // the suite waits for one drain delay (JSTEDU_DRAIN_DELAY), not one
      // per service.
      for (const char* front : {"nginx", "gateway"}) {
        for (auto& [instance, process] : processes) {
          if (process && ServiceOf(instance) == front) process->Terminate();
        }
      }
      for (auto& [instance, process] : processes) {
        if (process) process->RequestTermination();
      }
      for (auto& [instance, process] : processes) {
        if (process) process->Terminate();
      }
    }

    // The development issuer on a free port (log <logs>/dev-issuer.log),
    // ready once its discovery document answers.
    void StartIssuer() {
      issuer_port = FreePort();
      issuer_url = absl::StrCat("http://127.0.0.1:", issuer_port);
      const std::string console =
          absl::StrCat("http://127.0.0.1:", http_port, "/console/");
      processes["dev-issuer"] = std::make_unique<ChildProcess>(
          std::vector<std::string>{RequireEnv("JSTEDU_NODE"),
                                   RequireEnv("JSTEDU_SOURCE_DIR") +
                                       "/tools/dev-issuer/src/main.mjs"},
          std::map<std::string, std::string>{
              {"JSTEDU_DEV_ISSUER_PORT", std::to_string(issuer_port)},
              {"JSTEDU_DEV_ISSUER_STATE_DIR", logs + "/dev-issuer"},
              {"JSTEDU_CONSOLE_REDIRECT_URIS",
               console + "," + console + "callback"}},
          logs + "/dev-issuer.log");
      const bool ready = WaitUntil(
          [&] {
            return HttpGet(issuer_port, "/.well-known/openid-configuration")
                       .status == 200;
          },
          std::chrono::seconds(30));
      EXPECT_TRUE(ready) << "the development issuer did not start; see "
                         << logs;
    }

    // Starts service instance `instance` (its log appended to
    // <logs>/<instance>.log).
    std::unique_ptr<ChildProcess> StartService(const std::string& instance) {
      return std::make_unique<ChildProcess>(
          std::vector<std::string>{bin + "/jstedu-" + ServiceOf(instance)},
          ServiceEnv(instance), logs + "/" + instance + ".log");
    }
    std::unique_ptr<ChildProcess> StartGateway(const std::string& instance) {
      return std::make_unique<ChildProcess>(
          std::vector<std::string>{bin + "/jstedu-gateway"},
          GatewayEnv(instance), logs + "/" + instance + ".log");
    }

    // nginx (JSTEDU_NGINX) on `http_port` in front of every gateway, from
    // tools/lib/nginx.conf.template; its files in <logs>/nginx.
    void StartNginx() {
      nginx_dir = logs + "/nginx";
      mkdir(nginx_dir.c_str(), 0755);
      std::ifstream in(RequireEnv("JSTEDU_SOURCE_DIR") +
                       "/tools/lib/nginx.conf.template");
      std::string config((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
      config = absl::StrReplaceAll(
          config, {{"@STATE_DIR@", nginx_dir},
                   {"@LISTEN@", absl::StrCat("127.0.0.1:", http_port)}});
      std::ofstream(nginx_dir + "/nginx.conf") << config;
      const std::string marker = "# gateway-server-options: ";
      const size_t at = config.find(marker);
      ASSERT_NE(at, std::string::npos) << "no " << marker << "in the template";
      gateway_server_options = config.substr(
          at + marker.size(), config.find('\n', at) - at - marker.size());
      WriteGatewaysConf({});
      processes["nginx"] = std::make_unique<ChildProcess>(
          std::vector<std::string>{RequireEnv("JSTEDU_NGINX"), "-e",
                                   nginx_dir + "/error.log", "-p", nginx_dir,
                                   "-c", nginx_dir + "/nginx.conf"},
          std::map<std::string, std::string>{}, logs + "/nginx.log");
    }

    // nginx's list of gateways, those in `out` marked down.
    void WriteGatewaysConf(const std::set<std::string>& out) {
      std::ofstream conf(nginx_dir + "/gateways.conf", std::ios::trunc);
      for (const auto& [instance, port] : gateway_ports) {
        conf << "server 127.0.0.1:" << port << " " << gateway_server_options
             << (out.count(instance) ? " down" : "") << ";\n";
      }
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
