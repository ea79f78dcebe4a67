#pragma once

// A per-caller rate limit: one token bucket per key (the principal's
// subject), refilled at `rate` tokens per second up to `burst`. A request
// takes one token; without one it is refused with the time until the next
// token. Callers never share a bucket, so one caller over its limit does not
// slow another.
//
// Memory is bounded: at most `max_keys` buckets. A bucket that has been idle
// long enough to be full again is the same as no bucket and is dropped first;
// when every bucket is still refilling, the least recently used one goes
// (its caller then starts again from a full bucket).
//
// Thread-safety: Acquire may be called from any number of threads at once
// (the keys are spread over independently locked shards). The clock must be
// thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jstedu::gateway {

struct RateLimitOptions {
  double rate = 50;    // tokens per second, > 0
  double burst = 100;  // bucket size, >= 1
  size_t max_keys = 100000;
  // steady_clock::now when empty.
  std::function<std::chrono::steady_clock::time_point()> now;
};

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    // When refused: whole seconds until a token is available, at least 1
    // (the value of a Retry-After header).
    int64_t retry_after_seconds = 0;
  };

  explicit RateLimiter(RateLimitOptions options);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `key`'s bucket.
  Decision Acquire(std::string_view key);

  // Buckets currently held (for tests).
  size_t size() const;

  double rate() const { return rate_; }
  double burst() const { return burst_; }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Bucket {
    double tokens = 0;
    TimePoint updated;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };

  Shard& ShardOf(std::string_view key);
  // Makes room for one more bucket in `shard` (its mutex held).
  void Evict(Shard& shard, TimePoint now);

  const double rate_;
  const double burst_;
  const size_t max_per_shard_;
  const std::function<TimePoint()> now_;
  std::vector<Shard> shards_;
};

}  // namespace jstedu::gateway
