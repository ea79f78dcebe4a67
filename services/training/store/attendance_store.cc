#include "services/training/store/attendance_store.h"

#include <map>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/domain/attendance_rules.h"
#include "services/training/domain/didactic_hours.h"
#include "services/training/store/attendance_queries.h"
#include "services/training/store/elearning_queries.h"
#include "services/training/store/rows/session.h"
#include "services/training/store/rows/settings.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using pqxx::transaction_base;
using rows::HoursText;
using rows::ReadPlace;
using rows::SetTime;
using rows::TimeColumn;
using rows::TimeParam;

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
  for (const auto& r : pg::Exec(tx, queries::kModuleMinutes, place.edition,
                                place.participant_id)) {
    modules.push_back({r["module_id"].as<std::string>(), r["number"].as<int>(),
                       r["didactic_hours"].as<int64_t>() * hour_minutes,
                       r["attended_minutes"].as<int64_t>()});
  }
  return modules;
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

void AddCompletion(transaction_base& tx, v1::ParticipantTraining& out) {
  auto done = pg::Exec(tx, queries::kSelectCompletion, out.participant());
  if (done.empty()) return;
  out.set_completed(true);
  SetTime(TimeColumn(done[0], "completed_us"), out.mutable_completion_time());
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
  if (pg::Exec(tx, queries::kInsertCompletion, place.participant_id,
               place.edition, attended, planned, TimeParam(now))
          .empty()) {
    return;
  }
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

// The session a mark is recorded for, with what its events carry.
struct MarkedSession {
  v1::Session session;
  std::string edition;
  int module_number = 0;
};

absl::StatusOr<MarkedSession> ReadMarkedSession(transaction_base& tx,
                                                const std::string& id) {
  auto found = pg::Exec(tx, queries::kSelectMarkedSession, id);
  if (found.empty()) return errors::NotFoundInScope("session", id);
  return MarkedSession{rows::SessionFromRow(found[0]),
                       found[0]["edition"].as<std::string>(),
                       found[0]["module_number"].as<int>()};
}

bool Attends(v1::AttendanceStatus status) {
  return status == v1::PRESENT || status == v1::LATE;
}

// The rules' facts of a mark of `place` in `at`.
std::vector<errors::Rule> MarkRulesOf(const MarkedSession& at,
                                      const ParticipantPlace& place,
                                      const Mark& mark) {
  return MarkRules({at.edition, at.session.workshop_group()},
                   {mark.participant_id, place.rostered, place.edition,
                    place.workshop_group, place.declaration_recorded},
                   Attends(mark.status));
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
  auto existing = pg::Exec(tx, queries::kSelectSessionMarks, session_id,
                           mark.participant_id, "");
  const bool same_status =
      !existing.empty() && existing[0]["status"].as<std::string>() == name;
  if (same_status && existing[0]["note"].as<std::string>() == mark.note) {
    return pg::ReadOne<v1::Attendance>(existing[0]);
  }
  auto row =
      pg::Exec1(tx, queries::kUpsertMark, session_id, mark.participant_id, name,
                mark.note, actor.subject, actor.role, TimeParam(now));
  if (!same_status) {
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
  return pg::ReadOne<v1::Attendance>(row);
}

// The one way marks are recorded (a single mark is a sheet of one): the
// session (of `trainer` when given), then the participants' rows locked in
// id order (two sheets never wait on each other in a cycle), every mark
// checked, and only when none is refused each applied in the order given.
absl::StatusOr<SheetOutcome> RecordMarks(transaction_base& tx,
                                         const std::string& session_id,
                                         const std::vector<Mark>& marks,
                                         const std::string& trainer,
                                         absl::Time now, const Actor& actor) {
  auto at = ReadMarkedSession(tx, session_id);
  if (!at.ok()) return at.status();
  if (!trainer.empty() && at->session.trainer() != trainer) {
    return errors::NotFoundInScope("session", session_id);
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
      const errors::Rule rule = UnknownParticipant(mark.participant_id);
      out.refused.push_back({row, rule.type, rule.description});
      continue;
    }
    for (errors::Rule& rule :
         MarkRulesOf(*at, places[mark.participant_id], mark)) {
      out.refused.push_back({row, rule.type, std::move(rule.description)});
    }
  }
  if (!out.refused.empty()) return out;
  auto settings = rows::ReadSettings(tx, at->edition);
  if (!settings.ok()) return settings.status();
  for (const Mark& mark : marks) {
    out.recorded.push_back(ApplyMark(tx, *at, places[mark.participant_id], mark,
                                     *settings, now, actor));
  }
  return out;
}

}  // namespace

