#include "gateway/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace jstedu::gateway {
namespace {

constexpr size_t kShards = 16;

}  // namespace

RateLimiter::RateLimiter(RateLimitOptions options)
    : rate_(options.rate),
      burst_(std::max(1.0, options.burst)),
      max_per_shard_(std::max<size_t>(1, options.max_keys / kShards)),
      now_(options.now ? std::move(options.now)
                       : [] { return std::chrono::steady_clock::now(); }),
      shards_(kShards) {}

RateLimiter::Shard& RateLimiter::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>()(key) % shards_.size()];
}

RateLimiter::Decision RateLimiter::Acquire(std::string_view key) {
  Shard& shard = ShardOf(key);
  const TimePoint now = now_();
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) Evict(shard, now);
    it = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  const double elapsed =
      std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {};
  }
  const double wait = (1 - bucket.tokens) / rate_;
  return {false, std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait)))};
}

void RateLimiter::Evict(Shard& shard, TimePoint now) {
  // A bucket untouched for burst/rate seconds is full again: dropping it
  // changes nothing for its caller.
  const auto refill =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(burst_ / rate_));
  auto oldest = shard.buckets.end();
  for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
    if (now - it->second.updated >= refill) {
      it = shard.buckets.erase(it);
      continue;
    }
    if (oldest == shard.buckets.end() ||
        it->second.updated < oldest->second.updated) {
      oldest = it;
    }
    ++it;
  }
  if (shard.buckets.size() >= max_per_shard_ && oldest != shard.buckets.end()) {
    shard.buckets.erase(oldest);
  }
}

size_t RateLimiter::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace jstedu::gateway
