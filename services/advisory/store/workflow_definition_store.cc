#include "services/advisory/store/workflow_definition_store.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/advisory/store/workflow_definition_queries.h"

namespace jstedu::advisory {

using pqxx::transaction_base;

absl::StatusOr<std::vector<v1::WorkflowDefinition>>
WorkflowDefinitionStore::List() {
  return pg::RunInTransactionFor<std::vector<v1::WorkflowDefinition>>(
      pool_, [&](transaction_base& tx) {
        return pg::ReadAll<v1::WorkflowDefinition>(
            tx.exec(queries::kWorkflowDefinitions));
      });
}

absl::StatusOr<v1::WorkflowDefinition> WorkflowDefinitionStore::Publish(
    const v1::WorkflowDefinition& definition, const Actor& actor) {
  return pg::RunInTransactionFor<v1::WorkflowDefinition>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::WorkflowDefinition> {
        tx.exec(queries::kLockWorkflowDefinitions);
        auto r = pg::Exec1(
            tx, queries::kPublishWorkflowDefinition,
            definition.area_choice_days(), definition.needs_diagnosis_days(),
            definition.rollout_days(), definition.note(), actor.subject);
        v1::WorkflowDefinition out = definition;
        pg::ReadColumns(r, &out);
        return out;
      });
}

}  // namespace jstedu::advisory
