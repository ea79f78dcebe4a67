#pragma once

// What the notifications service means to send, as pure functions of the
// facts it has learnt from the other services' events
// (docs/notifications.md). The store keeps the schedule equal to what these
// functions answer for each subject (store/planner.h); the sender sends
// what is due (store/sender.h).
//
// People are named by reference, never by address: a participant by
// recruitment's id, a JST's contact by its application, an expert by the
// registry's id, a trainer by its account subject. Addresses are read at
// send time.
//
// Times (decided where the issue is silent):
//   - day-based reminders go out at 08:00 Europe/Warsaw on their day;
//   - "48 h / 4 h before the sign-up deadline" keep the deadline's
//     wall-clock time (48 h before 24 March 15:00 is 22 March 15:00 Warsaw
//     time, across a change of clocks too);
//   - business days are the Polish calendar (common/time/business_days.h).
// Each reminder expires: it is not sent after the next reminder of its
// series is due, or once it can no longer help (the module has started,
// the deadline passed, a week after an overdue notice was due), so a
// schedule that falls behind never sends stale news.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace jstedu::notifications {

enum class Reason {
  kJstQualified,
  kJstWaitlisted,
  kDeclarationsMissing10d,
  kDeclarationsMissing3d,
  kModuleProgramme,
  kSignupDeadline48h,
  kSignupDeadline4h,
  kTaskDueSoon,
  kTaskOverdue,
  kStageDueSoon,
  kStageOverdue,
  kHandover,
  kWeeklyDigest,
};

// The stored name, e.g. "declarations_missing_10d".
std::string_view ReasonName(Reason reason);
// The reason of a stored name; nullopt for an unknown one.
std::optional<Reason> ReasonNamed(std::string_view name);
// Every reason's stored name.
std::vector<std::string> KnownReasons();
// Whether the programme's rules oblige the office to send it: a person who
// opts out still gets these (decisions, declarations, the programme, the
// handover).
bool IsRequired(Reason reason);

// People by reference.
std::string ParticipantRef(const std::string& participant_id);
std::string ContactRef(const std::string& application_id);
std::string ExpertRef(const std::string& expert_id);
std::string TrainerRef(const std::string& subject);
std::string CoordinatorRef(const std::string& subject);

// Whom a reference names: the registry that holds their address and their
// id there. nullopt for a string no *Ref function makes.
struct PersonId {
  enum class Kind { kParticipant, kContact, kExpert, kTrainer, kCoordinator };
  Kind kind;
  std::string id;
};
std::optional<PersonId> ParsePersonRef(std::string_view ref);
// Whether a person of this kind can receive notifications for `reason`:
// the weekly digest is a coordinator's, and a coordinator gets nothing
// else (their choices list only these kinds).
bool Receives(PersonId::Kind kind, Reason reason);
// Why `ref` is not a person reference a caller may name ("" when it is):
// an id that is not a UUID (participants, contacts, experts), a subject
// that is not one (errors::IsSubject), another prefix.
std::string PersonRefProblem(std::string_view ref);
// A valid reference as the schedule writes it (UUIDs in lower case, as the
// events carry them), so a person named in upper case is the same person.
std::string CanonicalPersonRef(std::string_view ref);

// One notification the schedule should hold. (person_ref, reason,
// subject_ref, occurrence) is its identity: the schedule holds it once.
struct Planned {
  std::string person_ref;
  Reason reason;
  // What it is about: "module:<id>", "task:<id>", "case:<id>",
  // "application:<id>".
  std::string subject_ref;
  // What its time was computed from (the module's start, the deadline, the
  // due date…, as RFC 3339 UTC or a date): a moved date is another
  // occurrence, so the old one is cancelled and the new one planned.
  std::string occurrence;
  absl::Time due_at;
  // Not sent at or after this instant.
  absl::Time expires_at;
  // The JST it concerns ("" for none): a withdrawn JST gets nothing more.
  std::string application_id;
};

// ------------------------------------------------------------------ modules

