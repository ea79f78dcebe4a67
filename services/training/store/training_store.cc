#include "services/training/store/training_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/events/outbox.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/domain/didactic_hours.h"
#include "services/training/domain/logistics.h"
#include "services/training/domain/plan_conflicts.h"
#include "services/training/domain/plan_dates.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;
using pqxx::transaction_base;

// Microseconds since the epoch of a timestamptz expression (0 for NULL).
#define MICROS(expr) \
  "coalesce((extract(epoch from " expr ") * 1000000)::bigint, 0)"

// ------------------------------------------------------------- helpers

// An instant as SQL text (UTC, microseconds), for $n::timestamptz.
std::string Sql(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  *out = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(ts));
}

// The local rendering of an instant ("" if the zone is missing: the
// instant is still answered).
std::string Local(absl::Time t) {
  auto text = FormatLocal(t);
  return text.ok() ? *text : "";
}

absl::Status NotFound(const std::string& kind, const std::string& id) {
  return errors::NotFoundInScope(kind, id);
}

absl::Status Rule(const std::string& type, const std::string& subject,
                  const std::string& description) {
  return errors::RulesNotMet({{type, subject, description}});
}

int64_t Minutes(absl::Time start, absl::Time end) {
  return absl::ToInt64Minutes(end - start);
}

// ------------------------------------------------------------ settings

constexpr char kSettingsColumns[] =
    "edition, didactic_hour_minutes, session_minutes, completion_percent, "
    "third_week_reading, task_due_days_before, module_count, " MICROS(
        "update_time") ", coalesce((SELECT starts_on::text || ' ' || "
                       "ends_on::text FROM edition_period p WHERE p.edition = "
                       "training_settings.edition), '')";

v1::TrainingSettings SettingsFromRow(const pqxx::row& r) {
  v1::TrainingSettings s;
  s.set_edition(r[0].as<std::string>());
  s.set_didactic_hour_minutes(r[1].as<int>());
  s.set_session_minutes(r[2].as<int>());
  s.set_completion_percent(r[3].as<int>());
  v1::ThirdWeekReading reading = v1::THIRD_WEEK_READING_UNSPECIFIED;
  v1::ThirdWeekReading_Parse(r[4].as<std::string>(), &reading);
  s.set_third_week_reading(reading);
  s.set_task_due_days_before(r[5].as<int>());
  s.set_module_count(r[6].as<int>());
  SetTime(FromMicros(r[7].as<int64_t>()), s.mutable_update_time());
  const std::string period = r[8].as<std::string>();
  if (!period.empty()) {  // the edition's dates are known
    s.set_edition_starts_on(period.substr(0, period.find(' ')));
    s.set_edition_ends_on(period.substr(period.find(' ') + 1));
  }
  return s;
}

absl::StatusOr<v1::TrainingSettings> ReadSettings(transaction_base& tx,
                                                  const std::string& edition,
                                                  bool lock = false) {
  auto rows =
      tx.exec_params(absl::StrCat("SELECT ", kSettingsColumns,
                                  " FROM training_settings WHERE edition = $1",
                                  lock ? " FOR UPDATE" : ""),
                     edition);
  if (rows.empty()) {
    return errors::NotFoundResource(
        "training settings", edition,
        "the edition has no training settings (PUT "
        "/v1/editions/{edition}/training-settings first)");
  }
  return SettingsFromRow(rows[0]);
}

bool AttendanceExists(transaction_base& tx, const std::string& edition) {
  return !tx.exec_params(
                "SELECT 1 FROM attendance a JOIN session s ON s.id = "
                "a.session_id JOIN module m ON m.id = s.module_id WHERE "
                "m.edition = $1 LIMIT 1",
                edition)
              .empty();
}

// -------------------------------------------------------------- modules

constexpr char kModuleColumns[] =
    "m.id::text, m.edition, m.number, m.title, m.venue, "
    MICROS("m.start_time") ", " MICROS("m.end_time") ", "
    "coalesce(m.third_week_of, ''), m.didactic_hours, "
    "m.signup_deadline IS NOT NULL, " MICROS("m.signup_deadline") ", "
    "m.shuttle_seats, m.parking_places, "
    MICROS("m.create_time") ", " MICROS("m.update_time");

v1::Module ModuleFromRow(const pqxx::row& r) {
  v1::Module m;
  m.set_id(r[0].as<std::string>());
  m.set_edition(r[1].as<std::string>());
  m.set_number(r[2].as<int>());
  m.set_title(r[3].as<std::string>());
  m.set_venue(r[4].as<std::string>());
  const absl::Time start = FromMicros(r[5].as<int64_t>());
  const absl::Time end = FromMicros(r[6].as<int64_t>());
  SetTime(start, m.mutable_start_time());
  SetTime(end, m.mutable_end_time());
  m.set_starts_local(Local(start));
  m.set_ends_local(Local(end));
  m.set_third_week_of(r[7].as<std::string>());
  m.set_didactic_hours(r[8].as<int>());
  if (r[9].as<bool>()) {
    const absl::Time deadline = FromMicros(r[10].as<int64_t>());
    SetTime(deadline, m.mutable_signup_deadline());
    m.set_signup_deadline_local(Local(deadline));
  }
  m.set_shuttle_seats(r[11].as<int>());
  m.set_parking_places(r[12].as<int>());
  SetTime(FromMicros(r[13].as<int64_t>()), m.mutable_create_time());
  SetTime(FromMicros(r[14].as<int64_t>()), m.mutable_update_time());
  return m;
}

void LoadRooms(transaction_base& tx, v1::Module& module) {
  for (const auto& r : tx.exec_params(
           "SELECT room_id, name, capacity FROM module_room WHERE module_id = "
           "$1::uuid ORDER BY room_id",
           module.id())) {
    v1::Room* room = module.add_rooms();
    room->set_id(r[0].as<std::string>());
    room->set_name(r[1].as<std::string>());
    room->set_capacity(r[2].as<int>());
  }
}

absl::StatusOr<v1::Module> ReadModule(transaction_base& tx,
                                      const std::string& id,
                                      bool lock = false) {
  auto rows =
      tx.exec_params(absl::StrCat("SELECT ", kModuleColumns,
                                  " FROM module m WHERE m.id = $1::uuid",
                                  lock ? " FOR UPDATE" : ""),
                     id);
  if (rows.empty()) return NotFound("module", id);
  v1::Module module = ModuleFromRow(rows[0]);
  LoadRooms(tx, module);
  return module;
}