absl::StatusOr<ParticipantPlace> AttendanceStore::LocateParticipant(
    const std::string& id) {
  return pg::RunInTransactionFor<ParticipantPlace>(
      pool_, [&](transaction_base& tx) { return ReadPlace(tx, id, false); });
}

absl::StatusOr<v1::Attendance> AttendanceStore::RecordAttendance(
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
          if (refusal.type == UnknownParticipant(participant_id).type) {
            return errors::NotFoundInScope("participant", participant_id);
          }
          rules.push_back({refusal.type,
                           absl::StrCat("participants/", participant_id),
                           refusal.description});
        }
        return errors::RulesNotMet(rules);
      });
}

absl::StatusOr<SheetOutcome> AttendanceStore::RecordSessionAttendance(
    const std::string& session_id, const std::vector<Mark>& marks,
    const std::string& trainer, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<SheetOutcome>(
      pool_, [&](transaction_base& tx) {
        return RecordMarks(tx, session_id, marks, trainer, now, actor);
      });
}

absl::StatusOr<std::vector<v1::Attendance>> AttendanceStore::ListAttendance(
    const std::string& session_id, const std::string& voivodeship,
    const std::string& trainer) {
  return pg::RunInTransactionFor<std::vector<v1::Attendance>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Attendance>> {
        if (pg::Exec(tx, queries::kSelectSessionOf, session_id, trainer)
                .empty()) {
          return errors::NotFoundInScope("session", session_id);
        }
        return pg::ReadAll<v1::Attendance>(pg::Exec(
            tx, queries::kSelectSessionMarks, session_id, "", voivodeship));
      });
}

absl::StatusOr<v1::ParticipantTraining> AttendanceStore::ParticipantTraining(
    const std::string& participant_id, const PlaceScope& scope) {
  return pg::RunInTransactionFor<v1::ParticipantTraining>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::ParticipantTraining> {
        auto place = rows::ReadPlaceInScope(tx, participant_id, scope);
        if (!place.ok()) return place.status();
        v1::ParticipantTraining record =
            TrainingRecord(tx, *place, rows::ReadSettings(tx, place->edition));
        // The person's own record only: ListParticipantTraining (the
        // ministry's bulk source) carries no course or score.
        for (auto& completion : pg::ReadAll<v1::ELearningCompletion>(pg::Exec(
                 tx, queries::kSelectParticipantCompletions, participant_id))) {
          *record.add_elearning() = std::move(completion);
        }
        return record;
      });
}

absl::StatusOr<std::vector<v1::ParticipantTraining>>
AttendanceStore::ListParticipantTraining(const std::string& edition,
                                         const std::string& after_id, int limit,
                                         bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ParticipantTraining>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ParticipantTraining>> {
        const auto places =
            pg::Exec(tx, queries::kSelectEditionPlaces, edition,
                     after_id.empty() ? "00000000-0000-0000-0000-000000000000"
                                      : after_id,
                     limit + 1);
        *more = static_cast<int>(places.size()) > limit;
        const auto settings = rows::ReadSettings(tx, edition);
        std::vector<v1::ParticipantTraining> out;
        for (const auto& r : places) {
          if (static_cast<int>(out.size()) == limit) break;
          out.push_back(TrainingRecord(tx, rows::PlaceFromRow(r), settings));
        }
        return out;
      },
      {pg::Isolation::kSnapshotRead, 3});
}

}  // namespace jstedu::training
