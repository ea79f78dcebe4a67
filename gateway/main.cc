// jstedu-gateway: the public REST/JSON entry, transcoding to the services'
// gRPC APIs. Wiring only; see README.md and the headers beside this file.

#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/config/env.h"
#include "common/http/admin_server.h"
#include "common/log/log.h"
#include "common/metrics/build_revision.h"
#include "common/metrics/metrics.h"
#include "common/metrics/process.h"
#include "common/redis/client.h"
#include "gateway/access_policy.h"
#include "gateway/auth.h"
#include "gateway/config.h"
#include "gateway/dispatcher.h"
#include "gateway/docs_site.h"
#include "gateway/http_client.h"
#include "gateway/http_server.h"
#include "gateway/idempotency.h"
#include "gateway/jwt_keys.h"
#include "gateway/oidc_keys.h"
#include "gateway/rate_limiter.h"
#include "gateway/route_table.h"
#include "gateway/upstream.h"

namespace {

using namespace jstedu;  // NOLINT(build/namespaces): wiring only

int Fail(const char* event, const absl::Status& status) {
  log::Error(event, {{"error", std::string(status.message())}});
  return EXIT_FAILURE;
}

// The key file's key, or the OpenID Connect issuer's keys fetched now (an
// issuer that cannot be reached at start fails the start) and refreshed in
// the background.
absl::StatusOr<std::shared_ptr<gateway::KeySource>> TokenKeys(
    const gateway::GatewayConfig& settings) {
  if (settings.oidc.issuer.empty()) {
    auto key = gateway::VerificationKey::FromPem(settings.jwt_public_key_pem);
    if (!key.ok()) return key.status();
    return std::make_shared<gateway::PemKeySource>(*std::move(key));
  }
  auto oidc = std::make_shared<gateway::OidcKeySource>(
      settings.oidc, [http = settings.oidc_http](const std::string& url) {
        return gateway::HttpGet(url, http);
      });
  const absl::Status loaded = oidc->Refresh();
  if (!loaded.ok()) return loaded;
  oidc->StartPeriodicRefresh();
  return oidc;
}

}  // namespace

int main(int argc, char** argv) {
  if (config::AskedForEnvNames(argc, argv)) {
    return config::PrintEnvNames(
        [](config::Env& env) { (void)gateway::LoadConfig(env); }, std::cout);
  }
  // Blocked before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // absl checks the order of every Mutex acquisition for deadlock cycles
  // when built without NDEBUG, as Debian's package is: a debugging aid that
  // cost a tenth of a service's CPU under load (tools/bench, issue 21).
  // Unit tests keep it; the serving gateway does not.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  log::Init("gateway");
  config::Env env;
  auto settings = gateway::LoadConfig(env);
  config::ExitIfInvalid(settings.status());
  log::Init("gateway", settings->log_level);

  auto routes =
      gateway::RouteTable::FromGeneratedPool(gateway::ServiceNames(*settings));
  if (!routes.ok()) return Fail("routes_invalid", routes.status());
  for (const gateway::Route& route : routes->routes()) {
    log::Debug("route", {{"method", route.http_method},
                         {"path", route.path.text},
                         {"rpc", route.grpc_path}});
  }

  // Refused to everyone until AccessTable() has a rule for them.
  std::vector<std::string> unruled;
  for (const gateway::Route* route : gateway::RoutesWithoutRule(*routes)) {
    unruled.push_back(route->http_method + " " + route->path.text);
  }
  if (!unruled.empty()) {
    log::Warn("routes_without_access_rule", {{"routes", unruled}});
  }

  auto keys = TokenKeys(*settings);
  if (!keys.ok()) return Fail("token_keys_unavailable", keys.status());
  const gateway::JwtVerifier verifier(*std::move(keys), settings->jwt);
  gateway::RateLimiter rate_limiter(settings->rate_limit);
  gateway::RateLimiter address_rate_limiter(settings->address_rate_limit);

  grpcutil::UsePrincipalKeys(settings->principal_keys);
  gateway::Upstreams upstreams(
      gateway::WithReadsRetried(settings->upstreams, *routes),
      settings->upstream_deadline);
  gateway::IdempotencyStore idempotency(settings->redis, settings->redis_prefix,
                                        settings->idempotency_secret);
  gateway::DispatcherOptions options;
  options.verifier = &verifier;
  options.rate_limiter = &rate_limiter;
  options.address_rate_limiter = &address_rate_limiter;
  options.idempotency = &idempotency;
  options.cors = gateway::CorsPolicy(settings->cors_allowed_origins);
  auto docs = gateway::LoadDocsSite(settings->docs_dir);
  if (docs.ok()) {
    options.docs = &*docs;
  } else {
    log::Warn("api_reference_unavailable",
              {{"docs_dir", settings->docs_dir},
               {"error", std::string(docs.status().message())}});
  }
  auto console =
      gateway::LoadConsoleSite(settings->console_dir, settings->console);
  if (console.ok()) {
    options.console = &*console;
  } else {
    log::Warn("console_unavailable",
              {{"console_dir", settings->console_dir},
               {"error", std::string(console.status().message())}});
  }
  gateway::Dispatcher dispatcher(*routes, upstreams, std::move(options));

  metrics::RegisterProcessMetrics(metrics::Registry::Default(), "gateway",
                                  metrics::BuildRevision());
  http::AdminServer admin(metrics::Registry::Default());
  auto admin_port = admin.Start(settings->admin_listen);
  if (!admin_port.ok()) return Fail("admin_start_failed", admin_port.status());

  gateway::HttpServer server(settings->http, dispatcher);
  auto port = server.Start();
  if (!port.ok()) return Fail("http_start_failed", port.status());
  log::Info("server_started",
            {{"port", *port},
             {"admin_port", *admin_port},
             {"routes", routes->routes().size()},
             {"cors_origins", settings->cors_allowed_origins}});

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  log::Info("shutdown_started", {{"signal", signal_number}});
  server.Shutdown(settings->shutdown_grace);
  upstreams.Shutdown();
  admin.Stop();
  log::Info("shutdown_complete");
  return EXIT_SUCCESS;
}
