#include "gateway/rate_limiter.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using std::chrono::milliseconds;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimitOptions Options(double rate, double burst, size_t max_keys = 1000) {
    RateLimitOptions options;
    options.rate = rate;
    options.burst = burst;
    options.max_keys = max_keys;
    options.now = [this] { return now_; };
    return options;
  }

  std::chrono::steady_clock::time_point now_{};
};

TEST_F(RateLimiterTest, BurstThenRefusedWithRetryAfter) {
  RateLimiter limiter(Options(2, 5));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("alice").allowed);
  RateLimiter::Decision refused = limiter.Acquire("alice");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);  // 0.5 s, rounded up
}

TEST_F(RateLimiterTest, RetryAfterIsWholeSecondsRoundedUp) {
  RateLimiter limiter(Options(0.25, 1));  // one token every 4 s
  EXPECT_TRUE(limiter.Acquire("slow").allowed);
  EXPECT_EQ(limiter.Acquire("slow").retry_after_seconds, 4);
  now_ += milliseconds(2500);
  EXPECT_EQ(limiter.Acquire("slow").retry_after_seconds, 2);
  now_ += milliseconds(1500);
  EXPECT_TRUE(limiter.Acquire("slow").allowed);
}

TEST_F(RateLimiterTest, RefillsAtTheRateUpToTheBurst) {
  RateLimiter limiter(Options(10, 3));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
  now_ += milliseconds(100);  // one token
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
  now_ += std::chrono::hours(1);  // capped at the burst
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("a").allowed);
}

TEST_F(RateLimiterTest, OneExhaustedCallerDoesNotAffectAnother) {
  RateLimiter limiter(Options(1, 2));
  EXPECT_TRUE(limiter.Acquire("alice").allowed);
  EXPECT_TRUE(limiter.Acquire("alice").allowed);
  EXPECT_FALSE(limiter.Acquire("alice").allowed);
  EXPECT_TRUE(limiter.Acquire("bob").allowed);
  EXPECT_TRUE(limiter.Acquire("bob").allowed);
  EXPECT_FALSE(limiter.Acquire("alice").allowed);
}

TEST_F(RateLimiterTest, MemoryIsBoundedAndIdleBucketsGoFirst) {
  RateLimiter limiter(Options(1, 2, /*max_keys=*/64));
  for (int i = 0; i < 10000; ++i) {
    limiter.Acquire("caller-" + std::to_string(i));
    EXPECT_LE(limiter.size(), 64u);
  }
  // The callers above are idle (full again) by now; an exhausted active one
  // keeps its state while new callers arrive.
  now_ += std::chrono::seconds(10);
  EXPECT_TRUE(limiter.Acquire("busy").allowed);
  EXPECT_TRUE(limiter.Acquire("busy").allowed);
  EXPECT_FALSE(limiter.Acquire("busy").allowed);
  now_ += milliseconds(500);
  for (int i = 0; i < 3; ++i) limiter.Acquire("new-" + std::to_string(i));
  EXPECT_FALSE(limiter.Acquire("busy").allowed);
  EXPECT_LE(limiter.size(), 64u);
}

TEST(RateLimiterThreadsTest, ConcurrentCallersGetExactlyTheBurst) {
  RateLimitOptions options;
  options.rate = 1e-9;  // no refill during the test
  options.burst = 1000;
  const auto start = std::chrono::steady_clock::now();
  options.now = [start] { return start; };
  RateLimiter limiter(options);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Acquire("shared").allowed) ++allowed;
        limiter.Acquire("own-" + std::to_string(i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace jstedu::gateway
