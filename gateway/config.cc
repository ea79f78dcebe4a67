#include "gateway/config.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/redis/client.h"
#include "gateway/docs_site.h"

namespace jstedu::gateway {
namespace {

struct ServiceSetting {
  const char* service;
  const char* variable;
  const char* fallback;
  // UpstreamTarget::gates_readiness.
  bool gates_readiness = true;
};

constexpr ServiceSetting kServices[] = {
    {"jstedu.recruitment.v1.RecruitmentService", "JSTEDU_RECRUITMENT_ADDR",
     "127.0.0.1:50051"},
    {"jstedu.training.v1.TrainingService", "JSTEDU_TRAINING_ADDR",
     "127.0.0.1:50052"},
    {"jstedu.advisory.v1.AdvisoryService", "JSTEDU_ADVISORY_ADDR",
     "127.0.0.1:50053"},
    {"jstedu.reporting.v1.ReportingService", "JSTEDU_REPORTING_ADDR",
     "127.0.0.1:50054"},
    // Reminders wait out an outage (the schedule is kept); the programme's
    // work does not stop for it.
    {"jstedu.notifications.v1.NotificationsService",
     "JSTEDU_NOTIFICATIONS_ADDR", "127.0.0.1:50055", false},
};

constexpr char kKeyFileVariable[] = "JSTEDU_JWT_PUBLIC_KEY_FILE";
constexpr char kOidcIssuerVariable[] = "JSTEDU_OIDC_ISSUER";
constexpr char kDevIssuer[] = "jstedu-dev";

// The claims JwtVerifier reads itself: none may carry role or scope.
constexpr std::string_view kRegisteredClaims[] = {"iss", "sub", "aud", "exp",
                                                  "nbf", "iat", "jti"};
constexpr char kIdempotencyKeyFileVariable[] = "JSTEDU_IDEMPOTENCY_KEY_FILE";

// The whole contents of `path`, or why it cannot be read.
absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad())
    return absl::DataLossError(absl::StrCat("cannot read ", path));
  return text.str();
}

// The key file's contents, or why it cannot be used.
absl::StatusOr<std::string> ReadPublicKey(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  const absl::Status key = CheckPublicKeyPem(*text);
  if (!key.ok())
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", key.message()));
  return text;
}

// The idempotency secret in the file, or why it cannot be used.
absl::StatusOr<std::string> ReadIdempotencySecret(const std::string& path) {
  auto secret = ReadFile(path);
  if (secret.ok() && secret->size() < kMinIdempotencySecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": holds ", secret->size(),
        " bytes; the secret must have at least ", kMinIdempotencySecretBytes));
  }
  return secret;
}

// Problems with the three claim names (JSTEDU_JWT_*_CLAIM).
void CheckClaimNames(const JwtOptions& jwt,
                     std::vector<std::string>& problems) {
  const std::pair<const char*, const std::string*> names[] = {
      {"JSTEDU_JWT_ROLE_CLAIM", &jwt.role_claim},
      {"JSTEDU_JWT_VOIVODESHIP_CLAIM", &jwt.voivodeship_claim},
      {"JSTEDU_JWT_JST_CLAIM", &jwt.jst_claim}};
  for (const auto& [variable, name] : names) {
    for (std::string_view registered : kRegisteredClaims) {
      if (*name == registered) {
        problems.push_back(absl::StrCat(
            variable, ": ", *name,
            " is a registered claim the gateway checks itself; name another"));
      }
    }
  }
  if (jwt.role_claim == jwt.voivodeship_claim ||
      jwt.role_claim == jwt.jst_claim ||
      jwt.voivodeship_claim == jwt.jst_claim) {
    problems.push_back(
        "JSTEDU_JWT_ROLE_CLAIM, JSTEDU_JWT_VOIVODESHIP_CLAIM and "
        "JSTEDU_JWT_JST_CLAIM: must name three different claims");
  }
}

