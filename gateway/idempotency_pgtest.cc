// Idempotency keys against a real Redis.
#include "gateway/idempotency.h"

#include <thread>

#include "common/testing/fixtures.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using Outcome = IdempotencyStore::Outcome;

class IdempotencyTest : public ::testing::Test {
 protected:
  jstedu::testing::TestKeyspace keyspace_;
  IdempotencyStore store_{keyspace_.options(), keyspace_.prefix()};
  const std::string fingerprint_ = RequestFingerprint("POST", "/v1/x", "{\"a\":1}");
};

TEST_F(IdempotencyTest, FirstUseProceedsAndRepeatReplaysTheStoredResponse) {
  EXPECT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  store_.Complete("alice", "k1", fingerprint_, {201, "{\"id\":\"7\"}", {{"x-request-id", "r1"}}});
  auto again = store_.Begin("alice", "k1", fingerprint_);
  ASSERT_EQ(again.outcome, Outcome::kReplay);
  EXPECT_EQ(again.response.status, 201);
  EXPECT_EQ(again.response.body, "{\"id\":\"7\"}");
  ASSERT_EQ(again.response.headers.size(), 1u);
  EXPECT_EQ(again.response.headers[0].second, "r1");
}

TEST_F(IdempotencyTest, SameKeyWithAnotherBodyIsAMismatch) {
  ASSERT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  std::string other = RequestFingerprint("POST", "/v1/x", "{\"a\":2}");
  EXPECT_EQ(store_.Begin("alice", "k1", other).outcome, Outcome::kMismatch);
  store_.Complete("alice", "k1", fingerprint_, {200, "{}", {}});
  EXPECT_EQ(store_.Begin("alice", "k1", other).outcome, Outcome::kMismatch);
}

TEST_F(IdempotencyTest, RepeatWhileInFlightIsAConflict) {
  ASSERT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  EXPECT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kInFlight);
}

TEST_F(IdempotencyTest, KeysAreScopedToTheCaller) {
  ASSERT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  EXPECT_EQ(store_.Begin("bob", "k1", fingerprint_).outcome, Outcome::kProceed);
}

TEST_F(IdempotencyTest, ServerErrorsAreNotStoredSoARetryRuns) {
  ASSERT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  store_.Complete("alice", "k1", fingerprint_, {503, "{}", {}});
  EXPECT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
}

TEST_F(IdempotencyTest, StoredResponsesLiveForTheTtl) {
  ASSERT_EQ(store_.Begin("alice", "k1", fingerprint_).outcome, Outcome::kProceed);
  store_.Complete("alice", "k1", fingerprint_, {200, "{}", {}});
  auto client = keyspace_.Client();
  auto keys = client->Command({"KEYS", keyspace_.prefix() + "idem:*"});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->elements.size(), 1u);
  auto ttl = client->Command({"TTL", keys->elements[0].str});
  EXPECT_GT(ttl->integer, 24 * 3600 - 60);
  EXPECT_LE(ttl->integer, 24 * 3600);
}

TEST_F(IdempotencyTest, AnAbandonedInFlightKeyExpires) {
  IdempotencyStore quick(keyspace_.options(), keyspace_.prefix(), std::chrono::hours(24),
                         std::chrono::seconds(1));
  ASSERT_EQ(quick.Begin("alice", "k2", fingerprint_).outcome, Outcome::kProceed);
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] { return quick.Begin("alice", "k2", fingerprint_).outcome == Outcome::kProceed; },
      std::chrono::seconds(5)));
}

TEST_F(IdempotencyTest, UnreachableRedisIsUnavailable) {
  redis::ClientOptions nowhere;
  nowhere.port = 1;
  IdempotencyStore broken(nowhere, "x:");
  EXPECT_EQ(broken.Begin("alice", "k1", fingerprint_).outcome, Outcome::kUnavailable);
}

TEST(IdempotencyKey, Validation) {
  EXPECT_TRUE(IsValidIdempotencyKey("3f1c2e9a-5b7d-4c1e-9a0b-1234567890ab"));
  EXPECT_FALSE(IsValidIdempotencyKey(""));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string(256, 'a')));
  EXPECT_FALSE(IsValidIdempotencyKey("has space"));
  EXPECT_FALSE(IsValidIdempotencyKey("tab\there"));
}

}  // namespace
}  // namespace jstedu::gateway
