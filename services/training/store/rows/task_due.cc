#include "services/training/store/rows/task_due.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "services/training/domain/plan_dates.h"
#include "services/training/store/rows/plan_events.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

void LockEditionPlan(pqxx::transaction_base& tx, const std::string& edition) {
  pg::Exec(tx, queries::kLockEditionPlan, edition);
}

bool LockPlanOfModule(pqxx::transaction_base& tx,
                      const std::string& module_id) {
  auto found = pg::Exec(tx, queries::kModuleEdition, module_id);
  if (found.empty()) return false;
  LockEditionPlan(tx, found[0]["edition"].as<std::string>());
  return true;
}

void RecomputeDueDates(pqxx::transaction_base& tx, const std::string& edition,
                       const std::string& traceparent) {
  std::vector<DueChange> changes;
  for (const auto& r : pg::Exec(tx, queries::kRecomputeDueDates, edition)) {
    changes.push_back(
        {r["id"].as<std::string>(), TimeColumn(r, "previous_due_us")});
  }
  PublishTaskDueChanges(tx, std::move(changes), traceparent);
}

absl::Status CheckTaskDueDates(pqxx::transaction_base& tx,
                               const std::string& edition) {
  std::vector<errors::Rule> rules;
  for (const auto& r :
       pg::Exec(tx, queries::kSelectTasksDueInModule, edition)) {
    auto problem = TaskDueNotAfterModule(TimeColumn(r, "due_us"),
                                         TimeColumn(r, "module_end_us"));
    rules.push_back(
        {"TASK_DUE_IN_MODULE",
         absl::StrCat("taskDefinitions/", r["definition_id"].as<std::string>()),
         absl::StrCat("a task of module ", r["number"].as<int>(), ": ",
                      problem.value_or(""))});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

}  // namespace jstedu::training::rows
