#include "gateway/url.h"

#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

TEST(SplitTargetTest, PathQueryAndFragment) {
  Target target = SplitTarget("/v1/jsts?a=1&b=2#top");
  EXPECT_EQ(target.path, "/v1/jsts");
  EXPECT_EQ(target.query, "a=1&b=2");
  target = SplitTarget("/v1/jsts");
  EXPECT_EQ(target.path, "/v1/jsts");
  EXPECT_EQ(target.query, "");
}

TEST(PercentDecodeTest, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(*PercentDecode("%C5%9Awi+x", true), "Świ x");
  EXPECT_EQ(*PercentDecode("a+b%2f", false), "a+b/");
  EXPECT_FALSE(PercentDecode("%", false).ok());
  EXPECT_FALSE(PercentDecode("%4", false).ok());
  EXPECT_FALSE(PercentDecode("%g1", false).ok());
}

TEST(ParseQueryTest, OrderedDecodedPairs) {
  auto parameters = ParseQuery("a=1&&b&c=x%3Dy&a=2");
  ASSERT_TRUE(parameters.ok());
  ASSERT_EQ(parameters->size(), 4u);
  EXPECT_EQ((*parameters)[0].name, "a");
  EXPECT_EQ((*parameters)[0].value, "1");
  EXPECT_EQ((*parameters)[1].name, "b");
  EXPECT_EQ((*parameters)[1].value, "");
  EXPECT_EQ((*parameters)[2].value, "x=y");
  EXPECT_EQ((*parameters)[3].value, "2");
  EXPECT_FALSE(ParseQuery("a=%zz").ok());
}

TEST(IsValidUtf8Test, AcceptsTextRejectsBrokenSequences) {
  EXPECT_TRUE(IsValidUtf8("Świętochłowice €𝄞"));
  EXPECT_FALSE(IsValidUtf8("\xC5"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace jstedu::gateway
