#include "services/advisory/store/workflow_definition_store.h"

#include <pqxx/pqxx>

#include "common/pg/time.h"
#include "common/pg/transaction.h"
#include "services/advisory/store/workflow_definition_queries.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;

v1::WorkflowDefinition ReadDefinition(const pqxx::row& r) {
  v1::WorkflowDefinition d;
  d.set_version(r["version"].as<int>());
  d.set_area_choice_days(r["area_choice_days"].as<int>());
  d.set_needs_diagnosis_days(r["needs_diagnosis_days"].as<int>());
  d.set_rollout_days(r["rollout_days"].as<int>());
  d.set_note(r["note"].as<std::string>());
  if (auto time = pg::OptionalTime(r["published_micros"])) {
    *d.mutable_published_time() = *time;
  }
  return d;
}

}  // namespace

absl::StatusOr<std::vector<v1::WorkflowDefinition>>
WorkflowDefinitionStore::List() {
  return pg::RunInTransactionFor<std::vector<v1::WorkflowDefinition>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::WorkflowDefinition>> {
        std::vector<v1::WorkflowDefinition> out;
        for (const auto& r : tx.exec(queries::kWorkflowDefinitions)) {
          out.push_back(ReadDefinition(r));
        }
        return out;
      });
}

absl::StatusOr<v1::WorkflowDefinition> WorkflowDefinitionStore::Publish(
    const v1::WorkflowDefinition& definition, const Actor& actor) {
  return pg::RunInTransactionFor<v1::WorkflowDefinition>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::WorkflowDefinition> {
        tx.exec(queries::kLockWorkflowDefinitions);
        auto r = tx.exec_params1(
            queries::kPublishWorkflowDefinition, definition.area_choice_days(),
            definition.needs_diagnosis_days(), definition.rollout_days(),
            definition.note(), actor.subject);
        v1::WorkflowDefinition out = definition;
        out.set_version(r["version"].as<int>());
        if (auto time = pg::OptionalTime(r["published_micros"])) {
          *out.mutable_published_time() = *time;
        }
        return out;
      });
}

}  // namespace jstedu::advisory
