#include "services/training/domain/logistics.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr Sex kF = Sex::kFemale;
constexpr Sex kM = Sex::kMale;

// TERYT codes of a few pilot JSTs and their workshop groups.
constexpr char kRuralA[] = "1206052";  // group 1, rural commune
constexpr char kRuralB[] = "1206062";  // group 1
constexpr char kUrbanA[] = "1261011";  // group 2, urban commune
constexpr char kCounty[] = "1206";     // group 3, county

// "1: a+b JST", "2: c+d", "3: e alone": one line per room, easy to read in
// a failure message.
std::vector<std::string> Describe(const std::vector<RoomAssignment>& rooms) {
  std::vector<std::string> lines;
  for (const RoomAssignment& r : rooms) {
    if (!r.second.has_value()) {
      lines.push_back(absl::StrCat(r.number, ": ", r.first, " alone"));
      continue;
    }
    lines.push_back(absl::StrCat(r.number, ": ", r.first, "+", *r.second,
                                 r.same_jst ? " JST" : ""));
  }
  return lines;
}

TEST(AssignRoomsTest, NoGuestsNoRooms) {
  EXPECT_THAT(AssignRooms({}), IsEmpty());
}

TEST(AssignRoomsTest, OneGuestTakesASingle) {
  EXPECT_THAT(Describe(AssignRooms({{"p1", kF, kRuralA, 1}})),
              ElementsAre("1: p1 alone"));
}

TEST(AssignRoomsTest, OnlyGuestsOfTheSameSexShareARoom) {
  // Same JST and group, but a woman and a man: two singles.
  EXPECT_THAT(
      Describe(AssignRooms({{"f1", kF, kRuralA, 1}, {"m1", kM, kRuralA, 1}})),
      ElementsAre("1: f1 alone", "2: m1 alone"));
}

TEST(AssignRoomsTest, MixedTeamsPairBySexWithinTheJst) {
  EXPECT_THAT(Describe(AssignRooms({{"f1", kF, kRuralA, 1},
                                    {"m1", kM, kRuralA, 1},
                                    {"f2", kF, kRuralA, 1},
                                    {"m2", kM, kRuralA, 1}})),
              ElementsAre("1: f1+f2 JST", "2: m1+m2 JST"));
}

TEST(AssignRoomsTest, SameJstIsPreferredOverSameGroup) {
  // All three are in group 1. b1's JST sorts first, so pairing in order would
  // put b1 with a1; the two from one JST share instead.
  EXPECT_THAT(Describe(AssignRooms({{"a1", kF, kRuralB, 1},
                                    {"b1", kF, kRuralA, 1},
                                    {"a2", kF, kRuralB, 1}})),
              ElementsAre("1: b1 alone", "2: a1+a2 JST"));
}

TEST(AssignRoomsTest, OddJstKeepsOneBackSoOtherJstsStayTogether) {
  // Pairing in order would give a1+a2, a3+b1 and leave b2 alone: one
  // same-JST pair instead of two.
  EXPECT_THAT(Describe(AssignRooms({{"a1", kM, kRuralA, 1},
                                    {"a2", kM, kRuralA, 1},
                                    {"a3", kM, kRuralA, 1},
                                    {"b1", kM, kRuralB, 1},
                                    {"b2", kM, kRuralB, 1}})),
              ElementsAre("1: a1+a2 JST", "2: a3 alone", "3: b1+b2 JST"));
}

TEST(AssignRoomsTest, SameJstWinsEvenWhenItsMembersAreInDifferentGroups) {
  // Outside the domain's rule (a JST sits in one group), the JST still
  // decides first; the two left over share a room as the last resort.
  EXPECT_THAT(Describe(AssignRooms({{"x1", kM, kUrbanA, 1},
                                    {"x2", kM, kUrbanA, 2},
                                    {"y1", kM, kRuralA, 1},
                                    {"z2", kM, kCounty, 2}})),
              ElementsAre("1: z2+y1", "2: x1+x2 JST"));
}

TEST(AssignRoomsTest, SameGroupIsPreferredOverOthers) {
  // One woman per JST. Sorted by TERYT: c (group 3), r1 (1), r2 (1),
  // k (3); pairing in order would give c+r1 and r2+k.
  EXPECT_THAT(Describe(AssignRooms({{"r1", kF, kRuralA, 1},
                                    {"r2", kF, kRuralB, 1},
                                    {"c", kF, kCounty, 3},
                                    {"k", kF, "3201", 3}})),
              ElementsAre("1: c+k", "2: r1+r2"));
}

