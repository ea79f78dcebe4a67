#include "services/recruitment/domain/identity.h"

#include "gtest/gtest.h"

namespace jstedu::recruitment {
namespace {

TEST(IdentityTest, NamesRoundTrip) {
  for (Identity identity :
       {Identity::kConfirmed, Identity::kAwaitingOffice, Identity::kSharedPesel,
        Identity::kSuperseded, Identity::kPeselRejected}) {
    Identity parsed = Identity::kConfirmed;
    ASSERT_TRUE(ParseIdentity(IdentityName(identity), &parsed))
        << IdentityName(identity);
    EXPECT_EQ(parsed, identity);
  }
  Identity parsed = Identity::kConfirmed;
  EXPECT_FALSE(ParseIdentity("confirmed", &parsed));
}

TEST(IdentityTest,
     RecordsAwaitingTheOfficeCountProvisionallyRejectedOnesNowhere) {
  EXPECT_TRUE(Counted(Identity::kConfirmed));
  EXPECT_TRUE(Counted(Identity::kSharedPesel));
  EXPECT_TRUE(Counted(Identity::kSuperseded));
  EXPECT_TRUE(Counted(Identity::kAwaitingOffice));  // provisionally
  EXPECT_FALSE(Counted(Identity::kPeselRejected));
  // Only the records that count as the number's owner make others wait.
  EXPECT_TRUE(HoldsPesel(Identity::kConfirmed));
  EXPECT_TRUE(HoldsPesel(Identity::kSharedPesel));
  EXPECT_FALSE(HoldsPesel(Identity::kSuperseded));
  EXPECT_FALSE(HoldsPesel(Identity::kAwaitingOffice));
  EXPECT_FALSE(HoldsPesel(Identity::kPeselRejected));
}

TEST(IdentityTest, ANumberAnotherJstHoldsWaitsForTheOffice) {
  EXPECT_EQ(Register({false, false}), Registration::kConfirmed);
  EXPECT_EQ(Register({false, true}), Registration::kAwaitingOffice);
  // The JST's own duplicate is refused, also when another JST holds it.
  EXPECT_EQ(Register({true, false}), Registration::kOwnDuplicate);
  EXPECT_EQ(Register({true, true}), Registration::kOwnDuplicate);
}

TEST(IdentityTest, SamePersonMovedHandsTheNumberOver) {
  DecisionEffect moved =
      Decide(Decision::kSamePersonMoved, {true, true, false});
  EXPECT_TRUE(moved.supersede_holder);
  EXPECT_EQ(moved.claimant, Identity::kConfirmed);
  // A holder that changed its number meanwhile is left alone.
  moved = Decide(Decision::kSamePersonMoved, {false, false, false});
  EXPECT_FALSE(moved.supersede_holder);
  EXPECT_EQ(moved.claimant, Identity::kConfirmed);
  // A holder sharing the number (DISTINCT_PEOPLE before): another record
  // is confirmed with it, so the claimant shares it too.
  moved = Decide(Decision::kSamePersonMoved, {true, false, true});
  EXPECT_TRUE(moved.supersede_holder);
  EXPECT_EQ(moved.claimant, Identity::kSharedPesel);
}

TEST(IdentityTest, DistinctPeopleBothCount) {
  EXPECT_EQ(Decide(Decision::kDistinctPeople, {true, true, false}).claimant,
            Identity::kSharedPesel);
  EXPECT_EQ(Decide(Decision::kDistinctPeople, {true, false, true}).claimant,
            Identity::kSharedPesel);
  // Nobody is confirmed with the number any more: the claimant takes it.
  EXPECT_EQ(Decide(Decision::kDistinctPeople, {false, false, false}).claimant,
            Identity::kConfirmed);
  EXPECT_FALSE(
      Decide(Decision::kDistinctPeople, {true, true, false}).supersede_holder);
}

TEST(IdentityTest, MistypedIsRejectedAndTheHolderUntouched) {
  const DecisionEffect effect =
      Decide(Decision::kMistyped, {true, true, false});
  EXPECT_EQ(effect.claimant, Identity::kPeselRejected);
  EXPECT_FALSE(effect.supersede_holder);
}

}  // namespace
}  // namespace jstedu::recruitment
