#pragma once

// Training's plan events (training_events.proto, "the plan"): what is due,
// for the services that remind people of it. Each function reads the facts
// it announces from the rows the caller's transaction has just written
// (their revision included) and appends the events to the outbox in that
// transaction, so an event exists exactly when its change commits.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training::rows {

// ModuleScheduled for module `id`, just inserted.
void PublishModuleScheduled(pqxx::transaction_base& tx, const std::string& id,
                            const std::string& traceparent);

// ModuleMoved for a module just moved; `before` is the module as it was.
void PublishModuleMoved(pqxx::transaction_base& tx, const v1::Module& before,
                        const std::string& traceparent);

// SessionScheduled for `session`, just inserted in a module of `edition`.
void PublishSessionScheduled(pqxx::transaction_base& tx,
                             const v1::Session& session,
                             const std::string& edition,
                             const std::string& traceparent);

// TaskAssigned for each task of `task_ids` (just inserted), in id order.
void PublishTasksAssigned(pqxx::transaction_base& tx,
                          const std::vector<std::string>& task_ids,
                          const std::string& traceparent);

// A task whose due time a recomputation changed, and its due time before.
struct DueChange {
  std::string task_id;
  absl::Time previous_due;
};

// TaskDueChanged for each of `changes`, in task id order.
void PublishTaskDueChanges(pqxx::transaction_base& tx,
                           std::vector<DueChange> changes,
                           const std::string& traceparent);

// TaskStatusChanged for task `id`, just changed from `previous_status`
// (the stored name: "OPEN", "SUBMITTED"…) at `at`.
void PublishTaskStatusChanged(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& previous_status, absl::Time at,
                              const std::string& traceparent);

// ModuleSignupMade for a sign-up just made for a module of `edition`.
void PublishSignupMade(pqxx::transaction_base& tx, const v1::Signup& signup,
                       const std::string& edition,
                       const std::string& traceparent);

}  // namespace jstedu::training::rows
