#pragma once

// The rules of an edition's plan the store checks in its transactions, as
// pure functions over the facts it read under the module's row lock:
// module order, a moved module's marked sessions and trainers, a session
// within its module, settings that freeze once attendance exists, and who
// may evaluate a module when. (Conflicts within a module's plan:
// plan_conflicts.h; dates: plan_dates.h.)

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/training/domain/plan_conflicts.h"
#include "services/training/domain/plan_dates.h"

namespace jstedu::training {

// The edition's period, which its modules must lie within, as far as
// training knows it (`period`: nullopt while recruitment's EditionChanged
// has not arrived); FailedPrecondition EDITION_DATES_UNKNOWN (subject
// editions/<edition>: a wrong code, or an edition created a moment ago)
// without it.
absl::StatusOr<EditionPeriod> EditionDatesKnown(
    const std::string& edition, const std::optional<EditionPeriod>& period);

// A session of the trainer's in another module that overlaps a new one.
struct SessionElsewhere {
  std::string id;
  std::string module_id;
  std::string starts_local;
  std::string ends_local;
};

// What the rules know when a session is added to a module.
struct NewSessionFacts {
  PlannedSession session;  // the new one, its id already made
  absl::Time module_start;
  absl::Time module_end;
  std::string module_starts_local;
  std::string module_ends_local;
  std::vector<PlannedSession> module_sessions;  // the module's others
  std::vector<PlanRoom> rooms;
  GroupSizes group_sizes;
  std::vector<SessionElsewhere> trainer_elsewhere;
  // The trainer's expert-table slots that overlap it (id: the slot's).
  std::vector<SessionElsewhere> trainer_table_slots;
};

// FailedPrecondition naming each rule the new session breaks: OUTSIDE_MODULE
// (subject sessions/<id>: it must lie within its module), each conflict of
// the module's plan it takes part in (plan_conflicts.h: kind's name,
// subject "sessions/<a>,sessions/<b>"), and TRAINER_DOUBLE_BOOKED for each
// of the trainer's sessions elsewhere and expert-table slots (subject
// "sessions/<id>,table-slots/<slot>"); OK when none.
absl::Status NewSessionRules(const NewSessionFacts& facts);

// Another module of the edition, where it lies.
struct PlacedModule {
  std::string id;
  int number = 0;
  absl::Time start;
  absl::Time end;
};

// Modules are numbered in date order: module n ends before module n+1
// starts. FailedPrecondition MODULE_ORDER (subject modules/<other>) for
// each of `others` (the edition's other modules, in number order) that
// module `number` placed at [start, end) would be out of order with.
absl::Status ModuleOrder(int number, absl::Time start, absl::Time end,
                         const std::vector<PlacedModule>& others);

// A session a move changes the length of (a change of clocks), and whether
// it has attendance marks.
struct ResizedSession {
  std::string id;
  bool marked = false;
};

// A mark counts the minutes its session had when it was recorded:
// FailedPrecondition MARKED_SESSION_LENGTH (subject sessions/<id>) for
// each marked session the move would resize.
absl::Status MarkedSessionsKeepLength(
    const std::vector<ResizedSession>& resized);

// A trainer's session elsewhere that overlaps a moved session's new time.
struct TrainerClash {
  std::string moved_session;
  std::string other_session;
  std::string trainer;
};

// FailedPrecondition TRAINER_DOUBLE_BOOKED (subject
// "sessions/<moved>,sessions/<other>") for each clash; OK when none.
absl::Status TrainersFreeAfterMove(const std::vector<TrainerClash>& clashes);

// The settings that freeze once attendance is recorded.
struct FrozenSettings {
  int didactic_hour_minutes = 0;
  int completion_percent = 0;
  int module_count = 0;
};

// FailedPrecondition SETTINGS_FROZEN (subject
// editions/<edition>/training-settings) when attendance exists in the
// edition and `wanted` changes any of `current`.
absl::Status SettingsChange(const std::string& edition,
                            const FrozenSettings& current,
                            const FrozenSettings& wanted,
                            bool attendance_exists);

// What the rules know of an evaluation.
struct EvaluationFacts {
  std::string module_id;
  std::string module_edition;
  absl::Time module_start;
  std::string participant_id;
  std::string participant_edition;
  int participant_group = 0;  // 0: on no workshop group's roster
};

// FailedPrecondition naming each rule broken: NOT_ROSTERED (subject
// participants/<id>: not in the module's edition), MODULE_NOT_STARTED
// (subject modules/<id>: before `now` the module has not started).
absl::Status EvaluationRules(const EvaluationFacts& facts, absl::Time now);

// A task due a number of days before the next module needs one:
// FailedPrecondition NO_NEXT_MODULE (subject modules/<id>) when
// `counts_from_next` and the edition has no module after it.
absl::Status NextModuleToCountFrom(const std::string& module_id,
                                   bool counts_from_next,
                                   bool next_module_exists);

}  // namespace jstedu::training
