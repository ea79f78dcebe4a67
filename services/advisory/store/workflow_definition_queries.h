#pragma once

// SQL of the workflow definitions (WorkflowDefinitionStore), as named
// constants with $n parameters.

namespace jstedu::advisory::queries {

// Every version, newest first.
inline constexpr char kWorkflowDefinitions[] = R"sql(
SELECT version, area_choice_days, needs_diagnosis_days, rollout_days, note,
       (extract(epoch FROM published_at) * 1000000)::bigint AS published_time
  FROM workflow_definition ORDER BY version DESC)sql";

// One publisher at a time, so versions are consecutive.
inline constexpr char kLockWorkflowDefinitions[] = R"sql(
LOCK TABLE workflow_definition IN SHARE ROW EXCLUSIVE MODE)sql";

// The next version: $1..$3 the stages' business days, $4 note, $5 who.
inline constexpr char kPublishWorkflowDefinition[] = R"sql(
INSERT INTO workflow_definition (version, area_choice_days,
                                 needs_diagnosis_days, rollout_days, note,
                                 published_by)
SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5
  FROM workflow_definition
RETURNING version,
          (extract(epoch FROM published_at) * 1000000)::bigint
            AS published_time)sql";

}  // namespace jstedu::advisory::queries
