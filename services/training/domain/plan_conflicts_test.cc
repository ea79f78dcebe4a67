#include "services/training/domain/plan_conflicts.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Module 1 of the pilot, 5–7 April 2017. Times are UTC: day 1 starts at
// 11:00 Warsaw time (CEST), that is 09:00 UTC.
absl::Time At(int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(2017, 4, 4 + day, hour, minute),
                         absl::UTCTimeZone());
}

PlannedSession Session(std::string id, absl::Time start, int group,
                       std::string room, std::string trainer) {
  return {std::move(id),
          start,
          start + absl::Minutes(90),
          group,
          std::move(room),
          std::move(trainer),
          1};
}

const std::vector<PlanRoom>& Rooms() {
  static const auto* rooms = new std::vector<PlanRoom>{
      {"plenary", 100}, {"room-1", 30}, {"room-2", 30},
      {"room-3", 30},   {"room-4", 30}, {"small", 10}};
  return *rooms;
}

// Rural communes, urban communes, counties, urban-rural communes: 92.
const GroupSizes& Sizes() {
  static const auto* sizes = new GroupSizes{{1, 24}, {2, 22}, {3, 26}, {4, 20}};
  return *sizes;
}

std::vector<std::string> Kinds(const std::vector<PlanConflict>& conflicts) {
  std::vector<std::string> kinds;
  for (const PlanConflict& c : conflicts) {
    kinds.emplace_back(ConflictKindName(c.kind));
  }
  return kinds;
}

// A 3-day module for 4 groups: a plenary opening and closing for all groups
// in the plenary room, and workshops in between, each group in its own room
// with the trainers of areas 1–4 rotating between the groups.
std::vector<PlannedSession> CleanThreeDayPlan() {
  struct Slot {
    int day, hour, minute;
    bool plenary;
  };
  const std::vector<Slot> slots = {
      {1, 9, 0, true},    {1, 11, 30, false}, {1, 13, 15, false},
      {1, 15, 0, false},  {2, 7, 0, false},   {2, 8, 45, false},
      {2, 11, 15, false}, {2, 13, 0, false},  {2, 14, 45, true},
      {3, 7, 0, false},   {3, 8, 45, false},  {3, 10, 30, true}};
  std::vector<PlannedSession> plan;
  for (size_t s = 0; s < slots.size(); ++s) {
    const Slot& slot = slots[s];
    absl::Time start = At(slot.day, slot.hour, slot.minute);
    std::string prefix = absl::StrCat("d", slot.day, "-s", s + 1);
    if (slot.plenary) {
      plan.push_back(
          Session(prefix, start, kAllGroups, "plenary", "trainer-5"));
      plan.back().thematic_area = 5;
      continue;
    }
    for (int group = 1; group <= 4; ++group) {
      int area = 1 + (group + static_cast<int>(s)) % 4;
      plan.push_back(Session(absl::StrCat(prefix, "-g", group), start, group,
                             absl::StrCat("room-", group),
                             absl::StrCat("trainer-", area)));
      plan.back().thematic_area = area;
    }
  }
  return plan;
}

TEST(FindPlanConflicts, DoubleBookedRoomNamesBothSessions) {
  std::vector<PlannedSession> plan = {
      Session("m1-b", At(1, 9, 0), 1, "room-1", "trainer-1"),
      Session("m1-a", At(1, 10, 0), 2, "room-1", "trainer-2")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(conflicts, SizeIs(1));
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kRoomDoubleBooked);
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("m1-a", "m1-b"));
  EXPECT_EQ(conflicts[0].resource, "room-1");
  EXPECT_EQ(conflicts[0].description,
            "sessions \"m1-a\" and \"m1-b\" overlap from 2017-04-05T10:00:00Z "
            "to 2017-04-05T10:30:00Z in room \"room-1\"");
}

TEST(FindPlanConflicts, DoubleBookedTrainerNamesBothSessions) {
  std::vector<PlannedSession> plan = {
      Session("x", At(1, 9, 0), 1, "room-1", "trainer-7"),
      Session("y", At(1, 9, 30), 2, "room-2", "trainer-7")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(conflicts, SizeIs(1));
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kTrainerDoubleBooked);
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("x", "y"));
  EXPECT_EQ(conflicts[0].resource, "trainer-7");
  EXPECT_THAT(conflicts[0].description, HasSubstr("\"x\" and \"y\""));
  EXPECT_THAT(conflicts[0].description, HasSubstr("trainer \"trainer-7\""));
}

