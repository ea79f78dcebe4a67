#pragma once

// Storage and transactional rules of an edition's training (PostgreSQL,
// migration 0002): settings, modules and sessions, attendance and
// completion, tasks, logistics sign-ups and evaluations.
//
// Each method is one transaction: the change, its history and its outbox
// events commit together or not at all. Inputs arrive validated in shape
// (the service parses local times and checks lengths and ranges); the store
// checks the rules that need the database and answers NotFound for unknown
// ids, FailedPrecondition (google.rpc.PreconditionFailure listing every
// violation) for rules not met, AlreadyExists for duplicates.
//
// Locks (always in this order, so no two operations deadlock):
//   module row   FOR UPDATE  creating or moving sessions, tasks of the
//                            module, sign-ups (seat counts), evaluations
//   trainer      advisory    a trainer's sessions across modules
//   participant  FOR UPDATE  (roster_participant row) attendance marks, so
//                            completion is decided on a complete count; a
//                            sheet locks its participants in id order
//   task / signup FOR UPDATE their own changes
//
// Thread-safe (each call takes its own pooled connection).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "common/time/civil_time.h"
#include "services/training/domain/plan_dates.h"

namespace jstedu::training {

// Who acts: recorded in history rows, and the trace events carry.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
};

// Where a participant belongs (from recruitment's events).
struct ParticipantPlace {
  std::string participant_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  int workshop_group = 0;
  // On a workshop group's roster now (active, JST qualified, not withdrawn).
  bool rostered = false;
  bool declaration_recorded = false;
  std::string sex;  // recruitment's Sex name
};

// What a task or sign-up belongs to (its JST).
struct JstPlace {
  std::string edition;
  std::string teryt;
  std::string voivodeship;
};

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

struct ModuleInput {
  int number = 0;
  std::string title;
  std::string venue;
  absl::Time start;
  absl::Time end;
  std::string third_week_of;  // "YYYY-MM" or ""
  int didactic_hours = 0;
  std::vector<v1::Room> rooms;
  std::optional<absl::Time> signup_deadline;
  int shuttle_seats = 0;
  int parking_places = 0;
};

struct SessionInput {
  absl::Time start;
  absl::Time end;
  int thematic_area = 0;
  int workshop_group = 0;
  std::string room;
  std::string trainer;
  std::string title;
};

struct TaskQuery {
  std::string edition;      // "" = any
  std::string voivodeship;  // "" = any
  std::string teryt;        // "" = any
  std::string reviewer;     // an EXPERT's subject: only JSTs they review
  std::string module_id;    // "" = any
  bool overdue_only = false;
  absl::Time now;
  int limit = 100;
  // Keyset: the (due, id) of the last task of the previous page.
  std::optional<std::pair<absl::Time, std::string>> after;
};

enum class TaskAction { kSubmit, kAccept, kReturn };

// A session as a calendar shows it.
struct CalendarEntry {
  v1::Session session;
  v1::Module module;
};

class TrainingStore {
 public:
  explicit TrainingStore(pg::Pool& pool) : pool_(pool) {}

  // ---- settings
  absl::StatusOr<v1::TrainingSettings> GetSettings(const std::string& edition);
  // Creates or replaces; refuses to change the hour length, completion
  // percent or module count once attendance exists in the edition.
  absl::StatusOr<v1::TrainingSettings> PutSettings(
      const v1::TrainingSettings& settings);

