#pragma once

// SQL of the workflow commands (CaseCommandStore) beyond the shared case
// reads and writes (rows/case_queries.h), as named constants with $n
// parameters.

#include "services/advisory/store/rows/case_queries.h"

namespace jstedu::advisory::queries {

// Support area $1 when it is in edition $2's catalogue.
inline constexpr char kSupportAreaOfEdition[] = R"sql(
SELECT 1 FROM support_area WHERE id = $1::uuid AND edition = $2)sql";

inline constexpr char kDeleteActions[] = R"sql(
DELETE FROM case_action WHERE case_id = $1::uuid)sql";

// Case $1's action schedule, one action per element of the arrays (text[]
// literals, common/pg/arrays.h), positions 1, 2, … in their order: $2
// titles, $3 owners, $4 starts, $5 due dates; answers the actions as
// rows/case_queries.h kActions does ($6 = today for `past_due`).
inline constexpr char kInsertActions[] = R"sql(
WITH inserted AS (
INSERT INTO case_action (id, case_id, position, title, owner, starts_on,
                         due_on)
SELECT gen_random_uuid(), $1::uuid, a.position, a.title, a.owner,
       a.starts_on::date, a.due_on::date
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
       WITH ORDINALITY AS a (title, owner, starts_on, due_on, position)
RETURNING id::text AS id, title, owner, starts_on::text AS starts_on,
          due_on::text AS due_on, status, done_on::text AS done_on,
          coalesce(drop_reason, '') AS drop_reason,
          due_on < $6::date AS past_due, position)
SELECT * FROM inserted ORDER BY position)sql";

// Action $1 of case $2 done on $3; answers it as kActions does ($4 =
// today).
inline constexpr char kCompleteAction[] = R"sql(
UPDATE case_action SET status = 'DONE', done_on = $3::date
 WHERE id = $1::uuid AND case_id = $2::uuid
RETURNING id::text AS id, title, owner, starts_on::text AS starts_on,
          due_on::text AS due_on, status, done_on::text AS done_on,
          coalesce(drop_reason, '') AS drop_reason,
          due_on < $4::date AS past_due, )sql" JSTEDU_ACTION_SCHOOLS;

// Action $1 of case $2 dropped for reason $3; answers it as kActions does
// ($4 = today).
inline constexpr char kDropAction[] = R"sql(
UPDATE case_action SET status = 'DROPPED', drop_reason = $3
 WHERE id = $1::uuid AND case_id = $2::uuid
RETURNING id::text AS id, title, owner, starts_on::text AS starts_on,
          due_on::text AS due_on, status, done_on::text AS done_on,
          coalesce(drop_reason, '') AS drop_reason,
          due_on < $4::date AS past_due, )sql" JSTEDU_ACTION_SCHOOLS;

// A command's write of case $1 in one statement: the command's own columns
// (NULL: unchanged), the next version $2 in stage $3, and its case_history
// row. A case moving to another stage starts it on $4 (today), is due on
// $5 (NULL once closed) and closed at $6 (NULL while open); one staying in
// its stage keeps its dates. Answers the case as rows/case_queries.h kCases
// does, `overdue` on $4.
//   $7..$9 education expert, personnel expert, guardian
//   $10..$12 support area, agreed on, agreed by
//   $13 diagnosis summary   $14, $15 schedule approved at, by
//   $16, $17 plan document, adopted on
//   history: $18 at, $19 actor, $20 actor role, $21 command,
//   $22 from stage, $23 reason
inline constexpr char kAdvanceCase[] = R"sql(
WITH moved AS (
UPDATE advisory_case c
   SET version = $2, stage = $3,
       stage_started_on = CASE WHEN c.stage = $3 THEN c.stage_started_on
                               ELSE $4::date END,
       stage_due_on = CASE WHEN c.stage = $3 THEN c.stage_due_on
                           ELSE $5::date END,
       closed_at = CASE WHEN c.stage = $3 THEN c.closed_at
                        ELSE $6::timestamptz END,
       education_expert = coalesce($7::uuid, c.education_expert),
       personnel_expert = coalesce($8::uuid, c.personnel_expert),
       guardian = coalesce($9::uuid, c.guardian),
       support_area = coalesce($10::uuid, c.support_area),
       agreed_on = coalesce($11::date, c.agreed_on),
       agreed_by = coalesce($12, c.agreed_by),
       diagnosis_summary = coalesce($13, c.diagnosis_summary),
       schedule_approved_at = coalesce($14::timestamptz,
                                       c.schedule_approved_at),
       schedule_approved_by = coalesce($15, c.schedule_approved_by),
       plan_document = coalesce($16, c.plan_document),
       plan_adopted_on = coalesce($17::date, c.plan_adopted_on)
 WHERE c.id = $1::uuid
RETURNING
)sql" JSTEDU_CASE_COLUMNS R"sql(
       c.stage NOT IN ('COMPLETED', 'WITHDRAWN')
         AND (c.stage_due_on < $4::date
              OR EXISTS (SELECT 1 FROM case_action a
                          WHERE a.case_id = c.id AND a.status = 'PLANNED'
                            AND a.due_on < $4::date)) AS overdue),
history AS (
INSERT INTO case_history (case_id, at, actor, actor_role, command, from_stage,
                          to_stage, reason, version)
SELECT id::uuid, $18::timestamptz, $19, $20, $21, $22, stage, $23, version
  FROM moved)
SELECT * FROM moved)sql";

}  // namespace jstedu::advisory::queries
