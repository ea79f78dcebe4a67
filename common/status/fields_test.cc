#include "common/status/fields.h"

#include "gtest/gtest.h"

namespace jstedu::errors {
namespace {

TEST(FirstCodePoints, NeverCutsACharacterInTwo) {
  EXPECT_EQ(FirstCodePoints("abc", 5), "abc");
  EXPECT_EQ(FirstCodePoints("abc", 2), "ab");
  EXPECT_EQ(FirstCodePoints("abc", 0), "");
  // "ąęś" is 6 bytes; two code points are its first 4 bytes.
  EXPECT_EQ(FirstCodePoints("ąęś", 2), "ąę");
  EXPECT_EQ(FirstCodePoints("żółw", 4), "żółw");
  // A 4-byte character (U+1F600) stays whole or goes whole.
  EXPECT_EQ(FirstCodePoints("a\xF0\x9F\x98\x80z", 2), "a\xF0\x9F\x98\x80");
  EXPECT_EQ(FirstCodePoints("a\xF0\x9F\x98\x80z", 1), "a");
}

TEST(CheckText, CountsCodePointsNotBytes) {
  std::vector<FieldProblem> problems;
  CheckText(problems, "purpose", "ąęś", 1, 3);
  EXPECT_TRUE(problems.empty());
  CheckText(problems, "purpose", "ąęść", 1, 3);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "purpose");
}

}  // namespace
}  // namespace jstedu::errors
