#pragma once

// SQL of TaskStore (implementation tasks), as named constants with $n
// parameters.

namespace jstedu::training::queries {

inline constexpr char kNextModuleExists[] = R"sql(
SELECT 1 FROM module WHERE edition = $1 AND number > $2)sql";

inline constexpr char kNewDefinitionId[] =
    R"sql(SELECT gen_random_uuid()::text AS id)sql";

inline constexpr char kInsertTaskDefinition[] = R"sql(
INSERT INTO task_definition (id, module_id, title, description,
                             due_days_before, due_fixed, created_by)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, nullif($6, '')::timestamptz, $7))sql";

inline constexpr char kTaskDueAt[] = R"sql(
SELECT coalesce((extract(epoch from task_due_at($1::uuid)) * 1000000)::bigint,
                0) AS due_us)sql";

// One task of definition $1 per JST qualified (and not withdrawn) in
// edition $2.
inline constexpr char kInsertRosterTasks[] = R"sql(
INSERT INTO task (id, definition_id, application_id, teryt, voivodeship,
                  status, due_at)
SELECT gen_random_uuid(), $1::uuid, j.application_id, j.teryt, j.voivodeship,
       'OPEN', task_due_at($1::uuid)
  FROM roster_jst j
 WHERE j.edition = $2 AND j.qualified_at IS NOT NULL
   AND j.withdrawn_at IS NULL
RETURNING id::text AS id)sql";

// A task as TaskFromRow reads it (instants in microseconds since the epoch,
// 0 for none), with its definition d and module m, followed by a WHERE
// clause: a SELECT shared, at compile time, by the task queries.
#define JSTEDU_TRAINING_TASK_SELECT                                           \
  "SELECT t.id::text AS id, t.definition_id::text AS definition, "            \
  "d.module_id::text AS module, m.edition, t.teryt, t.voivodeship, "          \
  "d.title, d.description, "                                                  \
  "coalesce((extract(epoch from t.due_at) * 1000000)::bigint, 0) AS due_us, " \
  "t.status AS stored_status, t.report, t.comment, "                          \
  "coalesce((extract(epoch from t.update_time) * 1000000)::bigint, 0) "       \
  "  AS update_time "                                                         \
  "FROM task t "                                                              \
  "JOIN task_definition d ON d.id = t.definition_id "                         \
  "JOIN module m ON m.id = d.module_id "

inline constexpr char kSelectDefinitionTasks[] =
    JSTEDU_TRAINING_TASK_SELECT R"sql(
 WHERE t.definition_id = $1::uuid
 ORDER BY t.teryt, t.id)sql";

inline constexpr char kSelectTask[] = JSTEDU_TRAINING_TASK_SELECT R"sql(
 WHERE t.id = $1::uuid)sql";

// A page of tasks: edition $1, voivodeship $2, TERYT $3, reviewer $4,
// module $5 ("" = any of each); only overdue ones at $7 when $6 (open or
// returned, past due, the JST not withdrawn); after ($9, $10) when $8; at
// most $11.
inline constexpr char kSelectTasks[] = JSTEDU_TRAINING_TASK_SELECT R"sql(
 WHERE ($1 = '' OR m.edition = $1)
   AND ($2 = '' OR t.voivodeship = $2)
   AND ($3 = '' OR t.teryt = $3)
   AND ($4 = '' OR EXISTS (SELECT 1 FROM task_reviewer r
                            WHERE r.edition = m.edition AND r.teryt = t.teryt
                              AND r.expert = $4))
   AND ($5 = '' OR d.module_id::text = $5)
   AND (NOT $6 OR (t.status IN ('OPEN', 'RETURNED')
                   AND t.due_at < $7::timestamptz
                   AND NOT EXISTS (SELECT 1 FROM roster_jst w
                                    WHERE w.application_id = t.application_id
                                      AND w.withdrawn_at IS NOT NULL)))
   AND (NOT $8 OR (t.due_at, t.id) > ($9::timestamptz, $10::uuid))
 ORDER BY t.due_at, t.id
 LIMIT $11)sql";

// Task $1's status and JST, its row locked for the change.
inline constexpr char kSelectTaskForChange[] = R"sql(
SELECT t.status, m.edition, t.teryt, t.voivodeship
  FROM task t
  JOIN task_definition d ON d.id = t.definition_id
  JOIN module m ON m.id = d.module_id
 WHERE t.id = $1::uuid
   FOR UPDATE OF t)sql";

inline constexpr char kReviews[] = R"sql(
SELECT 1 FROM task_reviewer WHERE edition = $1 AND teryt = $2 AND expert = $3)sql";

inline constexpr char kSubmitTask[] = R"sql(
UPDATE task SET status = $2, report = $3, update_time = now(),
                revision = revision + 1
 WHERE id = $1::uuid)sql";

inline constexpr char kReviewTask[] = R"sql(
UPDATE task SET status = $2, comment = $3, update_time = now(),
                revision = revision + 1
 WHERE id = $1::uuid)sql";

inline constexpr char kInsertTaskHistory[] = R"sql(
INSERT INTO task_history (task_id, at, actor, role, from_status, to_status,
                          comment)
VALUES ($1::uuid, $2::timestamptz, $3, $4, $5, $6, $7))sql";

}  // namespace jstedu::training::queries