TEST(AssignRoomsTest, AnyoneOfTheSameSexIsTheLastResort) {
  EXPECT_THAT(Describe(AssignRooms({{"r1", kF, kRuralA, 1},
                                    {"u1", kF, kUrbanA, 2},
                                    {"c1", kM, kCounty, 3},
                                    {"r2", kM, kRuralB, 1}})),
              ElementsAre("1: c1+r2", "2: r1+u1"));
}

TEST(AssignRoomsTest, OddCountsLeaveExactlyOneSinglePerSex) {
  std::vector<Guest> guests = {
      {"f1", kF, kRuralA, 1}, {"f2", kF, kRuralA, 1}, {"f3", kF, kRuralB, 1},
      {"f4", kF, kUrbanA, 2}, {"f5", kF, kCounty, 3}, {"m1", kM, kRuralA, 1},
      {"m2", kM, kUrbanA, 2}, {"m3", kM, kCounty, 3},
  };
  std::vector<RoomAssignment> rooms = AssignRooms(guests);
  // 5 women and 3 men: 3 + 2 rooms.
  ASSERT_EQ(rooms.size(), 5u);
  std::map<Sex, int> singles;
  std::map<std::string, Sex> sex_of;
  for (const Guest& g : guests) sex_of[g.participant_id] = g.sex;
  for (const RoomAssignment& r : rooms) {
    if (!r.second) ++singles[sex_of[r.first]];
  }
  EXPECT_EQ(singles[kF], 1);
  EXPECT_EQ(singles[kM], 1);
}

TEST(AssignRoomsTest, EvenCountsLeaveNoSingle) {
  std::vector<RoomAssignment> rooms = AssignRooms({{"f1", kF, kRuralA, 1},
                                                   {"f2", kF, kUrbanA, 2},
                                                   {"m1", kM, kCounty, 3},
                                                   {"m2", kM, kRuralB, 1}});
  ASSERT_EQ(rooms.size(), 2u);
  EXPECT_TRUE(rooms[0].second.has_value());
  EXPECT_TRUE(rooms[1].second.has_value());
}

// `count` guests from `jsts` JSTs (TERYT-like codes, each JST in group
// index % 4 + 1), of random sex, drawn from a seeded generator.
std::vector<Guest> RandomGuests(int count, int jsts, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> jst(0, jsts - 1);
  std::bernoulli_distribution female(0.6);
  std::vector<Guest> guests;
  for (int i = 0; i < count; ++i) {
    int j = jst(rng);
    guests.push_back({absl::StrCat("p", 10000 + i), female(rng) ? kF : kM,
                      absl::StrCat(1000000 + 7 * j), j % 4 + 1});
  }
  return guests;
}

TEST(AssignRoomsTest, InputOrderDoesNotMatter) {
  std::vector<Guest> guests = RandomGuests(60, 12, 7);
  const std::vector<std::string> expected = Describe(AssignRooms(guests));
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(guests.begin(), guests.end(), rng);
    EXPECT_EQ(Describe(AssignRooms(guests)), expected) << "round " << round;
  }
}

