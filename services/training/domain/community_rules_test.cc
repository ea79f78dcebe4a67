#include "services/training/domain/community_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/training/domain/rules_testing.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kPerson[] = "p-1";

CommunityFacts Group(ExchangeGroup group) {
  return {"c-1", "ROLLOUT", CommunityKind::kExchangeGroup, group};
}

CommunityFacts Network() {
  return {"c-1", "ROLLOUT", CommunityKind::kThematicNetwork, std::nullopt};
}

OfficialFacts Official(std::string jst_kind = "RURAL_COMMUNE") {
  OfficialFacts o;
  o.participant_id = kPerson;
  o.rostered = true;
  o.edition = "ROLLOUT";
  o.active = true;
  o.jst_qualified = true;
  o.jst_kind = std::move(jst_kind);
  return o;
}

absl::CivilDay Day(int month, int day) {
  return absl::CivilDay(2027, month, day);
}

TEST(CommunityRules, ExchangeGroupsAreThreeKindsOfJst) {
  EXPECT_EQ(ExchangeGroupOf("URBAN_COMMUNE"), ExchangeGroup::kCities);
  EXPECT_EQ(ExchangeGroupOf("RURAL_COMMUNE"), ExchangeGroup::kRuralCommunes);
  // The seeds name three groups: urban-rural communes go with the rural.
  EXPECT_EQ(ExchangeGroupOf("URBAN_RURAL_COMMUNE"),
            ExchangeGroup::kRuralCommunes);
  EXPECT_EQ(ExchangeGroupOf("COUNTY"), ExchangeGroup::kCounties);
  EXPECT_EQ(ExchangeGroupOf(""), std::nullopt);
  EXPECT_EQ(ExchangeGroupOf("VOIVODESHIP"), std::nullopt);
}

TEST(CommunityRules, AnActiveOfficialOfTheEditionJoins) {
  EXPECT_TRUE(JoinRules(Network(), Official(), Day(3, 1), {}).ok());
  EXPECT_TRUE(JoinRules(Group(ExchangeGroup::kRuralCommunes),
                        Official("URBAN_RURAL_COMMUNE"), Day(3, 1), {})
                  .ok());
}

TEST(CommunityRules, NoOneElseJoins) {
  OfficialFacts unknown = Official();
  unknown.rostered = false;
  OfficialFacts other_edition = Official();
  other_edition.edition = "PILOT";
  OfficialFacts withdrawn_person = Official();
  withdrawn_person.active = false;
  OfficialFacts waiting_jst = Official();
  waiting_jst.jst_qualified = false;
  OfficialFacts withdrawn_jst = Official();
  withdrawn_jst.jst_withdrawn = true;
  for (const OfficialFacts& o :
       {unknown, other_edition, withdrawn_person, waiting_jst, withdrawn_jst}) {
    EXPECT_THAT(Violations(JoinRules(Network(), o, Day(3, 1), {})),
                ElementsAre("NOT_AN_OFFICIAL participants/p-1"));
  }
}

TEST(CommunityRules, AnExchangeGroupTakesItsKindOfJstOnly) {
  EXPECT_THAT(Violations(JoinRules(Group(ExchangeGroup::kCounties),
                                   Official("URBAN_COMMUNE"), Day(3, 1), {})),
              ElementsAre("OTHER_KIND_OF_JST participants/p-1"));
  // A network takes every kind.
  EXPECT_TRUE(JoinRules(Network(), Official("COUNTY"), Day(3, 1), {}).ok());
}

TEST(CommunityRules, PeriodsNeverOverlap) {
  const MembershipPeriod open{Day(1, 10), std::nullopt};
  const MembershipPeriod ended{Day(1, 10), Day(2, 20)};
  EXPECT_THAT(Violations(JoinRules(Network(), Official(), Day(3, 1), {open})),
              ElementsAre("ALREADY_MEMBER communities/c-1"));
  // Again on the day it ended: still a member that day.
  EXPECT_THAT(Violations(JoinRules(Network(), Official(), Day(2, 20), {ended})),
              ElementsAre("ALREADY_MEMBER communities/c-1"));
  EXPECT_TRUE(JoinRules(Network(), Official(), Day(2, 21), {ended}).ok());
}

