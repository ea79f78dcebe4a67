#include "gateway/oidc_keys.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "gateway/http_client.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {

std::string DiscoveryUrl(std::string_view issuer) {
  if (!issuer.empty() && issuer.back() == '/') issuer.remove_suffix(1);
  return absl::StrCat(absl::string_view(issuer.data(), issuer.size()),
                      "/.well-known/openid-configuration");
}

absl::StatusOr<std::string> JwksUri(std::string_view discovery,
                                    std::string_view issuer) {
  const auto document =
      nlohmann::json::parse(discovery, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(
        "the discovery document is not a JSON object");
  }
  const auto named = document.find("issuer");
  if (named == document.end() || !named->is_string() ||
      named->get_ref<const std::string&>() != issuer) {
    return absl::InvalidArgumentError(
        "the discovery document's issuer is not the configured "
        "JSTEDU_OIDC_ISSUER (they must be equal, character for character)");
  }
  const auto uri = document.find("jwks_uri");
  if (uri == document.end() || !uri->is_string() || uri->empty()) {
    return absl::InvalidArgumentError("the discovery document has no jwks_uri");
  }
  return uri->get<std::string>();
}

OidcKeySource::OidcKeySource(OidcOptions options, Fetcher fetch)
    : options_(std::move(options)),
      fetch_(std::move(fetch)),
      keys_(std::make_shared<const JwkSet>()) {}

OidcKeySource::~OidcKeySource() {
  {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

std::shared_ptr<const JwkSet> OidcKeySource::Keys() const {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  return keys_;
}

bool OidcKeySource::MayFetch(TimePoint now) const {
  return !last_attempt_ ||
         now - *last_attempt_ >= options_.refresh_min_interval;
}

OidcKeySource::TimePoint OidcKeySource::Now() const {
  return options_.now ? options_.now() : std::chrono::steady_clock::now();
}

absl::Status OidcKeySource::FetchLocked() {
  const absl::Status status = FetchDocumentsLocked();
  if (!status.ok()) {
    log::Warn("jwks_refresh_failed",
              {{"error", std::string(status.message())}});
  }
  return status;
}

absl::Status OidcKeySource::FetchDocumentsLocked() {
  const TimePoint now = Now();
  last_attempt_ = now;
  const std::string discovery_url = DiscoveryUrl(options_.issuer);
  auto discovery = fetch_(discovery_url);
  if (!discovery.ok()) {
    return absl::Status(discovery.status().code(),
                        absl::StrCat("GET ", discovery_url, ": ",
                                     discovery.status().message()));
  }
  auto jwks_uri = JwksUri(*discovery, options_.issuer);
  if (!jwks_uri.ok()) {
    return absl::Status(
        jwks_uri.status().code(),
        absl::StrCat(discovery_url, ": ", jwks_uri.status().message()));
  }
  // The keys come the way the discovery document came: an https issuer's
  // jwks_uri is https too (never a plain request to a loopback port).
  const auto issuer_url = ParseFetchUrl(options_.issuer);
  const auto keys_url = ParseFetchUrl(*jwks_uri);
  if (issuer_url.ok() && keys_url.ok() && issuer_url->tls && !keys_url->tls) {
    return absl::UnavailableError(
        absl::StrCat(discovery_url, ": jwks_uri ", *jwks_uri,
                     " is not https although the issuer is"));
  }
  auto jwks = fetch_(*jwks_uri);
  if (!jwks.ok()) {
    return absl::Status(
        jwks.status().code(),
        absl::StrCat("GET ", *jwks_uri, ": ", jwks.status().message()));
  }
  auto keys = ParseJwks(*jwks);
  if (!keys.ok()) {
    return absl::Status(keys.status().code(),
                        absl::StrCat(*jwks_uri, ": ", keys.status().message()));
  }
  if (!keys->skipped.empty()) {
    log::Warn("jwks_keys_skipped",
              {{"jwks_uri", *jwks_uri}, {"keys", keys->skipped}});
  }
  log::Info("jwks_refreshed",
            {{"jwks_uri", *jwks_uri}, {"keys", keys->keys.size()}});
  auto fresh = std::make_shared<const JwkSet>(*std::move(keys));
  {
    std::lock_guard<std::mutex> lock(keys_mutex_);
    keys_ = std::move(fresh);
  }
  last_success_ = now;
  return absl::OkStatus();
}

absl::Status OidcKeySource::Refresh() {
  std::lock_guard<std::mutex> lock(fetch_mutex_);
  return FetchLocked();
}

absl::Status OidcKeySource::RefreshIfStale() {
  std::lock_guard<std::mutex> lock(fetch_mutex_);
  const TimePoint now = Now();
  const bool stale =
      !last_success_ || now - *last_success_ >= options_.refresh_interval;
  if (!stale || !MayFetch(now)) return absl::OkStatus();
  return FetchLocked();
}

void OidcKeySource::StartPeriodicRefresh() {
  refresher_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(stop_mutex_);
    while (!stop_.wait_for(lock, options_.refresh_min_interval,
                           [this] { return stopping_; })) {
      lock.unlock();
      (void)RefreshIfStale();  // a failure is logged
      lock.lock();
    }
  });
}

absl::StatusOr<KeyPtr> OidcKeySource::KeyFor(
    JwsAlgorithm algorithm, const std::optional<std::string>& kid) {
  auto key = SelectKey(*Keys(), algorithm, kid);
  if (!absl::IsNotFound(key.status())) return key;
  {
    // A request never waits for a fetch it did not start (the periodic
    // one, or another request's): while one runs, an unknown kid is
    // refused at once, so tokens naming made-up kids cannot park the I/O
    // threads. Only the request that starts the fetch waits for it, at
    // most once per refresh_min_interval.
    std::unique_lock<std::mutex> lock(fetch_mutex_, std::try_to_lock);
    if (lock.owns_lock() && MayFetch(Now())) {
      (void)FetchLocked();  // a failure is logged; the keys held stay
    }
    key = SelectKey(*Keys(), algorithm, kid);
  }
  if (absl::IsNotFound(key.status())) {
    return absl::UnauthenticatedError(key.status().message());
  }
  return key;
}

}  // namespace jstedu::gateway
