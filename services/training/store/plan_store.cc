#include "services/training/store/plan_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/domain/didactic_hours.h"
#include "services/training/domain/plan_conflicts.h"
#include "services/training/domain/plan_rules.h"
#include "services/training/store/plan_queries.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/rows/plan_events.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/session.h"
#include "services/training/store/rows/settings.h"
#include "services/training/store/rows/task_due.h"
#include "services/training/store/rows/values.h"
#include "services/training/store/table_queries.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;
using rows::ReadModule;
using rows::SessionFromRow;
using rows::TimeOf;
using rows::TimeParam;

std::string NewId(transaction_base& tx) {
  return pg::Exec1(tx, queries::kNewId)["id"].as<std::string>();
}

// Module `number` of the edition placed at [start, end) against the
// edition's others (`self_id` excluded; "" for a new module).
absl::Status CheckModuleOrder(transaction_base& tx, const std::string& edition,
                              const std::string& self_id, int number,
                              absl::Time start, absl::Time end) {
  std::vector<PlacedModule> others;
  for (const auto& r : pg::Exec(tx, queries::kOtherModules, edition, self_id)) {
    others.push_back({r["id"].as<std::string>(), r["number"].as<int>(),
                      rows::TimeColumn(r, "start_us"),
                      rows::TimeColumn(r, "end_us")});
  }
  return ModuleOrder(number, start, end, others);
}

// The sessions a move resizes, with whether each has marks.
absl::Status KeepMarkedLengths(transaction_base& tx,
                               const std::vector<std::string>& resized) {
  std::vector<ResizedSession> sessions;
  for (const std::string& session : resized) {
    sessions.push_back(
        {session, !pg::Exec(tx, queries::kSessionHasMarks, session).empty()});
  }
  return MarkedSessionsKeepLength(sessions);
}

std::optional<EditionPeriod> ReadEditionPeriod(transaction_base& tx,
                                               const std::string& edition) {
  auto rows = pg::Exec(tx, queries::kSelectEditionPeriod, edition);
  absl::CivilDay starts, ends;
  if (rows.empty() ||
      !absl::ParseCivilTime(rows[0]["starts_on"].as<std::string>(), &starts) ||
      !absl::ParseCivilTime(rows[0]["ends_on"].as<std::string>(), &ends)) {
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

std::vector<v1::Session> ReadSessions(transaction_base& tx,
                                      const std::string& module_id) {
  std::vector<v1::Session> sessions;
  for (const auto& r :
       pg::Exec(tx, queries::kSelectModuleSessions, module_id)) {
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

GroupSizes RosterSizes(transaction_base& tx, const std::string& edition) {
  GroupSizes sizes;
  for (const auto& r : pg::Exec(tx, queries::kRosterSizes, edition)) {
    sizes[r["workshop_group"].as<int>()] = r["size"].as<int>();
  }
  return sizes;
}

std::vector<v1::Session> TrainerSessionsElsewhere(transaction_base& tx,
                                                  const std::string& trainer,
                                                  const std::string& module_id,
                                                  absl::Time start,
                                                  absl::Time end) {
  std::vector<v1::Session> sessions;
  for (const auto& r : pg::Exec(tx, queries::kTrainerSessionsElsewhere, trainer,
                                module_id, TimeParam(start), TimeParam(end))) {
    sessions.push_back(SessionFromRow(r));
  }
  return sessions;
}

// A session moved: its id and new [start, end).
struct MovedSession {
  std::string id;
  std::string trainer;
  absl::Time start;
  absl::Time end;
};

// Trainers booked elsewhere at the sessions' new times.
absl::Status CheckTrainersAfterMove(transaction_base& tx,
                                    const std::string& module_id,
                                    const std::vector<MovedSession>& sessions) {
  std::vector<TrainerClash> clashes;
  for (const MovedSession& s : sessions) {
    for (const v1::Session& other :
         TrainerSessionsElsewhere(tx, s.trainer, module_id, s.start, s.end)) {
      clashes.push_back({s.id, other.id(), other.trainer()});
    }
  }
  return TrainersFreeAfterMove(clashes);
}

}  // namespace

absl::StatusOr<std::optional<EditionPeriod>> PlanStore::EditionPeriodOf(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::optional<EditionPeriod>>(
      pool_,
      [&](transaction_base& tx) { return ReadEditionPeriod(tx, edition); });
}

absl::StatusOr<v1::Module> PlanStore::CreateModule(
    const std::string& edition, const ModuleInput& in,
    const std::string& traceparent) {
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Module> {
        rows::LockEditionPlan(tx, edition);
        auto settings = rows::ReadSettings(tx, edition, /*lock=*/true);
        if (!settings.ok()) {
          return errors::RulesNotMet(
              {{"TRAINING_SETTINGS", absl::StrCat("editions/", edition),
                std::string(settings.status().message())}});
        }
        if (!pg::Exec(tx, queries::kModuleNumberTaken, edition, in.number)
                 .empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "the edition already has a module number ", in.number));
        }
        if (auto order =
                CheckModuleOrder(tx, edition, "", in.number, in.start, in.end);
            !order.ok()) {
          return order;
        }
        const std::string id = NewId(tx);
        pg::Exec(tx, queries::kInsertModule, id, edition, in.number, in.title,
                 in.venue, TimeParam(in.start), TimeParam(in.end),
                 in.third_week_of, in.didactic_hours,
                 in.signup_deadline ? TimeParam(*in.signup_deadline) : "",
                 in.shuttle_seats, in.parking_places);
        for (const v1::Room& room : in.rooms) {
          pg::Exec(tx, queries::kInsertModuleRoom, id, room.id(), room.name(),
                   room.capacity());
        }
        rows::PublishModuleScheduled(tx, id, traceparent);
        rows::RecomputeDueDates(tx, edition, traceparent);
        if (auto due = rows::CheckTaskDueDates(tx, edition); !due.ok()) {
          return due;
        }
        return ReadModule(tx, id);
      });
}