TEST(AssignRoomsTest, TwoThousandGuestsEachPlacedOnceAndOptimally) {
  const std::vector<Guest> guests = RandomGuests(2000, 450, 2017);
  std::map<std::string, const Guest*> by_id;
  for (const Guest& g : guests) by_id[g.participant_id] = &g;

  std::vector<RoomAssignment> rooms = AssignRooms(guests);

  std::multiset<std::string> placed;
  std::map<Sex, int> singles;
  int same_jst = 0;
  int same_group = 0;
  for (size_t i = 0; i < rooms.size(); ++i) {
    const RoomAssignment& r = rooms[i];
    EXPECT_EQ(r.number, static_cast<int>(i) + 1);
    placed.insert(r.first);
    const Guest& a = *by_id.at(r.first);
    if (!r.second) {
      ++singles[a.sex];
      EXPECT_FALSE(r.same_jst);
      continue;
    }
    placed.insert(*r.second);
    const Guest& b = *by_id.at(*r.second);
    EXPECT_EQ(a.sex, b.sex) << r.first << "+" << *r.second;
    EXPECT_EQ(r.same_jst, a.teryt == b.teryt);
    same_jst += r.same_jst ? 1 : 0;
    same_group += a.workshop_group == b.workshop_group ? 1 : 0;
  }

  // Every guest exactly once.
  ASSERT_EQ(placed.size(), guests.size());
  for (const Guest& g : guests) EXPECT_EQ(placed.count(g.participant_id), 1u);

  // The bounds the header's argument names: Σ⌊n/2⌋ same-JST pairs over
  // (sex, JST), plus Σ⌊k/2⌋ more same-group pairs over (sex, group) of the
  // odd JSTs; one single per sex with an odd number of guests.
  std::map<std::pair<Sex, std::string>, int> per_jst;
  std::map<std::string, int> group_of_jst;
  std::map<Sex, int> per_sex;
  for (const Guest& g : guests) {
    ++per_jst[{g.sex, g.teryt}];
    group_of_jst[g.teryt] = g.workshop_group;
    ++per_sex[g.sex];
  }
  int jst_bound = 0;
  std::map<std::pair<Sex, int>, int> odd_jsts_per_group;
  for (const auto& [key, n] : per_jst) {
    jst_bound += n / 2;
    if (n % 2 == 1) ++odd_jsts_per_group[{key.first, group_of_jst[key.second]}];
  }
  int group_bound = jst_bound;
  for (const auto& [unused, k] : odd_jsts_per_group) group_bound += k / 2;

  EXPECT_EQ(same_jst, jst_bound);
  EXPECT_EQ(same_group, group_bound);
  EXPECT_EQ(singles[kF], per_sex[kF] % 2);
  EXPECT_EQ(singles[kM], per_sex[kM] % 2);
  EXPECT_EQ(rooms.size(),
            static_cast<size_t>((per_sex[kF] + 1) / 2 + (per_sex[kM] + 1) / 2));
}

// "day 1 LUNCH 92": one line per row.
std::vector<std::string> Lines(const MealCounts& counts) {
  static const std::map<Meal, const char*> kNames = {
      {Meal::kBreakfast, "BREAKFAST"},
      {Meal::kCoffeeBreak, "COFFEE"},
      {Meal::kLunch, "LUNCH"},
      {Meal::kDinner, "DINNER"}};
  std::vector<std::string> lines;
  for (const MealCount& c : counts) {
    lines.push_back(
        absl::StrCat("day ", c.day, " ", kNames.at(c.meal), " ", c.count));
  }
  return lines;
}

TEST(CountMealsTest, FollowsTheProgramme) {
  // 92 attend, 60 stay at the hotel, 32 commute.
  EXPECT_THAT(
      Lines(CountMeals(92, 60)),
      ElementsAre("day 1 COFFEE 92", "day 1 LUNCH 92", "day 1 DINNER 60",
                  "day 2 BREAKFAST 60", "day 2 COFFEE 92", "day 2 LUNCH 92",
                  "day 2 DINNER 60", "day 3 BREAKFAST 60", "day 3 COFFEE 92",
                  "day 3 LUNCH 92"));
}

TEST(CountMealsTest, EveryoneAccommodatedEatsEverything) {
  for (const MealCount& c : CountMeals(30, 30)) {
    EXPECT_EQ(c.count, 30) << "day " << c.day;
  }
}

TEST(CountMealsTest, NobodyAccommodatedNeedsNoBreakfastOrDinner) {
  for (const MealCount& c : CountMeals(25, 0)) {
    bool hotel_meal = c.meal == Meal::kBreakfast || c.meal == Meal::kDinner;
    EXPECT_EQ(c.count, hotel_meal ? 0 : 25) << "day " << c.day;
  }
}

TEST(CountMealsTest, NoOneAttendingNeedsNothing) {
  for (const MealCount& c : CountMeals(0, 0)) EXPECT_EQ(c.count, 0);
  EXPECT_EQ(CountMeals(0, 0).size(), kModuleMeals.size());
}

TEST(CountMealsTest, AccommodatedAreCappedAtAttendingAndNegativesAreZero) {
  EXPECT_EQ(CountMeals(10, 15), CountMeals(10, 10));
  EXPECT_EQ(CountMeals(10, -3), CountMeals(10, 0));
  EXPECT_EQ(CountMeals(-1, 5), CountMeals(0, 0));
}

TEST(CountMealsTest, ScheduleHasNoBreakfastOnDayOneAndNoDinnerOnDayThree) {
  for (const MealSlot& slot : kModuleMeals) {
    EXPECT_FALSE(slot.day == 1 && slot.meal == Meal::kBreakfast);
    EXPECT_FALSE(slot.day == 3 && slot.meal == Meal::kDinner);
  }
}

}  // namespace
}  // namespace jstedu::training
