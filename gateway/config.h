#pragma once

// The gateway's settings, all from environment variables (defaults in
// parentheses):
//   JSTEDU_HTTP_LISTEN          public HTTP host:port (127.0.0.1:8080)
//   JSTEDU_ADMIN_LISTEN         admin host:port, /metrics (127.0.0.1:9100)
//   JSTEDU_RECRUITMENT_ADDR     recruitment gRPC address (127.0.0.1:50051)
//   JSTEDU_TRAINING_ADDR        training gRPC address (127.0.0.1:50052)
//   JSTEDU_ADVISORY_ADDR        advisory gRPC address (127.0.0.1:50053)
//   JSTEDU_REPORTING_ADDR       reporting gRPC address (127.0.0.1:50054)
//   JSTEDU_NOTIFICATIONS_ADDR   notifications gRPC address (127.0.0.1:50055)
//   JSTEDU_UPSTREAM_DEADLINE    deadline of each upstream call, > 0 (5s)
//   JSTEDU_HTTP_THREADS         I/O threads, 1..64 (2)
//   JSTEDU_SHUTDOWN_GRACE       how long in-flight requests may finish on
//                               SIGTERM/SIGINT (10s)
//   JSTEDU_LOG_LEVEL            debug, info, warn or error (info)
//   Where token keys come from: exactly one of these two (both or neither
//   is a start-up error):
//   JSTEDU_JWT_PUBLIC_KEY_FILE  PEM file of the RSA public key (>= 2048
//                               bits) that verifies RS256 tokens; read once
//                               at start; the tokens' kid is ignored
//   JSTEDU_OIDC_ISSUER          an OpenID Connect issuer URL (https://, or
//                               http:// to a loopback host): its discovery
//                               document and JWK Set, fetched at start (the
//                               gateway exits when they cannot be) and
//                               refreshed (oidc_keys.h); RS256 and ES256
//                               keys chosen by kid; the tokens' iss must be
//                               this URL
//   JSTEDU_OIDC_REFRESH_MIN_INTERVAL  the least time between fetches caused
//                               by unknown kids, > 0 (30s)
//   JSTEDU_OIDC_REFRESH_INTERVAL  keys older than this are fetched again,
//                               >= the min interval (10m)
//   JSTEDU_OIDC_TIMEOUT         the longest fetch of one document, > 0 (5s)
//   JSTEDU_OIDC_CA_FILE         a PEM file of CA certificates trusted besides
//                               the system's, for the issuer's TLS (none)
//   JSTEDU_JWT_ISSUER           the tokens' required iss with a key file
//                               (jstedu-dev); with JSTEDU_OIDC_ISSUER empty
//                               or equal to it
//   JSTEDU_JWT_AUDIENCE         the tokens' required aud (jstedu-gateway)
//   JSTEDU_JWT_MAX_LIFETIME     the longest exp - iat of a token, >= 1s
//                               (720m, 12 h)
//   JSTEDU_JWT_ROLE_CLAIM       the claim carrying the role (role)
//   JSTEDU_JWT_VOIVODESHIP_CLAIM  the claim carrying a COORDINATOR's
//                               voivodeship (region)
//   JSTEDU_JWT_JST_CLAIM        the claim carrying a JST's TERYT code (jst)
//                               The three claim names: distinct, top-level,
//                               none of iss sub aud exp nbf iat jti
//   JSTEDU_CORS_ALLOWED_ORIGINS the web origins browsers may call from,
//                               comma-separated exact origins (none); see
//                               cors.h
//   JSTEDU_RATE_LIMIT_RPS       requests per second per subject, 1..1000000
//                               (50)
//   JSTEDU_RATE_LIMIT_BURST     bucket size per subject, 1..1000000 (100)
//   JSTEDU_FEED_RATE_LIMIT_RPS  requests per second per calendar feed
//                               address (routes without a token),
//                               1..1000000 (1)
//   JSTEDU_FEED_RATE_LIMIT_BURST  bucket size per address, 1..1000000 (10)
//   JSTEDU_FEED_RATE_LIMIT_KEYS the most addresses' buckets held at once
//                               (the least recently used go first),
//                               1000..10000000 (100000)
//   JSTEDU_REDIS_ADDR           required: Redis host:port (idempotency keys)
//   JSTEDU_REDIS_PREFIX         their key prefix (jstedu:gateway:)
//   JSTEDU_REDIS_USERNAME, JSTEDU_REDIS_PASSWORD_FILE, JSTEDU_REDIS_TLS_*
//                               Redis AUTH and TLS (common/redis/client.h)
//   JSTEDU_IDEMPOTENCY_KEY_FILE required: file of the secret (at least 32
//                               bytes) that keys the hashes of
//                               Idempotency-Keys and request fingerprints
//                               (idempotency.h); read once at start
//   JSTEDU_DOCS_DIR             the API reference's files, served at /docs
//                               (docs_site.h; <bin>/../share/jstedu/docs,
//                               where the build puts them); when missing,
//                               a warning at start and /docs answers 404
//   JSTEDU_CONSOLE_DIR          the console's built files, served at
//                               /console/ (console_site.h;
//                               <bin>/../share/jstedu/console); when
//                               missing, a warning and /console/ answers 404
//   JSTEDU_CONSOLE_ISSUER       the OpenID Connect issuer the console signs
//                               in with, an http(s) URL (none: the console
//                               says sign-in is not configured); its origin
//                               joins the console's Content-Security-Policy
//   JSTEDU_CONSOLE_CLIENT_ID    the console's client id (jstedu-console)
//   JSTEDU_CONSOLE_SCOPE        the scopes it asks for
//                               (openid profile)
//   JSTEDU_CONSOLE_ROLE_CLAIM   the user claim holding the role, for the
//                               console's menu only (role)
// Durations are written like 250ms, 5s, 2m. No other variable is read.

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/env.h"
#include "common/grpc/principal_signature.h"
#include "common/log/log.h"
#include "gateway/auth.h"
#include "gateway/console_site.h"
#include "gateway/cors.h"
#include "gateway/http_client.h"
#include "gateway/http_server.h"
#include "gateway/idempotency.h"
#include "gateway/oidc_keys.h"
#include "gateway/rate_limiter.h"
#include "gateway/upstream.h"

