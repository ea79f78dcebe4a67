#include "services/recruitment/domain/identity.h"

#include "gtest/gtest.h"
#include "services/recruitment/domain/rules_testing.h"

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

TEST(IdentityGuardsTest, AConflictIsDecidedOnce) {
  EXPECT_TRUE(ConflictOpen("c1", "").ok());
  const absl::Status decided = ConflictOpen("c1", "MISTYPED");
  EXPECT_TRUE(absl::IsFailedPrecondition(decided));
  auto violations = Violations(decided);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "CONFLICT_OPEN");
  EXPECT_EQ(violations[0].subject(), "identityConflicts/c1");
  EXPECT_EQ(violations[0].description(),
            "the conflict was already decided (MISTYPED)");
}

TEST(IdentityGuardsTest, AMoveNeedsAClaimantWhoTakesPart) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    const bool open = status != ApplicationStatus::kWithdrawn &&
                      status != ApplicationStatus::kRejected;
    EXPECT_EQ(ClaimantTakesPart("p2", true, status).ok(), open)
        << ApplicationStatusName(status);
  }
  auto violations =
      Violations(ClaimantTakesPart("p2", false, ApplicationStatus::kQualified));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "CLAIMANT_TAKES_PART");
  EXPECT_EQ(violations[0].subject(), "participants/p2");
  EXPECT_EQ(violations[0].description(),
            "the waiting participant has left; SAME_PERSON_MOVED would end "
            "the other JST's participation for nobody");
  violations =
      Violations(ClaimantTakesPart("p2", true, ApplicationStatus::kWithdrawn));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].description(),
            "the waiting participant's application is WITHDRAWN; "
            "SAME_PERSON_MOVED would end the other JST's participation for "
            "nobody");
}

TEST(IdentityGuardsTest, NoMinistryExportWhileConflictsAreOpen) {
  EXPECT_TRUE(ConflictsDecided("P-1", 0).ok());
  auto violations = Violations(ConflictsDecided("P-1", 1));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "IDENTITY_CONFLICTS_OPEN");
  EXPECT_EQ(violations[0].subject(), "editions/P-1");
  EXPECT_EQ(violations[0].description(),
            "the programme office must first decide 1 identity conflict of "
            "edition P-1 (one PESEL registered by two JSTs); no ministry "
            "export until then");
  violations = Violations(ConflictsDecided("P-1", 2));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].description(),
            "the programme office must first decide 2 identity conflicts of "
            "edition P-1 (one PESEL registered by two JSTs); no ministry "
            "export until then");
}

}  // namespace
}  // namespace jstedu::recruitment
