#include "services/training/domain/didactic_hours.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

constexpr int64_t kModuleHours = 21;

std::vector<int> Sessions(int count, int minutes) {
  return std::vector<int>(static_cast<std::size_t>(count), minutes);
}

SessionBalance MustBalance(int64_t hours, const std::vector<int>& sessions,
                           int hour_minutes) {
  absl::StatusOr<SessionBalance> balance =
      BalanceSessions(hours, sessions, hour_minutes);
  EXPECT_TRUE(balance.ok()) << balance.status();
  return balance.value_or(SessionBalance{});
}

DidacticHours MustConvert(int64_t minutes, int hour_minutes) {
  absl::StatusOr<DidacticHours> hours = MinutesToHours(minutes, hour_minutes);
  EXPECT_TRUE(hours.ok()) << hours.status();
  return hours.value_or(DidacticHours{-1, 1});
}

bool MustDecide(int64_t attended, int64_t required, int percent) {
  absl::StatusOr<bool> completed = HasCompleted(attended, required, percent);
  EXPECT_TRUE(completed.ok()) << completed.status();
  return completed.value_or(false);
}

// ---------------------------------------------------------------------------
// Required minutes.

TEST(RequiredMinutesTest, HourLengthIsASetting) {
  EXPECT_EQ(RequiredMinutes(kModuleHours).value_or(-1), 945);
  EXPECT_EQ(RequiredMinutes(kModuleHours, 45).value_or(-1), 945);
  EXPECT_EQ(RequiredMinutes(kModuleHours, 60).value_or(-1), 1260);
  EXPECT_EQ(RequiredMinutes(0, 45).value_or(-1), 0);
}