TEST(FindPlanConflicts, PairSharingEverythingIsReportedOncePerKind) {
  std::vector<PlannedSession> plan = {
      Session("b", At(1, 9, 0), 3, "room-3", "trainer-3"),
      Session("a", At(1, 9, 0), 3, "room-3", "trainer-3")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  EXPECT_THAT(Kinds(conflicts),
              ElementsAre("ROOM_DOUBLE_BOOKED", "TRAINER_DOUBLE_BOOKED",
                          "GROUP_DOUBLE_BOOKED"));
  for (const PlanConflict& c : conflicts) {
    EXPECT_THAT(c.session_ids, ElementsAre("a", "b"));
  }
  EXPECT_EQ(conflicts[2].resource, "group 3");
}

TEST(FindPlanConflicts, BackToBackSessionsDoNotClash) {
  std::vector<PlannedSession> plan = {
      Session("first", At(1, 9, 0), 1, "room-1", "trainer-1"),
      Session("second", At(1, 10, 30), 1, "room-1", "trainer-1"),
      Session("third", At(1, 12, 0), kAllGroups, "plenary", "trainer-1")};

  EXPECT_THAT(FindPlanConflicts(plan, Rooms(), Sizes()), IsEmpty());
}

TEST(FindPlanConflicts, UnassignedTrainerIsNeverDoubleBooked) {
  std::vector<PlannedSession> plan = {
      Session("a", At(1, 9, 0), 1, "room-1", ""),
      Session("b", At(1, 9, 0), 2, "room-2", "")};

  EXPECT_THAT(FindPlanConflicts(plan, Rooms(), Sizes()), IsEmpty());
}

TEST(FindPlanConflicts, AllGroupsSessionClashesWithEveryGroupsSession) {
  std::vector<PlannedSession> plan = {
      Session("plenary", At(1, 9, 0), kAllGroups, "plenary", "trainer-5"),
      Session("g2", At(1, 10, 0), 2, "room-2", "trainer-2"),
      Session("g4", At(1, 8, 0), 4, "room-4", "trainer-4"),
      Session("g1-later", At(1, 10, 30), 1, "room-1", "trainer-1")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(Kinds(conflicts),
              ElementsAre("GROUP_DOUBLE_BOOKED", "GROUP_DOUBLE_BOOKED"));
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("g2", "plenary"));
  EXPECT_EQ(conflicts[0].resource, "group 2");
  EXPECT_THAT(conflicts[0].description, HasSubstr("for group 2"));
  EXPECT_THAT(conflicts[1].session_ids, ElementsAre("g4", "plenary"));
  EXPECT_EQ(conflicts[1].resource, "group 4");
}

TEST(FindPlanConflicts, TwoAllGroupsSessionsClash) {
  std::vector<PlannedSession> plan = {
      Session("opening", At(1, 9, 0), kAllGroups, "plenary", "trainer-5"),
      Session("law-update", At(1, 9, 45), kAllGroups, "room-1", "trainer-6")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  // room-1 (30) is also too small for all groups (92).
  ASSERT_THAT(Kinds(conflicts),
              ElementsAre("GROUP_DOUBLE_BOOKED", "ROOM_TOO_SMALL"));
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("law-update", "opening"));
  EXPECT_EQ(conflicts[0].resource, "all groups");
}

TEST(FindPlanConflicts, RoomTooSmallForTheGroup) {
  std::vector<PlannedSession> plan = {
      Session("g3", At(1, 9, 0), 3, "small", "trainer-3"),
      Session("g4", At(1, 9, 0), 4, "room-4", "trainer-4")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(conflicts, SizeIs(1));
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kRoomTooSmall);
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("g3"));
  EXPECT_EQ(conflicts[0].resource, "small");
  EXPECT_EQ(conflicts[0].description,
            "session \"g3\" for group 3 (26 participants) is in room "
            "\"small\" with capacity 10");
}

TEST(FindPlanConflicts, RoomTooSmallForAllGroupsCountsEveryGroup) {
  const std::vector<PlanRoom> rooms = {{"hall-91", 91}, {"hall-92", 92}};
  std::vector<PlannedSession> plan = {
      Session("too-small", At(1, 9, 0), kAllGroups, "hall-91", "trainer-1"),
      Session("just-fits", At(2, 9, 0), kAllGroups, "hall-92", "trainer-1")};

  auto conflicts = FindPlanConflicts(plan, rooms, Sizes());

  ASSERT_THAT(conflicts, SizeIs(1));
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kRoomTooSmall);
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("too-small"));
  EXPECT_THAT(conflicts[0].description,
              HasSubstr("for all groups (92 participants)"));
}

TEST(FindPlanConflicts, UnknownRoomIsReported) {
  std::vector<PlannedSession> plan = {
      Session("lost", At(1, 9, 0), 1, "attic", "trainer-1"),
      Session("homeless", At(1, 9, 0), 2, "", "trainer-2")};

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(Kinds(conflicts), ElementsAre("UNKNOWN_ROOM", "UNKNOWN_ROOM"));
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("homeless"));
  EXPECT_EQ(conflicts[0].description, "session \"homeless\" has no room");
  EXPECT_THAT(conflicts[1].session_ids, ElementsAre("lost"));
  EXPECT_EQ(conflicts[1].resource, "attic");
  EXPECT_THAT(conflicts[1].description, HasSubstr("room \"attic\""));
}