// Problems with where the keys come from: exactly one of the key file and
// the issuer; the issuer a URL the gateway may fetch; the OIDC intervals.
void CheckKeySource(const std::string& key_file, const GatewayConfig& config,
                    const std::string& jwt_issuer,
                    std::vector<std::string>& problems) {
  const std::string& issuer = config.oidc.issuer;
  if (key_file.empty() && issuer.empty()) {
    problems.push_back(absl::StrCat(
        kKeyFileVariable, " or ", kOidcIssuerVariable,
        ": one is required (the PEM public key that verifies tokens, or the "
        "URL of the OpenID Connect issuer whose keys do)"));
  }
  if (!key_file.empty() && !issuer.empty()) {
    problems.push_back(absl::StrCat(kKeyFileVariable, " and ",
                                    kOidcIssuerVariable,
                                    ": set only one of them (the keys come "
                                    "from the file or from the issuer)"));
  }
  if (issuer.empty()) return;
  const auto url = ParseFetchUrl(issuer);
  if (!url.ok()) {
    problems.push_back(
        absl::StrCat(kOidcIssuerVariable, ": ", url.status().message()));
  }
  if (!jwt_issuer.empty() && jwt_issuer != issuer) {
    problems.push_back(absl::StrCat(
        "JSTEDU_JWT_ISSUER: must be empty or equal to ", kOidcIssuerVariable,
        " (the tokens' iss is the issuer's URL)"));
  }
  // Floors and ceilings: an unknown kid may start a fetch once per minimum
  // interval, and the request that starts it waits up to two timeouts.
  if (config.oidc.refresh_min_interval < std::chrono::seconds(5)) {
    problems.push_back("JSTEDU_OIDC_REFRESH_MIN_INTERVAL: must be at least 5s");
  }
  if (config.oidc.refresh_interval < config.oidc.refresh_min_interval) {
    problems.push_back(
        "JSTEDU_OIDC_REFRESH_INTERVAL: must be at least "
        "JSTEDU_OIDC_REFRESH_MIN_INTERVAL");
  }
  if (config.oidc_http.timeout.count() <= 0 ||
      config.oidc_http.timeout > std::chrono::seconds(10)) {
    problems.push_back("JSTEDU_OIDC_TIMEOUT: must be above 0 and at most 10s");
  }
  if (!config.oidc_http.ca_file.empty()) {
    const auto ca = ReadFile(config.oidc_http.ca_file);
    if (!ca.ok()) {
      problems.push_back(
          absl::StrCat("JSTEDU_OIDC_CA_FILE: ", ca.status().message()));
    }
  }
}

}  // namespace