// Modules are numbered in date order: module n ends before module n+1
// starts. Checks `number` placed at [start, end) against its neighbours.
absl::Status CheckModuleOrder(transaction_base& tx, const std::string& edition,
                              const std::string& self_id, int number,
                              absl::Time start, absl::Time end) {
  auto rows = tx.exec_params(
      "SELECT number, id::text FROM module WHERE edition = $1 AND id::text <> "
      "$2 AND ((number < $3 AND end_time > $4::timestamptz) OR (number > $3 "
      "AND start_time < $5::timestamptz)) ORDER BY number",
      edition, self_id, number, Sql(start), Sql(end));
  std::vector<errors::Rule> rules;
  for (const auto& r : rows) {
    rules.push_back(
        {"MODULE_ORDER", absl::StrCat("modules/", r[1].as<std::string>()),
         absl::StrCat("module ", number, " must ",
                      r[0].as<int>() < number ? "start after" : "end before",
                      " module ", r[0].as<int>(),
                      " (modules are numbered in date order)")});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

// AttendanceRecorded carries a session's minutes as they were when the mark
// was recorded, and completion was decided on them: a session with marks
// must keep its length (a move across a change of clocks would alter it).
absl::Status KeepMarkedLengths(transaction_base& tx,
                               const std::vector<std::string>& resized) {
  std::vector<errors::Rule> rules;
  for (const std::string& session : resized) {
    if (tx.exec_params("SELECT 1 FROM attendance WHERE session_id = $1::uuid "
                       "LIMIT 1",
                       session)
            .empty()) {
      continue;
    }
    rules.push_back({"MARKED_SESSION_LENGTH",
                     absl::StrCat("sessions/", session),
                     "the session has attendance marks, and the move would "
                     "change its length (a change of clocks)"});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

// Recomputes the due dates of the edition's tasks that count from a next
// module (its start moved, or it was just created); migration 0002's
// task_due_at() is the rule.
void RecomputeDueDates(transaction_base& tx, const std::string& edition) {
  tx.exec_params(
      "UPDATE task t SET due_at = task_due_at(t.definition_id), update_time = "
      "now() FROM task_definition d JOIN module m ON m.id = d.module_id WHERE "
      "t.definition_id = d.id AND m.edition = $1 AND d.due_days_before IS NOT "
      "NULL AND task_due_at(t.definition_id) IS NOT NULL AND t.due_at IS "
      "DISTINCT FROM task_due_at(t.definition_id)",
      edition);
}

// Every task of the edition is due after its module ends (a move or a new
// module changes the next module that relative due dates count from).
absl::Status CheckTaskDueDates(transaction_base& tx,
                               const std::string& edition) {
  std::vector<errors::Rule> rules;
  for (const auto& r :
       tx.exec_params("SELECT d.id::text, m.number, " MICROS("task_due_at(d."
                                                             "id)") ", " MICROS(
                          "m.end_time") " FROM task_definition d JOIN module m "
                                        "ON "
                                        "m.id = d.module_id WHERE m.edition = "
                                        "$1 AND task_due_at(d.id) <= "
                                        "m.end_time ORDER BY m.number, d.id",
                      edition)) {
    auto problem = TaskDueNotAfterModule(FromMicros(r[2].as<int64_t>()),
                                         FromMicros(r[3].as<int64_t>()));
    rules.push_back({"TASK_DUE_IN_MODULE",
                     absl::StrCat("taskDefinitions/", r[0].as<std::string>()),
                     absl::StrCat("a task of module ", r[1].as<int>(), ": ",
                                  problem.value_or(""))});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

std::optional<EditionPeriod> ReadEditionPeriod(transaction_base& tx,
                                               const std::string& edition) {
  auto rows = tx.exec_params(
      "SELECT starts_on::text, ends_on::text FROM edition_period WHERE "
      "edition = $1",
      edition);
  absl::CivilDay starts, ends;
  if (rows.empty() ||
      !absl::ParseCivilTime(rows[0][0].as<std::string>(), &starts) ||
      !absl::ParseCivilTime(rows[0][1].as<std::string>(), &ends)) {
    return std::nullopt;
  }
  return EditionPeriod{starts, ends};
}

// Why a planned module no longer lies within its edition (its dates may
// have changed since), if it does not.
std::optional<std::string> OutsideEdition(transaction_base& tx,
                                          const v1::Module& module) {
  auto zone = ProgrammeTimeZone();
  auto period = ReadEditionPeriod(tx, module.edition());
  if (!zone.ok() || !period) return std::nullopt;
  return ModuleOutsideEdition(
      absl::ToCivilDay(TimeOf(module.start_time()), *zone),
      absl::ToCivilDay(TimeOf(module.end_time()), *zone), *period);
}

// ------------------------------------------------------------- sessions

constexpr char kSessionColumns[] =
    "s.id::text, s.module_id::text, " MICROS("s.start_time") ", " MICROS(
        "s.end_time") ", s.thematic_area, s.workshop_group, s.room_id, "
                      "s.trainer, s.title";

v1::Session SessionFromRow(const pqxx::row& r) {
  v1::Session s;
  s.set_id(r[0].as<std::string>());
  s.set_module(r[1].as<std::string>());
  const absl::Time start = FromMicros(r[2].as<int64_t>());
  const absl::Time end = FromMicros(r[3].as<int64_t>());
  SetTime(start, s.mutable_start_time());
  SetTime(end, s.mutable_end_time());
  s.set_starts_local(Local(start));
  s.set_ends_local(Local(end));
  s.set_duration_minutes(static_cast<int32_t>(Minutes(start, end)));
  s.set_thematic_area(static_cast<v1::ThematicArea>(r[4].as<int>()));
  s.set_workshop_group(r[5].as<int>());
  s.set_room(r[6].as<std::string>());
  s.set_trainer(r[7].as<std::string>());
  s.set_title(r[8].as<std::string>());
  return s;
}

std::vector<v1::Session> ReadSessions(transaction_base& tx,
                                      const std::string& module_id) {
  std::vector<v1::Session> sessions;
  for (const auto& r : tx.exec_params(
           absl::StrCat("SELECT ", kSessionColumns,
                        " FROM session s WHERE s.module_id = $1::uuid ORDER "
                        "BY s.start_time, s.workshop_group, s.id"),
           module_id)) {
    sessions.push_back(SessionFromRow(r));
  }
  return sessions;
}

PlannedSession Planned(const v1::Session& s) {
  return {s.id(),
          TimeOf(s.start_time()),
          TimeOf(s.end_time()),
          s.workshop_group(),
          s.room(),
          s.trainer(),
          s.thematic_area()};
}

std::vector<PlanRoom> PlanRooms(const v1::Module& module) {
  std::vector<PlanRoom> rooms;
  for (const v1::Room& room : module.rooms()) {
    rooms.push_back({room.id(), room.capacity()});
  }
  return rooms;
}

// Rostered participants per workshop group of an edition.
GroupSizes RosterSizes(transaction_base& tx, const std::string& edition) {
  GroupSizes sizes;
  for (const auto& r : tx.exec_params(
           "SELECT workshop_group, count(*) FROM roster WHERE edition = $1 "
           "AND workshop_group IS NOT NULL GROUP BY workshop_group",
           edition)) {
    sizes[r[0].as<int>()] = r[1].as<int>();
  }
  return sizes;
}

// The trainer's sessions in other modules that overlap [start, end).
std::vector<v1::Session> TrainerSessionsElsewhere(transaction_base& tx,
                                                  const std::string& trainer,
                                                  const std::string& module_id,
                                                  absl::Time start,
                                                  absl::Time end) {
  std::vector<v1::Session> sessions;
  for (const auto& r : tx.exec_params(
           absl::StrCat("SELECT ", kSessionColumns,
                        " FROM session s WHERE s.trainer = $1 AND s.module_id "
                        "<> $2::uuid AND s.start_time < $4::timestamptz AND "
                        "s.end_time > $3::timestamptz ORDER BY s.id"),
           trainer, module_id, Sql(start), Sql(end))) {
    sessions.push_back(SessionFromRow(r));
  }
  return sessions;
}

errors::Rule RuleOf(const PlanConflict& conflict) {
  std::vector<std::string> subjects;
  for (const std::string& id : conflict.session_ids) {
    subjects.push_back(absl::StrCat("sessions/", id));
  }
  return {std::string(ConflictKindName(conflict.kind)),
          absl::StrJoin(subjects, ","), conflict.description};
}

// ------------------------------------------------- participants, hours

// On a workshop group's roster now (as the roster view).
#define ROSTERED_NOW \
  "(p.active AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL)"

constexpr char kPlaceSelect[] =
    "SELECT p.participant_id::text, p.edition, p.teryt, p.voivodeship, "
    "coalesce(j.workshop_group, 0), " ROSTERED_NOW
    ", p.declaration_recorded, p.sex FROM roster_participant p LEFT JOIN "
    "roster_jst j ON j.application_id = p.application_id ";

// The participants of edition $1 on a roster now or with marks in it, by
// id, after $2, at most $3.
constexpr char kEditionPlaces[] =
    "WHERE p.edition = $1 AND p.participant_id > $2::uuid AND (" ROSTERED_NOW
    " OR EXISTS (SELECT 1 FROM attendance a JOIN session s ON s.id = "
    "a.session_id JOIN module m ON m.id = s.module_id WHERE a.participant_id "
    "= p.participant_id AND m.edition = $1)) ORDER BY p.participant_id "
    "LIMIT $3";

ParticipantPlace PlaceFromRow(const pqxx::row& r) {
  ParticipantPlace place;
  place.participant_id = r[0].as<std::string>();
  place.edition = r[1].as<std::string>();
  place.teryt = r[2].as<std::string>();
  place.voivodeship = r[3].as<std::string>();
  place.workshop_group = r[4].as<int>();
  place.rostered = r[5].as<bool>();
  place.declaration_recorded = r[6].as<bool>();
  place.sex = r[7].as<std::string>();
  return place;
}

absl::StatusOr<ParticipantPlace> ReadPlace(transaction_base& tx,
                                           const std::string& id, bool lock) {
  auto rows = tx.exec_params(
      absl::StrCat(kPlaceSelect, "WHERE p.participant_id = $1::uuid",
                   lock ? " FOR UPDATE OF p" : ""),
      id);
  if (rows.empty()) return NotFound("participant", id);
  return PlaceFromRow(rows[0]);
}

// Per module: planned minutes (the module's didactic hours) and the
// minutes the participant attended.
struct ModuleMinutes {
  std::string module_id;
  int number = 0;
  int64_t planned = 0;
  int64_t attended = 0;
};

std::vector<ModuleMinutes> HoursOf(transaction_base& tx,
                                   const ParticipantPlace& place,
                                   int hour_minutes) {
  std::vector<ModuleMinutes> modules;
  for (const auto& r : tx.exec_params(
           "SELECT m.id::text, m.number, m.didactic_hours, coalesce((SELECT "
           "sum(extract(epoch from s.end_time - s.start_time)::bigint / 60) "
           "FROM session s JOIN attendance a ON a.session_id = s.id AND "
           "a.participant_id = $2::uuid AND a.status IN ('PRESENT', 'LATE') "
           "WHERE s.module_id = m.id), 0)::bigint FROM module m WHERE "
           "m.edition = $1 ORDER BY m.number",
           place.edition, place.participant_id)) {
    modules.push_back({r[0].as<std::string>(), r[1].as<int>(),
                       r[2].as<int64_t>() * hour_minutes, r[3].as<int64_t>()});
  }
  return modules;
}

std::string HoursText(int64_t minutes, int hour_minutes) {
  auto hours = MinutesToHours(minutes, hour_minutes);
  return hours.ok() ? hours->ToString() : "";
}

void AddHours(transaction_base& tx, const ParticipantPlace& place,
              const v1::TrainingSettings& settings,
              v1::ParticipantTraining& out) {
  const int hour = settings.didactic_hour_minutes();
  int64_t planned = 0, attended = 0;
  for (const ModuleMinutes& m : HoursOf(tx, place, hour)) {
    v1::ModuleHours* h = out.add_modules();
    h->set_module(m.module_id);
    h->set_number(m.number);
    h->set_planned_minutes(m.planned);
    h->set_attended_minutes(m.attended);
    h->set_planned_hours(HoursText(m.planned, hour));
    h->set_attended_hours(HoursText(m.attended, hour));
    planned += m.planned;
    attended += m.attended;
  }
  out.set_planned_minutes(planned);
  out.set_attended_minutes(attended);
  out.set_planned_hours(HoursText(planned, hour));
  out.set_attended_hours(HoursText(attended, hour));
  out.set_completion_threshold_percent(settings.completion_percent());
  out.set_attended_percent(AttendedPercent(attended, planned).value_or(0));
}

constexpr char kCompletionTime[] =
    "SELECT " MICROS("completed_at") " FROM completion WHERE participant_id = "
    "$1::uuid";

void AddCompletion(transaction_base& tx, v1::ParticipantTraining& out) {
  auto done = tx.exec_params(kCompletionTime, out.participant());
  if (done.empty()) return;
  out.set_completed(true);
  SetTime(FromMicros(done[0][0].as<int64_t>()), out.mutable_completion_time());
}

// A participant's training record (GetParticipantTraining and
// ListParticipantTraining); without the edition's settings there is no
// plan yet, so nothing counts.
v1::ParticipantTraining TrainingRecord(
    transaction_base& tx, const ParticipantPlace& place,
    const absl::StatusOr<v1::TrainingSettings>& settings) {
  v1::ParticipantTraining out;
  out.set_participant(place.participant_id);
  out.set_edition(place.edition);
  out.set_workshop_group(place.workshop_group);
  out.set_rostered(place.rostered);
  if (!settings.ok()) return out;
  AddHours(tx, place, *settings, out);
  AddCompletion(tx, out);
  return out;
}

v1::AttendanceStatus ParseStatus(const std::string& name) {
  v1::AttendanceStatus status = v1::ATTENDANCE_STATUS_UNSPECIFIED;
  v1::AttendanceStatus_Parse(name, &status);
  return status;
}

v1::Attendance AttendanceFromRow(const pqxx::row& r) {
  v1::Attendance a;
  a.set_session(r[0].as<std::string>());
  a.set_participant(r[1].as<std::string>());
  a.set_status(ParseStatus(r[2].as<std::string>()));
  a.set_note(r[3].as<std::string>());
  a.set_recorded_by(r[4].as<std::string>());
  SetTime(FromMicros(r[5].as<int64_t>()), a.mutable_record_time());
  return a;
}

constexpr char kAttendanceColumns[] =
    "a.session_id::text, a.participant_id::text, a.status, a.note, "
    "a.recorded_by, " MICROS("a.record_time");

// Publishes completion once (the completion row's primary key) when the
// participant meets the rule with every planned module in place.
void DecideCompletion(transaction_base& tx, const ParticipantPlace& place,
                      const v1::TrainingSettings& settings, absl::Time now,
                      const std::string& traceparent) {
  const auto modules = HoursOf(tx, place, settings.didactic_hour_minutes());
  if (static_cast<int>(modules.size()) < settings.module_count()) return;
  int64_t planned = 0, attended = 0;
  for (const ModuleMinutes& m : modules) {
    planned += m.planned;
    attended += m.attended;
  }
  auto done = HasCompleted(attended, planned, settings.completion_percent());
  if (!done.ok() || !*done) return;
  auto inserted = tx.exec_params(
      "INSERT INTO completion (participant_id, edition, attended_minutes, "
      "planned_minutes, completed_at) VALUES ($1::uuid, $2, $3, $4, "
      "$5::timestamptz) ON CONFLICT (participant_id) DO NOTHING RETURNING 1",
      place.participant_id, place.edition, attended, planned, Sql(now));
  if (inserted.empty()) return;
  ev::ParticipantCompletedTraining event;
  event.set_participant_id(place.participant_id);
  event.set_edition(place.edition);
  event.set_teryt(place.teryt);
  event.set_voivodeship(place.voivodeship);
  event.set_attended_minutes(attended);
  event.set_planned_minutes(planned);
  event.set_completion_percent(settings.completion_percent());
  event.set_didactic_hour_minutes(settings.didactic_hour_minutes());
  SetTime(now, event.mutable_completed_at());
  events::AppendEvent(tx, event, place.participant_id, traceparent);
}

// ------------------------------------------------------------ marking

constexpr char kUnknownParticipant[] = "UNKNOWN_PARTICIPANT";

// The session a mark is recorded for, with what its events carry.
struct MarkedSession {
  v1::Session session;
  std::string edition;
  int module_number = 0;
};

absl::StatusOr<MarkedSession> ReadMarkedSession(transaction_base& tx,
                                                const std::string& id) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kSessionColumns,
                   ", m.edition, m.number FROM session s JOIN module m ON "
                   "m.id = s.module_id WHERE s.id = $1::uuid"),
      id);
  if (rows.empty()) return NotFound("session", id);
  return MarkedSession{SessionFromRow(rows[0]), rows[0][9].as<std::string>(),
                       rows[0][10].as<int>()};
}

bool Attends(v1::AttendanceStatus status) {
  return status == v1::PRESENT || status == v1::LATE;
}

// Why `mark` cannot be recorded for `place` (type, description; none: it
// can). The rules
// of a mark: on the session's roster (edition and group), and PRESENT or
// LATE only with a recorded declaration.
std::vector<std::pair<std::string, std::string>> MarkProblems(
    const MarkedSession& at, const ParticipantPlace& place, const Mark& mark) {
  std::vector<std::pair<std::string, std::string>> problems;
  const int group = at.session.workshop_group();
  if (!place.rostered || place.edition != at.edition ||
      (group != 0 && group != place.workshop_group)) {
    problems.push_back(
        {"NOT_ROSTERED",
         absl::StrCat("participant ", mark.participant_id,
                      " is not on the roster of this session (edition ",
                      at.edition, ", group ",
                      group == 0 ? std::string("all") : absl::StrCat(group),
                      ")")});
  }
  if (Attends(mark.status) && !place.declaration_recorded) {
    problems.push_back(
        {"DECLARATION_MISSING",
         absl::StrCat("participant ", mark.participant_id,
                      " may not be marked present: their declaration is not "
                      "recorded")});
  }
  return problems;
}

// Records one checked mark (the caller holds the participant's row lock):
// replaces the stored mark when its status or note differs, and when the
// status changed publishes AttendanceRecorded and decides completion. A
// mark equal to the stored one writes nothing.
v1::Attendance ApplyMark(transaction_base& tx, const MarkedSession& at,
                         const ParticipantPlace& place, const Mark& mark,
                         const v1::TrainingSettings& settings, absl::Time now,
                         const Actor& actor) {
  const std::string& session_id = at.session.id();
  const std::string name = v1::AttendanceStatus_Name(mark.status);
  auto existing = tx.exec_params(
      absl::StrCat("SELECT ", kAttendanceColumns,
                   " FROM attendance a WHERE a.session_id = $1::uuid AND "
                   "a.participant_id = $2::uuid"),
      session_id, mark.participant_id);
  if (!existing.empty() && existing[0][2].as<std::string>() == name &&
      existing[0][3].as<std::string>() == mark.note) {
    return AttendanceFromRow(existing[0]);
  }
  auto row = tx.exec_params1(
      absl::StrCat(
          "INSERT INTO attendance AS a (session_id, participant_id, status, "
          "note, recorded_by, recorded_role, record_time) VALUES ($1::uuid, "
          "$2::uuid, $3, $4, $5, $6, $7::timestamptz) ON CONFLICT "
          "(session_id, participant_id) DO UPDATE SET status = "
          "EXCLUDED.status, note = EXCLUDED.note, recorded_by = "
          "EXCLUDED.recorded_by, recorded_role = EXCLUDED.recorded_role, "
          "record_time = EXCLUDED.record_time RETURNING ",
          kAttendanceColumns),
      session_id, mark.participant_id, name, mark.note, actor.subject,
      actor.role, Sql(now));
  if (existing.empty() || existing[0][2].as<std::string>() != name) {
    ev::AttendanceRecorded event;
    event.set_session_id(session_id);
    event.set_participant_id(mark.participant_id);
    event.set_module_id(at.session.module());
    event.set_edition(at.edition);
    event.set_module_number(at.module_number);
    event.set_workshop_group(place.workshop_group);
    event.set_teryt(place.teryt);
    event.set_voivodeship(place.voivodeship);
    event.set_status(mark.status);
    event.set_attended_minutes(
        Attends(mark.status) ? at.session.duration_minutes() : 0);
    *event.mutable_session_start() = at.session.start_time();
    SetTime(now, event.mutable_recorded_at());
    events::AppendEvent(tx, event,
                        absl::StrCat(session_id, "/", mark.participant_id),
                        actor.traceparent);
    DecideCompletion(tx, place, settings, now, actor.traceparent);
  }
  return AttendanceFromRow(row);
}

// The one way marks are recorded (a single mark is a sheet of one): the
// participants' rows are locked in id order (two sheets never wait on each
// other in a cycle), every mark is checked, and only when none is refused
// each is applied in the order given.
absl::StatusOr<SheetOutcome> RecordMarks(transaction_base& tx,
                                         const std::string& session_id,
                                         const std::vector<Mark>& marks,
                                         const std::string& trainer,
                                         absl::Time now, const Actor& actor) {
  auto at = ReadMarkedSession(tx, session_id);
  if (!at.ok()) return at.status();
  if (!trainer.empty() && at->session.trainer() != trainer) {
    return NotFound("session", session_id);
  }
  std::map<std::string, ParticipantPlace> places;  // ordered by id
  for (const Mark& mark : marks) places[mark.participant_id];
  std::set<std::string> unknown;
  for (auto& [id, place] : places) {
    auto read = ReadPlace(tx, id, /*lock=*/true);
    if (read.ok()) {
      place = *std::move(read);
    } else if (absl::IsNotFound(read.status())) {
      unknown.insert(id);
    } else {
      return read.status();
    }
  }
  SheetOutcome out;
  for (int row = 0; row < static_cast<int>(marks.size()); ++row) {
    const Mark& mark = marks[row];
    if (unknown.count(mark.participant_id) > 0) {
      out.refused.push_back(
          {row, kUnknownParticipant,
           absl::StrCat("participant ", mark.participant_id,
                        " is not known to training (no roster holds them)")});
      continue;
    }
    for (auto& [type, description] :
         MarkProblems(*at, places[mark.participant_id], mark)) {
      out.refused.push_back({row, type, description});
    }
  }
  if (!out.refused.empty()) return out;
  auto settings = ReadSettings(tx, at->edition);
  if (!settings.ok()) return settings.status();
  for (const Mark& mark : marks) {
    out.recorded.push_back(ApplyMark(tx, *at, places[mark.participant_id], mark,
                                     *settings, now, actor));
  }
  return out;
}

// ----------------------------------------------------------------- tasks

constexpr char kTaskColumns[] =
    "t.id::text, t.definition_id::text, d.module_id::text, m.edition, "
    "t.teryt, t.voivodeship, d.title, d.description, " MICROS(
        "t.due_at") ", t.status, t.report, t.comment, " MICROS("t.update_time");

constexpr char kTaskFrom[] =
    " FROM task t JOIN task_definition d ON d.id = t.definition_id JOIN "
    "module m ON m.id = d.module_id";

v1::Task TaskFromRow(const pqxx::row& r, absl::Time now) {
  v1::Task t;
  t.set_id(r[0].as<std::string>());
  t.set_definition(r[1].as<std::string>());
  t.set_module(r[2].as<std::string>());
  t.set_edition(r[3].as<std::string>());
  t.set_teryt(r[4].as<std::string>());
  t.set_voivodeship(r[5].as<std::string>());
  t.set_title(r[6].as<std::string>());
  t.set_description(r[7].as<std::string>());
  const absl::Time due = FromMicros(r[8].as<int64_t>());
  SetTime(due, t.mutable_due_time());
  t.set_due_local(Local(due));
  const std::string status = r[9].as<std::string>();
  v1::TaskStatus parsed = v1::TASK_STATUS_UNSPECIFIED;
  v1::TaskStatus_Parse(absl::StrCat("TASK_", status), &parsed);
  t.set_status(parsed);
  t.set_report(r[10].as<std::string>());
  t.set_comment(r[11].as<std::string>());
  t.set_overdue((status == "OPEN" || status == "RETURNED") && due < now);
  SetTime(FromMicros(r[12].as<int64_t>()), t.mutable_update_time());
  return t;
}

// -------------------------------------------------------------- sign-ups

std::string_view MealName(Meal meal) {
  switch (meal) {
    case Meal::kBreakfast:
      return "BREAKFAST";
    case Meal::kCoffeeBreak:
      return "COFFEE_BREAK";
    case Meal::kLunch:
      return "LUNCH";
    case Meal::kDinner:
      return "DINNER";
  }
  return "";
}

constexpr char kSignupColumns[] =
    "g.id::text, g.module_id::text, g.participant_id::text, g.accommodation, "
    "g.shuttle, g.parking, g.status, g.shuttle_seat, g.parking_place, " MICROS(
        "g.request_time") ", g.decided_by, g.decision_reason";

v1::SeatStatus Seat(const std::string& name) {
  v1::SeatStatus seat = v1::SEAT_STATUS_UNSPECIFIED;
  v1::SeatStatus_Parse(absl::StrCat("SEAT_", name), &seat);
  return seat;
}

v1::Signup SignupFromRow(const pqxx::row& r) {
  v1::Signup s;
  s.set_id(r[0].as<std::string>());
  s.set_module(r[1].as<std::string>());
  s.set_participant(r[2].as<std::string>());
  s.set_accommodation(r[3].as<bool>());
  s.set_shuttle(r[4].as<bool>());
  s.set_parking(r[5].as<bool>());
  v1::SignupStatus status = v1::SIGNUP_STATUS_UNSPECIFIED;
  v1::SignupStatus_Parse(absl::StrCat("SIGNUP_", r[6].as<std::string>()),
                         &status);
  s.set_status(status);
  s.set_shuttle_seat(Seat(r[7].as<std::string>()));
  s.set_parking_place(Seat(r[8].as<std::string>()));
  SetTime(FromMicros(r[9].as<int64_t>()), s.mutable_request_time());
  s.set_decided_by(r[10].as<std::string>());
  s.set_decision_reason(r[11].as<std::string>());
  return s;
}

// A seat (shuttle or parking) for a sign-up in force: held while fewer
// than `limit` are confirmed in the module. The caller holds the module
// row's lock, so the count is exact.
std::string AllocateSeat(transaction_base& tx, const std::string& module_id,
                         const char* column, int limit) {
  auto taken = tx.exec_params(
      absl::StrCat("SELECT count(*) FROM signup WHERE module_id = $1::uuid "
                   "AND ",
                   column, " = 'CONFIRMED'"),
      module_id);
  return taken[0][0].as<int>() < limit ? "CONFIRMED" : "WAITLISTED";
}

v1::Signup ReadSignup(transaction_base& tx, const std::string& id) {
  return SignupFromRow(
      tx.exec_params1(absl::StrCat("SELECT ", kSignupColumns,
                                   " FROM signup g WHERE g.id = $1::uuid"),
                      id));
}

// ------------------------------------------------------------ calendars

std::vector<CalendarEntry> CalendarOf(transaction_base& tx,
                                      const std::string& where,
                                      const std::string& a,
                                      const std::string& b) {
  std::vector<CalendarEntry> entries;
  std::map<std::string, v1::Module> modules;
  for (const auto& r : tx.exec_params(
           absl::StrCat("SELECT ", kSessionColumns,
                        " FROM session s JOIN module m ON m.id = s.module_id "
                        "WHERE ",
                        where, " ORDER BY s.start_time, s.id"),
           a, b)) {
    CalendarEntry entry;
    entry.session = SessionFromRow(r);
    auto it = modules.find(entry.session.module());
    if (it == modules.end()) {
      auto module = ReadModule(tx, entry.session.module());
      if (!module.ok()) continue;
      it = modules.emplace(entry.session.module(), *module).first;
    }
    entry.module = it->second;
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

// ============================================================== settings

absl::StatusOr<v1::TrainingSettings> TrainingStore::GetSettings(
    const std::string& edition) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_, [&](transaction_base& tx) { return ReadSettings(tx, edition); });
}

absl::StatusOr<v1::TrainingSettings> TrainingStore::PutSettings(
    const v1::TrainingSettings& s) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TrainingSettings> {
        auto current = ReadSettings(tx, s.edition(), /*lock=*/true);
        if (current.ok() && AttendanceExists(tx, s.edition())) {
          std::vector<errors::Rule> rules;
          const std::string subject =
              absl::StrCat("editions/", s.edition(), "/training-settings");
          if (current->didactic_hour_minutes() != s.didactic_hour_minutes() ||
              current->completion_percent() != s.completion_percent() ||
              current->module_count() != s.module_count()) {
            rules.push_back(
                {"SETTINGS_FROZEN", subject,
                 "the didactic-hour length, completion percent and module "
                 "count cannot change once attendance has been recorded"});
          }
          if (!rules.empty()) return errors::RulesNotMet(rules);
        }
        tx.exec_params(
            "INSERT INTO training_settings (edition, didactic_hour_minutes, "
            "session_minutes, completion_percent, third_week_reading, "
            "task_due_days_before, module_count) VALUES ($1, $2, $3, $4, $5, "
            "$6, $7) ON CONFLICT (edition) DO UPDATE SET "
            "didactic_hour_minutes = EXCLUDED.didactic_hour_minutes, "
            "session_minutes = EXCLUDED.session_minutes, completion_percent = "
            "EXCLUDED.completion_percent, third_week_reading = "
            "EXCLUDED.third_week_reading, task_due_days_before = "
            "EXCLUDED.task_due_days_before, module_count = "
            "EXCLUDED.module_count, update_time = now()",
            s.edition(), s.didactic_hour_minutes(), s.session_minutes(),
            s.completion_percent(),
            v1::ThirdWeekReading_Name(s.third_week_reading()),
            s.task_due_days_before(), s.module_count());
        RecomputeDueDates(tx, s.edition());
        return ReadSettings(tx, s.edition());
      });
}

// =============================================================== modules

absl::StatusOr<v1::Module> TrainingStore::CreateModule(
    const std::string& edition, const ModuleInput& in) {
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Module> {
        auto settings = ReadSettings(tx, edition, /*lock=*/true);
        if (!settings.ok()) {
          return Rule("TRAINING_SETTINGS", absl::StrCat("editions/", edition),
                      std::string(settings.status().message()));
        }
        if (!tx.exec_params("SELECT 1 FROM module WHERE edition = $1 AND "
                            "number = $2",
                            edition, in.number)
                 .empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "the edition already has a module number ", in.number));
        }
        if (auto order =
                CheckModuleOrder(tx, edition, "", in.number, in.start, in.end);
            !order.ok()) {
          return order;
        }
        const std::string id =
            tx.exec1("SELECT gen_random_uuid()::text")[0].as<std::string>();
        tx.exec_params(
            "INSERT INTO module (id, edition, number, title, venue, "
            "start_time, end_time, third_week_of, didactic_hours, "
            "signup_deadline, shuttle_seats, parking_places) VALUES "
            "($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, "
            "nullif($8, ''), $9, nullif($10, '')::timestamptz, $11, $12)",
            id, edition, in.number, in.title, in.venue, Sql(in.start),
            Sql(in.end), in.third_week_of, in.didactic_hours,
            in.signup_deadline ? Sql(*in.signup_deadline) : "",
            in.shuttle_seats, in.parking_places);
        for (const v1::Room& room : in.rooms) {
          tx.exec_params(
              "INSERT INTO module_room (module_id, room_id, name, capacity) "
              "VALUES ($1::uuid, $2, $3, $4)",
              id, room.id(), room.name(), room.capacity());
        }
        RecomputeDueDates(tx, edition);
        if (auto due = CheckTaskDueDates(tx, edition); !due.ok()) return due;
        return ReadModule(tx, id);
      });
}

