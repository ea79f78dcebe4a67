#include "gateway/idempotency.h"

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

std::string Encode(const std::string& state, const std::string& fingerprint,
                   const StoredResponse* response) {
  nlohmann::json value = {{"state", state}, {"fingerprint", fingerprint}};
  if (response != nullptr) {
    value["status"] = response->status;
    if (response->kept_by_service) {
      value["kept_by_service"] = true;
    } else {
      value["body"] = response->body;
      value["headers"] = response->headers;
    }
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The decision for a recorded value found under the key.
IdempotencyStore::Decision Recorded(const std::string& stored,
                                    const std::string& fingerprint) {
  using Outcome = IdempotencyStore::Outcome;
  IdempotencyStore::Decision decision;
  auto value = nlohmann::json::parse(stored, nullptr, false);
  if (!value.is_object() || value.value("fingerprint", "") != fingerprint) {
    decision.outcome = Outcome::kMismatch;
  } else if (value.value("state", "") != "done") {
    decision.outcome = Outcome::kInFlight;
  } else if (value.value("kept_by_service", false)) {
    decision.outcome = Outcome::kReplayByService;
  } else {
    decision.outcome = Outcome::kReplay;
    decision.response.status = value.value("status", 500);
    decision.response.body = value.value("body", "");
    decision.response.headers = value.value(
        "headers", std::vector<std::pair<std::string, std::string>>{});
  }
  return decision;
}

}  // namespace

bool HonoursIdempotencyKey(const std::string& http_method) {
  return http_method == "POST" || http_method == "PUT" ||
         http_method == "PATCH";
}

bool IsValidIdempotencyKey(const std::string& key) {
  if (key.empty() || key.size() > 255) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

IdempotencyStore::IdempotencyStore(redis::ClientOptions redis,
                                   std::string key_prefix, std::string secret,
                                   std::chrono::seconds ttl,
                                   std::chrono::seconds in_flight_ttl)
    : redis_(std::move(redis)),
      key_prefix_(std::move(key_prefix)),
      secret_(std::move(secret)),
      ttl_(ttl),
      in_flight_ttl_(in_flight_ttl) {}

std::string IdempotencyStore::Hmac(
    const std::vector<std::string>& parts) const {
  // Each part with its length first: no two lists of parts join alike.
  std::string joined;
  for (const std::string& part : parts)
    absl::StrAppend(&joined, part.size(), ":", part);
  return crypto::HmacSha256Hex(secret_, joined);
}

std::string IdempotencyStore::ScopedKey(const IdempotencyScope& scope,
                                        const std::string& key) const {
  return Hmac({"key", scope.subject, scope.role, scope.voivodeship, scope.jst,
               scope.route, key});
}

std::string IdempotencyStore::Fingerprint(const std::string& method,
                                          const std::string& target,
                                          const std::string& body) const {
  return Hmac({"request", method, target, body});
}

std::string IdempotencyStore::RedisKey(const std::string& scoped_key) const {
  return absl::StrCat(key_prefix_, "idem:", scoped_key);
}

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

IdempotencyStore::Decision IdempotencyStore::Begin(
    const std::string& scoped_key, const std::string& fingerprint) {
  auto client = Acquire();
  const std::string redis_key = RedisKey(scoped_key);
  Decision decision;
  decision.outcome = Outcome::kUnavailable;
  auto claimed = client->Command(
      {"SET", redis_key, Encode("in_flight", fingerprint, nullptr), "NX", "EX",
       std::to_string(in_flight_ttl_.count())});
  if (claimed.ok() && !claimed->is_error()) {
    if (!claimed->is_nil()) {
      decision.outcome = Outcome::kProceed;
    } else {
      auto stored = client->Command({"GET", redis_key});
      if (stored.ok() && stored->type == redis::Reply::Type::kString) {
        decision = Recorded(stored->str, fingerprint);
      } else if (stored.ok() && stored->is_nil()) {
        decision.outcome = Outcome::kInFlight;  // expired between the calls
      }
    }
  }
  Release(std::move(client));
  return decision;
}

void IdempotencyStore::Complete(const std::string& scoped_key,
                                const std::string& fingerprint,
                                const StoredResponse& response) {
  if (response.status >= 500) return Abandon(scoped_key);
  auto client = Acquire();
  (void)client->Command({"SET", RedisKey(scoped_key),
                         Encode("done", fingerprint, &response), "EX",
                         std::to_string(ttl_.count())});
  Release(std::move(client));
}

void IdempotencyStore::Abandon(const std::string& scoped_key) {
  auto client = Acquire();
  (void)client->Command({"DEL", RedisKey(scoped_key)});
  Release(std::move(client));
}

}  // namespace jstedu::gateway