TEST(CommunityRules, OneLeavesAnOpenPeriodNotBeforeJoining) {
  const MembershipPeriod open{Day(1, 10), std::nullopt};
  EXPECT_TRUE(LeaveRules("c-1", kPerson, {open}, Day(1, 10)).ok());
  EXPECT_THAT(Violations(LeaveRules("c-1", kPerson, {open}, Day(1, 9))),
              ElementsAre("LEAVES_BEFORE_JOINING participants/p-1"));
  const MembershipPeriod ended{Day(1, 10), Day(2, 20)};
  EXPECT_THAT(Violations(LeaveRules("c-1", kPerson, {ended}, Day(3, 1))),
              ElementsAre("NOT_A_MEMBER communities/c-1"));
  EXPECT_THAT(Violations(LeaveRules("c-1", kPerson, {}, Day(3, 1))),
              ElementsAre("NOT_A_MEMBER communities/c-1"));
}

TEST(CommunityRules, NobodyLeavesBeforeAMeetingTheyAttended) {
  const MembershipPeriod earlier{Day(1, 2), Day(1, 5)};
  const MembershipPeriod open{Day(1, 10), std::nullopt};
  const std::vector<AttendedMeeting> attended = {
      {"m-old", Day(1, 3)},    // an earlier period's
      {"m-day", Day(1, 15)},   // the leaving day itself: still a member
      {"m-late", Day(1, 20)},  // after it
      {"m-later", Day(2, 1)}};
  EXPECT_THAT(Violations(LeaveRules("c-1", kPerson, {earlier, open}, Day(1, 15),
                                    attended)),
              ElementsAre("ATTENDED_AFTER_LEAVING community-meetings/m-late",
                          "ATTENDED_AFTER_LEAVING community-meetings/m-later"));
  EXPECT_TRUE(
      LeaveRules("c-1", kPerson, {earlier, open}, Day(2, 1), attended).ok());
}

TEST(CommunityRules, AttendeesAreMembersThatDayNamedOnce) {
  const MembershipPeriod from_january{Day(1, 10), std::nullopt};
  const MembershipPeriod left_in_february{Day(1, 10), Day(2, 20)};
  EXPECT_TRUE(AttendanceRules(Day(3, 1), {"a", "b"},
                              {{from_january},
                               {left_in_february, {Day(2, 25), std::nullopt}}})
                  .ok());
  EXPECT_THAT(
      Violations(AttendanceRules(Day(3, 1), {"a", "b", "c", "a"},
                                 {{from_january}, {left_in_february}, {}, {}})),
      ElementsAre("NOT_A_MEMBER participants/b", "NOT_A_MEMBER participants/c",
                  "NAMED_TWICE participants/a"));
  EXPECT_THAT(Violations(AttendanceRules(Day(1, 9), {"a"}, {{from_january}})),
              ElementsAre("NOT_A_MEMBER participants/a"));
  EXPECT_THAT(Violations(AttendanceRules(Day(3, 1), {}, {})), IsEmpty());
}

TEST(CommunityRules, TheCooperationNetworkMonitorsOnceTrainingHasEnded) {
  EXPECT_EQ(PurposeOn(Day(11, 19), std::nullopt),
            CooperationPurpose::kTraining);
  EXPECT_EQ(PurposeOn(Day(11, 19), Day(11, 19)), CooperationPurpose::kTraining);
  EXPECT_EQ(PurposeOn(Day(11, 20), Day(11, 19)),
            CooperationPurpose::kMonitoring);
}

}  // namespace
}  // namespace jstedu::training
