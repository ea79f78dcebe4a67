#include "gateway/config.h"

#include <fstream>
#include <map>

#include "gateway/docs_site.h"
#include "gateway/test_tokens.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;

// A file holding `text` in the test's temp dir.
std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// A readable public key file (made once per test binary).
const std::string& KeyFile() {
  static const auto* path =
      new std::string(WriteFile("gateway_config_test_public.pem",
                                testing::GenerateRsaKeyPair().public_pem));
  return *path;
}

// A readable idempotency secret of 48 bytes.
const std::string& SecretFile() {
  static const auto* path = new std::string(
      WriteFile("gateway_config_test_idempotency.key", std::string(48, 's')));
  return *path;
}

// A readable principal key of 48 bytes.
const std::string& PrincipalKeyFile() {
  static const auto* path = new std::string(
      WriteFile("gateway_config_test_principal.key", std::string(48, 'p')));
  return *path;
}

TEST(LoadConfigTest, DefaultsAndTheVariablesRead) {
  config::Env env =
      config::Env::FromMap({{"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
                            {"JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile()},
                            {"JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile()},
                            {"JSTEDU_REDIS_ADDR", "127.0.0.1:6379"}});
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->http.listen, "127.0.0.1:8080");
  EXPECT_EQ(loaded->http.threads, 2);
  EXPECT_EQ(loaded->admin_listen, "127.0.0.1:9100");
  EXPECT_EQ(loaded->upstream_deadline, std::chrono::seconds(5));
  EXPECT_EQ(loaded->shutdown_grace, std::chrono::seconds(10));
  EXPECT_EQ(loaded->log_level, log::Level::kInfo);
  ASSERT_EQ(loaded->upstreams.size(), 5u);
  EXPECT_EQ(loaded->upstreams[0].service,
            "jstedu.recruitment.v1.RecruitmentService");
  EXPECT_EQ(loaded->upstreams[0].address, "127.0.0.1:50051");
  EXPECT_EQ(loaded->upstreams[3].address, "127.0.0.1:50054");
  EXPECT_EQ(loaded->upstreams[4].service,
            "jstedu.notifications.v1.NotificationsService");
  EXPECT_EQ(loaded->upstreams[4].address, "127.0.0.1:50055");
  // Only notifications leaves readiness alone (its outage fails its own
  // routes).
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(loaded->upstreams[i].gates_readiness);
  EXPECT_FALSE(loaded->upstreams[4].gates_readiness);
  EXPECT_THAT(loaded->jwt_public_key_pem, HasSubstr("BEGIN PUBLIC KEY"));
  EXPECT_EQ(loaded->jwt.issuer, "jstedu-dev");
  EXPECT_EQ(loaded->jwt.audience, "jstedu-gateway");
  EXPECT_EQ(loaded->jwt.max_lifetime, std::chrono::hours(12));
  EXPECT_EQ(loaded->jwt.verified_tokens, 16384u);
  EXPECT_TRUE(loaded->cors_allowed_origins.empty());
  EXPECT_EQ(loaded->rate_limit.rate, 50);
  EXPECT_EQ(loaded->rate_limit.burst, 100);
  EXPECT_EQ(loaded->idempotency_secret, std::string(48, 's'));
  EXPECT_EQ(loaded->docs_dir, DefaultDocsDir());
  EXPECT_EQ(loaded->console_dir, DefaultConsoleDir());
  EXPECT_EQ(loaded->console.issuer, "");
  EXPECT_EQ(loaded->console.client_id, "jstedu-console");
  EXPECT_EQ(loaded->console.scope, "openid profile");
  EXPECT_EQ(loaded->console.role_claim, "role");
  EXPECT_EQ(env.Names(),
            (std::set<std::string>{"JSTEDU_HTTP_LISTEN",
                                   "JSTEDU_ADMIN_LISTEN",
                                   "JSTEDU_RECRUITMENT_ADDR",
                                   "JSTEDU_TRAINING_ADDR",
                                   "JSTEDU_ADVISORY_ADDR",
                                   "JSTEDU_REPORTING_ADDR",
                                   "JSTEDU_NOTIFICATIONS_ADDR",
                                   "JSTEDU_UPSTREAM_DEADLINE",
                                   "JSTEDU_HTTP_THREADS",
                                   "JSTEDU_SHUTDOWN_GRACE",
                                   "JSTEDU_LOG_LEVEL",
                                   "JSTEDU_JWT_PUBLIC_KEY_FILE",
                                   "JSTEDU_JWT_ISSUER",
                                   "JSTEDU_JWT_AUDIENCE",
                                   "JSTEDU_JWT_MAX_LIFETIME",
                                   "JSTEDU_JWT_VERIFIED_TOKENS",
                                   "JSTEDU_CORS_ALLOWED_ORIGINS",
                                   "JSTEDU_RATE_LIMIT_RPS",
                                   "JSTEDU_RATE_LIMIT_BURST",
                                   "JSTEDU_FEED_RATE_LIMIT_RPS",
                                   "JSTEDU_FEED_RATE_LIMIT_BURST",
                                   "JSTEDU_FEED_RATE_LIMIT_KEYS",
                                   "JSTEDU_REDIS_ADDR",
                                   "JSTEDU_REDIS_PREFIX",
                                   "JSTEDU_REDIS_USERNAME",
                                   "JSTEDU_REDIS_PASSWORD_FILE",
                                   "JSTEDU_REDIS_TLS_CA_FILE",
                                   "JSTEDU_REDIS_TLS_SERVER_NAME",
                                   "JSTEDU_REDIS_TLS_CERT_FILE",
                                   "JSTEDU_REDIS_TLS_KEY_FILE",
                                   "JSTEDU_IDEMPOTENCY_KEY_FILE",
                                   "JSTEDU_PRINCIPAL_KEY_FILE",
                                   "JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE",
                                   "JSTEDU_DOCS_DIR",
                                   "JSTEDU_CONSOLE_DIR",
                                   "JSTEDU_CONSOLE_ISSUER",
                                   "JSTEDU_CONSOLE_CLIENT_ID",
                                   "JSTEDU_CONSOLE_SCOPE",
                                   "JSTEDU_CONSOLE_ROLE_CLAIM",
                                   "JSTEDU_OIDC_ISSUER",
                                   "JSTEDU_OIDC_REFRESH_MIN_INTERVAL",
                                   "JSTEDU_OIDC_REFRESH_INTERVAL",
                                   "JSTEDU_OIDC_TIMEOUT",
                                   "JSTEDU_OIDC_CA_FILE",
                                   "JSTEDU_JWT_ROLE_CLAIM",
                                   "JSTEDU_JWT_VOIVODESHIP_CLAIM",
                                   "JSTEDU_JWT_JST_CLAIM"}));
  EXPECT_EQ(loaded->oidc.issuer, "");
  EXPECT_EQ(loaded->jwt.role_claim, "role");
  EXPECT_EQ(loaded->jwt.voivodeship_claim, "region");
  EXPECT_EQ(loaded->jwt.jst_claim, "jst");
}

TEST(LoadConfigTest, ReadsValues) {
  config::Env env = config::Env::FromMap({
      {"JSTEDU_REDIS_ADDR", "redis:6379"},
      {"JSTEDU_HTTP_LISTEN", "0.0.0.0:80"},
      {"JSTEDU_TRAINING_ADDR", "training:50052"},
      {"JSTEDU_UPSTREAM_DEADLINE", "250ms"},
      {"JSTEDU_HTTP_THREADS", "4"},
      {"JSTEDU_LOG_LEVEL", "debug"},
      {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
      {"JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile()},
      {"JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile()},
      {"JSTEDU_JWT_ISSUER", "https://idp.example"},
      {"JSTEDU_JWT_AUDIENCE", "api"},
      {"JSTEDU_JWT_MAX_LIFETIME", "90m"},
      {"JSTEDU_CORS_ALLOWED_ORIGINS",
       "https://console.example, http://localhost:5173"},
      {"JSTEDU_RATE_LIMIT_RPS", "5"},
      {"JSTEDU_RATE_LIMIT_BURST", "7"},
      {"JSTEDU_FEED_RATE_LIMIT_RPS", "2"},
      {"JSTEDU_FEED_RATE_LIMIT_BURST", "3"},
      {"JSTEDU_FEED_RATE_LIMIT_KEYS", "5000"},
      {"JSTEDU_CONSOLE_DIR", "/srv/console"},
      {"JSTEDU_CONSOLE_ISSUER", "https://idp.example/realms/jstedu"},
      {"JSTEDU_CONSOLE_CLIENT_ID", "console"},
      {"JSTEDU_CONSOLE_SCOPE", "openid"},
      {"JSTEDU_CONSOLE_ROLE_CLAIM", "jstedu_role"},
  });
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->console_dir, "/srv/console");
  EXPECT_EQ(loaded->console.issuer, "https://idp.example/realms/jstedu");
  EXPECT_EQ(loaded->console.client_id, "console");
  EXPECT_EQ(loaded->console.scope, "openid");
  EXPECT_EQ(loaded->console.role_claim, "jstedu_role");
  EXPECT_EQ(loaded->jwt.issuer, "https://idp.example");
  EXPECT_EQ(loaded->jwt.audience, "api");
  EXPECT_EQ(loaded->jwt.max_lifetime, std::chrono::minutes(90));
  EXPECT_EQ(loaded->cors_allowed_origins,
            (std::vector<std::string>{"https://console.example",
                                      "http://localhost:5173"}));
  EXPECT_EQ(loaded->rate_limit.rate, 5);
  EXPECT_EQ(loaded->rate_limit.burst, 7);
  EXPECT_EQ(loaded->address_rate_limit.rate, 2);
  EXPECT_EQ(loaded->address_rate_limit.burst, 3);
  EXPECT_EQ(loaded->address_rate_limit.max_keys, 5000u);
  EXPECT_EQ(loaded->http.listen, "0.0.0.0:80");
  EXPECT_EQ(loaded->upstreams[1].address, "training:50052");
  EXPECT_EQ(loaded->upstream_deadline, std::chrono::milliseconds(250));
  EXPECT_EQ(loaded->http.threads, 4);
  EXPECT_EQ(loaded->log_level, log::Level::kDebug);
}

TEST(LoadConfigTest, NamesEveryBadVariable) {
  config::Env env = config::Env::FromMap({
      {"JSTEDU_HTTP_LISTEN", "nonsense"},
      {"JSTEDU_HTTP_THREADS", "0"},
      {"JSTEDU_UPSTREAM_DEADLINE", "0s"},
      {"JSTEDU_LOG_LEVEL", "loud"},
      {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
      {"JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile()},
      {"JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile()},
      {"JSTEDU_RATE_LIMIT_RPS", "0"},
      {"JSTEDU_RATE_LIMIT_BURST", "many"},
      {"JSTEDU_JWT_MAX_LIFETIME", "0s"},
      {"JSTEDU_CORS_ALLOWED_ORIGINS", "https://console.example/"},
      {"JSTEDU_CONSOLE_ISSUER", "id.example.gov.pl"},
      // JSTEDU_REDIS_ADDR missing, and two bad Redis settings more.
      {"JSTEDU_REDIS_USERNAME", "jstedu"},
      {"JSTEDU_REDIS_TLS_CA_FILE", "/nonexistent/redis-ca.crt"},
  });
  auto loaded = LoadConfig(env);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(loaded.status().message());
  EXPECT_THAT(message, HasSubstr("JSTEDU_REDIS_ADDR"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_REDIS_USERNAME: needs "
                                 "JSTEDU_REDIS_PASSWORD_FILE"));
  EXPECT_THAT(message,
              HasSubstr("JSTEDU_REDIS_TLS_CA_FILE: /nonexistent/redis-ca.crt: "
                        "not a readable PEM file of certificates"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_JWT_MAX_LIFETIME: must be at least"));
  EXPECT_THAT(message,
              HasSubstr("JSTEDU_CORS_ALLOWED_ORIGINS: "
                        "\"https://console.example/\" is not an origin"));
  EXPECT_THAT(message,
              HasSubstr("JSTEDU_CONSOLE_ISSUER: \"id.example.gov.pl\" is not "
                        "an http(s) URL"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_HTTP_LISTEN"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_HTTP_THREADS"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_UPSTREAM_DEADLINE"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_LOG_LEVEL"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_RATE_LIMIT_RPS"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_RATE_LIMIT_BURST"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("JSTEDU_JWT_PUBLIC")));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("JSTEDU_IDEMPOTENCY")));
  // A maximum lifetime above a day would switch the limit off.
  config::Env long_lived = config::Env::FromMap({
      {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
      {"JSTEDU_REDIS_ADDR", "127.0.0.1:6379"},
      {"JSTEDU_JWT_MAX_LIFETIME", "1441m"},
  });
  auto day_and_more = LoadConfig(long_lived);
  ASSERT_EQ(day_and_more.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(day_and_more.status().message()),
              HasSubstr("JSTEDU_JWT_MAX_LIFETIME: must be at least 1s and at "
                        "most 1440m"));
}

TEST(LoadConfigTest, KeyFileOrIssuerIsRequired) {
  config::Env env = config::Env::FromMap({});
  auto loaded = LoadConfig(env);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("JSTEDU_JWT_PUBLIC_KEY_FILE or JSTEDU_OIDC_ISSUER: one "
                        "is required"));
}

// The settings every start needs besides where the keys come from.
std::map<std::string, std::string> Required(
    std::map<std::string, std::string> more) {
  more.emplace("JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile());
  more.emplace("JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile());
  more.emplace("JSTEDU_REDIS_ADDR", "127.0.0.1:6379");
  return more;
}

TEST(LoadConfigTest, KeyFileAndIssuerTogetherAreRefused) {
  config::Env env = config::Env::FromMap(
      Required({{"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
                {"JSTEDU_OIDC_ISSUER", "https://login.example"}}));
  auto loaded = LoadConfig(env);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(loaded.status().message()),
      HasSubstr("JSTEDU_JWT_PUBLIC_KEY_FILE and JSTEDU_OIDC_ISSUER: set "
                "only one"));
}

TEST(LoadConfigTest, OidcIssuerAndItsSettings) {
  config::Env env = config::Env::FromMap(
      Required({{"JSTEDU_OIDC_ISSUER", "https://login.example/realms/jst"},
                {"JSTEDU_OIDC_REFRESH_MIN_INTERVAL", "10s"},
                {"JSTEDU_OIDC_REFRESH_INTERVAL", "5m"},
                {"JSTEDU_OIDC_TIMEOUT", "2s"},
                {"JSTEDU_JWT_ROLE_CLAIM", "jstedu_role"},
                {"JSTEDU_JWT_VOIVODESHIP_CLAIM", "voivodeship"},
                {"JSTEDU_JWT_JST_CLAIM", "teryt"}}));
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->oidc.issuer, "https://login.example/realms/jst");
  EXPECT_EQ(loaded->jwt.issuer, "https://login.example/realms/jst");
  EXPECT_EQ(loaded->jwt_public_key_pem, "");
  EXPECT_EQ(loaded->oidc.refresh_min_interval, std::chrono::seconds(10));
  EXPECT_EQ(loaded->oidc.refresh_interval, std::chrono::minutes(5));
  EXPECT_EQ(loaded->oidc_http.timeout, std::chrono::seconds(2));
  EXPECT_EQ(loaded->oidc_http.ca_file, "");
  EXPECT_EQ(loaded->jwt.role_claim, "jstedu_role");
  EXPECT_EQ(loaded->jwt.voivodeship_claim, "voivodeship");
  EXPECT_EQ(loaded->jwt.jst_claim, "teryt");

  config::Env defaults = config::Env::FromMap(
      Required({{"JSTEDU_OIDC_ISSUER", "http://127.0.0.1:9000"}}));
  loaded = LoadConfig(defaults);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->oidc.refresh_min_interval, std::chrono::seconds(30));
  EXPECT_EQ(loaded->oidc.refresh_interval, std::chrono::minutes(10));
  EXPECT_EQ(loaded->oidc_http.timeout, std::chrono::seconds(5));
}

TEST(LoadConfigTest, BadOidcSettingsAreNamed) {
  config::Env env = config::Env::FromMap(
      Required({{"JSTEDU_OIDC_ISSUER", "http://login.example"},
                {"JSTEDU_JWT_ISSUER", "jstedu-dev"},
                {"JSTEDU_OIDC_REFRESH_MIN_INTERVAL", "0s"},
                {"JSTEDU_OIDC_TIMEOUT", "0s"},
                {"JSTEDU_OIDC_CA_FILE", "/nonexistent/ca.pem"},
                {"JSTEDU_JWT_ROLE_CLAIM", "sub"},
                {"JSTEDU_JWT_JST_CLAIM", "region"}}));
  auto loaded = LoadConfig(env);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(loaded.status().message());
  EXPECT_THAT(message, HasSubstr("JSTEDU_OIDC_ISSUER: plain http:// is allowed "
                                 "only to a loopback host"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_JWT_ISSUER: must be empty or equal to "
                                 "JSTEDU_OIDC_ISSUER"));
  EXPECT_THAT(
      message,
      HasSubstr("JSTEDU_OIDC_REFRESH_MIN_INTERVAL: must be at least 5s"));
  EXPECT_THAT(
      message,
      HasSubstr("JSTEDU_OIDC_TIMEOUT: must be above 0 and at most 10s"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_OIDC_CA_FILE: cannot read"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_JWT_ROLE_CLAIM: sub is a registered "
                                 "claim"));
  EXPECT_THAT(message, HasSubstr("must name three different claims"));

  config::Env short_interval = config::Env::FromMap(
      Required({{"JSTEDU_OIDC_ISSUER", "https://login.example"},
                {"JSTEDU_OIDC_REFRESH_INTERVAL", "10s"}}));
  loaded = LoadConfig(short_interval);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("JSTEDU_OIDC_REFRESH_INTERVAL: must be at least "
                        "JSTEDU_OIDC_REFRESH_MIN_INTERVAL"));
}

// Issue 18 review: the console's issuer is the gateway's own (its tokens are
// verified with that issuer's keys), reached over https or loopback, and
// its client is never the gateway's audience (its ID tokens would pass).
TEST(LoadConfigTest, TheConsolesIssuerIsTheGatewaysAndItsClientNotTheAudience) {
  config::Env other = config::Env::FromMap(
      Required({{"JSTEDU_OIDC_ISSUER", "https://login.example"},
                {"JSTEDU_CONSOLE_ISSUER", "https://other.example"}}));
  auto loaded = LoadConfig(other);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(loaded.status().message()),
      HasSubstr("JSTEDU_CONSOLE_ISSUER: must equal JSTEDU_OIDC_ISSUER"));
  config::Env plain = config::Env::FromMap(
      Required({{"JSTEDU_CONSOLE_ISSUER", "http://login.example"}}));
  loaded = LoadConfig(plain);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("JSTEDU_CONSOLE_ISSUER: must be https, or http to a "
                        "loopback host"));
  config::Env same_audience = config::Env::FromMap(
      Required({{"JSTEDU_CONSOLE_ISSUER", "https://login.example"},
                {"JSTEDU_CONSOLE_CLIENT_ID", "jstedu-gateway"}}));
  loaded = LoadConfig(same_audience);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("JSTEDU_CONSOLE_CLIENT_ID: must differ from "
                        "JSTEDU_JWT_AUDIENCE"));
}

TEST(LoadConfigTest, PublicKeyFileMustHoldAPublicKey) {
  const testing::KeyPair keys = testing::GenerateRsaKeyPair();
  for (const std::string& path :
       {::testing::TempDir() + "/no-such-key.pem",
        WriteFile("gateway_config_test_private.pem", keys.private_pem),
        WriteFile("gateway_config_test_junk.pem", "not a key\n"),
        ::testing::TempDir()}) {
    config::Env env = config::Env::FromMap(
        {{"JSTEDU_JWT_PUBLIC_KEY_FILE", path}, {"JSTEDU_HTTP_THREADS", "0"}});
    auto loaded = LoadConfig(env);
    ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument)
        << path;
    const std::string message(loaded.status().message());
    EXPECT_THAT(message, HasSubstr("JSTEDU_JWT_PUBLIC_KEY_FILE: ")) << path;
    EXPECT_THAT(message, HasSubstr("JSTEDU_HTTP_THREADS")) << path;
  }
}

TEST(LoadConfigTest, IdempotencySecretIsRequiredAndLongEnough) {
  for (const std::string& path :
       {std::string(), ::testing::TempDir() + "/no-such-secret",
        WriteFile("gateway_config_test_short.key", std::string(31, 's'))}) {
    std::map<std::string, std::string> vars = {
        {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
        {"JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile()},
        {"JSTEDU_REDIS_ADDR", "127.0.0.1:6379"}};
    if (!path.empty()) vars["JSTEDU_IDEMPOTENCY_KEY_FILE"] = path;
    config::Env env = config::Env::FromMap(vars);
    auto loaded = LoadConfig(env);
    ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument)
        << path;
    EXPECT_THAT(std::string(loaded.status().message()),
                HasSubstr("JSTEDU_IDEMPOTENCY_KEY_FILE: "))
        << path;
  }
}

TEST(LoadConfigTest, PrincipalKeyIsRequiredLongEnoughAndNotThePrevious) {
  struct Case {
    std::string current, previous, expected;
  };
  const std::string short_key = WriteFile(
      "gateway_config_test_principal_short.key", std::string(31, 'p'));
  for (const Case& c : std::vector<Case>{
           {"", "", "JSTEDU_PRINCIPAL_KEY_FILE: "},
           {::testing::TempDir() + "/no-such-key", "",
            "JSTEDU_PRINCIPAL_KEY_FILE: must name a readable file of at least "
            "32 bytes"},
           {short_key, "", "JSTEDU_PRINCIPAL_KEY_FILE: must name"},
           {PrincipalKeyFile(), short_key,
            "JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: must name"},
           {PrincipalKeyFile(), PrincipalKeyFile(),
            "JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: holds the same key as "
            "JSTEDU_PRINCIPAL_KEY_FILE"}}) {
    std::map<std::string, std::string> vars = {
        {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
        {"JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile()},
        {"JSTEDU_REDIS_ADDR", "127.0.0.1:6379"}};
    if (!c.current.empty()) vars["JSTEDU_PRINCIPAL_KEY_FILE"] = c.current;
    if (!c.previous.empty()) {
      vars["JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE"] = c.previous;
    }
    config::Env env = config::Env::FromMap(vars);
    auto loaded = LoadConfig(env);
    ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument)
        << c.current << " " << c.previous;
    EXPECT_THAT(std::string(loaded.status().message()), HasSubstr(c.expected));
  }
  std::map<std::string, std::string> vars = {
      {"JSTEDU_JWT_PUBLIC_KEY_FILE", KeyFile()},
      {"JSTEDU_IDEMPOTENCY_KEY_FILE", SecretFile()},
      {"JSTEDU_PRINCIPAL_KEY_FILE", PrincipalKeyFile()},
      {"JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE",
       WriteFile("gateway_config_test_principal_old.key",
                 std::string(40, 'o'))},
      {"JSTEDU_REDIS_ADDR", "127.0.0.1:6379"}};
  config::Env env = config::Env::FromMap(vars);
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->principal_keys.current, std::string(48, 'p'));
  EXPECT_EQ(loaded->principal_keys.previous, std::string(40, 'o'));
}

}  // namespace
}  // namespace jstedu::gateway