absl::StatusOr<std::optional<EditionPeriod>> TrainingStore::EditionPeriodOf(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::optional<EditionPeriod>>(
      pool_,
      [&](transaction_base& tx) { return ReadEditionPeriod(tx, edition); });
}

absl::StatusOr<std::vector<v1::Module>> TrainingStore::ListModules(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::vector<v1::Module>>(
      pool_, [&](transaction_base& tx) {
        std::vector<v1::Module> modules;
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT ", kModuleColumns,
                              " FROM module m WHERE m.edition = $1 ORDER BY "
                              "m.number"),
                 edition)) {
          modules.push_back(ModuleFromRow(r));
          LoadRooms(tx, modules.back());
        }
        return modules;
      });
}

absl::StatusOr<v1::Module> TrainingStore::GetModule(const std::string& id) {
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) { return ReadModule(tx, id); });
}

absl::StatusOr<v1::Module> TrainingStore::MoveModule(
    const std::string& id, absl::CivilDay new_first_day,
    AmbiguousTime ambiguous) {
  auto zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Module> {
        auto module = ReadModule(tx, id, /*lock=*/true);
        if (!module.ok()) return module.status();
        const absl::Time start = TimeOf(module->start_time());
        const int64_t days =
            new_first_day - absl::CivilDay(absl::ToCivilSecond(start, *zone));
        // Each instant keeps its wall-clock time, `days` later.
        std::vector<std::string> problems;
        auto shift = [&](absl::Time t,
                         const std::string& what) -> std::optional<absl::Time> {
          const absl::CivilSecond local = absl::ToCivilSecond(t, *zone);
          auto moved = LocalToInstant(absl::CivilMinute(local + days * 86400),
                                      ambiguous);
          if (!moved.ok()) {
            problems.push_back(
                absl::StrCat(what, ": ", moved.status().message()));
            return std::nullopt;
          }
          return *moved;
        };
        auto new_start = shift(start, "start");
        auto new_end = shift(TimeOf(module->end_time()), "end");
        std::optional<absl::Time> new_deadline;
        if (module->has_signup_deadline()) {
          new_deadline =
              shift(TimeOf(module->signup_deadline()), "signup deadline");
        }
        std::vector<std::pair<std::string, std::pair<absl::Time, absl::Time>>>
            sessions;
        std::vector<std::string> resized;
        for (const v1::Session& s : ReadSessions(tx, id)) {
          auto a = shift(TimeOf(s.start_time()), "session " + s.id());
          auto b = shift(TimeOf(s.end_time()), "session " + s.id());
          if (!a || !b) continue;
          sessions.push_back({s.id(), {*a, *b}});
          if (*b - *a != TimeOf(s.end_time()) - TimeOf(s.start_time())) {
            resized.push_back(s.id());
          }
        }
        if (!problems.empty()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "the move lands on a local time that does not exist or is "
              "ambiguous: ",
              absl::StrJoin(problems, "; ")));
        }
        if (auto kept = KeepMarkedLengths(tx, resized); !kept.ok()) {
          return kept;
        }
        if (auto order =
                CheckModuleOrder(tx, module->edition(), id, module->number(),
                                 *new_start, *new_end);
            !order.ok()) {
          return order;
        }
        tx.exec_params(
            "UPDATE module SET start_time = $2::timestamptz, end_time = "
            "$3::timestamptz, signup_deadline = nullif($4, '')::timestamptz, "
            "update_time = now() WHERE id = $1::uuid",
            id, Sql(*new_start), Sql(*new_end),
            new_deadline ? Sql(*new_deadline) : "");
        for (const auto& [sid, times] : sessions) {
          tx.exec_params(
              "UPDATE session SET start_time = $2::timestamptz, end_time = "
              "$3::timestamptz WHERE id = $1::uuid",
              sid, Sql(times.first), Sql(times.second));
        }
        // Trainers booked elsewhere at the new times.
        std::vector<errors::Rule> clashes;
        for (const auto& [sid, times] : sessions) {
          auto s = tx.exec_params1(
              "SELECT trainer FROM session WHERE id = $1::uuid", sid);
          for (const v1::Session& other : TrainerSessionsElsewhere(
                   tx, s[0].as<std::string>(), id, times.first, times.second)) {
            clashes.push_back(
                {"TRAINER_DOUBLE_BOOKED",
                 absl::StrCat("sessions/", sid, ",sessions/", other.id()),
                 absl::StrCat("after the move, trainer ", other.trainer(),
                              " would teach sessions ", sid, " and ",
                              other.id(), " at the same time")});
          }
        }
        if (!clashes.empty()) return errors::RulesNotMet(clashes);
        RecomputeDueDates(tx, module->edition());
        if (auto due = CheckTaskDueDates(tx, module->edition()); !due.ok()) {
          return due;
        }
        return ReadModule(tx, id);
      });
}