struct ModuleFacts {
  std::string id;
  absl::Time start;
  std::optional<absl::Time> signup_deadline;
  // Training's revision of the module's dates: part of each occurrence, so
  // a module moved away and back is announced again, not taken for the
  // notifications of its first dates.
  int64_t revision = 1;
};

// An active participant of a qualified, not withdrawn JST of the module's
// edition.
struct Member {
  std::string participant_id;
  std::string application_id;
  bool declaration_recorded = false;
  // Signed up for this module's logistics.
  bool signed_up = false;
};

// The module's notifications for `members` and `trainers` (account
// subjects):
//   - the programme and logistics, 7 days before its first day, to every
//     member and trainer;
//   - declarations still missing, 10 and 3 days before, to each member
//     without one, and to the contact of each JST with such a member;
//   - the sign-up deadline, 48 h and 4 h before it, to each member not yet
//     signed up (none without a deadline).
std::vector<Planned> PlanModule(const ModuleFacts& module,
                                const std::vector<Member>& members,
                                const std::vector<std::string>& trainers);

// -------------------------------------------------------------------- tasks

struct TaskFacts {
  std::string id;
  std::string application_id;
  absl::Time due;
  // OPEN or RETURNED: the team still owes it.
  bool awaits_team = false;
};

// While the team owes the task: "due soon" 3 business days before the day
// it is due, to the team (`team`: its participants); "overdue" on the first
// business day after that day, to the team and `guardians` (expert ids).
std::vector<Planned> PlanTask(const TaskFacts& task,
                              const std::vector<std::string>& team,
                              const std::vector<std::string>& guardians);

// -------------------------------------------------------------------- cases

struct CaseFacts {
  std::string id;
  std::string application_id;
  // The stage's name ("NEEDS_DIAGNOSIS") and its due day, if it has one.
  std::string stage;
  std::optional<absl::CivilDay> stage_due_on;
  // Not withdrawn and not completed.
  bool open = false;
  // The guardian and the expert pair (expert ids; duplicates and empty
  // ones are ignored).
  std::vector<std::string> experts;
};

// While the case is open and its stage has a due day: "due soon" 5
// business days before it, "overdue" on the first business day after it,
// each to the guardian and the pair.
std::vector<Planned> PlanCase(const CaseFacts& kase);

// ------------------------------------------------------------ at once

// The qualification (kJstQualified) or waiting-list (kJstWaitlisted)
// decision of `application_id`, to its contact, at `at`; `occurrence`
// tells repeated decisions apart (the event's id).
Planned Decision(Reason reason, const std::string& application_id,
                 const std::string& occurrence, absl::Time at);

// A handover of case `case_id` (its experts' change of `version`): a notice
// to each expert leaving and each joining, at `at`.
std::vector<Planned> Handover(const std::string& case_id,
                              const std::string& application_id,
                              const std::vector<std::string>& leaving,
                              const std::vector<std::string>& joining,
                              int64_t version, absl::Time at);

// The wait before the next attempt after `attempts` attempts that failed
// for a passing reason (1 min, 5 min, 30 min, 2 h, 6 h), or nullopt after
// the sixth: the notification has failed for good.
std::optional<absl::Duration> RetryDelay(int attempts);

// ------------------------------------------------------------ the digest

// A coordinator's weekly digest of its voivodeship (`voivodeship`, a TERYT
// code): due Monday 07:00 Europe/Warsaw, expiring at the end of that
// Monday; the next one at `now` (today's while it is Monday, else next
// week's). Its subject is "voivodeship:<code>" and its occurrence the ISO
// week ("2027-W10"), so each coordinator gets one per week.
Planned PlanDigest(const std::string& coordinator_subject,
                   const std::string& voivodeship, absl::Time now);
// "voivodeship:<code>".
std::string VoivodeshipRef(const std::string& code);
// The ISO 8601 week of `day`: "2027-W10".
std::string IsoWeek(absl::CivilDay day);
// The Monday of an ISO week IsoWeek wrote; nullopt for another string.
std::optional<absl::CivilDay> IsoWeekMonday(std::string_view week);

// 08:00 Europe/Warsaw on `day`.
absl::Time MorningOf(absl::CivilDay day);

}  // namespace jstedu::notifications
