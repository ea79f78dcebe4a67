// The rules of good practices: the status table and the search's folding of
// words.
#include "services/advisory/domain/practice_rules.h"

#include "common/status/errors.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace jstedu::advisory {
namespace {

using C = PracticeCommand;
using S = PracticeStatus;

TEST(PracticeRules, EachCommandIsLegalInOneStatusOnly) {
  struct Legal {
    C command;
    S from;
    S to;
  };
  const std::vector<Legal> legal = {
      {C::kUpdate, S::kDraft, S::kDraft},
      {C::kSubmit, S::kDraft, S::kSubmitted},
      {C::kPublish, S::kSubmitted, S::kPublished},
      {C::kReturn, S::kSubmitted, S::kDraft},
      {C::kWithdraw, S::kPublished, S::kWithdrawn},
  };
  for (C command :
       {C::kUpdate, C::kSubmit, C::kPublish, C::kReturn, C::kWithdraw}) {
    for (S from : {S::kDraft, S::kSubmitted, S::kPublished, S::kWithdrawn}) {
      std::optional<S> expected;
      for (const Legal& l : legal) {
        if (l.command == command && l.from == from) expected = l.to;
      }
      EXPECT_EQ(NextStatus(from, command), expected)
          << CommandName(command) << " from " << StatusName(from);
      EXPECT_EQ(CheckPracticeCommand("p1", from, command).ok(),
                expected.has_value());
    }
  }
}

TEST(PracticeRules, AnIllegalCommandNamesTheStatus) {
  const absl::Status refused =
      CheckPracticeCommand("p1", S::kPublished, C::kUpdate);
  ASSERT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  auto payload =
      refused.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  ASSERT_TRUE(payload.has_value());
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(failure.ParseFromString(std::string(*payload)));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "WRONG_STATUS");
  EXPECT_EQ(failure.violations(0).subject(), "goodPractices/p1");
  EXPECT_EQ(failure.violations(0).description(),
            "the practice is PUBLISHED: only a draft is edited");
}

TEST(PracticeRules, StatusNamesRoundTrip) {
  for (S s : {S::kDraft, S::kSubmitted, S::kPublished, S::kWithdrawn}) {
    EXPECT_EQ(PracticeStatusOf(StatusName(s)), s);
  }
  EXPECT_EQ(PracticeStatusOf("PRACTICE_DRAFT"), std::nullopt);
}

TEST(PracticeSearch, FoldingDropsCaseDiacriticsAndPunctuation) {
  EXPECT_EQ(FoldForSearch("Łódź — Szkoła Podstawowa nr 5!"),
            "lodz szkola podstawowa nr 5");
  EXPECT_EQ(FoldForSearch("ZAŻÓŁĆ GĘŚLĄ JAŹŃ"), "zazolc gesla jazn");
  EXPECT_EQ(FoldForSearch("Straße, Æsop; Müller"), "strasse aesop muller");
  EXPECT_EQ(FoldForSearch("  „sieć”  współpracy  "), "siec wspolpracy");
  // Other scripts and signs separate words; bytes that are not UTF-8 too.
  EXPECT_EQ(FoldForSearch("plan×budżet Школа 2026/27"), "plan budzet 2026 27");
  EXPECT_EQ(FoldForSearch("ab\xff\xc3"
                          "cd"),
            "ab cd");
  // Decomposed text (o + U+0301, z + U+0301) folds like composed text.
  EXPECT_EQ(FoldForSearch("Lo\xcc\x81"
                          "dz\xcc\x81"),
            "lodz");
  EXPECT_EQ(FoldForSearch(""), "");
  EXPECT_EQ(FoldForSearch("?!"), "");
}

TEST(PracticeSearch, AQueryMatchesFormsOfEachWord) {
  EXPECT_EQ(SearchQueryOf("szkoły"), "szkol:*");
  EXPECT_EQ(SearchQueryOf("Sieć współpracy dyrektorów"),
            "siec:* & wspolprac:* & dyrektoro:*");
  // Short words are kept whole; repeats once.
  EXPECT_EQ(SearchQueryOf("plan PLAN nr 5"), "plan:* & nr:* & 5:*");
  EXPECT_EQ(SearchQueryOf("&|!():*'\\"), "");
  EXPECT_EQ(SearchQueryOf("  "), "");
}

}  // namespace
}  // namespace jstedu::advisory
