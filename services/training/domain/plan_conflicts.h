#pragma once

// Validation of a training module's plan of sessions: which sessions clash
// and which do not fit their room. Pure functions, no I/O; thread-safe.
//
// Kinds of conflict:
//   kRoomDoubleBooked     two sessions in the same room at overlapping times
//   kTrainerDoubleBooked  two sessions with the same trainer at overlapping
//                         times
//   kGroupDoubleBooked    two sessions for the same workshop group at
//                         overlapping times; an all-groups session
//                         (kAllGroups) clashes with every overlapping session
//   kRoomTooSmall         the room's capacity is below the session's
//                         audience: its group's size, or for an all-groups
//                         session the sum of all groups' sizes
//   kUnknownRoom          the session's room is not in the room list
//   kBadTime              the session does not end after it starts
//
// Rules:
//   - Time slots are half-open, [start, end): a session ending at 12:30 and
//     one starting at 12:30 do not overlap.
//   - A pair of sessions yields at most one conflict per kind, with its two
//     ids in ascending order. A pair sharing room, trainer and group yields
//     three conflicts.
//   - A session with a bad time overlaps nothing; its room is still checked.
//   - An empty room or trainer id means "not assigned yet": it is never
//     double-booked (an empty room id is still an unknown room).
//   - A group missing from `group_sizes` has no participants.
//   - The result is sorted by (kind, session ids, resource, description), so
//     it does not depend on the order of the input.
//
// Field shapes (group 0–4, thematic area 1–5, unique non-empty session ids,
// unique room ids) are the caller's to validate before; with duplicate room
// ids the first entry counts.
//
// Efficiency: every pair of sessions is compared once, O(n²). A module has
// about 30–100 sessions (at most ~5,000 pairs), and checking room, trainer
// and group in one pass over the pairs keeps the rules in one readable
// place; a sweep per resource (O(n log n) plus conflicts) would only pay off
// for plans far larger than a module.
//
// Descriptions name the sessions, the shared resource and the times (UTC,
// RFC 3339); they contain no personal data.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace jstedu::training {

// The workshop group value of a session for all four groups.
inline constexpr int kAllGroups = 0;

struct PlannedSession {
  std::string id;
  absl::Time start;
  absl::Time end;
  int group = kAllGroups;  // 1–4, or kAllGroups
  std::string room_id;
  std::string trainer_id;
  int thematic_area = 0;  // 1–5; not used by the checks
};

struct PlanRoom {
  std::string id;
  int capacity = 0;
};

// Participants per workshop group (keys 1–4).
using GroupSizes = std::map<int, int>;

enum class ConflictKind {
  kRoomDoubleBooked,
  kTrainerDoubleBooked,
  kGroupDoubleBooked,
  kRoomTooSmall,
  kUnknownRoom,
  kBadTime,
};

struct PlanConflict {
  ConflictKind kind;
  // One id (room checks, bad time) or two in ascending order (double
  // bookings).
  std::vector<std::string> session_ids;
  // The room id (room kinds), the trainer id, "group N" or "all groups";
  // empty for kBadTime.
  std::string resource;
  std::string description;
};

// "ROOM_DOUBLE_BOOKED", "TRAINER_DOUBLE_BOOKED", "GROUP_DOUBLE_BOOKED",
// "ROOM_TOO_SMALL", "UNKNOWN_ROOM", "BAD_TIME".
std::string_view ConflictKindName(ConflictKind kind);

// Every conflict of the plan, sorted; empty when the plan is sound.
std::vector<PlanConflict> FindPlanConflicts(
    const std::vector<PlannedSession>& sessions,
    const std::vector<PlanRoom>& rooms, const GroupSizes& group_sizes);

}  // namespace jstedu::training
