#include "services/training/domain/plan_conflicts.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"

namespace jstedu::training {
namespace {

using Capacities = std::map<std::string, int>;

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string Quoted(const std::string& id) {
  return absl::StrCat("\"", id, "\"");
}

bool HasValidTime(const PlannedSession& s) { return s.end > s.start; }

// Half-open slots: back-to-back sessions do not overlap.
bool Overlap(const PlannedSession& a, const PlannedSession& b) {
  return a.start < b.end && b.start < a.end;
}

bool ShareRoom(const PlannedSession& a, const PlannedSession& b) {
  return !a.room_id.empty() && a.room_id == b.room_id;
}

bool ShareTrainer(const PlannedSession& a, const PlannedSession& b) {
  return !a.trainer_id.empty() && a.trainer_id == b.trainer_id;
}

bool ShareGroup(const PlannedSession& a, const PlannedSession& b) {
  return a.group == kAllGroups || b.group == kAllGroups || a.group == b.group;
}

std::string GroupLabel(int group) {
  return group == kAllGroups ? "all groups" : absl::StrCat("group ", group);
}

// The group two clashing sessions share: the specific one when only one of
// them is for all groups.
std::string SharedGroupLabel(const PlannedSession& a, const PlannedSession& b) {
  return GroupLabel(a.group == kAllGroups ? b.group : a.group);
}

// A conflict between two overlapping sessions; `where` completes the
// sentence ("in room …", "with trainer …", "for group …").
PlanConflict PairConflict(ConflictKind kind, const PlannedSession& a,
                          const PlannedSession& b, std::string resource,
                          const std::string& where) {
  const PlannedSession& first = b.id < a.id ? b : a;
  const PlannedSession& second = b.id < a.id ? a : b;
  std::string description =
      absl::StrCat("sessions ", Quoted(first.id), " and ", Quoted(second.id),
                   " overlap from ", FormatInstant(std::max(a.start, b.start)),
                   " to ", FormatInstant(std::min(a.end, b.end)), " ", where);
  return {
      kind, {first.id, second.id}, std::move(resource), std::move(description)};
}

void AddPairConflicts(const PlannedSession& a, const PlannedSession& b,
                      std::vector<PlanConflict>* out) {
  if (!HasValidTime(a) || !HasValidTime(b) || !Overlap(a, b)) return;
  if (ShareRoom(a, b)) {
    out->push_back(PairConflict(ConflictKind::kRoomDoubleBooked, a, b,
                                a.room_id,
                                absl::StrCat("in room ", Quoted(a.room_id))));
  }
  if (ShareTrainer(a, b)) {
    out->push_back(
        PairConflict(ConflictKind::kTrainerDoubleBooked, a, b, a.trainer_id,
                     absl::StrCat("with trainer ", Quoted(a.trainer_id))));
  }
  if (ShareGroup(a, b)) {
    std::string group = SharedGroupLabel(a, b);
    std::string where = absl::StrCat("for ", group);
    out->push_back(PairConflict(ConflictKind::kGroupDoubleBooked, a, b,
                                std::move(group), where));
  }
}

void AddTimeConflict(const PlannedSession& s, std::vector<PlanConflict>* out) {
  if (HasValidTime(s)) return;
  out->push_back(
      {ConflictKind::kBadTime,
       {s.id},
       "",
       absl::StrCat("session ", Quoted(s.id), " ends at ", FormatInstant(s.end),
                    ", not after its start at ", FormatInstant(s.start))});
}

// Participants attending a session: its group's size, or every group's.
int Audience(int group, const GroupSizes& group_sizes) {
  if (group == kAllGroups) {
    int total = 0;
    for (const auto& [unused, size] : group_sizes) total += size;
    return total;
  }
  auto it = group_sizes.find(group);
  return it == group_sizes.end() ? 0 : it->second;
}

std::string UnknownRoomDescription(const PlannedSession& s) {
  if (s.room_id.empty()) {
    return absl::StrCat("session ", Quoted(s.id), " has no room");
  }
  return absl::StrCat("session ", Quoted(s.id), " is in room ",
                      Quoted(s.room_id), ", which is not in the room list");
}

void AddRoomConflicts(const PlannedSession& s, const Capacities& capacities,
                      const GroupSizes& group_sizes,
                      std::vector<PlanConflict>* out) {
  auto room = capacities.find(s.room_id);
  if (room == capacities.end()) {
    out->push_back({ConflictKind::kUnknownRoom,
                    {s.id},
                    s.room_id,
                    UnknownRoomDescription(s)});
    return;
  }
  int audience = Audience(s.group, group_sizes);
  if (audience <= room->second) return;
  out->push_back(
      {ConflictKind::kRoomTooSmall,
       {s.id},
       s.room_id,
       absl::StrCat("session ", Quoted(s.id), " for ", GroupLabel(s.group),
                    " (", audience, " participants) is in room ",
                    Quoted(s.room_id), " with capacity ", room->second)});
}

Capacities CapacitiesById(const std::vector<PlanRoom>& rooms) {
  Capacities capacities;
  for (const PlanRoom& room : rooms) capacities.emplace(room.id, room.capacity);
  return capacities;
}

bool ConflictBefore(const PlanConflict& a, const PlanConflict& b) {
  return std::tie(a.kind, a.session_ids, a.resource, a.description) <
         std::tie(b.kind, b.session_ids, b.resource, b.description);
}

}  // namespace

std::string_view ConflictKindName(ConflictKind kind) {
  switch (kind) {
    case ConflictKind::kRoomDoubleBooked:
      return "ROOM_DOUBLE_BOOKED";
    case ConflictKind::kTrainerDoubleBooked:
      return "TRAINER_DOUBLE_BOOKED";
    case ConflictKind::kGroupDoubleBooked:
      return "GROUP_DOUBLE_BOOKED";
    case ConflictKind::kRoomTooSmall:
      return "ROOM_TOO_SMALL";
    case ConflictKind::kUnknownRoom:
      return "UNKNOWN_ROOM";
    case ConflictKind::kBadTime:
      return "BAD_TIME";
  }
  return "UNKNOWN";
}

std::vector<PlanConflict> FindPlanConflicts(
    const std::vector<PlannedSession>& sessions,
    const std::vector<PlanRoom>& rooms, const GroupSizes& group_sizes) {
  const Capacities capacities = CapacitiesById(rooms);
  std::vector<PlanConflict> conflicts;
  for (size_t i = 0; i < sessions.size(); ++i) {
    AddTimeConflict(sessions[i], &conflicts);
    AddRoomConflicts(sessions[i], capacities, group_sizes, &conflicts);
    for (size_t j = i + 1; j < sessions.size(); ++j) {
      AddPairConflicts(sessions[i], sessions[j], &conflicts);
    }
  }
  std::sort(conflicts.begin(), conflicts.end(), ConflictBefore);
  return conflicts;
}

}  // namespace jstedu::training
