#include "services/training/domain/plan_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/training/domain/rules_testing.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;

absl::Time Day(int d) { return absl::FromUnixSeconds(86400LL * (17000 + d)); }

TEST(ModuleOrderTest, NumbersFollowDates) {
  const std::vector<PlacedModule> others = {{"m1", 1, Day(0), Day(3)},
                                            {"m3", 3, Day(20), Day(23)}};
  EXPECT_TRUE(ModuleOrder(2, Day(10), Day(13), others).ok());
  // Touching is fine: module 1 ends when module 2 starts.
  EXPECT_TRUE(ModuleOrder(2, Day(3), Day(20), others).ok());
  const absl::Status early = ModuleOrder(2, Day(2), Day(21), others);
  EXPECT_THAT(Violations(early), ElementsAre("MODULE_ORDER modules/m1",
                                             "MODULE_ORDER modules/m3"));
  EXPECT_EQ(early.message(),
            "rules not met: module 2 must start after module 1 (modules are "
            "numbered in date order); module 2 must end before module 3 "
            "(modules are numbered in date order)");
}

TEST(MarkedSessionsKeepLengthTest, OnlyMarkedSessionsMayNotChangeLength) {
  EXPECT_TRUE(MarkedSessionsKeepLength({{"s1", false}}).ok());
  const absl::Status refused =
      MarkedSessionsKeepLength({{"s1", false}, {"s2", true}});
  EXPECT_THAT(Violations(refused),
              ElementsAre("MARKED_SESSION_LENGTH sessions/s2"));
}

TEST(TrainersFreeAfterMoveTest, EachClashNamesBothSessions) {
  EXPECT_TRUE(TrainersFreeAfterMove({}).ok());
  const absl::Status refused =
      TrainersFreeAfterMove({{"s1", "s9", "trener-1"}});
  EXPECT_THAT(Violations(refused),
              ElementsAre("TRAINER_DOUBLE_BOOKED sessions/s1,sessions/s9"));
  EXPECT_EQ(refused.message(),
            "rules not met: after the move, trainer trener-1 would teach "
            "sessions s1 and s9 at the same time");
}

TEST(SettingsChangeTest, HoursPercentAndCountFreezeOnceAttendanceExists) {
  const FrozenSettings current{45, 80, 5};
  EXPECT_TRUE(SettingsChange("PILOT", current, {60, 80, 5}, false).ok());
  EXPECT_TRUE(SettingsChange("PILOT", current, current, true).ok());
  for (const FrozenSettings& wanted :
       {FrozenSettings{60, 80, 5}, FrozenSettings{45, 90, 5},
        FrozenSettings{45, 80, 6}}) {
    EXPECT_THAT(
        Violations(SettingsChange("PILOT", current, wanted, true)),
        ElementsAre("SETTINGS_FROZEN editions/PILOT/training-settings"));
  }
}

TEST(EvaluationRulesTest, AParticipantOfTheEditionEvaluatesAStartedModule) {
  const EvaluationFacts facts{"m1", "PILOT", Day(1), "p1", "PILOT", 2};
  EXPECT_TRUE(EvaluationRules(facts, Day(1)).ok());
  EXPECT_THAT(Violations(EvaluationRules(facts, Day(1) - absl::Seconds(1))),
              ElementsAre("MODULE_NOT_STARTED modules/m1"));
  EvaluationFacts stranger = facts;
  stranger.participant_group = 0;
  EXPECT_THAT(Violations(EvaluationRules(stranger, Day(1))),
              ElementsAre("NOT_ROSTERED participants/p1"));
  stranger.participant_group = 2;
  stranger.participant_edition = "2018";
  EXPECT_THAT(Violations(EvaluationRules(stranger, Day(0))),
              ElementsAre("NOT_ROSTERED participants/p1",
                          "MODULE_NOT_STARTED modules/m1"));
}

TEST(NextModuleToCountFromTest, OnlyARelativeDueDateNeedsANextModule) {
  EXPECT_TRUE(NextModuleToCountFrom("m5", false, false).ok());
  EXPECT_TRUE(NextModuleToCountFrom("m4", true, true).ok());
  EXPECT_THAT(Violations(NextModuleToCountFrom("m5", true, false)),
              ElementsAre("NO_NEXT_MODULE modules/m5"));
}

}  // namespace
}  // namespace jstedu::training