// ============================================================== sessions

absl::StatusOr<v1::Session> TrainingStore::CreateSession(
    const std::string& module_id, const SessionInput& in) {
  return pg::RunInTransactionFor<v1::Session>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Session> {
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        // A trainer's sessions in all modules, one creation at a time.
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                       absl::StrCat("training.trainer:", in.trainer));
        const std::string id =
            tx.exec1("SELECT gen_random_uuid()::text")[0].as<std::string>();
        std::vector<errors::Rule> rules;
        if (in.start < TimeOf(module->start_time()) ||
            in.end > TimeOf(module->end_time())) {
          rules.push_back(
              {"OUTSIDE_MODULE", absl::StrCat("sessions/", id),
               absl::StrCat("the session must lie within the module (",
                            module->starts_local(), " to ",
                            module->ends_local(), ")")});
        }
        std::vector<PlannedSession> plan;
        for (const v1::Session& s : ReadSessions(tx, module_id)) {
          plan.push_back(Planned(s));
        }
        PlannedSession candidate{
            id,      in.start,   in.end,          in.workshop_group,
            in.room, in.trainer, in.thematic_area};
        plan.push_back(candidate);
        for (const PlanConflict& c :
             FindPlanConflicts(plan, PlanRooms(*module),
                               RosterSizes(tx, module->edition()))) {
          const bool involves_new =
              std::find(c.session_ids.begin(), c.session_ids.end(), id) !=
              c.session_ids.end();
          if (involves_new) rules.push_back(RuleOf(c));
        }
        for (const v1::Session& other : TrainerSessionsElsewhere(
                 tx, in.trainer, module_id, in.start, in.end)) {
          rules.push_back(
              {"TRAINER_DOUBLE_BOOKED",
               absl::StrCat("sessions/", id, ",sessions/", other.id()),
               absl::StrCat("trainer ", in.trainer, " already teaches session ",
                            other.id(), " (module ", other.module(), ") from ",
                            other.starts_local(), " to ", other.ends_local())});
        }
        if (!rules.empty()) return errors::RulesNotMet(rules);
        tx.exec_params(
            "INSERT INTO session (id, module_id, start_time, end_time, "
            "thematic_area, workshop_group, room_id, trainer, title) VALUES "
            "($1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5, $6, "
            "$7, $8, $9)",
            id, module_id, Sql(in.start), Sql(in.end), in.thematic_area,
            in.workshop_group, in.room, in.trainer, in.title);
        return SessionFromRow(tx.exec_params1(
            absl::StrCat("SELECT ", kSessionColumns,
                         " FROM session s WHERE s.id = $1::uuid"),
            id));
      });
}

