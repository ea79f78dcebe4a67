#pragma once

// Implementation tasks (migration 0002; reviewers from advisory's events,
// migration 0003): a definition per module, one task per qualified JST,
// submitted by the JST and reviewed by its guardian or the office.
//
// Each method is one transaction; a task's row is locked FOR UPDATE for
// its own changes, and every change is kept in task_history.
//
// Thread-safe (each call takes its own pooled connection).

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/domain/task_status.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

using rows::Actor;

// What a task belongs to (its JST).
struct JstPlace {
  std::string edition;
  std::string teryt;
  std::string voivodeship;
};

// Whose task a caller may change, checked in ChangeTask's transaction on
// the task's locked row: a task out of scope is NotFound like an unknown
// one.
struct TaskScope {
  // Whether the caller's region covers the task's JST (empty: every JST).
  std::function<bool(const JstPlace&)> covers;
  // An EXPERT's subject: only tasks of the JSTs it reviews ("" = any).
  std::string reviewer;
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

class TaskStore {
 public:
  explicit TaskStore(pg::Pool& pool) : pool_(pool) {}

  // FailedPrecondition NO_NEXT_MODULE when the due date would count from a
  // next module the edition lacks; InvalidArgument naming dueLocal or
  // dueDaysBefore when the task would not be due after its module ends.
  absl::StatusOr<v1::CreateTaskResponse> CreateTask(
      const std::string& module_id, const std::string& title,
      const std::string& description, std::optional<int> due_days_before,
      std::optional<absl::Time> due_fixed, absl::Time now, const Actor& actor);
  absl::StatusOr<std::vector<v1::Task>> ListTasks(const TaskQuery& query,
                                                  bool* more);
  // `edition`'s tasks after id `after_id` (up to `limit`; `*more` when
  // another page follows), as their events tell them (the notifications
  // service's backfill).
  absl::StatusOr<std::vector<v1::TaskFacts>> ListTaskFacts(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);
  // Whether `expert` reviews (is the guardian of) the JST in the edition.
  absl::StatusOr<bool> Reviews(const std::string& expert,
                               const JstPlace& place);
  // NotFound for an unknown task and one outside `scope`;
  // FailedPrecondition TASK_STATUS when the task's status does not allow
  // the action (domain/task_status.h).
  absl::StatusOr<v1::Task> ChangeTask(const std::string& id, TaskAction action,
                                      const std::string& text,
                                      const TaskScope& scope, absl::Time now,
                                      const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
