#include "services/training/store/task_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/domain/plan_dates.h"
#include "services/training/domain/plan_rules.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/rows/plan_events.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/settings.h"
#include "services/training/store/rows/task_due.h"
#include "services/training/store/task_queries.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;
using rows::Local;
using rows::SetTime;
using rows::TimeColumn;
using rows::TimeOf;
using rows::TimeParam;

v1::Task TaskFromRow(const pqxx::row& r, absl::Time now) {
  v1::Task t = pg::ReadOne<v1::Task>(r);
  const absl::Time due = TimeColumn(r, "due_us");
  SetTime(due, t.mutable_due_time());
  t.set_due_local(Local(due));
  const std::string status = r["stored_status"].as<std::string>();
  v1::TaskStatus parsed = v1::TASK_STATUS_UNSPECIFIED;
  v1::TaskStatus_Parse(absl::StrCat("TASK_", status), &parsed);
  t.set_status(parsed);
  t.set_overdue(AwaitsJst(status) && due < now);
  return t;
}

}  // namespace

absl::StatusOr<v1::CreateTaskResponse> TaskStore::CreateTask(
    const std::string& module_id, const std::string& title,
    const std::string& description, std::optional<int> due_days_before,
    std::optional<absl::Time> due_fixed, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::CreateTaskResponse>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::CreateTaskResponse> {
        rows::LockPlanOfModule(tx, module_id);
        auto module = rows::ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        auto settings = rows::ReadSettings(tx, module->edition());
        if (!settings.ok()) return settings.status();
        std::optional<int> days = due_days_before;
        if (!days && !due_fixed) days = settings->task_due_days_before();
        if (auto next = NextModuleToCountFrom(
                module_id, days.has_value(),
                !pg::Exec(tx, queries::kNextModuleExists, module->edition(),
                          module->number())
                     .empty());
            !next.ok()) {
          return next;
        }
        const std::string definition =
            pg::Exec1(tx, queries::kNewDefinitionId)["id"].as<std::string>();
        pg::Exec(tx, queries::kInsertTaskDefinition, definition, module_id,
                 title, description, days,
                 due_fixed ? TimeParam(*due_fixed) : "", actor.subject);
        const absl::Time due = TimeColumn(
            pg::Exec1(tx, queries::kTaskDueAt, definition), "due_us");
        if (auto late =
                TaskDueNotAfterModule(due, TimeOf(module->end_time()))) {
          return errors::InvalidField(
              due_fixed ? "dueLocal" : "dueDaysBefore",
              due_days_before || due_fixed
                  ? *late
                  : absl::StrCat(*late, " (the edition's default of ", *days,
                                 " days before the next module)"));
        }
        std::vector<std::string> assigned;
        for (const auto& r : pg::Exec(tx, queries::kInsertRosterTasks,
                                      definition, module->edition())) {
          assigned.push_back(r["id"].as<std::string>());
        }
        rows::PublishTasksAssigned(tx, assigned, actor.traceparent);
        v1::CreateTaskResponse out;
        out.set_definition(definition);
        for (const auto& r :
             pg::Exec(tx, queries::kSelectDefinitionTasks, definition)) {
          *out.add_tasks() = TaskFromRow(r, now);
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::TaskFacts>> TaskStore::ListTaskFacts(
    const std::string& edition, const std::string& after_id, int limit,
    bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::TaskFacts>>(
      pool_, [&](pqxx::transaction_base& tx) {
        std::vector<v1::TaskFacts> tasks = pg::ReadAll<v1::TaskFacts>(pg::Exec(
            tx, queries::kTaskFactsPage, edition, after_id, limit + 1));
        *more = static_cast<int>(tasks.size()) > limit;
        if (*more) tasks.resize(limit);
        return tasks;
      });
}

absl::StatusOr<std::vector<v1::Task>> TaskStore::ListTasks(const TaskQuery& q,
                                                           bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Task>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Task>> {
        auto rows = pg::Exec(
            tx, queries::kSelectTasks, q.edition, q.voivodeship, q.teryt,
            q.reviewer, q.module_id, q.overdue_only, TimeParam(q.now),
            q.after.has_value(),
            q.after ? TimeParam(q.after->first) : TimeParam(absl::UnixEpoch()),
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

absl::StatusOr<bool> TaskStore::Reviews(const std::string& expert,
                                        const JstPlace& place) {
  return pg::RunInTransactionFor<bool>(pool_, [&](transaction_base& tx) {
    return !pg::Exec(tx, queries::kReviews, place.edition, place.teryt, expert)
                .empty();
  });
}

absl::StatusOr<v1::Task> TaskStore::ChangeTask(
    const std::string& id, TaskAction action, const std::string& text,
    const TaskScope& scope, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Task>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Task> {
        auto found = pg::Exec(tx, queries::kSelectTaskForChange, id);
        if (found.empty()) return errors::NotFoundInScope("task", id);
        const JstPlace place{found[0]["edition"].as<std::string>(),
                             found[0]["teryt"].as<std::string>(),
                             found[0]["voivodeship"].as<std::string>()};
        const bool in_scope = (!scope.covers || scope.covers(place)) &&
                              (scope.reviewer.empty() ||
                               !pg::Exec(tx, queries::kReviews, place.edition,
                                         place.teryt, scope.reviewer)
                                    .empty());
        if (!in_scope) return errors::NotFoundInScope("task", id);
        const std::string from = found[0]["status"].as<std::string>();
        auto to = TaskStatusAfter(id, from, action);
        if (!to.ok()) return to.status();
        pg::Exec(tx,
                 action == TaskAction::kSubmit ? queries::kSubmitTask
                                               : queries::kReviewTask,
                 id, *to, text);
        pg::Exec(tx, queries::kInsertTaskHistory, id, TimeParam(now),
                 actor.subject, actor.role, from, *to,
                 action == TaskAction::kSubmit ? "" : text);
        rows::PublishTaskStatusChanged(tx, id, from, now, actor.traceparent);
        return TaskFromRow(pg::Exec1(tx, queries::kSelectTask, id), now);
      });
}

}  // namespace jstedu::training