absl::StatusOr<GatewayConfig> LoadConfig(config::Env& env) {
  using std::chrono::seconds;
  GatewayConfig config;
  config.http.listen = env.HostPort("JSTEDU_HTTP_LISTEN", "127.0.0.1:8080");
  config.http.threads =
      static_cast<int>(env.Int("JSTEDU_HTTP_THREADS", 2, 1, 64));
  config.admin_listen = env.HostPort("JSTEDU_ADMIN_LISTEN", "127.0.0.1:9100");
  for (const ServiceSetting& setting : kServices) {
    config.upstreams.push_back(
        {setting.service,
         env.GrpcTarget(setting.variable, setting.fallback),
         {},
         setting.gates_readiness});
  }
  config.upstream_deadline =
      env.Duration("JSTEDU_UPSTREAM_DEADLINE", seconds(5));
  config.shutdown_grace = env.Duration("JSTEDU_SHUTDOWN_GRACE", seconds(10));
  config.log_level = log::ParseLevel(env.OneOf(
      "JSTEDU_LOG_LEVEL", "info", {"debug", "info", "warn", "error"}));
  const std::string key_file = env.String(kKeyFileVariable, "");
  config.oidc.issuer = env.String(kOidcIssuerVariable, "");
  config.oidc.refresh_min_interval =
      env.Duration("JSTEDU_OIDC_REFRESH_MIN_INTERVAL", seconds(30));
  config.oidc.refresh_interval =
      env.Duration("JSTEDU_OIDC_REFRESH_INTERVAL", std::chrono::minutes(10));
  config.oidc_http.timeout = env.Duration("JSTEDU_OIDC_TIMEOUT", seconds(5));
  config.oidc_http.ca_file = env.String("JSTEDU_OIDC_CA_FILE", "");
  const std::string jwt_issuer = env.String("JSTEDU_JWT_ISSUER", "");
  config.jwt.issuer = !config.oidc.issuer.empty() ? config.oidc.issuer
                      : !jwt_issuer.empty()       ? jwt_issuer
                                                  : kDevIssuer;
  config.jwt.audience = env.String("JSTEDU_JWT_AUDIENCE", "jstedu-gateway");
  config.jwt.max_lifetime = std::chrono::duration_cast<seconds>(
      env.Duration("JSTEDU_JWT_MAX_LIFETIME", std::chrono::hours(12)));
  config.jwt.role_claim = env.String("JSTEDU_JWT_ROLE_CLAIM", "role");
  config.jwt.voivodeship_claim =
      env.String("JSTEDU_JWT_VOIVODESHIP_CLAIM", "region");
  config.jwt.jst_claim = env.String("JSTEDU_JWT_JST_CLAIM", "jst");
  config.jwt.verified_tokens = static_cast<size_t>(
      env.Int("JSTEDU_JWT_VERIFIED_TOKENS", 16384, 0, 100000));
  const std::string cors_origins =
      env.String("JSTEDU_CORS_ALLOWED_ORIGINS", "");
  config.rate_limit.rate =
      static_cast<double>(env.Int("JSTEDU_RATE_LIMIT_RPS", 50, 1, 1000000));
  config.rate_limit.burst =
      static_cast<double>(env.Int("JSTEDU_RATE_LIMIT_BURST", 100, 1, 1000000));
  config.address_rate_limit.rate =
      static_cast<double>(env.Int("JSTEDU_FEED_RATE_LIMIT_RPS", 1, 1, 1000000));
  config.address_rate_limit.burst = static_cast<double>(
      env.Int("JSTEDU_FEED_RATE_LIMIT_BURST", 10, 1, 1000000));
  config.address_rate_limit.max_keys = static_cast<size_t>(
      env.Int("JSTEDU_FEED_RATE_LIMIT_KEYS", 100000, 1000, 10000000));
  const redis::Settings redis_settings = redis::ReadSettings(env);
  config.redis_prefix = env.String("JSTEDU_REDIS_PREFIX", "jstedu:gateway:");
  config.docs_dir = env.String("JSTEDU_DOCS_DIR", DefaultDocsDir());
  config.console_dir = env.String("JSTEDU_CONSOLE_DIR", DefaultConsoleDir());
  const ConsoleSettings console_defaults;
  config.console.issuer = env.String("JSTEDU_CONSOLE_ISSUER", "");
  config.console.client_id =
      env.String("JSTEDU_CONSOLE_CLIENT_ID", console_defaults.client_id);
  config.console.scope =
      env.String("JSTEDU_CONSOLE_SCOPE", console_defaults.scope);
  config.console.role_claim =
      env.String("JSTEDU_CONSOLE_ROLE_CLAIM", console_defaults.role_claim);
  const std::string secret_file = env.String(kIdempotencyKeyFileVariable);
  const std::string principal_key_file =
      env.String(grpcutil::kPrincipalKeyFileVariable);
  const std::string principal_previous_key_file =
      env.String(grpcutil::kPrincipalPreviousKeyFileVariable, "");

  // Problems Env cannot see, added to its own.
  std::vector<std::string> problems;
  if (config.upstream_deadline.count() <= 0) {
    problems.push_back("JSTEDU_UPSTREAM_DEADLINE: must be above 0");
  }
  if (config.jwt.max_lifetime.count() <= 0 ||
      config.jwt.max_lifetime > std::chrono::hours(24)) {
    problems.push_back(
        "JSTEDU_JWT_MAX_LIFETIME: must be at least 1s and at most 1440m (24 "
        "h)");
  }
  CheckClaimNames(config.jwt, problems);
  CheckKeySource(key_file, config, jwt_issuer, problems);
  auto origins = ParseAllowedOrigins(cors_origins);
  if (origins.ok()) {
    config.cors_allowed_origins = *std::move(origins);
  } else {
    problems.push_back(absl::StrCat("JSTEDU_CORS_ALLOWED_ORIGINS: ",
                                    origins.status().message()));
  }
  if (auto issuer = IssuerOrigin(config.console.issuer); !issuer.ok()) {
    problems.push_back(
        absl::StrCat("JSTEDU_CONSOLE_ISSUER: ", issuer.status().message()));
  } else if (!config.console.issuer.empty() &&
             !ParseFetchUrl(config.console.issuer).ok()) {
    // The authorization code and tokens travel to it: https, or a loopback
    // issuer in development, as for JSTEDU_OIDC_ISSUER.
    problems.push_back(
        "JSTEDU_CONSOLE_ISSUER: must be https, or http to a loopback host");
  }
  if (!config.console.issuer.empty() && !config.oidc.issuer.empty() &&
      config.console.issuer != config.oidc.issuer) {
    problems.push_back(
        "JSTEDU_CONSOLE_ISSUER: must equal JSTEDU_OIDC_ISSUER (the console's "
        "tokens are verified with that issuer's keys)");
  }
  if (!config.console.issuer.empty() &&
      config.console.client_id == config.jwt.audience) {
    problems.push_back(
        "JSTEDU_CONSOLE_CLIENT_ID: must differ from JSTEDU_JWT_AUDIENCE (the "
        "console's ID tokens would then pass as access tokens)");
  }
  if (!key_file.empty()) {
    auto pem = ReadPublicKey(key_file);
    if (pem.ok()) {
      config.jwt_public_key_pem = *std::move(pem);
    } else {
      problems.push_back(
          absl::StrCat(kKeyFileVariable, ": ", pem.status().message()));
    }
  }
  if (!secret_file.empty()) {
    auto secret = ReadIdempotencySecret(secret_file);
    if (secret.ok()) {
      config.idempotency_secret = *std::move(secret);
    } else {
      problems.push_back(absl::StrCat(kIdempotencyKeyFileVariable, ": ",
                                      secret.status().message()));
    }
  }
  if (auto redis = redis::OptionsFromSettings(redis_settings); redis.ok()) {
    config.redis = *std::move(redis);
  } else {
    problems.push_back(std::string(redis.status().message()));
  }
  if (!principal_key_file.empty()) {
    auto keys = grpcutil::ReadPrincipalKeys(principal_key_file,
                                            principal_previous_key_file);
    if (keys.ok()) {
      config.principal_keys = *std::move(keys);
    } else {
      problems.push_back(std::string(keys.status().message()));
    }
  }
  absl::Status status = env.Check();
  if (!problems.empty()) {
    status = absl::InvalidArgumentError(
        absl::StrCat(status.ok() ? "bad configuration: "
                                 : absl::StrCat(status.message(), "; "),
                     absl::StrJoin(problems, "; ")));
  }
  if (!status.ok()) return status;
  return config;
}

const std::vector<std::string>& BackendServices() {
  static const auto* const kNames = [] {
    auto* names = new std::vector<std::string>;
    for (const ServiceSetting& setting : kServices)
      names->push_back(setting.service);
    return names;
  }();
  return *kNames;
}

std::vector<std::string> ServiceNames(const GatewayConfig& config) {
  std::vector<std::string> names;
  for (const auto& upstream : config.upstreams)
    names.push_back(upstream.service);
  return names;
}

}  // namespace jstedu::gateway