TEST(FindPlanConflicts, BadTimeIsReportedAndOverlapsNothing) {
  PlannedSession empty = Session("empty", At(1, 9, 0), 1, "room-1", "t");
  empty.end = empty.start;
  PlannedSession reversed = Session("reversed", At(1, 9, 0), 1, "room-1", "t");
  reversed.end = reversed.start - absl::Minutes(30);
  PlannedSession fine = Session("fine", At(1, 8, 0), 1, "room-1", "t");
  fine.end = At(1, 10, 0);

  auto conflicts = FindPlanConflicts({empty, reversed, fine}, Rooms(), Sizes());

  ASSERT_THAT(Kinds(conflicts), ElementsAre("BAD_TIME", "BAD_TIME"));
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("empty"));
  EXPECT_THAT(conflicts[1].session_ids, ElementsAre("reversed"));
  EXPECT_EQ(conflicts[1].description,
            "session \"reversed\" ends at 2017-04-05T08:30:00Z, not after its "
            "start at 2017-04-05T09:00:00Z");
}

TEST(FindPlanConflicts, CleanThreeDayPlanForFourGroupsHasNoConflict) {
  std::vector<PlannedSession> plan = CleanThreeDayPlan();
  ASSERT_THAT(plan, SizeIs(3 + 9 * 4));

  EXPECT_THAT(FindPlanConflicts(plan, Rooms(), Sizes()), IsEmpty());
}

TEST(FindPlanConflicts, TrainerMovedIntoABusySlotIsNamed) {
  std::vector<PlannedSession> plan = CleanThreeDayPlan();
  auto g1 = std::find_if(plan.begin(), plan.end(),
                         [](const auto& s) { return s.id == "d2-s6-g1"; });
  auto g2 = std::find_if(plan.begin(), plan.end(),
                         [](const auto& s) { return s.id == "d2-s6-g2"; });
  ASSERT_NE(g1, plan.end());
  ASSERT_NE(g2, plan.end());
  g2->trainer_id = g1->trainer_id;

  auto conflicts = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_THAT(conflicts, SizeIs(1));
  EXPECT_EQ(conflicts[0].kind, ConflictKind::kTrainerDoubleBooked);
  EXPECT_THAT(conflicts[0].session_ids, ElementsAre("d2-s6-g1", "d2-s6-g2"));
}

TEST(FindPlanConflicts, OutputOrderDoesNotDependOnInputOrder) {
  std::vector<PlannedSession> plan = CleanThreeDayPlan();
  plan.push_back(Session("extra-1", At(1, 11, 30), 2, "room-1", "trainer-9"));
  plan.push_back(
      Session("extra-2", At(2, 7, 30), kAllGroups, "attic", "trainer-1"));
  plan.push_back(Session("extra-3", At(3, 7, 0), 3, "small", "trainer-5"));
  PlannedSession broken = Session("extra-0", At(1, 9, 0), 1, "room-1", "t");
  broken.end = broken.start;
  plan.push_back(broken);

  auto expected = FindPlanConflicts(plan, Rooms(), Sizes());
  ASSERT_THAT(expected, SizeIs(::testing::Gt(5)));
  EXPECT_TRUE(std::is_sorted(expected.begin(), expected.end(),
                             [](const PlanConflict& a, const PlanConflict& b) {
                               return a.kind < b.kind ||
                                      (a.kind == b.kind &&
                                       a.session_ids < b.session_ids);
                             }));

  std::reverse(plan.begin(), plan.end());
  auto reversed = FindPlanConflicts(plan, Rooms(), Sizes());
  std::rotate(plan.begin(), plan.begin() + 17, plan.end());
  auto rotated = FindPlanConflicts(plan, Rooms(), Sizes());

  ASSERT_EQ(reversed.size(), expected.size());
  ASSERT_EQ(rotated.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(reversed[i].description, expected[i].description) << i;
    EXPECT_EQ(rotated[i].description, expected[i].description) << i;
    EXPECT_EQ(rotated[i].session_ids, expected[i].session_ids) << i;
  }
}

TEST(ConflictKindName, NamesEveryKind) {
  EXPECT_EQ(ConflictKindName(ConflictKind::kRoomDoubleBooked),
            "ROOM_DOUBLE_BOOKED");
  EXPECT_EQ(ConflictKindName(ConflictKind::kTrainerDoubleBooked),
            "TRAINER_DOUBLE_BOOKED");
  EXPECT_EQ(ConflictKindName(ConflictKind::kGroupDoubleBooked),
            "GROUP_DOUBLE_BOOKED");
  EXPECT_EQ(ConflictKindName(ConflictKind::kRoomTooSmall), "ROOM_TOO_SMALL");
  EXPECT_EQ(ConflictKindName(ConflictKind::kUnknownRoom), "UNKNOWN_ROOM");
  EXPECT_EQ(ConflictKindName(ConflictKind::kBadTime), "BAD_TIME");
}

}  // namespace
}  // namespace jstedu::training