absl::StatusOr<std::vector<v1::Session>> TrainingStore::ListSessions(
    const std::string& module_id) {
  return pg::RunInTransactionFor<std::vector<v1::Session>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Session>> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        return ReadSessions(tx, module_id);
      });
}

absl::StatusOr<v1::ValidateModuleResponse> TrainingStore::ValidateModule(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::ValidateModuleResponse>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::ValidateModuleResponse> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        auto settings = ReadSettings(tx, module->edition());
        if (!settings.ok()) return settings.status();
        const int hour = settings->didactic_hour_minutes();
        const auto sessions = ReadSessions(tx, module_id);
        const GroupSizes sizes = RosterSizes(tx, module->edition());
        v1::ValidateModuleResponse out;
        bool valid = true;
        for (int group = 1; group <= 4; ++group) {
          std::vector<int> minutes;
          for (const v1::Session& s : sessions) {
            if (s.workshop_group() == 0 || s.workshop_group() == group) {
              minutes.push_back(s.duration_minutes());
            }
          }
          auto balance =
              BalanceSessions(module->didactic_hours(), minutes, hour);
          if (!balance.ok()) return balance.status();
          v1::GroupBalance* b = out.add_balances();
          b->set_workshop_group(group);
          b->set_required_minutes(balance->required_minutes);
          b->set_planned_minutes(balance->planned_minutes);
          b->set_difference_minutes(balance->difference_minutes);
          b->set_planned_hours(HoursText(balance->planned_minutes, hour));
          b->set_adds_up(balance->AddsUp());
          valid = valid && balance->AddsUp();
        }
        std::vector<PlannedSession> plan;
        for (const v1::Session& s : sessions) plan.push_back(Planned(s));
        for (const PlanConflict& c :
             FindPlanConflicts(plan, PlanRooms(*module), sizes)) {
          v1::PlanConflict* out_conflict = out.add_conflicts();
          out_conflict->set_kind(std::string(ConflictKindName(c.kind)));
          for (const std::string& id : c.session_ids) {
            out_conflict->add_sessions(id);
          }
          out_conflict->set_description(c.description);
          valid = false;
        }
        if (auto outside = OutsideEdition(tx, *module)) {
          v1::PlanConflict* c = out.add_conflicts();
          c->set_kind("OUTSIDE_EDITION");
          c->set_description(*outside);
          valid = false;
        }
        for (const auto& [group, size] : sizes) {
          (*out.mutable_group_sizes())[group] = size;
        }
        out.set_valid(valid);
        return out;
      });
}

