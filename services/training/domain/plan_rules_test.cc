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

TEST(EditionDatesKnownTest, ModulesWaitForTheEditionsDates) {
  const EditionPeriod pilot{absl::CivilDay(2017, 1, 1),
                            absl::CivilDay(2018, 12, 31)};
  EXPECT_EQ(EditionDatesKnown("PILOT", pilot)->starts_on, pilot.starts_on);
  const auto unknown = EditionDatesKnown("PILOT", std::nullopt);
  EXPECT_THAT(Violations(unknown.status()),
              ElementsAre("EDITION_DATES_UNKNOWN editions/PILOT"));
  EXPECT_EQ(unknown.status().message(),
            "rules not met: the dates of edition PILOT have not reached "
            "training yet (recruitment publishes them when the edition is "
            "created or changed): check the edition code, or retry in a "
            "moment");
}

NewSessionFacts NewSession(absl::Time start, absl::Time end) {
  NewSessionFacts facts;
  facts.session = {"s9", start, end, 1, "A", "trener-1", 1};
  facts.module_start = Day(1);
  facts.module_end = Day(3);
  facts.module_starts_local = "2017-04-05T11:00";
  facts.module_ends_local = "2017-04-07T14:30";
  facts.rooms = {{"A", 500}, {"B", 5}};
  facts.group_sizes = {{1, 20}};
  return facts;
}

TEST(NewSessionRulesTest, ASessionWithinItsModuleWithoutClashesIsPlanned) {
  NewSessionFacts facts = NewSession(Day(1), Day(1) + absl::Minutes(90));
  // Another module's session of another trainer at the same time is fine.
  facts.module_sessions = {
      {"s1", Day(2), Day(2) + absl::Minutes(90), 1, "A", "trener-1", 1}};
  EXPECT_TRUE(NewSessionRules(facts).ok());
}

TEST(NewSessionRulesTest, OutsideTheModuleIsRefusedNamingItsTimes) {
  const absl::Status refused =
      NewSessionRules(NewSession(Day(3), Day(3) + absl::Minutes(90)));
  EXPECT_THAT(Violations(refused), ElementsAre("OUTSIDE_MODULE sessions/s9"));
  EXPECT_EQ(refused.message(),
            "rules not met: the session must lie within the module "
            "(2017-04-05T11:00 to 2017-04-07T14:30)");
}

TEST(NewSessionRulesTest, OnlyTheConflictsOfTheNewSessionAreNamed) {
  NewSessionFacts facts = NewSession(Day(1), Day(1) + absl::Minutes(90));
  // s1 and s2 already clash with each other (room B): not the new one's.
  facts.module_sessions = {
      {"s1", Day(2), Day(2) + absl::Minutes(90), 2, "B", "trener-2", 1},
      {"s2", Day(2), Day(2) + absl::Minutes(90), 3, "B", "trener-3", 1},
      {"s3", Day(1), Day(1) + absl::Minutes(90), 2, "A", "trener-4", 1}};
  EXPECT_THAT(Violations(NewSessionRules(facts)),
              ElementsAre("ROOM_DOUBLE_BOOKED sessions/s3,sessions/s9"));
}

TEST(NewSessionRulesTest, TheTrainerBookedElsewhereIsNamed) {
  NewSessionFacts facts = NewSession(Day(1), Day(1) + absl::Minutes(90));
  facts.trainer_elsewhere = {
      {"s7", "m2", "2017-04-05T11:00", "2017-04-05T12:30"}};
  const absl::Status refused = NewSessionRules(facts);
  EXPECT_THAT(Violations(refused),
              ElementsAre("TRAINER_DOUBLE_BOOKED sessions/s9,sessions/s7"));
  EXPECT_EQ(refused.message(),
            "rules not met: trainer trener-1 already teaches session s7 "
            "(module m2) from 2017-04-05T11:00 to 2017-04-05T12:30");
}

TEST(NewSessionRulesTest, TheTrainersExpertTableSlotIsNamed) {
  NewSessionFacts facts = NewSession(Day(1), Day(1) + absl::Minutes(90));
  facts.trainer_table_slots = {
      {"t4", "m1", "2017-04-05T12:00:00+02:00", "2017-04-05T12:30:00+02:00"}};
  const absl::Status refused = NewSessionRules(facts);
  EXPECT_THAT(Violations(refused),
              ElementsAre("TRAINER_DOUBLE_BOOKED sessions/s9,table-slots/t4"));
  EXPECT_EQ(refused.message(),
            "rules not met: trainer trener-1 holds expert-table slot t4 "
            "(module m1) from 2017-04-05T12:00:00+02:00 to "
            "2017-04-05T12:30:00+02:00");
}

}  // namespace
}  // namespace jstedu::training
