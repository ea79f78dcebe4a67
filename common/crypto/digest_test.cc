#include "common/crypto/digest.h"

#include <string>

#include "gtest/gtest.h"

namespace jstedu::crypto {
namespace {

// FIPS 180-2 appendix B.1 and the empty message.
TEST(Sha256HexTest, PublishedVectors) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256HexTest, HashesEveryByteIncludingNul) {
  EXPECT_EQ(Sha256Hex(std::string("a\0b", 3)),
            "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}

// RFC 4231 section 4.2: test case 1.
TEST(HmacSha256HexTest, Rfc4231TestCase1) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 section 4.3: test case 2 (a key shorter than the output).
TEST(HmacSha256HexTest, Rfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 section 4.7: test case 6 (a key longer than the block is hashed).
TEST(HmacSha256HexTest, Rfc4231TestCase6) {
  EXPECT_EQ(
      HmacSha256Hex(std::string(131, '\xaa'),
                    "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256HexTest, EmptyKeyAndEmptyData) {
  EXPECT_EQ(HmacSha256Hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256HexTest, KeyMayHoldNulBytes) {
  EXPECT_EQ(HmacSha256Hex(std::string("k\0ey", 4), "44051401359"),
            "a5bd951d4f36953cfb58ecfb3b2188e26513b4217585fd9c28ef86475b2b4987");
  EXPECT_NE(HmacSha256Hex(std::string("k\0ey", 4), "44051401359"),
            HmacSha256Hex("k", "44051401359"));
}

TEST(RandomBytesTest, GivesTheSizeAskedForAndDiffers) {
  EXPECT_EQ(RandomBytes(0), "");
  const std::string a = RandomBytes(32), b = RandomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(ConstantTimeEqualsTest, EqualOnlyForTheSameBytes) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), "a"));
}

}  // namespace
}  // namespace jstedu::crypto
