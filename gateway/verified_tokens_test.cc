// The remembered tokens' store (verified_tokens.h): found while valid, by
// the token's digest only, and never more entries than its capacity.
#include "gateway/verified_tokens.h"

#include <string>

#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using Clock = VerifiedTokens::Clock;
const Clock::time_point kNow = Clock::time_point(std::chrono::hours(500000));

VerifiedTokens::Entry EntryOf(const std::string& subject,
                              Clock::time_point valid_until) {
  VerifiedTokens::Entry entry;
  entry.principal.set_subject(subject);
  entry.valid_until = valid_until;
  return entry;
}

TEST(VerifiedTokensTest, AnEntryIsFoundUntilItsTokenExpires) {
  VerifiedTokens tokens(64);
  const std::string digest = VerifiedTokens::Digest("a.b.c");
  tokens.Put(digest, EntryOf("user-1", kNow + std::chrono::seconds(10)), kNow);
  auto found = tokens.Find(digest, kNow + std::chrono::seconds(9));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal.subject(), "user-1");
  EXPECT_FALSE(tokens.Find(digest, kNow + std::chrono::seconds(10)));
  EXPECT_FALSE(tokens.Find(VerifiedTokens::Digest("a.b.d"), kNow));
}

TEST(VerifiedTokensTest, AnEntryIsNotFoundBeforeItsTokenIsValid) {
  VerifiedTokens tokens(64);
  const std::string digest = VerifiedTokens::Digest("a.b.c");
  VerifiedTokens::Entry entry = EntryOf("user-1", kNow + std::chrono::hours(1));
  entry.valid_from = kNow - std::chrono::seconds(60);
  tokens.Put(digest, entry, kNow);
  EXPECT_TRUE(tokens.Find(digest, kNow - std::chrono::seconds(60)));
  EXPECT_FALSE(tokens.Find(digest, kNow - std::chrono::seconds(61)));
}

TEST(VerifiedTokensTest, TheDigestIsTheTokensSha256AndNotTheToken) {
  const std::string digest = VerifiedTokens::Digest("abc");
  ASSERT_EQ(digest.size(), 32u);
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(static_cast<unsigned char>(digest[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(digest[31]), 0xad);
  EXPECT_NE(digest, VerifiedTokens::Digest("abd"));
}

TEST(VerifiedTokensTest, NeverMoreEntriesThanItsCapacity) {
  VerifiedTokens tokens(64);
  for (int i = 0; i < 5000; ++i) {
    tokens.Put(VerifiedTokens::Digest(std::to_string(i)),
               EntryOf(std::to_string(i), kNow + std::chrono::hours(1)), kNow);
    ASSERT_LE(tokens.size(), 64u);
  }
  // The newest entry is always kept.
  EXPECT_TRUE(tokens.Find(VerifiedTokens::Digest("4999"), kNow));
}

// A token whose digest falls in the same shard as `digest`'s (the shard is
// the first byte modulo 16), other than the `skip` first ones.
std::string SameShard(const std::string& digest, int skip) {
  for (int i = 0;; ++i) {
    const std::string token = "t-" + std::to_string(i);
    const std::string other = VerifiedTokens::Digest(token);
    if (other != digest && static_cast<unsigned char>(other[0]) % 16 ==
                               static_cast<unsigned char>(digest[0]) % 16) {
      if (skip-- == 0) return other;
    }
  }
}

TEST(VerifiedTokensTest, AFullShardDropsItsExpiredEntriesFirst) {
  VerifiedTokens tokens(32);  // two entries per shard
  const std::string live = VerifiedTokens::Digest("live");
  const std::string expired = SameShard(live, 0);
  const std::string newest = SameShard(live, 1);
  tokens.Put(live, EntryOf("live", kNow + std::chrono::hours(1)), kNow);
  tokens.Put(expired, EntryOf("old", kNow + std::chrono::seconds(1)), kNow);
  const Clock::time_point later = kNow + std::chrono::seconds(2);
  tokens.Put(newest, EntryOf("new", kNow + std::chrono::hours(1)), later);
  EXPECT_TRUE(tokens.Find(live, later));
  EXPECT_TRUE(tokens.Find(newest, later));
  EXPECT_EQ(tokens.size(), 2u);
}

}  // namespace
}  // namespace jstedu::gateway
