#pragma once

// Attendance and completion (migration 0002): the marks of each session's
// participants, each participant's training record and the one-time
// decision that they completed the training.
//
// Each method is one transaction: a mark, its AttendanceRecorded and, when
// the participant first meets the completion rule, the completion row and
// ParticipantCompletedTraining commit together. Marks lock the
// participants' roster_participant rows FOR UPDATE (a sheet in id order),
// so completion is decided on a complete count.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/store/rows/participant.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

using rows::Actor;
using rows::ParticipantPlace;
using rows::PlaceScope;

// One participant's mark for a session (RecordAttendance, and each row of
// a session's sheet).
struct Mark {
  std::string participant_id;
  v1::AttendanceStatus status = v1::ATTENDANCE_STATUS_UNSPECIFIED;
  std::string note;
};

// Why a row of a sheet cannot be recorded. `type` is UNKNOWN_PARTICIPANT
// (not in training's rosters), NOT_ROSTERED (not on the session's roster)
// or DECLARATION_MISSING (PRESENT or LATE without a recorded declaration);
// `description` names the participant.
struct MarkRefusal {
  int row = 0;  // index into the marks given
  std::string type;
  std::string description;
};

// A sheet's outcome: the rows refused (then nothing was written) or, when
// none was, the marks as stored, in the order given.
struct SheetOutcome {
  std::vector<MarkRefusal> refused;
  std::vector<v1::Attendance> recorded;
};

class AttendanceStore {
 public:
  explicit AttendanceStore(pg::Pool& pool) : pool_(pool) {}

  // Where a participant belongs; NotFound when no roster holds them.
  absl::StatusOr<ParticipantPlace> LocateParticipant(const std::string& id);
  // Records (or replaces) a mark; publishes AttendanceRecorded when its
  // status changed and ParticipantCompletedTraining when the participant
  // first meets the completion rule. A mark equal to the stored one (status
  // and note) writes nothing. NotFound for an unknown session or
  // participant; FailedPrecondition (NOT_ROSTERED, DECLARATION_MISSING,
  // subject participants/<id>). `trainer` (a TRAINER caller's subject; ""
  // for any) limits the marks to that trainer's sessions: another's is
  // NotFound like an unknown session, decided in the same transaction.
  absl::StatusOr<v1::Attendance> RecordAttendance(
      const std::string& session_id, const std::string& participant_id,
      v1::AttendanceStatus status, const std::string& note,
      const std::string& trainer, absl::Time now, const Actor& actor);
  // A session's sheet in one transaction: every row is checked first (the
  // refused rows are answered, nothing is written), then each mark is
  // recorded exactly as RecordAttendance records it. Participants must be
  // distinct (the service checks). NotFound for an unknown session (and
  // for another trainer's, as in RecordAttendance).
  absl::StatusOr<SheetOutcome> RecordSessionAttendance(
      const std::string& session_id, const std::vector<Mark>& marks,
      const std::string& trainer, absl::Time now, const Actor& actor);
  // Marks of a session; `voivodeship` ("" = all) filters by the
  // participants' JSTs; `trainer` as in RecordAttendance.
  absl::StatusOr<std::vector<v1::Attendance>> ListAttendance(
      const std::string& session_id, const std::string& voivodeship,
      const std::string& trainer);
  // NotFound for a participant unknown or outside `scope`.
  absl::StatusOr<v1::ParticipantTraining> ParticipantTraining(
      const std::string& participant_id, const PlaceScope& scope);
  // The records ParticipantTraining answers of the edition's participants on
  // a roster now or with marks in it, ordered by id, after `after_id` (""
  // = from the first); `*more` tells whether another page follows. One
  // snapshot (repeatable read) per page.
  absl::StatusOr<std::vector<v1::ParticipantTraining>> ListParticipantTraining(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
