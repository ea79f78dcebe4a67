#pragma once

// SQL of the case reads and writes several advisory stores share
// (rows/case_row.h, rows/case_changes.h), as named constants with $n
// parameters.

namespace jstedu::advisory::queries {

// A case's columns as ReadCase reads them (times in microseconds since the
// epoch, 0 for none), shared at compile time by the statements that read or
// answer a case; a comma follows.
#define JSTEDU_CASE_COLUMNS                                                 \
  "c.id::text AS id, c.edition, c.application_id::text AS application_id, " \
  "c.teryt, c.voivodeship, c.jst_kind, c.workflow_version, c.stage, "       \
  "c.version, "                                                             \
  "(extract(epoch FROM c.opened_at) * 1000000)::bigint AS opened_time, "    \
  "c.stage_started_on::text AS stage_started_on, "                          \
  "c.stage_due_on::text AS stage_due_on, "                                  \
  "coalesce(c.education_expert::text, '') AS education_expert, "            \
  "coalesce(c.personnel_expert::text, '') AS personnel_expert, "            \
  "coalesce(c.guardian::text, '') AS guardian, "                            \
  "coalesce(c.support_area::text, '') AS support_area, "                    \
  "coalesce(c.agreed_on::text, '') AS agreed_on, "                          \
  "coalesce(c.agreed_by, '') AS agreed_by, "                                \
  "coalesce(c.diagnosis_summary, '') AS diagnosis_summary, "                \
  "(extract(epoch FROM c.schedule_approved_at) * 1000000)::bigint "         \
  "AS schedule_approved_time, "                                             \
  "coalesce(c.plan_document, '') AS plan_document, "                        \
  "coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on, "              \
  "(extract(epoch FROM c.closed_at) * 1000000)::bigint AS closed_time, "

// Case c is in the caller's scope ($2 voivodeship, $3 TERYT, $4 expert
// subject; '' = any): conditions a WHERE clause goes on with.
#define JSTEDU_CASE_IN_SCOPE                                       \
  "   AND ($2 = '' OR c.voivodeship = $2)"                         \
  "   AND ($3 = '' OR c.teryt = $3)"                               \
  "   AND ($4 = '' OR EXISTS (SELECT 1 FROM expert e"              \
  "                            WHERE e.subject = $4"               \
  "                              AND e.id IN (c.education_expert," \
  "                                           c.personnel_expert)))"

// Case $1 locked when it is in the caller's scope ($2 voivodeship, $3
// TERYT, $4 expert subject; '' = any), the end of the statements that lock
// a case (kLockCase, kLockCaseForCommand).
#define JSTEDU_LOCK_CASE_IN_SCOPE \
  " WHERE c.id = $1::uuid" JSTEDU_CASE_IN_SCOPE "   FOR UPDATE OF c"

// The cases matching every filter given ('' = any), ordered by TERYT code
// and id, as the API shows them ($1 = today, for `overdue`):
//   $2 case id                 $3..$5 the caller's scope: voivodeship,
//   TERYT, expert subject (one of the pair)   $6 edition   $7 voivodeship
//   $8 TERYT   $9 stage   $10 expert id (one of the pair)   $11 overdue
//   only (boolean)   $12, $13 after (TERYT, id) of the previous page
//   $14 limit (NULL: all).
inline constexpr char kCases[] = "SELECT " JSTEDU_CASE_COLUMNS R"sql(
       o.overdue
  FROM advisory_case c
 CROSS JOIN LATERAL (
       SELECT c.stage NOT IN ('COMPLETED', 'WITHDRAWN')
              AND (c.stage_due_on < $1::date
                   OR EXISTS (SELECT 1 FROM case_action a
                               WHERE a.case_id = c.id AND a.status = 'PLANNED'
                                 AND a.due_on < $1::date)) AS overdue) o
 WHERE ($2 = '' OR c.id = nullif($2, '')::uuid)
   AND ($3 = '' OR c.voivodeship = $3)
   AND ($4 = '' OR c.teryt = $4)
   AND ($5 = '' OR EXISTS (SELECT 1 FROM expert e
                            WHERE e.subject = $5
                              AND e.id IN (c.education_expert,
                                           c.personnel_expert)))
   AND ($6 = '' OR c.edition = $6)
   AND ($7 = '' OR c.voivodeship = $7)
   AND ($8 = '' OR c.teryt = $8)
   AND ($9 = '' OR c.stage = $9)
   AND ($10 = '' OR nullif($10, '')::uuid IN (c.education_expert,
                                              c.personnel_expert))
   AND (NOT $11::boolean OR o.overdue)
   AND ($12 = '' OR (c.teryt, c.id) > ($12, nullif($13, '')::uuid))
 ORDER BY c.teryt, c.id
 LIMIT $14::bigint)sql";

