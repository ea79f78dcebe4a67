#include "services/training/domain/attendance_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kId[] = "00000000-0000-4000-8000-000000000001";

MarkedParticipantFacts OnRoster(int group) {
  return {kId, /*rostered=*/true, "PILOT", group,
          /*declaration_recorded=*/true};
}

std::vector<std::string> Types(const std::vector<errors::Rule>& rules) {
  std::vector<std::string> types;
  for (const errors::Rule& r : rules) types.push_back(r.type);
  return types;
}

TEST(MarkRulesTest, AParticipantOnTheSessionsRosterMayBeMarked) {
  EXPECT_THAT(MarkRules({"PILOT", 2}, OnRoster(2), true), IsEmpty());
  // A session for all groups (0) takes every group of its edition.
  EXPECT_THAT(MarkRules({"PILOT", 0}, OnRoster(3), true), IsEmpty());
}

TEST(MarkRulesTest, AnotherGroupEditionOrNoRosterIsNotRostered) {
  const auto rules = MarkRules({"PILOT", 1}, OnRoster(2), false);
  ASSERT_THAT(Types(rules), ElementsAre("NOT_ROSTERED"));
  EXPECT_EQ(rules[0].subject, std::string("participants/") + kId);
  EXPECT_EQ(rules[0].description,
            std::string("participant ") + kId +
                " is not on the roster of this session (edition PILOT, "
                "group 1)");
  MarkedParticipantFacts other_edition = OnRoster(2);
  other_edition.edition = "2018";
  EXPECT_THAT(Types(MarkRules({"PILOT", 0}, other_edition, false)),
              ElementsAre("NOT_ROSTERED"));
  MarkedParticipantFacts withdrawn = OnRoster(2);
  withdrawn.rostered = false;
  const auto all = MarkRules({"PILOT", 0}, withdrawn, false);
  ASSERT_THAT(Types(all), ElementsAre("NOT_ROSTERED"));
  EXPECT_THAT(all[0].description, ::testing::HasSubstr("group all)"));
}

TEST(MarkRulesTest, PresentOrLateNeedsTheDeclarationAbsentDoesNot) {
  MarkedParticipantFacts undeclared = OnRoster(2);
  undeclared.declaration_recorded = false;
  const auto present = MarkRules({"PILOT", 2}, undeclared, /*attends=*/true);
  ASSERT_THAT(Types(present), ElementsAre("DECLARATION_MISSING"));
  EXPECT_EQ(present[0].description,
            std::string("participant ") + kId +
                " may not be marked present: their declaration is not "
                "recorded");
  EXPECT_THAT(MarkRules({"PILOT", 2}, undeclared, /*attends=*/false),
              IsEmpty());
}

TEST(MarkRulesTest, BothRulesAreNamedWhenBothAreBroken) {
  MarkedParticipantFacts neither = OnRoster(2);
  neither.declaration_recorded = false;
  EXPECT_THAT(Types(MarkRules({"PILOT", 1}, neither, true)),
              ElementsAre("NOT_ROSTERED", "DECLARATION_MISSING"));
}

TEST(MarkRulesTest, AnUnknownParticipantIsNamed) {
  const errors::Rule rule = UnknownParticipant(kId);
  EXPECT_EQ(rule.type, "UNKNOWN_PARTICIPANT");
  EXPECT_EQ(rule.description,
            std::string("participant ") + kId +
                " is not known to training (no roster holds them)");
}

}  // namespace
}  // namespace jstedu::training
