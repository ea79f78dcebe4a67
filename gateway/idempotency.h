#pragma once

// Idempotency keys for POST requests, kept in Redis so every gateway
// replica sees them.
//
// A client sends `Idempotency-Key: <1..255 visible ASCII>` on a POST. The
// gateway scopes the key to the caller (principal subject) and fingerprints
// the request (SHA-256 of method, target and body):
//   * first use: Begin() records the key as in flight (for
//     `in_flight_ttl`, so a crashed gateway cannot block the key for a day)
//     and the request proceeds; Complete() then stores the response for
//     `ttl` (24 h);
//   * same key, same fingerprint, response stored → that response again
//     (kReplay), the upstream is not called;
//   * same key, same fingerprint, still in flight → kInFlight (409);
//   * same key, different fingerprint → kMismatch (422);
//   * Redis unreachable → kUnavailable (503): a write is not run without its
//     protection.
// Responses with status 5xx are not stored (Abandon): their outcome is
// unknown or transient, and a retry must be able to run.
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

struct StoredResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class IdempotencyStore {
 public:
  enum class Outcome { kProceed, kReplay, kInFlight, kMismatch, kUnavailable };
  struct Decision {
    Outcome outcome = Outcome::kProceed;
    StoredResponse response;  // kReplay only
  };

  IdempotencyStore(redis::ClientOptions redis, std::string key_prefix,
                   std::chrono::seconds ttl = std::chrono::hours(24),
                   std::chrono::seconds in_flight_ttl = std::chrono::seconds(60));

  Decision Begin(const std::string& subject, const std::string& key,
                 const std::string& fingerprint);
  void Complete(const std::string& subject, const std::string& key,
                const std::string& fingerprint, const StoredResponse& response);
  void Abandon(const std::string& subject, const std::string& key);

 private:
  std::unique_ptr<redis::Client> Acquire();
  void Release(std::unique_ptr<redis::Client> client);
  std::string RedisKey(const std::string& subject, const std::string& key) const;

  const redis::ClientOptions redis_;
  const std::string key_prefix_;
  const std::chrono::seconds ttl_;
  const std::chrono::seconds in_flight_ttl_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<redis::Client>> idle_;
};

// True for a usable key: 1..255 characters of visible ASCII (0x21..0x7e).
bool IsValidIdempotencyKey(const std::string& key);

// Lower-case hex SHA-256 of method, target and body, unambiguously joined.
std::string RequestFingerprint(const std::string& method,
                               const std::string& target,
                               const std::string& body);

}  // namespace jstedu::gateway