TEST(RequiredMinutesTest, RefusesNonsense) {
  EXPECT_TRUE(absl::IsInvalidArgument(RequiredMinutes(-1, 45).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(RequiredMinutes(21, 0).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(RequiredMinutes(21, -45).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      RequiredMinutes(std::numeric_limits<int64_t>::max(), 45).status()));
}

// ---------------------------------------------------------------------------
// Do the sessions add up?

TEST(BalanceSessionsTest, TwentyOneHoursOf45MinutesNeverFit90MinuteSessions) {
  // 945 minutes are 10.5 sessions of 90: neither neighbour adds up.
  SessionBalance ten = MustBalance(kModuleHours, Sessions(10, 90), 45);
  EXPECT_EQ(ten.required_minutes, 945);
  EXPECT_EQ(ten.planned_minutes, 900);
  EXPECT_EQ(ten.difference_minutes, -45);
  EXPECT_FALSE(ten.AddsUp());

  SessionBalance eleven = MustBalance(kModuleHours, Sessions(11, 90), 45);
  EXPECT_EQ(eleven.required_minutes, 945);
  EXPECT_EQ(eleven.planned_minutes, 990);
  EXPECT_EQ(eleven.difference_minutes, 45);
  EXPECT_FALSE(eleven.AddsUp());
}

TEST(BalanceSessionsTest, TenNinetiesAndOneFortyFiveAddUpWith45MinuteHours) {
  std::vector<int> sessions = Sessions(10, 90);
  sessions.push_back(45);
  SessionBalance balance = MustBalance(kModuleHours, sessions, 45);
  EXPECT_EQ(balance.planned_minutes, 945);
  EXPECT_EQ(balance.difference_minutes, 0);
  EXPECT_TRUE(balance.AddsUp());
}

TEST(BalanceSessionsTest, FourteenNinetiesAddUpWith60MinuteHours) {
  SessionBalance balance = MustBalance(kModuleHours, Sessions(14, 90), 60);
  EXPECT_EQ(balance.required_minutes, 1260);
  EXPECT_EQ(balance.planned_minutes, 1260);
  EXPECT_TRUE(balance.AddsUp());

  SessionBalance short_one = MustBalance(kModuleHours, Sessions(13, 90), 60);
  EXPECT_EQ(short_one.difference_minutes, -90);
  EXPECT_FALSE(short_one.AddsUp());
}

TEST(BalanceSessionsTest, DefaultHourIs45Minutes) {
  std::vector<int> sessions = Sessions(11, 90);
  absl::StatusOr<SessionBalance> balance =
      BalanceSessions(kModuleHours, sessions);
  ASSERT_TRUE(balance.ok()) << balance.status();
  EXPECT_EQ(balance->required_minutes, 945);
}

TEST(BalanceSessionsTest, NoSessionsAreAllMissing) {
  SessionBalance balance = MustBalance(kModuleHours, {}, 45);
  EXPECT_EQ(balance.planned_minutes, 0);
  EXPECT_EQ(balance.difference_minutes, -945);
}

TEST(BalanceSessionsTest, RefusesEmptyOrNegativeSessionsAndBadSettings) {
  std::vector<int> with_zero = {90, 0, 90};
  std::vector<int> with_negative = {90, -90};
  std::vector<int> fine = Sessions(2, 90);
  EXPECT_TRUE(
      absl::IsInvalidArgument(BalanceSessions(21, with_zero, 45).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(BalanceSessions(21, with_negative, 45).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(BalanceSessions(21, fine, 0).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(BalanceSessions(-1, fine, 45).status()));
}

// ---------------------------------------------------------------------------
// Attended minutes as hours.

TEST(MinutesToHoursTest, NinetyMinutesAreTwo45MinuteHours) {
  DidacticHours hours = MustConvert(90, 45);
  EXPECT_EQ(hours, (DidacticHours{2, 1}));
  EXPECT_TRUE(hours.IsWhole());
  EXPECT_EQ(hours.ToString(), "2");
}

TEST(MinutesToHoursTest, NinetyMinutesAreOneAndAHalf60MinuteHours) {
  DidacticHours hours = MustConvert(90, 60);
  EXPECT_EQ(hours, (DidacticHours{3, 2}));
  EXPECT_FALSE(hours.IsWhole());
  EXPECT_EQ(hours.ToString(), "3/2");
}

TEST(MinutesToHoursTest, FractionsStayExact) {
  EXPECT_EQ(MustConvert(945, 45), (DidacticHours{21, 1}));
  EXPECT_EQ(MustConvert(945, 60), (DidacticHours{63, 4}));
  EXPECT_EQ(MustConvert(50, 45), (DidacticHours{10, 9}));
  EXPECT_EQ(MustConvert(50, 45).ToString(), "10/9");
  EXPECT_EQ(MustConvert(0, 45), (DidacticHours{0, 1}));
  EXPECT_EQ(MustConvert(0, 45).ToString(), "0");
}

TEST(MinutesToHoursTest, DefaultHourIs45Minutes) {
  EXPECT_EQ(MinutesToHours(135).value_or(DidacticHours{}),
            (DidacticHours{3, 1}));
}

TEST(MinutesToHoursTest, RefusesNegativeMinutesAndBadHourLength) {
  EXPECT_TRUE(absl::IsInvalidArgument(MinutesToHours(-90, 45).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(MinutesToHours(90, 0).status()));
}

// ---------------------------------------------------------------------------
// The completion rule.

TEST(HasCompletedTest, EightyPercentOfA45MinuteModuleIsExactly756Minutes) {
  // 80 % of 945 is 756: the boundary is met exactly, one minute less is not.
  EXPECT_TRUE(MustDecide(756, 945, 80));
  EXPECT_FALSE(MustDecide(755, 945, 80));
  EXPECT_TRUE(MustDecide(945, 945, 80));
}

TEST(HasCompletedTest, EightyPercentOfA60MinuteModuleIsExactly1008Minutes) {
  EXPECT_TRUE(MustDecide(1008, 1260, 80));
  EXPECT_FALSE(MustDecide(1007, 1260, 80));
}

TEST(HasCompletedTest, FiveModulesOf45MinuteHours) {
  // 5 × 21 hours × 45 minutes = 4725 minutes; 80 % of it is 3780.
  int64_t required = RequiredMinutes(5 * kModuleHours, 45).value_or(-1);
  ASSERT_EQ(required, 4725);
  EXPECT_TRUE(MustDecide(3780, required, 80));
  EXPECT_FALSE(MustDecide(3779, required, 80));
}

TEST(HasCompletedTest, BoundaryThatIsNotAWholeMinute) {
  // 75 % of 945 is 708.75 minutes: 708 is short, 709 is enough.
  EXPECT_FALSE(MustDecide(708, 945, 75));
  EXPECT_TRUE(MustDecide(709, 945, 75));
}

TEST(HasCompletedTest, DefaultIsEightyPercent) {
  EXPECT_TRUE(HasCompleted(756, 945).value_or(false));
  EXPECT_FALSE(HasCompleted(755, 945).value_or(true));
}

TEST(HasCompletedTest, ExtremePercents) {
  EXPECT_TRUE(MustDecide(0, 945, 0));
  EXPECT_TRUE(MustDecide(945, 945, 100));
  EXPECT_FALSE(MustDecide(944, 945, 100));
}

TEST(HasCompletedTest, HugeInputsDoNotOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_TRUE(MustDecide(kMax, kMax, 100));
  EXPECT_FALSE(MustDecide(kMax - 1, kMax, 100));
  EXPECT_TRUE(MustDecide(kMax / 100 * 80, kMax / 100, 80));
}

TEST(HasCompletedTest, RefusesBadInputs) {
  EXPECT_TRUE(absl::IsInvalidArgument(HasCompleted(-1, 945, 80).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(HasCompleted(756, -945, 80).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(HasCompleted(756, 945, -1).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(HasCompleted(756, 945, 101).status()));
}

// ---------------------------------------------------------------------------
// A participant's attended share.

TEST(AttendedPercentTest, IsTheParticipantsShareRoundedDown) {
  // One session of 90 minutes out of five modules of 2 hours (450 minutes).
  EXPECT_EQ(AttendedPercent(90, 450).value_or(-1), 20);
  // 755 of 945 is 79.89 %: 79, not 80 (the rule is not met).
  EXPECT_EQ(AttendedPercent(755, 945).value_or(-1), 79);
  EXPECT_EQ(AttendedPercent(756, 945).value_or(-1), 80);
  EXPECT_EQ(AttendedPercent(0, 945).value_or(-1), 0);
}

TEST(AttendedPercentTest, AgreesWithTheCompletionRuleAtEveryPercent) {
  for (int percent = 0; percent <= 100; ++percent) {
    for (int64_t attended = 0; attended <= 945; ++attended) {
      ASSERT_EQ(AttendedPercent(attended, 945).value_or(-1) >= percent,
                MustDecide(attended, 945, percent))
          << attended << " of 945 at " << percent << " %";
    }
  }
}

TEST(AttendedPercentTest, NothingPlannedIsZeroAndMoreThanPlannedIsAHundred) {
  EXPECT_EQ(AttendedPercent(0, 0).value_or(-1), 0);
  EXPECT_EQ(AttendedPercent(1080, 945).value_or(-1), 100);
  EXPECT_TRUE(absl::IsInvalidArgument(AttendedPercent(-1, 945).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(AttendedPercent(90, -1).status()));
}

}  // namespace
}  // namespace jstedu::training
