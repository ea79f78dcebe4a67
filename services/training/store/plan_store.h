#pragma once

// An edition's plan (migration 0002): its modules (with their rooms) and
// their sessions, and the edition's period they must lie within
// (migration 0004, from recruitment's EditionChanged).
//
// Each method is one transaction. Rules that need the database are checked
// in it: module order (numbers follow dates), conflicts of a new session
// with the module's sessions and with the trainer's sessions anywhere, task
// due dates after their module. Locks, in this order: the module row FOR
// UPDATE (creating or moving sessions), then a per-trainer advisory lock.
//
// Thread-safe (each call takes its own pooled connection).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "common/time/civil_time.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/domain/plan_dates.h"

namespace jstedu::training {

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

class PlanStore {
 public:
  explicit PlanStore(pg::Pool& pool) : pool_(pool) {}

  // The edition's period as recruitment's EditionChanged told training
  // (migration 0004); nullopt while no such event has arrived.
  absl::StatusOr<std::optional<EditionPeriod>> EditionPeriodOf(
      const std::string& edition);
  // FailedPrecondition TRAINING_SETTINGS without the edition's settings,
  // MODULE_ORDER out of date order; AlreadyExists for a number taken.
  // Refuses (FailedPrecondition, TASK_DUE_IN_MODULE) a module that would
  // make a task of the edition due before its module ends (the next module
  // that relative due dates count from changes).
  // Publishes ModuleScheduled, and TaskDueChanged for each task whose due
  // time the new module changes.
  absl::StatusOr<v1::Module> CreateModule(const std::string& edition,
                                          const ModuleInput& input,
                                          const std::string& traceparent);
  absl::StatusOr<std::vector<v1::Module>> ListModules(
      const std::string& edition);
  // `edition`'s modules after id `after_id` (up to `limit`; `*more` when
  // another page follows), as their events tell them, with their trainers
  // and sign-ups (the notifications service's backfill).
  absl::StatusOr<std::vector<v1::ModuleFactsEntry>> ListModuleFacts(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);
  absl::StatusOr<v1::Module> GetModule(const std::string& id);
  // Shifts the module, its sessions and sign-up deadline by whole days in
  // local time (wall-clock times kept), and recomputes dependent due dates.
  // A session with attendance marks keeps its length (marks count the
  // minutes it had when recorded): a move that would change it across a
  // change of clocks is FailedPrecondition (MARKED_SESSION_LENGTH); so is
  // one that would make a task due before its module ends
  // (TASK_DUE_IN_MODULE). The edition's period is the service's to check.
  // Publishes ModuleMoved and a TaskDueChanged for each task whose due
  // time moved; a move to the module's own first day changes nothing.
  absl::StatusOr<v1::Module> MoveModule(const std::string& id,
                                        absl::CivilDay new_first_day,
                                        AmbiguousTime ambiguous,
                                        const std::string& traceparent);

  // FailedPrecondition naming each conflict the new session would make
  // (OUTSIDE_MODULE, the plan's conflicts, TRAINER_DOUBLE_BOOKED).
  // Publishes SessionScheduled.
  absl::StatusOr<v1::Session> CreateSession(const std::string& module_id,
                                            const SessionInput& input,
                                            const std::string& traceparent);
  absl::StatusOr<std::vector<v1::Session>> ListSessions(
      const std::string& module_id);
  absl::StatusOr<v1::ValidateModuleResponse> ValidateModule(
      const std::string& module_id);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