namespace jstedu::gateway {

struct GatewayConfig {
  HttpServerOptions http;  // listen and threads set; limits at their defaults
  std::string admin_listen;
  // One per backend service, in a fixed order; their services are the ones
  // whose annotated methods become routes.
  std::vector<UpstreamTarget> upstreams;
  std::chrono::milliseconds upstream_deadline{0};
  std::chrono::milliseconds shutdown_grace{0};
  log::Level log_level = log::Level::kInfo;
  // The contents of JSTEDU_JWT_PUBLIC_KEY_FILE, checked to be a usable key;
  // empty when the keys come from JSTEDU_OIDC_ISSUER.
  std::string jwt_public_key_pem;
  // JSTEDU_OIDC_*: issuer (empty with a key file) and the refresh
  // intervals; the clock default.
  OidcOptions oidc;
  // How the issuer's documents are fetched: timeout and ca_file set.
  HttpClientOptions oidc_http;
  // issuer, audience, max_lifetime and the claim names set; leeway, clock
  // default.
  JwtOptions jwt;
  // JSTEDU_CORS_ALLOWED_ORIGINS, validated (ParseAllowedOrigins).
  std::vector<std::string> cors_allowed_origins;
  RateLimitOptions rate_limit;  // rate and burst set
  // Addresses of routes without a token (calendar feeds), a limiter of
  // their own: rate, burst and max_keys set.
  RateLimitOptions address_rate_limit;
  // Where Idempotency-Keys are kept, under JSTEDU_REDIS_PREFIX (default
  // "jstedu:gateway:"): JSTEDU_REDIS_ADDR (required) and the other
  // JSTEDU_REDIS_* variables (redis/client.h), checked.
  redis::ClientOptions redis;
  std::string redis_prefix;
  // The contents of JSTEDU_IDEMPOTENCY_KEY_FILE (at least
  // kMinIdempotencySecretBytes bytes).
  std::string idempotency_secret;
  // JSTEDU_PRINCIPAL_KEY_FILE (required) and
  // JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: the keys that sign the principal of
  // every call to a service (common/grpc/principal_signature.h).
  grpcutil::PrincipalKeys principal_keys;
  // JSTEDU_DOCS_DIR (DefaultDocsDir() when unset).
  std::string docs_dir;
  // JSTEDU_CONSOLE_DIR (DefaultConsoleDir() when unset).
  std::string console_dir;
  // JSTEDU_CONSOLE_ISSUER (checked by IssuerOrigin) and the other
  // JSTEDU_CONSOLE_* settings.
  ConsoleSettings console;
};

// Reads the settings from `env` (and the key file it names). Returns
// InvalidArgument naming every bad variable.
absl::StatusOr<GatewayConfig> LoadConfig(config::Env& env);

// The fully qualified names of the backend services whose annotated methods
// the gateway serves, in a fixed order (the one list: tests and tools use it
// too).
const std::vector<std::string>& BackendServices();

// The fully qualified names of the services in `config.upstreams`.
std::vector<std::string> ServiceNames(const GatewayConfig& config);

}  // namespace jstedu::gateway
