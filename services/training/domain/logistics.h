#pragma once

// Logistics of one training module (3 days in a hotel, double rooms): who
// shares a room, and how many meals to order. Pure functions, no I/O;
// thread-safe. Shuttle seats and parking places are plain counts kept by the
// store; nothing here.
//
// Rooming rules:
//   - Rooms are doubles. Two guests share a room only if they are of the
//     same sex.
//   - Preference for a roommate: someone from the same JST (the same TERYT
//     code), then someone from the same workshop group, then anyone of the
//     same sex.
//   - Every guest who can be paired is: at most one woman and at most one man
//     sleep alone (a single), and only when their number is odd. The rooms
//     used are therefore the fewest possible, ⌈women/2⌉ + ⌈men/2⌉.
//
// Algorithm, for each sex separately, over the guests sorted by
// (teryt, participant_id):
//   1. Within each JST, pair the guests in that order; a JST with an odd
//      number keeps its last guest back.
//   2. Among the guests kept back, pair within each workshop group in that
//      order; each group keeps at most its last guest back.
//   3. Pair the rest in that order; with an odd number, the last one takes a
//      single.
//
// Why this is optimal. A same-JST pair joins two guests of one sex and one
// JST, so there can be at most Σ ⌊n/2⌋ of them over the (sex, JST) classes
// of n guests; step 1 forms exactly that many, and since any member of a
// class can be the one kept back, which one it is costs no same-JST pair.
// The guests kept back are at most one per JST, so no two of them can form
// a further same-JST pair, and steps 2 and 3 cannot lose any. Step 2 forms,
// in the same way, the most same-group pairs the kept-back guests allow
// (Σ ⌊k/2⌋ over the groups of k of them), and step 3 pairs everyone left.
// The result has the most same-JST pairs possible, then the most same-group
// pairs among the remaining guests, and the fewest rooms.
//
// The last point assumes that all members of a JST are in the same workshop
// group, which holds because the groups are JST kinds (rural communes, urban
// communes, counties, urban-rural communes). If a JST's members were spread
// over groups, same-JST pairs and rooms would still be optimal, but the one
// kept back in step 1 is chosen by id, not by group, so a same-group pair
// could be missed.
//
// Determinism: the result depends only on the set of guests, never on their
// order in the input. Rooms are numbered from 1 in the order of their first
// guest; within a room, `first` sorts before `second`; guests sort by
// (teryt, participant_id, sex, workshop_group).
//
// Field shapes (unique non-empty participant ids, valid TERYT codes, groups
// 1–4) are the caller's to validate before; the codes and groups are compared
// as they are, so two guests with an empty TERYT code count as one JST.
//
// Efficiency: O(n log n) for the sort, then linear.
//
// Meals follow the module's programme (day 1 starts 11:00, day 3 ends 14:30
// with lunch), written as the table kModuleMeals below: each row is one meal
// of one day and who eats it, everyone attending or only those accommodated
// at the hotel. Coffee breaks are one row per day: every attendee, at each
// break of that day.

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace jstedu::training {

enum class Sex { kFemale, kMale };

struct Guest {
  std::string participant_id;
  Sex sex = Sex::kFemale;
  std::string teryt;  // the JST's TERYT code
  int workshop_group = 0;
};

struct RoomAssignment {
  int number = 0;  // 1, 2, …
  std::string first;
  std::optional<std::string> second;  // nullopt: a single
  bool same_jst = false;  // both guests from one JST; false for a single

  friend bool operator==(const RoomAssignment& a, const RoomAssignment& b) {
    return a.number == b.number && a.first == b.first && a.second == b.second &&
           a.same_jst == b.same_jst;
  }
};

// Every guest in exactly one room, by the rules above; empty for no guests.
std::vector<RoomAssignment> AssignRooms(std::vector<Guest> guests);

enum class Meal { kBreakfast, kCoffeeBreak, kLunch, kDinner };

// Who a meal is ordered for.
enum class Diners {
  kEveryone,      // everyone attending that day
  kAccommodated,  // only those staying at the hotel
};

struct MealSlot {
  int day;  // 1–3
  Meal meal;
  Diners diners;
};

// The module's meals, by day and then by kind of meal. Day 1 opens at 11:00:
// coffee and lunch for all, dinner for those staying the night. Day 2 is a
// full day. Day 3 ends at 14:30 with lunch, so there is no dinner.
inline constexpr std::array<MealSlot, 10> kModuleMeals = {{
    {1, Meal::kCoffeeBreak, Diners::kEveryone},
    {1, Meal::kLunch, Diners::kEveryone},
    {1, Meal::kDinner, Diners::kAccommodated},
    {2, Meal::kBreakfast, Diners::kAccommodated},
    {2, Meal::kCoffeeBreak, Diners::kEveryone},
    {2, Meal::kLunch, Diners::kEveryone},
    {2, Meal::kDinner, Diners::kAccommodated},
    {3, Meal::kBreakfast, Diners::kAccommodated},
    {3, Meal::kCoffeeBreak, Diners::kEveryone},
    {3, Meal::kLunch, Diners::kEveryone},
}};

struct MealCount {
  int day = 0;  // 1–3
  Meal meal = Meal::kBreakfast;
  int count = 0;  // portions (for coffee breaks: people at each break)

  friend bool operator==(const MealCount& a, const MealCount& b) {
    return a.day == b.day && a.meal == b.meal && a.count == b.count;
  }
};

using MealCounts = std::vector<MealCount>;

// One count per row of kModuleMeals, in its order, for `attending` people
// of whom `accommodated` stay at the hotel. The accommodated are a subset of
// those attending: a negative number counts as 0, and `accommodated` is
// capped at `attending`.
MealCounts CountMeals(int attending, int accommodated);

}  // namespace jstedu::training
