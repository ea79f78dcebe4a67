#include "services/training/domain/logistics.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <type_traits>
#include <utility>

namespace jstedu::training {
namespace {

// A total order over guests, so that equal inputs in any order sort alike.
bool GuestLess(const Guest& a, const Guest& b) {
  return std::tie(a.teryt, a.participant_id, a.sex, a.workshop_group) <
         std::tie(b.teryt, b.participant_id, b.sex, b.workshop_group);
}

bool GuestPtrLess(const Guest* a, const Guest* b) { return GuestLess(*a, *b); }

// A room before numbering; `second` is null for a single.
struct Room {
  const Guest* first;
  const Guest* second;
};

struct Pairing {
  std::vector<Room> rooms;
  std::vector<const Guest*> rest;  // kept back, sorted
};

// Pairs the guests sharing a key, in their order within `sorted`; the last
// guest of an odd bucket is kept back. Any member could be kept back without
// losing a pair; taking the last one keeps the choice deterministic.
template <typename KeyFn>
Pairing PairWithin(const std::vector<const Guest*>& sorted, KeyFn key) {
  using Key = std::decay_t<decltype(key(*sorted.front()))>;
  std::map<Key, std::vector<const Guest*>> buckets;
  for (const Guest* g : sorted) buckets[key(*g)].push_back(g);
  Pairing out;
  for (const auto& bucket : buckets) {
    const std::vector<const Guest*>& members = bucket.second;
    size_t i = 0;
    for (; i + 1 < members.size(); i += 2) {
      out.rooms.push_back({members[i], members[i + 1]});
    }
    if (i < members.size()) out.rest.push_back(members[i]);
  }
  std::sort(out.rest.begin(), out.rest.end(), GuestPtrLess);
  return out;
}

// Steps 1–3 of the header for the guests of one sex, sorted.
void AddRoomsOfOneSex(const std::vector<const Guest*>& sorted,
                      std::vector<Room>* rooms) {
  if (sorted.empty()) return;
  Pairing by_jst = PairWithin(sorted, [](const Guest& g) { return g.teryt; });
  rooms->insert(rooms->end(), by_jst.rooms.begin(), by_jst.rooms.end());
  if (by_jst.rest.empty()) return;
  Pairing by_group =
      PairWithin(by_jst.rest, [](const Guest& g) { return g.workshop_group; });
  rooms->insert(rooms->end(), by_group.rooms.begin(), by_group.rooms.end());
  const std::vector<const Guest*>& rest = by_group.rest;
  size_t i = 0;
  for (; i + 1 < rest.size(); i += 2) rooms->push_back({rest[i], rest[i + 1]});
  if (i < rest.size()) rooms->push_back({rest[i], nullptr});
}

}  // namespace

std::vector<RoomAssignment> AssignRooms(std::vector<Guest> guests) {
  std::sort(guests.begin(), guests.end(), GuestLess);
  std::vector<const Guest*> women;
  std::vector<const Guest*> men;
  for (const Guest& g : guests) {
    (g.sex == Sex::kFemale ? women : men).push_back(&g);
  }
  std::vector<Room> rooms;
  AddRoomsOfOneSex(women, &rooms);
  AddRoomsOfOneSex(men, &rooms);
  // Every room's first guest sorts before its second (pairs are taken in
  // sorted order), so ordering rooms by their first guest is a total order.
  std::sort(rooms.begin(), rooms.end(), [](const Room& a, const Room& b) {
    return GuestLess(*a.first, *b.first);
  });

  std::vector<RoomAssignment> out;
  out.reserve(rooms.size());
  for (const Room& room : rooms) {
    RoomAssignment assignment;
    assignment.number = static_cast<int>(out.size()) + 1;
    assignment.first = room.first->participant_id;
    if (room.second != nullptr) {
      assignment.second = room.second->participant_id;
      assignment.same_jst = room.first->teryt == room.second->teryt;
    }
    out.push_back(std::move(assignment));
  }
  return out;
}

MealCounts CountMeals(int attending, int accommodated) {
  const int everyone = std::max(attending, 0);
  const int staying = std::clamp(accommodated, 0, everyone);
  MealCounts counts;
  counts.reserve(kModuleMeals.size());
  for (const MealSlot& slot : kModuleMeals) {
    counts.push_back({slot.day, slot.meal,
                      slot.diners == Diners::kEveryone ? everyone : staying});
  }
  return counts;
}

}  // namespace jstedu::training
