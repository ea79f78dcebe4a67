#include "gateway/idempotency.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

std::string Encode(const std::string& state, const std::string& fingerprint,
                   const StoredResponse* response) {
  nlohmann::json value = {{"state", state}, {"fingerprint", fingerprint}};
  if (response != nullptr) {
    value["status"] = response->status;
    value["body"] = response->body;
    value["headers"] = response->headers;
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

bool IsValidIdempotencyKey(const std::string& key) {
  if (key.empty() || key.size() > 255) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string RequestFingerprint(const std::string& method,
                               const std::string& target,
                               const std::string& body) {
  std::string joined = absl::StrCat(method.size(), ":", method, target.size(), ":",
                                    target, body);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

IdempotencyStore::IdempotencyStore(redis::ClientOptions redis,
                                   std::string key_prefix,
                                   std::chrono::seconds ttl,
                                   std::chrono::seconds in_flight_ttl)
    : redis_(std::move(redis)),
      key_prefix_(std::move(key_prefix)),
      ttl_(ttl),
      in_flight_ttl_(in_flight_ttl) {}

std::unique_ptr<redis::Client> IdempotencyStore::Acquire() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.empty()) return std::make_unique<redis::Client>(redis_);
  auto client = std::move(idle_.back());
  idle_.pop_back();
  return client;
}

void IdempotencyStore::Release(std::unique_ptr<redis::Client> client) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(client));
}

std::string IdempotencyStore::RedisKey(const std::string& subject,
                                       const std::string& key) const {
  // Both parts are hashed: neither a subject nor a key can collide with
  // another pair or leak into Redis' key space.
  return absl::StrCat(key_prefix_, "idem:", RequestFingerprint(subject, key, ""));
}

IdempotencyStore::Decision IdempotencyStore::Begin(const std::string& subject,
                                                   const std::string& key,
                                                   const std::string& fingerprint) {
  auto client = Acquire();
  std::string redis_key = RedisKey(subject, key);
  Decision decision;
  decision.outcome = Outcome::kUnavailable;
  auto claimed = client->Command({"SET", redis_key, Encode("in_flight", fingerprint, nullptr),
                                  "NX", "EX", std::to_string(in_flight_ttl_.count())});
  if (claimed.ok() && !claimed->is_error()) {
    if (!claimed->is_nil()) {
      decision.outcome = Outcome::kProceed;
    } else {
      auto stored = client->Command({"GET", redis_key});
      if (stored.ok() && stored->type == redis::Reply::Type::kString) {
        auto value = nlohmann::json::parse(stored->str, nullptr, false);
        if (!value.is_object() || value.value("fingerprint", "") != fingerprint) {
          decision.outcome = Outcome::kMismatch;
        } else if (value.value("state", "") != "done") {
          decision.outcome = Outcome::kInFlight;
        } else {
          decision.outcome = Outcome::kReplay;
          decision.response.status = value.value("status", 500);
          decision.response.body = value.value("body", "");
          decision.response.headers =
              value.value("headers", std::vector<std::pair<std::string, std::string>>{});
        }
      } else if (stored.ok() && stored->is_nil()) {
        decision.outcome = Outcome::kInFlight;  // expired between the calls
      }
    }
  }
  Release(std::move(client));
  return decision;
}

void IdempotencyStore::Complete(const std::string& subject, const std::string& key,
                                const std::string& fingerprint,
                                const StoredResponse& response) {
  if (response.status >= 500) return Abandon(subject, key);
  auto client = Acquire();
  (void)client->Command({"SET", RedisKey(subject, key), Encode("done", fingerprint, &response),
                         "EX", std::to_string(ttl_.count())});
  Release(std::move(client));
}

void IdempotencyStore::Abandon(const std::string& subject, const std::string& key) {
  auto client = Acquire();
  (void)client->Command({"DEL", RedisKey(subject, key)});
  Release(std::move(client));
}

}  // namespace jstedu::gateway
