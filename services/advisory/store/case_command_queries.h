#pragma once

// SQL of the workflow commands (CaseCommandStore) beyond the shared case
// reads and writes (rows/case_queries.h), as named constants with $n
// parameters.

namespace jstedu::advisory::queries {

// What the guards need of a case's action schedule ($1 case id).
inline constexpr char kActionCounts[] = R"sql(
SELECT count(*) AS actions,
       count(*) FILTER (WHERE title = '' OR owner = '') AS incomplete,
       count(*) FILTER (WHERE status = 'PLANNED') AS open
  FROM case_action WHERE case_id = $1::uuid)sql";

// Case $1's pair ($2 education, $3 personnel) and guardian ($4).
inline constexpr char kAssignExperts[] = R"sql(
UPDATE advisory_case
   SET education_expert = $2::uuid, personnel_expert = $3::uuid,
       guardian = $4::uuid
 WHERE id = $1::uuid)sql";

// Support area $1 when it is in edition $2's catalogue.
inline constexpr char kSupportAreaOfEdition[] = R"sql(
SELECT 1 FROM support_area WHERE id = $1::uuid AND edition = $2)sql";

// Case $1's area ($2) and the JST's agreement ($3 date, $4 who).
inline constexpr char kChooseArea[] = R"sql(
UPDATE advisory_case
   SET support_area = $2::uuid, agreed_on = $3::date, agreed_by = $4
 WHERE id = $1::uuid)sql";

inline constexpr char kDeleteActions[] = R"sql(
DELETE FROM case_action WHERE case_id = $1::uuid)sql";

// Action $2 of case $1's schedule: $3 title, $4 owner, $5 start, $6 due.
inline constexpr char kInsertAction[] = R"sql(
INSERT INTO case_action (id, case_id, position, title, owner, starts_on,
                         due_on)
VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5::date, $6::date))sql";

inline constexpr char kSetDiagnosisSummary[] = R"sql(
UPDATE advisory_case SET diagnosis_summary = $2 WHERE id = $1::uuid)sql";

// Case $1's schedule approved at $2 by $3.
inline constexpr char kApproveSchedule[] = R"sql(
UPDATE advisory_case
   SET schedule_approved_at = $2::timestamptz, schedule_approved_by = $3
 WHERE id = $1::uuid)sql";

// Case $1's local quality plan: $2 document reference, $3 adoption date.
inline constexpr char kAdoptPlan[] = R"sql(
UPDATE advisory_case SET plan_document = $2, plan_adopted_on = $3::date
 WHERE id = $1::uuid)sql";

// Action $1 of case $2, locked.
inline constexpr char kLockAction[] = R"sql(
SELECT status FROM case_action WHERE id = $1::uuid AND case_id = $2::uuid
   FOR UPDATE)sql";

inline constexpr char kCompleteAction[] = R"sql(
UPDATE case_action SET status = 'DONE', done_on = $2::date
 WHERE id = $1::uuid)sql";

inline constexpr char kDropAction[] = R"sql(
UPDATE case_action SET status = 'DROPPED', drop_reason = $2
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::advisory::queries
