#include "common/status/fields.h"

#include <string>

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

TEST(JsonFieldPath, NamesEachFieldAsTheJsonMappingDoes) {
  EXPECT_EQ(JsonFieldPath("education_level"), "educationLevel");
  EXPECT_EQ(JsonFieldPath("institution.building_number"),
            "institution.buildingNumber");
  EXPECT_EQ(JsonFieldPath("minority_or_foreign_origin"),
            "minorityOrForeignOrigin");
  EXPECT_EQ(JsonFieldPath("representatives[2].first_name"),
            "representatives[2].firstName");
  // JSON names and one-word names come back unchanged.
  EXPECT_EQ(JsonFieldPath("institution.buildingNumber"),
            "institution.buildingNumber");
  EXPECT_EQ(JsonFieldPath("contact"), "contact");
}

TEST(CheckText, CountsCodePointsNotBytes) {
  std::vector<FieldProblem> problems;
  CheckText(problems, "purpose", "ąęś", 1, 3);
  EXPECT_TRUE(problems.empty());
  CheckText(problems, "purpose", "ąęść", 1, 3);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "purpose");
}

TEST(TextProblem, PrintableTextOfAnyScriptIsText) {
  for (const char* text :
       {"", "Edycja 2026", "Zażółć gęślą jaźń", "Ωμέγα", "\xF0\x9F\x98\x80",
        "a\xE2\x80\x8D"
        "b"}) {
    EXPECT_EQ(TextProblem(text, Lines::kOne), "") << text;
    EXPECT_EQ(TextProblem(text, Lines::kMany), "") << text;
  }
}

TEST(TextProblem, ControlCharactersAreRefusedNamingTheFirst) {
  EXPECT_EQ(TextProblem(std::string("a\0b", 3), Lines::kOne),
            "must not contain control characters or line breaks (found "
            "U+0000)");
  EXPECT_EQ(TextProblem(std::string("a\0b", 3), Lines::kMany),
            "must not contain control characters other than tab and line "
            "breaks (found U+0000)");
  // C0, DEL and C1 (U+0085 NEL, U+009F), in both kinds of field.
  for (const char* text : {"\x01", "\x1b[31m", "\x1f", "\x7f", "\xC2\x80",
                           "\xC2\x85", "\xC2\x9F"}) {
    EXPECT_NE(TextProblem(text, Lines::kOne), "") << text;
    EXPECT_NE(TextProblem(text, Lines::kMany), "") << text;
  }
  EXPECT_EQ(TextProblem("ok\x7f", Lines::kOne),
            "must not contain control characters or line breaks (found "
            "U+007F)");
  EXPECT_EQ(TextProblem("\xC2\xA0", Lines::kOne), "");  // NO-BREAK SPACE
}

TEST(TextProblem, OnlyMultiLineTextHoldsTabsAndLineBreaks) {
  for (const char* text : {"a\tb", "a\nb", "a\r\nb", "\n"}) {
    EXPECT_EQ(TextProblem(text, Lines::kMany), "") << text;
    EXPECT_NE(TextProblem(text, Lines::kOne), "") << text;
  }
  EXPECT_EQ(TextProblem("a\tb", Lines::kOne),
            "must not contain control characters or line breaks (found "
            "U+0009)");
  // A carriage return only as half of CRLF.
  for (const char* text : {"a\rb", "a\r", "a\r\r\n"}) {
    EXPECT_EQ(TextProblem(text, Lines::kMany),
              "must not contain a carriage return (U+000D) outside a CRLF "
              "line break")
        << text;
  }
}

TEST(TextProblem, InvalidUtf8IsRefused) {
  for (const char* text :
       {"\xff", "a\xC3", "\xC3\x28", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
        "\xF4\x90\x80\x80", "\xF0\x9F\x98"}) {
    EXPECT_EQ(TextProblem(text, Lines::kOne), "must be valid UTF-8 text")
        << text;
  }
}

}  // namespace
}  // namespace jstedu::errors

namespace jstedu::errors {
namespace {

TEST(IsSubjectTest, OneTo128VisibleAsciiCharacters) {
  EXPECT_TRUE(IsSubject("a"));
  EXPECT_TRUE(IsSubject("auth0|5f1c:ab-12"));
  EXPECT_TRUE(IsSubject(std::string(kMaxSubjectBytes, 'x')));
  EXPECT_FALSE(IsSubject(""));
  EXPECT_FALSE(IsSubject(std::string(kMaxSubjectBytes + 1, 'x')));
  EXPECT_FALSE(IsSubject("has space"));
  EXPECT_FALSE(IsSubject("tab\there"));
  EXPECT_FALSE(IsSubject("zażółć"));
}

}  // namespace
}  // namespace jstedu::errors
