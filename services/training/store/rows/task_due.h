#pragma once

// Task due dates that count from a module: recomputed whenever the
// settings or the edition's modules change (migration 0002's task_due_at()
// is the rule), and checked to fall after their own module ends.

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/status.h"

namespace jstedu::training::rows {

// Takes edition `edition`'s plan lock (a transaction advisory lock) before
// anything its due dates count from is read or changed: every module
// created or moved, task set or given, and settings saved in the edition
// waits for the one before, so no due date is computed from a plan another
// transaction is changing. First of the locks (store/stores.h).
void LockEditionPlan(pqxx::transaction_base& tx, const std::string& edition);

// LockEditionPlan for module `module_id`'s edition; false when there is no
// such module (then nothing is locked).
bool LockPlanOfModule(pqxx::transaction_base& tx, const std::string& module_id);

// Recomputes the due dates of the edition's tasks that count from a next
// module (its start moved, or it was just created), and publishes
// TaskDueChanged for each task whose due time changed.
void RecomputeDueDates(pqxx::transaction_base& tx, const std::string& edition,
                       const std::string& traceparent);

// FailedPrecondition TASK_DUE_IN_MODULE naming each task definition of the
// edition that is not due after its module ends.
absl::Status CheckTaskDueDates(pqxx::transaction_base& tx,
                               const std::string& edition);

}  // namespace jstedu::training::rows
