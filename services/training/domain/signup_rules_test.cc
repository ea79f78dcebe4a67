#include "services/training/domain/signup_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/training/domain/rules_testing.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;

const absl::Time kDeadline = absl::FromUnixSeconds(1'490'000'000);
const absl::Time kEnd = kDeadline + absl::Hours(24 * 14);

SignupModuleFacts Module(int seats = 50, int places = 10) {
  return {"m1", "PILOT", seats, places, kEnd, kDeadline};
}

SignupRequest Request(bool shuttle = true, bool parking = false) {
  return {"p1", /*rostered=*/true, "PILOT", shuttle, parking};
}

TEST(SignupRulesTest, ARosteredParticipantSignsUpBeforeTheModuleEnds) {
  EXPECT_TRUE(SignupRules(Module(), Request(true, true), kDeadline).ok());
}

TEST(SignupRulesTest, EachBrokenRuleIsNamed) {
  SignupRequest stranger = Request(true, true);
  stranger.rostered = false;
  const absl::Status refused = SignupRules(Module(0, 0), stranger, kEnd);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(
      Violations(refused),
      ElementsAre("NOT_ROSTERED participants/p1", "NO_SHUTTLE modules/m1",
                  "NO_PARKING modules/m1", "MODULE_OVER modules/m1"));
  SignupRequest other_edition = Request();
  other_edition.edition = "2018";
  EXPECT_THAT(Violations(SignupRules(Module(), other_edition, kDeadline)),
              ElementsAre("NOT_ROSTERED participants/p1"));
}

TEST(SignupRulesTest, TheDeadlineIsExclusive) {
  EXPECT_FALSE(IsLateSignup(Module(), kDeadline - absl::Seconds(1)));
  EXPECT_TRUE(IsLateSignup(Module(), kDeadline));
  SignupModuleFacts no_deadline = Module();
  no_deadline.signup_deadline.reset();
  EXPECT_FALSE(IsLateSignup(no_deadline, kEnd));
}

TEST(SignupRulesTest, SeatsAreConfirmedWhileAnyIsLeftAndLateOnesWait) {
  EXPECT_EQ(SeatFor(false, false, 0, 50), "NOT_REQUESTED");
  EXPECT_EQ(SeatFor(false, true, 0, 50), "NOT_REQUESTED");
  EXPECT_EQ(SeatFor(true, false, 49, 50), "CONFIRMED");
  EXPECT_EQ(SeatFor(true, false, 50, 50), "WAITLISTED");
  EXPECT_EQ(SeatFor(true, true, 0, 50), "WAITLISTED");
}

TEST(SignupRulesTest, TheOfficeDecidesPendingOnesAndCancelsApprovedOnes) {
  EXPECT_TRUE(SignupDecidable("s1", "PENDING_APPROVAL", true).ok());
  EXPECT_TRUE(SignupDecidable("s1", "PENDING_APPROVAL", false).ok());
  EXPECT_TRUE(SignupDecidable("s1", "APPROVED", false).ok());
  const absl::Status again = SignupDecidable("s1", "APPROVED", true);
  EXPECT_THAT(Violations(again), ElementsAre("SIGNUP_STATUS signups/s1"));
  EXPECT_EQ(again.message(),
            "rules not met: only a sign-up pending approval can be approved; "
            "this one is SIGNUP_APPROVED");
  const absl::Status in_time = SignupDecidable("s1", "CONFIRMED", false);
  EXPECT_EQ(in_time.message(),
            "rules not met: only a sign-up pending approval or approved by "
            "the office can be refused; this one is SIGNUP_CONFIRMED");
}

}  // namespace
}  // namespace jstedu::training