absl::StatusOr<std::vector<v1::Module>> PlanStore::ListModules(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::vector<v1::Module>>(
      pool_, [&](transaction_base& tx) {
        std::vector<v1::Module> modules;
        for (const auto& r :
             pg::Exec(tx, queries::kSelectEditionModules, edition)) {
          modules.push_back(rows::ModuleFromRow(r));
          rows::LoadRooms(tx, modules.back());
        }
        return modules;
      });
}

absl::StatusOr<std::vector<v1::ModuleFactsEntry>> PlanStore::ListModuleFacts(
    const std::string& edition, const std::string& after_id, int limit,
    bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ModuleFactsEntry>>(
      pool_, [&](transaction_base& tx) {
        const pqxx::result rows = pg::Exec(tx, queries::kModuleFactsPage,
                                           edition, after_id, limit + 1);
        *more = static_cast<int>(rows.size()) > limit;
        std::vector<v1::ModuleFactsEntry> entries;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(entries.size()) == limit) break;
          v1::ModuleFactsEntry& entry = entries.emplace_back();
          pg::ReadColumns(row, &entry);
          pg::ReadColumns(row, entry.mutable_module());
        }
        return entries;
      });
}

absl::StatusOr<v1::Module> PlanStore::GetModule(const std::string& id) {
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) { return ReadModule(tx, id); });
}

