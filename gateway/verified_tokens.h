#pragma once

// Tokens the gateway has verified, so that a client's next requests with
// the same token skip the signature check and the claims' parsing (RS256
// verification was the largest part of the gateway's CPU per request).
//
// An entry is found only for the very same token: it is keyed by the
// token's SHA-256, so the cache holds no usable bearer token. It is used
// only inside the time the full check would accept the token in (from
// max(iat, nbf) - leeway until exp + leeway: a wall clock set back does not
// stretch it) and only while the key source
// still answers the very key that verified it for the token's algorithm and
// kid (auth.cc): a key removed from the issuer's JWK Set takes its tokens
// with it. Only accepted tokens are kept; a refused token is checked again
// each time.
//
// At most `capacity` entries rounded up to a multiple of 16, in 16 shards:
// a full shard first drops its expired entries, then any one entry.
//
// Thread-safety: safe from any number of threads (a mutex per shard).

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "gateway/jwt_keys.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::gateway {

class VerifiedTokens {
 public:
  using Clock = std::chrono::system_clock;

  struct Entry {
    auth::v1::Principal principal;
    Clock::time_point valid_from;   // max(iat, nbf) - leeway
    Clock::time_point valid_until;  // exp + leeway
    JwsAlgorithm algorithm = JwsAlgorithm::kRs256;
    std::optional<std::string> kid;
    KeyPtr key;  // the key that verified the signature
  };

  explicit VerifiedTokens(size_t capacity);

  // The SHA-256 of `token`, the key of its entry.
  static std::string Digest(std::string_view token);

  // The entry of `digest` while `now` is in [valid_from, valid_until).
  std::optional<Entry> Find(const std::string& digest,
                            Clock::time_point now) const;
  void Put(const std::string& digest, Entry entry, Clock::time_point now);

  // Entries held now (at most the capacity).
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable absl::Mutex mutex;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mutex);
  };
  Shard& ShardOf(const std::string& digest) const;

  size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace jstedu::gateway