// The stage and voivodeship of case $1 when it is in the caller's scope
// ($2..$4 as $3..$5 of kCases).
inline constexpr char kCaseInScope[] = R"sql(
SELECT c.stage, c.voivodeship
  FROM advisory_case c
 WHERE c.id = $1::uuid
   AND ($2 = '' OR c.voivodeship = $2)
   AND ($3 = '' OR c.teryt = $3)
   AND ($4 = '' OR EXISTS (SELECT 1 FROM expert e
                            WHERE e.subject = $4
                              AND e.id IN (c.education_expert,
                                           c.personnel_expert))))sql";

// Locks case $1 when it is in the caller's scope ($2..$4 as
// kCaseInScope); no row, and no lock, when it is not there or not the
// caller's.
inline constexpr char kLockCase[] = R"sql(
SELECT c.id::text AS id
  FROM advisory_case c
)sql" JSTEDU_LOCK_CASE_IN_SCOPE;

// Locks case $1 for a command when it is in the caller's scope ($2..$4 as
// kCaseInScope) and reads it in the same statement: kCases' columns but
// `overdue` (a command answers the case as it leaves it), the business
// days its workflow version gives each stage and its guardian's subject.
// No row, and no lock, when it is not there or not the caller's. A row
// locked after a wait is read as the transaction that held it left it;
// the guardian's subject is read as of the statement's start, which can
// differ only for a guardian assigned by that transaction, whose new
// version no client knew when the statement began.
inline constexpr char kLockCaseForCommand[] =
    "SELECT " JSTEDU_CASE_COLUMNS R"sql(
       w.area_choice_days, w.needs_diagnosis_days, w.rollout_days,
       coalesce((SELECT g.subject FROM expert g WHERE g.id = c.guardian), '')
         AS guardian_subject
  FROM advisory_case c
  JOIN workflow_definition w ON w.version = c.workflow_version
)sql" JSTEDU_LOCK_CASE_IN_SCOPE;

// Locks the case of an application ($1 application id), if any.
inline constexpr char kLockCaseOfApplication[] = R"sql(
SELECT id::text AS id FROM advisory_case WHERE application_id = $1::uuid
   FOR UPDATE)sql";

// An action's schools (RSPO numbers, in order), of the case_action row in
// the statement.
#define JSTEDU_ACTION_SCHOOLS                \
  "ARRAY(SELECT s.rspo FROM action_school s" \
  "       WHERE s.action_id = case_action.id ORDER BY s.rspo) AS schools"

// A case's action schedule in order ($1 case id, $2 today for `past_due`).
inline constexpr char kActions[] = R"sql(
SELECT id::text AS id, title, owner, starts_on::text AS starts_on,
       due_on::text AS due_on, status, done_on::text AS done_on,
       coalesce(drop_reason, '') AS drop_reason, due_on < $2::date AS past_due,
       )sql" JSTEDU_ACTION_SCHOOLS R"sql(
  FROM case_action WHERE case_id = $1::uuid ORDER BY position)sql";

// The business days each stage is given by a workflow version ($1).
inline constexpr char kStageDays[] = R"sql(
SELECT area_choice_days, needs_diagnosis_days, rollout_days
  FROM workflow_definition WHERE version = $1)sql";

// A new version of a case that stays in its stage ($1 id, $2 version).
inline constexpr char kBumpVersion[] = R"sql(
UPDATE advisory_case SET version = $2 WHERE id = $1::uuid)sql";

// A case moved to stage $3 on $4 ($1 id, $2 version, $5 due date or NULL,
// $6 closing instant or NULL).
inline constexpr char kMoveStage[] = R"sql(
UPDATE advisory_case
   SET version = $2, stage = $3, stage_started_on = $4::date,
       stage_due_on = $5::date, closed_at = $6::timestamptz
 WHERE id = $1::uuid)sql";

inline constexpr char kInsertHistory[] = R"sql(
INSERT INTO case_history (case_id, at, actor, actor_role, command, from_stage,
                          to_stage, reason, version)
VALUES ($1::uuid, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9))sql";

// The pair and guardian before ($5..$7, NULL when none) and after a change.
inline constexpr char kInsertAssignment[] = R"sql(
INSERT INTO expert_assignment (case_id, at, actor, kind, education_before,
                               personnel_before, guardian_before,
                               education_after, personnel_after,
                               guardian_after, note)
VALUES ($1::uuid, $2::timestamptz, $3, $4, $5::uuid, $6::uuid, $7::uuid,
        $8::uuid, $9::uuid, $10::uuid, $11))sql";

inline constexpr char kExpertSubject[] = R"sql(
SELECT subject FROM expert WHERE id = $1::uuid)sql";

// $4: the ids read, one text[] literal.
inline constexpr char kInsertReadAudit[] = R"sql(
INSERT INTO read_audit (actor, actor_role, what, record_ids)
VALUES ($1, $2, $3, $4::text[]))sql";

}  // namespace jstedu::advisory::queries