absl::StatusOr<v1::Module> PlanStore::MoveModule(
    const std::string& id, absl::CivilDay new_first_day,
    AmbiguousTime ambiguous, const std::string& traceparent) {
  auto zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();
  return pg::RunInTransactionFor<v1::Module>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Module> {
        rows::LockPlanOfModule(tx, id);
        auto module = ReadModule(tx, id, /*lock=*/true);
        if (!module.ok()) return module.status();
        const absl::Time start = TimeOf(module->start_time());
        const int64_t days =
            new_first_day - absl::CivilDay(absl::ToCivilSecond(start, *zone));
        if (days == 0) return module;
        // Expert tables are opened in a planned module; their slots and
        // bookings do not move with it.
        std::vector<errors::Rule> slots;
        for (const pqxx::row& slot :
             pg::Exec(tx, queries::kModuleSlotIds, id)) {
          slots.push_back(
              {"MODULE_HAS_TABLE_SLOTS",
               absl::StrCat("table-slots/", slot["id"].as<std::string>()),
               "a module with expert-table slots does not move: its slots "
               "and their bookings are at fixed times"});
        }
        if (!slots.empty()) return errors::RulesNotMet(slots);
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
        std::vector<MovedSession> sessions;
        std::vector<std::string> resized;
        for (const v1::Session& s : ReadSessions(tx, id)) {
          auto a = shift(TimeOf(s.start_time()), "session " + s.id());
          auto b = shift(TimeOf(s.end_time()), "session " + s.id());
          if (!a || !b) continue;
          sessions.push_back({s.id(), s.trainer(), *a, *b});
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
        pg::Exec(tx, queries::kMoveModule, id, TimeParam(*new_start),
                 TimeParam(*new_end),
                 new_deadline ? TimeParam(*new_deadline) : "");
        for (const MovedSession& s : sessions) {
          pg::Exec(tx, queries::kMoveSession, s.id, TimeParam(s.start),
                   TimeParam(s.end));
        }
        if (auto free = CheckTrainersAfterMove(tx, id, sessions); !free.ok()) {
          return free;
        }
        rows::PublishModuleMoved(tx, *module, traceparent);
        rows::RecomputeDueDates(tx, module->edition(), traceparent);
        if (auto due = rows::CheckTaskDueDates(tx, module->edition());
            !due.ok()) {
          return due;
        }
        return ReadModule(tx, id);
      });
}

absl::StatusOr<v1::Session> PlanStore::CreateSession(
    const std::string& module_id, const SessionInput& in,
    const std::string& traceparent) {
  return pg::RunInTransactionFor<v1::Session>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Session> {
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        pg::Exec(tx, queries::kLockTrainer,
                 absl::StrCat("training.trainer:", in.trainer));
        const std::string id = NewId(tx);
        NewSessionFacts facts{{id, in.start, in.end, in.workshop_group, in.room,
                               in.trainer, in.thematic_area},
                              TimeOf(module->start_time()),
                              TimeOf(module->end_time()),
                              module->starts_local(),
                              module->ends_local(),
                              {},
                              PlanRooms(*module),
                              RosterSizes(tx, module->edition()),
                              {},
                              {}};
        for (const v1::Session& s : ReadSessions(tx, module_id)) {
          facts.module_sessions.push_back(Planned(s));
        }
        for (const v1::Session& other : TrainerSessionsElsewhere(
                 tx, in.trainer, module_id, in.start, in.end)) {
          facts.trainer_elsewhere.push_back({other.id(), other.module(),
                                             other.starts_local(),
                                             other.ends_local()});
        }
        for (const pqxx::row& slot :
             pg::Exec(tx, queries::kTrainerSlots, in.trainer,
                      TimeParam(in.start), TimeParam(in.end))) {
          facts.trainer_table_slots.push_back(
              {slot["id"].as<std::string>(),
               slot["module_id"].as<std::string>(),
               rows::Local(
                   absl::FromUnixMicros(slot["start_us"].as<int64_t>())),
               rows::Local(
                   absl::FromUnixMicros(slot["end_us"].as<int64_t>()))});
        }
        if (auto allowed = NewSessionRules(facts); !allowed.ok()) {
          return allowed;
        }
        pg::Exec(tx, queries::kInsertSession, id, module_id,
                 TimeParam(in.start), TimeParam(in.end), in.thematic_area,
                 in.workshop_group, in.room, in.trainer, in.title);
        v1::Session session =
            SessionFromRow(pg::Exec1(tx, queries::kSelectSession, id));
        rows::PublishSessionScheduled(tx, session, module->edition(),
                                      traceparent);
        return session;
      });
}

absl::StatusOr<std::vector<v1::Session>> PlanStore::ListSessions(
    const std::string& module_id) {
  return pg::RunInTransactionFor<std::vector<v1::Session>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Session>> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        return ReadSessions(tx, module_id);
      });
}

absl::StatusOr<v1::ValidateModuleResponse> PlanStore::ValidateModule(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::ValidateModuleResponse>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::ValidateModuleResponse> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        auto settings = rows::ReadSettings(tx, module->edition());
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
          b->set_planned_hours(rows::HoursText(balance->planned_minutes, hour));
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

}  // namespace jstedu::training