// ============================================================ attendance

absl::StatusOr<ParticipantPlace> TrainingStore::LocateParticipant(
    const std::string& id) {
  return pg::RunInTransactionFor<ParticipantPlace>(
      pool_, [&](transaction_base& tx) { return ReadPlace(tx, id, false); });
}

absl::StatusOr<v1::Attendance> TrainingStore::RecordAttendance(
    const std::string& session_id, const std::string& participant_id,
    v1::AttendanceStatus status, const std::string& note,
    const std::string& trainer, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Attendance>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Attendance> {
        auto outcome =
            RecordMarks(tx, session_id, {{participant_id, status, note}},
                        trainer, now, actor);
        if (!outcome.ok()) return outcome.status();
        if (outcome->refused.empty()) return outcome->recorded.front();
        std::vector<errors::Rule> rules;
        for (const MarkRefusal& refusal : outcome->refused) {
          if (refusal.type == kUnknownParticipant) {
            return NotFound("participant", participant_id);
          }
          rules.push_back({refusal.type,
                           absl::StrCat("participants/", participant_id),
                           refusal.description});
        }
        return errors::RulesNotMet(rules);
      });
}

absl::StatusOr<SheetOutcome> TrainingStore::RecordSessionAttendance(
    const std::string& session_id, const std::vector<Mark>& marks,
    const std::string& trainer, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<SheetOutcome>(
      pool_, [&](transaction_base& tx) {
        return RecordMarks(tx, session_id, marks, trainer, now, actor);
      });
}

absl::StatusOr<std::vector<v1::Attendance>> TrainingStore::ListAttendance(
    const std::string& session_id, const std::string& voivodeship,
    const std::string& trainer) {
  return pg::RunInTransactionFor<std::vector<v1::Attendance>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Attendance>> {
        if (tx.exec_params("SELECT 1 FROM session WHERE id = $1::uuid AND "
                           "($2 = '' OR trainer = $2)",
                           session_id, trainer)
                .empty()) {
          return NotFound("session", session_id);
        }
        std::vector<v1::Attendance> marks;
        for (const auto& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT ", kAttendanceColumns,
                     " FROM attendance a JOIN roster_participant p ON "
                     "p.participant_id = a.participant_id WHERE a.session_id "
                     "= $1::uuid AND ($2 = '' OR p.voivodeship = $2) ORDER BY "
                     "a.participant_id"),
                 session_id, voivodeship)) {
          marks.push_back(AttendanceFromRow(r));
        }
        return marks;
      });
}

absl::StatusOr<v1::ParticipantTraining> TrainingStore::ParticipantTraining(
    const std::string& participant_id) {
  return pg::RunInTransactionFor<v1::ParticipantTraining>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::ParticipantTraining> {
        auto place = ReadPlace(tx, participant_id, false);
        if (!place.ok()) return place.status();
        return TrainingRecord(tx, *place, ReadSettings(tx, place->edition));
      });
}

absl::StatusOr<std::vector<v1::ParticipantTraining>>
TrainingStore::ListParticipantTraining(const std::string& edition,
                                       const std::string& after_id, int limit,
                                       bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ParticipantTraining>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ParticipantTraining>> {
        const auto rows = tx.exec_params(
            absl::StrCat(kPlaceSelect, kEditionPlaces), edition,
            after_id.empty() ? "00000000-0000-0000-0000-000000000000"
                             : after_id,
            limit + 1);
        *more = static_cast<int>(rows.size()) > limit;
        const auto settings = ReadSettings(tx, edition);
        std::vector<v1::ParticipantTraining> out;
        for (const auto& r : rows) {
          if (static_cast<int>(out.size()) == limit) break;
          out.push_back(TrainingRecord(tx, PlaceFromRow(r), settings));
        }
        return out;
      },
      {pg::Isolation::kRepeatableRead, 3});
}

// ================================================================= tasks

absl::StatusOr<v1::CreateTaskResponse> TrainingStore::CreateTask(
    const std::string& module_id, const std::string& title,
    const std::string& description, std::optional<int> due_days_before,
    std::optional<absl::Time> due_fixed, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::CreateTaskResponse>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::CreateTaskResponse> {
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        auto settings = ReadSettings(tx, module->edition());
        if (!settings.ok()) return settings.status();
        std::optional<int> days = due_days_before;
        if (!days && !due_fixed) days = settings->task_due_days_before();
        if (days) {
          auto next = tx.exec_params(
              "SELECT 1 FROM module WHERE edition = $1 AND number > $2",
              module->edition(), module->number());
          if (next.empty()) {
            return Rule("NO_NEXT_MODULE", absl::StrCat("modules/", module_id),
                        "the module has no next module to count the due date "
                        "from: give due_local");
          }
        }
        const std::string definition =
            tx.exec1("SELECT gen_random_uuid()::text")[0].as<std::string>();
        tx.exec_params(
            "INSERT INTO task_definition (id, module_id, title, description, "
            "due_days_before, due_fixed, created_by) VALUES ($1::uuid, "
            "$2::uuid, $3, $4, $5, nullif($6, '')::timestamptz, $7)",
            definition, module_id, title, description,
            days ? std::optional<int>(*days) : std::nullopt,
            due_fixed ? Sql(*due_fixed) : "", actor.subject);
        const absl::Time due = FromMicros(
            tx.exec_params1("SELECT " MICROS("task_due_at($1::uuid)"),
                            definition)[0]
                .as<int64_t>());
        if (auto late =
                TaskDueNotAfterModule(due, TimeOf(module->end_time()))) {
          return errors::InvalidField(
              due_fixed ? "dueLocal" : "dueDaysBefore",
              due_days_before || due_fixed
                  ? *late
                  : absl::StrCat(*late, " (the edition's default of ", *days,
                                 " days before the next module)"));
        }
        tx.exec_params(
            "INSERT INTO task (id, definition_id, application_id, teryt, "
            "voivodeship, status, due_at) SELECT gen_random_uuid(), $1::uuid, "
            "j.application_id, j.teryt, j.voivodeship, 'OPEN', "
            "task_due_at($1::uuid) FROM roster_jst j WHERE j.edition = $2 AND "
            "j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL",
            definition, module->edition());
        v1::CreateTaskResponse out;
        out.set_definition(definition);
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT ", kTaskColumns, kTaskFrom,
                              " WHERE t.definition_id = $1::uuid ORDER BY "
                              "t.teryt, t.id"),
                 definition)) {
          *out.add_tasks() = TaskFromRow(r, now);
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::Task>> TrainingStore::ListTasks(
    const TaskQuery& q, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Task>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Task>> {
        auto rows = tx.exec_params(
            absl::StrCat(
                "SELECT ", kTaskColumns, kTaskFrom,
                " WHERE ($1 = '' OR m.edition = $1) AND ($2 = '' OR "
                "t.voivodeship = $2) AND ($3 = '' OR t.teryt = $3) AND ($4 = "
                "'' OR EXISTS (SELECT 1 FROM task_reviewer r WHERE r.edition "
                "= m.edition AND r.teryt = t.teryt AND r.expert = $4)) AND "
                "($5 = '' OR d.module_id::text = $5) AND (NOT $6 OR "
                "(t.status IN ('OPEN', 'RETURNED') AND t.due_at < "
                "$7::timestamptz AND NOT EXISTS (SELECT 1 FROM roster_jst w "
                "WHERE w.application_id = t.application_id AND w.withdrawn_at "
                "IS NOT NULL))) AND (NOT $8 OR (t.due_at, t.id) > "
                "($9::timestamptz, $10::uuid)) ORDER BY t.due_at, t.id LIMIT "
                "$11"),
            q.edition, q.voivodeship, q.teryt, q.reviewer, q.module_id,
            q.overdue_only, Sql(q.now), q.after.has_value(),
            q.after ? Sql(q.after->first) : Sql(absl::UnixEpoch()),
            q.after ? q.after->second
                    : std::string("00000000-0000-0000-0000-000000000000"),
            q.limit + 1);
        std::vector<v1::Task> tasks;
        for (const auto& r : rows) tasks.push_back(TaskFromRow(r, q.now));
        *more = static_cast<int>(tasks.size()) > q.limit;
        if (*more) tasks.pop_back();
        return tasks;
      });
}

