#pragma once

// Idempotency keys for writes (POST, PUT, PATCH: HonoursIdempotencyKey),
// kept in Redis so every gateway replica sees them.
//
// A client sends `Idempotency-Key: <1..255 visible ASCII>` on a write. The
// key is the caller's own within its scope (IdempotencyScope): the whole
// principal (subject, role, region, JST) and the route, so the same `sub`
// with another role or JST, or another route, never meets it. The request
// is fingerprinted (method, target and body):
//   * first use: Begin() records the key as in flight (for
//     `in_flight_ttl`, so a crashed gateway cannot block the key for a day)
//     and the request proceeds; Complete() then records the answer for `ttl`
//     (24 h);
//   * same key, same fingerprint, answer recorded → that answer again
//     (kReplay), the upstream is not called;
//   * same key, same fingerprint, answer kept by the service → kReplayByService
//     (below);
//   * same key, same fingerprint, still in flight → kInFlight (409);
//   * same key, different fingerprint → kMismatch (422);
//   * Redis unreachable → kUnavailable (503): a write is not run without its
//     protection.
// Answers with status 5xx are not recorded (Abandon): their outcome is
// unknown or transient, and a retry must be able to run. It runs safely:
// the dispatcher passes the scoped key and the fingerprint with every
// keyed request, and the service applies a key at most once
// (common/pg/request_key.h), so a retry of a write that did take effect
// answers 409 REQUEST_ALREADY_APPLIED instead of writing again.
//
// Nothing personal is kept in Redis. A record holds the state, the
// fingerprint, the status and, only for answers that cannot carry personal
// data, the body and headers:
//   * a successful answer of a route answering personal data
//     (Route::personal_answer, declared by the proto option
//     jstedu.api.v1.personal_data) is kept by the service that owns the
//     data (common/grpc/idempotency.h): Complete() records it with
//     `kept_by_service` and no body, and a repeat is kReplayByService — the
//     request is forwarded again with the scoped key, and the service
//     answers it from its own store and audits the disclosure;
//   * error answers (4xx) name fields, never values: recorded whole.
// Scoped keys and fingerprints are HMAC-SHA-256 under the gateway's secret
// (JSTEDU_IDEMPOTENCY_KEY_FILE), never bare hashes: a body holding a PESEL
// has few enough possible values (about 10^8 valid numbers, the rest often
// known) that a bare SHA-256 of it could be reversed by trying them all.
//
// Thread-safe: calls share a small pool of Redis connections.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/redis/client.h"

namespace jstedu::gateway {

// The shortest secret accepted (bytes).
inline constexpr size_t kMinIdempotencySecretBytes = 32;

// Whose a key is: the verified principal and the route.
struct IdempotencyScope {
  std::string subject;
  std::string role;
  std::string voivodeship;  // COORDINATOR only
  std::string jst;          // JST only
  std::string route;        // HTTP method and template: "POST /v1/editions"
};

struct StoredResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // The service keeps the answer (it carries personal data): no body or
  // headers are recorded, and a repeat is forwarded (kReplayByService).
  bool kept_by_service = false;
};

class IdempotencyStore {
 public:
  enum class Outcome {
    kProceed,
    kReplay,
    kReplayByService,
    kInFlight,
    kMismatch,
    kUnavailable
  };
  struct Decision {
    Outcome outcome = Outcome::kProceed;
    StoredResponse response;  // kReplay only
  };

  // `secret` keys the hashes; at least kMinIdempotencySecretBytes bytes.
  IdempotencyStore(
      redis::ClientOptions redis, std::string key_prefix, std::string secret,
      std::chrono::seconds ttl = std::chrono::hours(24),
      // Longer than the longest upstream deadline (an import's 60 s), so
      // a retry during a slow call still finds the key in flight.
      std::chrono::seconds in_flight_ttl = std::chrono::seconds(120));

  // The client's `key` within `scope`, as recorded and as passed to a
  // service: 64 lower-case hex digits (HMAC-SHA-256).
  std::string ScopedKey(const IdempotencyScope& scope,
                        const std::string& key) const;
  // The request's fingerprint: 64 lower-case hex digits (HMAC-SHA-256 of
  // method, target and body, unambiguously joined).
  std::string Fingerprint(const std::string& method, const std::string& target,
                          const std::string& body) const;

  Decision Begin(const std::string& scoped_key, const std::string& fingerprint);
  void Complete(const std::string& scoped_key, const std::string& fingerprint,
                const StoredResponse& response);
  void Abandon(const std::string& scoped_key);

 private:
  std::unique_ptr<redis::Client> Acquire();
  void Release(std::unique_ptr<redis::Client> client);
  std::string Hmac(const std::vector<std::string>& parts) const;
  std::string RedisKey(const std::string& scoped_key) const;

  const redis::ClientOptions redis_;
  const std::string key_prefix_;
  const std::string secret_;
  const std::chrono::seconds ttl_;
  const std::chrono::seconds in_flight_ttl_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<redis::Client>> idle_;
};

// True for a usable key: 1..255 characters of visible ASCII (0x21..0x7e).
bool IsValidIdempotencyKey(const std::string& key);

// Whether a request of `http_method` honours an Idempotency-Key: every
// write (POST, PUT, PATCH) — a PUT of a whole attendance sheet retried by a
// tablet that lost its answer is as much a write as a POST. GET and HEAD
// read; DELETE leaves the same state however often it is sent.
bool HonoursIdempotencyKey(const std::string& http_method);

// The google.rpc.ErrorInfo reason (domain "jstedu") of the gateway's 409
// ABORTED for a key whose first request is still running: the client
// retries with the same key. A service's own ABORTED (a stale expected
// version) carries no such reason: the client reads the resource again.
inline constexpr char kIdempotencyKeyInFlight[] = "IDEMPOTENCY_KEY_IN_FLIGHT";

}  // namespace jstedu::gateway
