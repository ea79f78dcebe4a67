#pragma once

// Token keys from an OpenID Connect issuer (OpenID Connect Discovery 1.0,
// RFC 7517): GET <issuer>/.well-known/openid-configuration, whose `issuer`
// must equal the configured one exactly, then GET its `jwks_uri`; the usable
// keys of that JWK Set (jwt_keys.h, ParseJwks) are cached and chosen by the
// token's `kid`.
//
// Refresh (discovery and JWK Set again, so a moved jwks_uri is followed):
//   - Refresh(): now, unconditionally; the gateway calls it once at start
//     and exits when it fails (main.cc);
//   - on a token whose kid is not cached (an issuer that rotated its key):
//     at most once per `refresh_min_interval`, counted from the last
//     attempt of any kind, so a flood of made-up kids costs the issuer one
//     request per interval. The caller that starts the fetch waits for it
//     (two GETs, each within the HTTP timeout) on its own thread, a gateway
//     I/O thread; a caller arriving while any fetch runs (another
//     request's, or the periodic one) is refused at once instead of waiting,
//     so made-up kids cannot park the I/O threads (a client holding a token
//     with a new kid succeeds on its retry, once the fetch is done);
//   - periodically (StartPeriodicRefresh): when the keys are older than
//     `refresh_interval`, checked every `refresh_min_interval`, so a failed
//     refresh is retried after that interval.
// A successful refresh replaces the whole set: a key the issuer removed is
// refused from then on. A failed one keeps the keys held (the issuer being
// briefly unreachable does not sign everyone out) and is logged
// (jwks_refresh_failed), as are keys left out (jwks_keys_skipped).
//
// Thread-safety: KeyFor, Refresh and RefreshIfStale may be called from any
// number of threads at once; fetches never overlap.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/jwt_keys.h"

namespace jstedu::gateway {

struct OidcOptions {
  // JSTEDU_OIDC_ISSUER: the issuer identifier, exactly as the discovery
  // document and the tokens' `iss` write it.
  std::string issuer;
  // JSTEDU_OIDC_REFRESH_MIN_INTERVAL: the least time between two fetches
  // caused by unknown kids (and between periodic retries).
  std::chrono::milliseconds refresh_min_interval{std::chrono::seconds(30)};
  // JSTEDU_OIDC_REFRESH_INTERVAL: the keys are fetched again when older.
  std::chrono::milliseconds refresh_interval{std::chrono::minutes(10)};
  // The clock of the intervals; std::chrono::steady_clock::now when empty.
  std::function<std::chrono::steady_clock::time_point()> now;
};

// GET `url` → the body of a 200 answer, or why not (HttpGet in the gateway).
using Fetcher =
    std::function<absl::StatusOr<std::string>(const std::string& url)>;

// <issuer>/.well-known/openid-configuration (a trailing "/" of the issuer
// is not doubled; OpenID Connect Discovery 1.0 §4).
std::string DiscoveryUrl(std::string_view issuer);

// The jwks_uri of a discovery document whose `issuer` is `issuer`, else
// InvalidArgument saying why.
absl::StatusOr<std::string> JwksUri(std::string_view discovery,
                                    std::string_view issuer);

class OidcKeySource : public KeySource {
 public:
  OidcKeySource(OidcOptions options, Fetcher fetch);
  // Stops the periodic refresh.
  ~OidcKeySource() override;
  OidcKeySource(const OidcKeySource&) = delete;
  OidcKeySource& operator=(const OidcKeySource&) = delete;

  // Fetches discovery and the JWK Set now. Unavailable when a fetch fails,
  // InvalidArgument when a document is not as required; the keys held stay
  // then.
  absl::Status Refresh();
  // Refresh() when the keys are older than refresh_interval (or were never
  // fetched) and the last attempt is at least refresh_min_interval ago;
  // else OK without fetching.
  absl::Status RefreshIfStale();
  // A thread calling RefreshIfStale every refresh_min_interval until the
  // destructor. Call at most once.
  void StartPeriodicRefresh();

  // SelectKey on the keys held; for an unknown kid, a refresh (when the
  // rate limit allows one) and a second look. UNAUTHENTICATED when still
  // unknown.
  absl::StatusOr<KeyPtr> KeyFor(JwsAlgorithm algorithm,
                                const std::optional<std::string>& kid) override;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;

  TimePoint Now() const;
  std::shared_ptr<const JwkSet> Keys() const;
  // Whether a fetch may start now (the rate limit); fetch_mutex_ held.
  bool MayFetch(TimePoint now) const;
  // FetchDocumentsLocked, a failure logged (jwks_refresh_failed).
  absl::Status FetchLocked();
  // Discovery, then the JWK Set; the keys replaced when both are good.
  // fetch_mutex_ held.
  absl::Status FetchDocumentsLocked();

  const OidcOptions options_;
  const Fetcher fetch_;

  std::mutex fetch_mutex_;                 // one fetch at a time
  std::optional<TimePoint> last_attempt_;  // guarded by fetch_mutex_
  std::optional<TimePoint> last_success_;  // guarded by fetch_mutex_

  mutable std::mutex keys_mutex_;
  std::shared_ptr<const JwkSet> keys_;  // guarded by keys_mutex_

  std::mutex stop_mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;  // guarded by stop_mutex_
  std::thread refresher_;
};

}  // namespace jstedu::gateway