absl::StatusOr<JstPlace> TrainingStore::LocateTask(const std::string& id) {
  return pg::RunInTransactionFor<JstPlace>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<JstPlace> {
        auto rows = tx.exec_params(
            absl::StrCat("SELECT m.edition, t.teryt, t.voivodeship", kTaskFrom,
                         " WHERE t.id = $1::uuid"),
            id);
        if (rows.empty()) return NotFound("task", id);
        return JstPlace{rows[0][0].as<std::string>(),
                        rows[0][1].as<std::string>(),
                        rows[0][2].as<std::string>()};
      });
}

absl::StatusOr<bool> TrainingStore::Reviews(const std::string& expert,
                                            const JstPlace& place) {
  return pg::RunInTransactionFor<bool>(pool_, [&](transaction_base& tx) {
    return !tx.exec_params(
                  "SELECT 1 FROM task_reviewer WHERE edition = $1 "
                  "AND teryt = $2 AND expert = $3",
                  place.edition, place.teryt, expert)
                .empty();
  });
}

absl::StatusOr<v1::Task> TrainingStore::ChangeTask(const std::string& id,
                                                   TaskAction action,
                                                   const std::string& text,
                                                   absl::Time now,
                                                   const Actor& actor) {
  return pg::RunInTransactionFor<v1::Task>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Task> {
        auto rows = tx.exec_params(
            "SELECT status FROM task WHERE id = $1::uuid FOR UPDATE", id);
        if (rows.empty()) return NotFound("task", id);
        const std::string from = rows[0][0].as<std::string>();
        std::set<std::string> allowed;
        std::string to;
        switch (action) {
          case TaskAction::kSubmit:
            allowed = {"OPEN", "RETURNED"};
            to = "SUBMITTED";
            break;
          case TaskAction::kAccept:
            allowed = {"SUBMITTED"};
            to = "ACCEPTED";
            break;
          case TaskAction::kReturn:
            allowed = {"SUBMITTED"};
            to = "RETURNED";
            break;
        }
        if (allowed.count(from) == 0) {
          return Rule("TASK_STATUS", absl::StrCat("tasks/", id),
                      absl::StrCat("a task in status ", from, " cannot become ",
                                   to, " (allowed from: ",
                                   absl::StrJoin(allowed, ", "), ")"));
        }
        if (action == TaskAction::kSubmit) {
          tx.exec_params(
              "UPDATE task SET status = $2, report = $3, update_time = now() "
              "WHERE id = $1::uuid",
              id, to, text);
        } else {
          tx.exec_params(
              "UPDATE task SET status = $2, comment = $3, update_time = now() "
              "WHERE id = $1::uuid",
              id, to, text);
        }
        tx.exec_params(
            "INSERT INTO task_history (task_id, at, actor, role, from_status, "
            "to_status, comment) VALUES ($1::uuid, $2::timestamptz, $3, $4, "
            "$5, $6, $7)",
            id, Sql(now), actor.subject, actor.role, from, to,
            action == TaskAction::kSubmit ? "" : text);
        return TaskFromRow(
            tx.exec_params1(absl::StrCat("SELECT ", kTaskColumns, kTaskFrom,
                                         " WHERE t.id = $1::uuid"),
                            id),
            now);
      });
}

// ============================================================= logistics

absl::StatusOr<v1::Signup> TrainingStore::CreateSignup(
    const std::string& module_id, const ParticipantPlace& participant,
    bool accommodation, bool shuttle, bool parking, absl::Time now,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Signup>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Signup> {
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        std::vector<errors::Rule> rules;
        const std::string subject =
            absl::StrCat("participants/", participant.participant_id);
        if (!participant.rostered || participant.edition != module->edition()) {
          rules.push_back({"NOT_ROSTERED", subject,
                           "the participant is not on a roster of the "
                           "module's edition"});
        }
        if (shuttle && module->shuttle_seats() == 0) {
          rules.push_back({"NO_SHUTTLE", absl::StrCat("modules/", module_id),
                           "the module has no shuttle"});
        }
        if (parking && module->parking_places() == 0) {
          rules.push_back({"NO_PARKING", absl::StrCat("modules/", module_id),
                           "the module has no parking places"});
        }
        if (now >= TimeOf(module->end_time())) {
          rules.push_back({"MODULE_OVER", absl::StrCat("modules/", module_id),
                           "the module has ended"});
        }
        if (!rules.empty()) return errors::RulesNotMet(rules);
        if (!tx.exec_params("SELECT 1 FROM signup WHERE module_id = $1::uuid "
                            "AND participant_id = $2::uuid AND status <> "
                            "'REFUSED'",
                            module_id, participant.participant_id)
                 .empty()) {
          return absl::AlreadyExistsError(
              "the participant already has a sign-up for this module");
        }
        // The deadline is exclusive: a request at the deadline is late.
        const bool late = module->has_signup_deadline() &&
                          now >= TimeOf(module->signup_deadline());
        std::string shuttle_seat = "NOT_REQUESTED",
                    parking_place = "NOT_REQUESTED";
        if (shuttle) {
          shuttle_seat = late ? "WAITLISTED"
                              : AllocateSeat(tx, module_id, "shuttle_seat",
                                             module->shuttle_seats());
        }
        if (parking) {
          parking_place = late ? "WAITLISTED"
                               : AllocateSeat(tx, module_id, "parking_place",
                                              module->parking_places());
        }
        auto id = tx.exec_params1(
            "INSERT INTO signup (id, module_id, participant_id, "
            "accommodation, shuttle, parking, status, shuttle_seat, "
            "parking_place, request_time, requested_by) VALUES "
            "(gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, "
            "$9::timestamptz, $10) RETURNING id::text",
            module_id, participant.participant_id, accommodation, shuttle,
            parking, late ? "PENDING_APPROVAL" : "CONFIRMED", shuttle_seat,
            parking_place, Sql(now), actor.subject);
        return ReadSignup(tx, id[0].as<std::string>());
      });
}

absl::StatusOr<std::vector<v1::Signup>> TrainingStore::ListSignups(
    const std::string& module_id, const std::string& status,
    const std::string& voivodeship, const std::string& teryt) {
  return pg::RunInTransactionFor<std::vector<v1::Signup>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Signup>> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        std::vector<v1::Signup> out;
        for (const auto& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT ", kSignupColumns,
                     " FROM signup g JOIN roster_participant p ON "
                     "p.participant_id = g.participant_id WHERE g.module_id = "
                     "$1::uuid AND ($2 = '' OR g.status = $2) AND ($3 = '' OR "
                     "p.voivodeship = $3) AND ($4 = '' OR p.teryt = $4) "
                     "ORDER BY g.request_seq"),
                 module_id, status, voivodeship, teryt)) {
          out.push_back(SignupFromRow(r));
        }
        return out;
      });
}

absl::StatusOr<v1::Signup> TrainingStore::DecideSignup(
    const std::string& id, bool approve, const std::string& reason,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Signup>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Signup> {
        auto found = tx.exec_params(
            "SELECT module_id::text FROM signup WHERE id = $1::uuid", id);
        if (found.empty()) return NotFound("signup", id);
        const std::string module_id = found[0][0].as<std::string>();
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        const v1::Signup signup = ReadSignup(tx, id);
        // Approve: a late request. Refuse: a late request, or one the
        // office approved before (a cancellation, which frees its seats).
        const bool decidable =
            signup.status() == v1::SIGNUP_PENDING_APPROVAL ||
            (!approve && signup.status() == v1::SIGNUP_APPROVED);
        if (!decidable) {
          return Rule("SIGNUP_STATUS", absl::StrCat("signups/", id),
                      absl::StrCat(approve ? "only a sign-up pending approval "
                                             "can be approved"
                                           : "only a sign-up pending approval "
                                             "or approved by the office can be "
                                             "refused",
                                   "; this one is ",
                                   v1::SignupStatus_Name(signup.status())));
        }
        std::string shuttle_seat =
            signup.shuttle() ? "WAITLISTED" : "NOT_REQUESTED";
        std::string parking_place =
            signup.parking() ? "WAITLISTED" : "NOT_REQUESTED";
        if (approve && signup.shuttle()) {
          shuttle_seat = AllocateSeat(tx, module_id, "shuttle_seat",
                                      module->shuttle_seats());
        }
        if (approve && signup.parking()) {
          parking_place = AllocateSeat(tx, module_id, "parking_place",
                                       module->parking_places());
        }
        if (!approve) {
          shuttle_seat = parking_place = "NOT_REQUESTED";
        }
        tx.exec_params(
            "UPDATE signup SET status = $2, shuttle_seat = $3, parking_place "
            "= $4, decided_by = $5, decision_reason = $6 WHERE id = $1::uuid",
            id, approve ? "APPROVED" : "REFUSED", shuttle_seat, parking_place,
            actor.subject, reason);
        return ReadSignup(tx, id);
      });
}

