#pragma once

// The plan as calendars show it: sessions with their modules, in start
// order (read-only; migration 0002).
//
// Each method is one transaction. Thread-safe (each call takes its own
// pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/store/rows/participant.h"

namespace jstedu::training {

using rows::ParticipantPlace;
using rows::PlaceScope;

// A session as a calendar shows it.
struct CalendarEntry {
  v1::Session session;
  v1::Module module;
};

// A participant's calendar: where they belong, and their sessions.
struct ParticipantCalendarEntries {
  ParticipantPlace place;
  std::vector<CalendarEntry> entries;
};

class CalendarStore {
 public:
  explicit CalendarStore(pg::Pool& pool) : pool_(pool) {}

  // The sessions of the participant's edition and workshop group; NotFound
  // for a participant unknown or outside `scope`.
  absl::StatusOr<ParticipantCalendarEntries> ParticipantCalendar(
      const std::string& participant_id, const PlaceScope& scope);
  absl::StatusOr<std::vector<CalendarEntry>> GroupCalendar(
      const std::string& edition, int group);
  absl::StatusOr<std::vector<CalendarEntry>> TrainerCalendar(
      const std::string& trainer);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
