// Idempotency keys against a real Redis.
#include <thread>

#include "common/testing/fixtures.h"
#include "gateway/idempotency.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using Outcome = IdempotencyStore::Outcome;

const std::string kSecret(48, 'k');

IdempotencyScope Alice() {
  return {"alice", "JST", "", "2476011", "POST /v1/x"};
}

class IdempotencyTest : public ::testing::Test {
 protected:
  jstedu::testing::TestKeyspace keyspace_;
  IdempotencyStore store_{keyspace_.options(), keyspace_.prefix(), kSecret};
  const std::string key_ = store_.ScopedKey(Alice(), "k1");
  const std::string fingerprint_ =
      store_.Fingerprint("POST", "/v1/x", "{\"a\":1}");
};

TEST_F(IdempotencyTest, FirstUseProceedsAndRepeatReplaysTheStoredResponse) {
  EXPECT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  store_.Complete(key_, fingerprint_,
                  {201, "{\"id\":\"7\"}", {{"x-request-id", "r1"}}});
  auto again = store_.Begin(key_, fingerprint_);
  ASSERT_EQ(again.outcome, Outcome::kReplay);
  EXPECT_EQ(again.response.status, 201);
  EXPECT_EQ(again.response.body, "{\"id\":\"7\"}");
  ASSERT_EQ(again.response.headers.size(), 1u);
  EXPECT_EQ(again.response.headers[0].second, "r1");
}

TEST_F(IdempotencyTest, SameKeyWithAnotherBodyIsAMismatch) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  std::string other = store_.Fingerprint("POST", "/v1/x", "{\"a\":2}");
  EXPECT_EQ(store_.Begin(key_, other).outcome, Outcome::kMismatch);
  store_.Complete(key_, fingerprint_, {200, "{}", {}});
  EXPECT_EQ(store_.Begin(key_, other).outcome, Outcome::kMismatch);
}

TEST_F(IdempotencyTest, RepeatWhileInFlightIsAConflict) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  EXPECT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kInFlight);
}

TEST_F(IdempotencyTest, KeysAreScopedToTheWholePrincipalAndTheRoute) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  store_.Complete(key_, fingerprint_, {200, "{}", {}});
  // The same `sub` in another JST, with another role or region, on another
  // route; and another subject: each its own key.
  std::vector<IdempotencyScope> others(5, Alice());
  others[0].jst = "0201011";
  others[1].role = "COORDINATOR";
  others[2].voivodeship = "24";
  others[3].route = "POST /v1/y";
  others[4].subject = "bob";
  for (const IdempotencyScope& scope : others) {
    const std::string key = store_.ScopedKey(scope, "k1");
    EXPECT_NE(key, key_);
    EXPECT_EQ(store_.Begin(key, fingerprint_).outcome, Outcome::kProceed);
  }
  EXPECT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kReplay);
}

TEST_F(IdempotencyTest, HashesAreKeyedWithTheSecret) {
  IdempotencyStore other(keyspace_.options(), keyspace_.prefix(),
                         std::string(48, 'o'));
  EXPECT_NE(other.Fingerprint("POST", "/v1/x", "{\"a\":1}"), fingerprint_);
  EXPECT_NE(other.ScopedKey(Alice(), "k1"), key_);
  // Deterministic under one secret (every gateway replica shares it), and
  // parts cannot be shifted from one field to the next.
  EXPECT_EQ(store_.Fingerprint("POST", "/v1/x", "{\"a\":1}"), fingerprint_);
  EXPECT_NE(store_.Fingerprint("POST", "/v1/x{", "\"a\":1}"), fingerprint_);
  EXPECT_EQ(fingerprint_.size(), 64u);
  EXPECT_EQ(key_.size(), 64u);
}

TEST_F(IdempotencyTest, AnAnswerKeptByTheServiceIsNotStoredHere) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  StoredResponse kept;
  kept.status = 200;
  kept.body = R"({"pesel":"44051401359"})";
  kept.kept_by_service = true;
  store_.Complete(key_, fingerprint_, kept);
  EXPECT_EQ(store_.Begin(key_, fingerprint_).outcome,
            Outcome::kReplayByService);
  EXPECT_EQ(
      store_.Begin(key_, store_.Fingerprint("POST", "/v1/x", "{}")).outcome,
      Outcome::kMismatch);
  auto client = keyspace_.Client();
  auto value = client->Command({"GET", keyspace_.prefix() + "idem:" + key_});
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->str.find("44051401359"), std::string::npos) << value->str;
  EXPECT_EQ(value->str.find("body"), std::string::npos) << value->str;
}

TEST_F(IdempotencyTest, ServerErrorsAreNotStoredSoARetryRuns) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  store_.Complete(key_, fingerprint_, {503, "{}", {}});
  EXPECT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
}

TEST_F(IdempotencyTest, StoredResponsesLiveForTheTtl) {
  ASSERT_EQ(store_.Begin(key_, fingerprint_).outcome, Outcome::kProceed);
  store_.Complete(key_, fingerprint_, {200, "{}", {}});
  auto client = keyspace_.Client();
  auto keys = client->Command({"KEYS", keyspace_.prefix() + "idem:*"});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->elements.size(), 1u);
  EXPECT_EQ(keys->elements[0].str, keyspace_.prefix() + "idem:" + key_);
  auto ttl = client->Command({"TTL", keys->elements[0].str});
  EXPECT_GT(ttl->integer, 24 * 3600 - 60);
  EXPECT_LE(ttl->integer, 24 * 3600);
}

TEST_F(IdempotencyTest, AnAbandonedInFlightKeyExpires) {
  IdempotencyStore quick(keyspace_.options(), keyspace_.prefix(), kSecret,
                         std::chrono::hours(24), std::chrono::seconds(1));
  const std::string key = quick.ScopedKey(Alice(), "k2");
  ASSERT_EQ(quick.Begin(key, fingerprint_).outcome, Outcome::kProceed);
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        return quick.Begin(key, fingerprint_).outcome == Outcome::kProceed;
      },
      std::chrono::seconds(5)));
}

TEST_F(IdempotencyTest, UnreachableRedisIsUnavailable) {
  redis::ClientOptions nowhere;
  nowhere.port = 1;
  IdempotencyStore broken(nowhere, "x:", kSecret);
  EXPECT_EQ(broken.Begin(key_, fingerprint_).outcome, Outcome::kUnavailable);
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