absl::StatusOr<v1::RoomingList> TrainingStore::RoomingList(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::RoomingList>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::RoomingList> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        std::vector<Guest> guests;
        int attending = 0, parking = 0;
        for (const auto& r : tx.exec_params(
                 "SELECT g.participant_id::text, p.sex, p.teryt, "
                 "coalesce(j.workshop_group, 0), g.accommodation, "
                 "g.parking_place = 'CONFIRMED' FROM signup g JOIN "
                 "roster_participant p ON p.participant_id = g.participant_id "
                 "LEFT JOIN roster_jst j ON j.application_id = "
                 "p.application_id WHERE g.module_id = $1::uuid AND g.status "
                 "IN ('CONFIRMED', 'APPROVED')",
                 module_id)) {
          ++attending;
          if (r[5].as<bool>()) ++parking;
          if (!r[4].as<bool>()) continue;
          Guest guest;
          guest.participant_id = r[0].as<std::string>();
          guest.sex =
              r[1].as<std::string>() == "FEMALE" ? Sex::kFemale : Sex::kMale;
          guest.teryt = r[2].as<std::string>();
          guest.workshop_group = r[3].as<int>();
          guests.push_back(std::move(guest));
        }
        v1::RoomingList out;
        out.set_module(module_id);
        out.set_attending(attending);
        out.set_accommodated(static_cast<int32_t>(guests.size()));
        out.set_parking_confirmed(parking);
        std::map<std::string, std::string> sex_of;
        for (const Guest& g : guests) {
          sex_of[g.participant_id] = g.sex == Sex::kFemale ? "FEMALE" : "MALE";
        }
        for (const RoomAssignment& room : AssignRooms(guests)) {
          v1::RoomingEntry* entry = out.add_rooms();
          entry->set_room_number(room.number);
          entry->set_first_participant(room.first);
          entry->set_second_participant(room.second.value_or(""));
          entry->set_sex(sex_of[room.first]);
          entry->set_same_jst(room.same_jst);
          if (room.second) {
            out.set_double_rooms(out.double_rooms() + 1);
          } else {
            out.set_single_rooms(out.single_rooms() + 1);
          }
        }
        for (const MealCount& meal :
             CountMeals(attending, static_cast<int>(guests.size()))) {
          v1::MealCount* m = out.add_meals();
          m->set_day(meal.day);
          m->set_meal(std::string(MealName(meal.meal)));
          m->set_count(meal.count);
        }
        return out;
      });
}

absl::StatusOr<v1::ShuttleList> TrainingStore::ShuttleList(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::ShuttleList>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ShuttleList> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        v1::ShuttleList out;
        out.set_module(module_id);
        out.set_seats(module->shuttle_seats());
        for (const auto& r : tx.exec_params(
                 "SELECT g.participant_id::text, p.teryt, g.shuttle_seat FROM "
                 "signup g JOIN roster_participant p ON p.participant_id = "
                 "g.participant_id WHERE g.module_id = $1::uuid AND g.shuttle "
                 "AND g.status <> 'REFUSED' ORDER BY g.shuttle_seat <> "
                 "'CONFIRMED', g.request_seq",
                 module_id)) {
          v1::ShuttleEntry* e = out.add_passengers();
          e->set_participant(r[0].as<std::string>());
          e->set_teryt(r[1].as<std::string>());
          e->set_seat(Seat(r[2].as<std::string>()));
          if (e->seat() == v1::SEAT_CONFIRMED) {
            out.set_confirmed(out.confirmed() + 1);
          } else {
            out.set_waitlisted(out.waitlisted() + 1);
          }
        }
        return out;
      });
}

// =========================================================== evaluations

absl::StatusOr<v1::Evaluation> TrainingStore::SubmitEvaluation(
    const std::string& module_id, const ParticipantPlace& participant,
    const v1::Evaluation& evaluation, absl::Time now) {
  return pg::RunInTransactionFor<v1::Evaluation>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Evaluation> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        std::vector<errors::Rule> rules;
        if (participant.edition != module->edition() ||
            participant.workshop_group == 0) {
          rules.push_back(
              {"NOT_ROSTERED",
               absl::StrCat("participants/", participant.participant_id),
               "the participant is not in the module's edition"});
        }
        if (now < TimeOf(module->start_time())) {
          rules.push_back({"MODULE_NOT_STARTED",
                           absl::StrCat("modules/", module_id),
                           "a module can be evaluated once it has started"});
        }
        if (!rules.empty()) return errors::RulesNotMet(rules);
        // Submitting again replaces the participant's evaluation.
        tx.exec_params(
            "DELETE FROM evaluation WHERE module_id = $1::uuid AND "
            "participant_id = $2::uuid",
            module_id, participant.participant_id);
        tx.exec_params(
            "INSERT INTO evaluation (module_id, participant_id, "
            "workshop_group, comment, submit_time) VALUES ($1::uuid, "
            "$2::uuid, $3, $4, $5::timestamptz)",
            module_id, participant.participant_id, participant.workshop_group,
            evaluation.comment(), Sql(now));
        for (const v1::AreaRating& rating : evaluation.ratings()) {
          tx.exec_params(
              "INSERT INTO evaluation_rating (module_id, participant_id, "
              "area, score) VALUES ($1::uuid, $2::uuid, $3, $4)",
              module_id, participant.participant_id,
              static_cast<int>(rating.area()), rating.score());
        }
        v1::Evaluation out = evaluation;
        out.set_module(module_id);
        out.set_participant(participant.participant_id);
        SetTime(now, out.mutable_submit_time());
        return out;
      });
}

absl::StatusOr<v1::EvaluationSummary> TrainingStore::EvaluationSummary(
    const std::string& module_id, const std::string& voivodeship) {
  return pg::RunInTransactionFor<v1::EvaluationSummary>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::EvaluationSummary> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        v1::EvaluationSummary out;
        out.set_module(module_id);
        constexpr char kScope[] =
            " FROM evaluation e JOIN roster_participant p ON p.participant_id "
            "= e.participant_id WHERE e.module_id = $1::uuid AND ($2 = '' OR "
            "p.voivodeship = $2)";
        out.set_evaluations(
            tx.exec_params1(absl::StrCat("SELECT count(*)", kScope), module_id,
                            voivodeship)[0]
                .as<int>());
        // GROUPING SETS: per area over all groups, then per group and area.
        for (const auto& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT r.area, coalesce(e.workshop_group, 0), count(*), "
                     "to_char(round(avg(r.score), 2), 'FM0.00') FROM "
                     "evaluation_rating r JOIN evaluation e ON e.module_id = "
                     "r.module_id AND e.participant_id = r.participant_id "
                     "JOIN roster_participant p ON p.participant_id = "
                     "e.participant_id WHERE e.module_id = $1::uuid AND ($2 = "
                     "'' OR p.voivodeship = $2) GROUP BY GROUPING SETS "
                     "((r.area), (e.workshop_group, r.area)) ORDER BY "
                     "GROUPING(e.workshop_group) DESC, 2, 1"),
                 module_id, voivodeship)) {
          v1::AreaAverage* a = out.add_averages();
          a->set_area(static_cast<v1::ThematicArea>(r[0].as<int>()));
          a->set_workshop_group(r[1].as<int>());
          a->set_ratings(r[2].as<int>());
          a->set_average(r[3].as<std::string>());
        }
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT e.comment", kScope,
                              " AND e.comment <> '' ORDER BY e.submit_time, "
                              "e.participant_id"),
                 module_id, voivodeship)) {
          out.add_comments(r[0].as<std::string>());
        }
        return out;
      });
}

// ============================================================= calendars

absl::StatusOr<std::vector<CalendarEntry>> TrainingStore::ParticipantCalendar(
    const ParticipantPlace& participant) {
  return pg::RunInTransactionFor<std::vector<CalendarEntry>>(
      pool_, [&](transaction_base& tx) {
        return CalendarOf(tx,
                          "m.edition = $1 AND (s.workshop_group = 0 OR "
                          "s.workshop_group::text = $2)",
                          participant.edition,
                          absl::StrCat(participant.workshop_group));
      });
}

absl::StatusOr<std::vector<CalendarEntry>> TrainingStore::GroupCalendar(
    const std::string& edition, int group) {
  return pg::RunInTransactionFor<std::vector<CalendarEntry>>(
      pool_, [&](transaction_base& tx) {
        return CalendarOf(tx,
                          "m.edition = $1 AND (s.workshop_group = 0 OR "
                          "s.workshop_group::text = $2)",
                          edition, absl::StrCat(group));
      });
}

absl::StatusOr<std::vector<CalendarEntry>> TrainingStore::TrainerCalendar(
    const std::string& trainer) {
  return pg::RunInTransactionFor<std::vector<CalendarEntry>>(
      pool_, [&](transaction_base& tx) {
        return CalendarOf(tx, "s.trainer = $1 AND $2 = ''", trainer, "");
      });
}

}  // namespace jstedu::training