  // ---- modules
  // The edition's period as recruitment's EditionChanged told training
  // (migration 0004); nullopt while no such event has arrived.
  absl::StatusOr<std::optional<EditionPeriod>> EditionPeriodOf(
      const std::string& edition);
  // Refuses (FailedPrecondition, TASK_DUE_IN_MODULE) a module that would
  // make a task of the edition due before its module ends (the next module
  // that relative due dates count from changes).
  absl::StatusOr<v1::Module> CreateModule(const std::string& edition,
                                          const ModuleInput& input);
  absl::StatusOr<std::vector<v1::Module>> ListModules(
      const std::string& edition);
  absl::StatusOr<v1::Module> GetModule(const std::string& id);
  // Shifts the module, its sessions and sign-up deadline by whole days in
  // local time (wall-clock times kept), and recomputes dependent due dates.
  // A session with attendance marks keeps its length (marks count the
  // minutes it had when recorded): a move that would change it across a
  // change of clocks is FailedPrecondition (MARKED_SESSION_LENGTH); so is
  // one that would make a task due before its module ends
  // (TASK_DUE_IN_MODULE). The edition's period is the service's to check.
  absl::StatusOr<v1::Module> MoveModule(const std::string& id,
                                        absl::CivilDay new_first_day,
                                        AmbiguousTime ambiguous);

  // ---- sessions
  absl::StatusOr<v1::Session> CreateSession(const std::string& module_id,
                                            const SessionInput& input);
  absl::StatusOr<std::vector<v1::Session>> ListSessions(
      const std::string& module_id);
  absl::StatusOr<v1::ValidateModuleResponse> ValidateModule(
      const std::string& module_id);

  // ---- rosters, attendance, completion
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
  absl::StatusOr<v1::ParticipantTraining> ParticipantTraining(
      const std::string& participant_id);
  // The records ParticipantTraining answers of the edition's participants on
  // a roster now or with marks in it, ordered by id, after `after_id` (""
  // = from the first); `*more` tells whether another page follows. One
  // snapshot (repeatable read) per page.
  absl::StatusOr<std::vector<v1::ParticipantTraining>> ListParticipantTraining(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);

  // ---- tasks
  // InvalidArgument naming dueLocal or dueDaysBefore when the task would
  // not be due after its module ends.
  absl::StatusOr<v1::CreateTaskResponse> CreateTask(
      const std::string& module_id, const std::string& title,
      const std::string& description, std::optional<int> due_days_before,
      std::optional<absl::Time> due_fixed, absl::Time now, const Actor& actor);
  absl::StatusOr<std::vector<v1::Task>> ListTasks(const TaskQuery& query,
                                                  bool* more);
  absl::StatusOr<JstPlace> LocateTask(const std::string& id);
  // Whether `expert` reviews (is the guardian of) the JST in the edition.
  absl::StatusOr<bool> Reviews(const std::string& expert,
                               const JstPlace& place);
  absl::StatusOr<v1::Task> ChangeTask(const std::string& id, TaskAction action,
                                      const std::string& text, absl::Time now,
                                      const Actor& actor);

  // ---- logistics
  absl::StatusOr<v1::Signup> CreateSignup(const std::string& module_id,
                                          const ParticipantPlace& participant,
                                          bool accommodation, bool shuttle,
                                          bool parking, absl::Time now,
                                          const Actor& actor);
  absl::StatusOr<std::vector<v1::Signup>> ListSignups(
      const std::string& module_id, const std::string& status,
      const std::string& voivodeship, const std::string& teryt);
  absl::StatusOr<v1::Signup> DecideSignup(const std::string& id, bool approve,
                                          const std::string& reason,
                                          const Actor& actor);
  absl::StatusOr<v1::RoomingList> RoomingList(const std::string& module_id);
  absl::StatusOr<v1::ShuttleList> ShuttleList(const std::string& module_id);

  // ---- evaluations
  absl::StatusOr<v1::Evaluation> SubmitEvaluation(
      const std::string& module_id, const ParticipantPlace& participant,
      const v1::Evaluation& evaluation, absl::Time now);
  absl::StatusOr<v1::EvaluationSummary> EvaluationSummary(
      const std::string& module_id, const std::string& voivodeship);

  // ---- calendars (sessions with their modules, in start order)
  absl::StatusOr<std::vector<CalendarEntry>> ParticipantCalendar(
      const ParticipantPlace& participant);
  absl::StatusOr<std::vector<CalendarEntry>> GroupCalendar(
      const std::string& edition, int group);
  absl::StatusOr<std::vector<CalendarEntry>> TrainerCalendar(
      const std::string& trainer);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
