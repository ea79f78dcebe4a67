#pragma once

// SQL of the planner (store/planner.h): the facts a plan reads, and the
// schedule it keeps. Lists go as text-array literals (common/pg/arrays.h);
// instants come back as microseconds since the epoch (`..._us`, 0 for
// NULL).

namespace jstedu::notifications::queries {

inline constexpr char kSelectModule[] = R"sql(
SELECT module_id::text AS module_id, edition, revision,
       (extract(epoch from start_time) * 1000000)::bigint AS start_us,
       coalesce((extract(epoch from signup_deadline) * 1000000)::bigint, 0)
         AS deadline_us
  FROM module WHERE module_id = $1::uuid)sql";

inline constexpr char kSelectEditionModules[] = R"sql(
SELECT module_id::text AS module_id FROM module WHERE edition = $1
 ORDER BY number, module_id)sql";

// The members of module $1 (of edition $2): active participants of
// qualified, not withdrawn JSTs; of application $3 only unless it is ''.
inline constexpr char kSelectMembers[] = R"sql(
SELECT p.participant_id::text AS participant_id,
       p.application_id::text AS application_id, p.declaration_recorded,
       EXISTS (SELECT 1 FROM signup s
                WHERE s.module_id = $1::uuid
                  AND s.participant_id = p.participant_id) AS signed_up
  FROM participant p
  JOIN jst j ON j.application_id = p.application_id
 WHERE p.edition = $2 AND p.active
   AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL
   AND ($3 = '' OR p.application_id = nullif($3, '')::uuid)
 ORDER BY p.participant_id)sql";

inline constexpr char kSelectTrainers[] = R"sql(
SELECT trainer FROM module_trainer WHERE module_id = $1::uuid
 ORDER BY trainer)sql";

// Everyone of application $1 the service knows (active or not).
inline constexpr char kSelectApplicationPeople[] = R"sql(
SELECT participant_id::text AS participant_id FROM participant
 WHERE application_id = $1::uuid
 ORDER BY participant_id)sql";

inline constexpr char kSelectApplicationEdition[] = R"sql(
SELECT edition FROM jst WHERE application_id = $1::uuid
UNION
SELECT edition FROM participant WHERE application_id = $1::uuid
LIMIT 1)sql";

// Task $1 and whether its team still owes it (open or returned, its JST
// qualified and not withdrawn).
inline constexpr char kSelectTask[] = R"sql(
SELECT t.task_id::text AS task_id, t.application_id::text AS application_id,
       (extract(epoch from t.due_time) * 1000000)::bigint AS due_us,
       t.status IN ('OPEN', 'RETURNED')
         AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL
         AS awaits_team
  FROM task t
  LEFT JOIN jst j ON j.application_id = t.application_id
 WHERE t.task_id = $1::uuid)sql";

inline constexpr char kSelectTeam[] = R"sql(
SELECT participant_id::text AS participant_id FROM participant
 WHERE application_id = $1::uuid AND active
 ORDER BY participant_id)sql";

// The guardians of application $1's open cases.
inline constexpr char kSelectGuardians[] = R"sql(
SELECT guardian FROM advisory_case
 WHERE application_id = $1::uuid AND NOT closed AND guardian <> ''
 ORDER BY guardian)sql";

inline constexpr char kSelectApplicationTasks[] = R"sql(
SELECT task_id::text AS task_id FROM task WHERE application_id = $1::uuid
 ORDER BY task_id)sql";

// Case $1; open unless closed, completed, withdrawn, or its JST withdrew.
inline constexpr char kSelectCase[] = R"sql(
SELECT c.case_id::text AS case_id, c.application_id::text AS application_id,
       c.stage, coalesce(to_char(c.stage_due_on, 'YYYY-MM-DD'), '')
         AS stage_due_on,
       NOT c.closed AND c.stage NOT IN ('COMPLETED', 'WITHDRAWN')
         AND coalesce(j.withdrawn_at IS NULL, true) AS open,
       c.guardian, c.education_expert, c.personnel_expert
  FROM advisory_case c
  LEFT JOIN jst j ON j.application_id = c.application_id
 WHERE c.case_id = $1::uuid)sql";

inline constexpr char kSelectApplicationCases[] = R"sql(
SELECT case_id::text AS case_id FROM advisory_case
 WHERE application_id = $1::uuid ORDER BY case_id)sql";

// -------------------------------------------------------------- schedule

// Cancels the rows of the WHERE clause that follows: a scheduled one at
// once; one being sent is marked, so that an attempt that does not send it
// (a retry) cancels it instead of trying again. A SQL prefix shared, at
// compile time, by the cancellations.
#define JSTEDU_NOTIFICATIONS_CANCEL                                           \
  "UPDATE notification "                                                      \
  "SET state = CASE WHEN state = 'sending' THEN state ELSE 'cancelled' END, " \
  "cancel_requested = (state = 'sending'), updated_at = now() "

// Cancels subject $1's scheduled notifications of the reasons $5 that are
// not among $4 ("person reason occurrence" each); of the people $3 only
// when $2.
inline constexpr char kCancelUnwanted[] = JSTEDU_NOTIFICATIONS_CANCEL R"sql(
 WHERE subject_ref = $1 AND state IN ('scheduled', 'sending')
   AND reason = ANY($5::text[])
   AND (NOT $2 OR person_ref = ANY($3::text[]))
   AND NOT (person_ref || ' ' || reason || ' ' || occurrence
            = ANY($4::text[])))sql";

// Plans the notifications given as parallel arrays, except those already
// expired at $9 and those about a withdrawn JST: a new one is scheduled; a
// cancelled one is scheduled again; a scheduled one takes its (possibly
// changed) times and JST; one sent, being sent, failed or expired stays as
// it is.
inline constexpr char kPlan[] = R"sql(
INSERT INTO notification (person_ref, reason, subject_ref, occurrence,
                          application_id, required, due_at, expires_at)
SELECT person_ref, reason, subject_ref, occurrence, application_id,
       required, due_at, expires_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
              $6::boolean[], $7::timestamptz[], $8::timestamptz[])
       AS p (person_ref, reason, subject_ref, occurrence, application_id,
             required, due_at, expires_at)
 WHERE expires_at > $9::timestamptz
   AND NOT EXISTS (SELECT 1 FROM jst j
                    WHERE j.application_id::text = p.application_id
                      AND j.withdrawn_at IS NOT NULL)
ON CONFLICT (person_ref, reason, subject_ref, occurrence) DO UPDATE
   SET state = CASE WHEN notification.state = 'sending' THEN 'sending'
                    ELSE 'scheduled' END,
       due_at = EXCLUDED.due_at, expires_at = EXCLUDED.expires_at,
       application_id = EXCLUDED.application_id,
       required = EXCLUDED.required, cancel_requested = false,
       -- Scheduled again after a cancellation: a fresh start.
       attempts = CASE WHEN notification.state = 'cancelled' THEN 0
                       ELSE notification.attempts END,
       next_attempt_at = CASE WHEN notification.state = 'cancelled' THEN NULL
                              ELSE notification.next_attempt_at END,
       last_error = CASE WHEN notification.state = 'cancelled' THEN ''
                         ELSE notification.last_error END,
       updated_at = now()
 WHERE notification.state = 'cancelled'
    OR (notification.state = 'sending' AND notification.cancel_requested)
    OR (notification.state = 'scheduled'
        AND (notification.due_at, notification.expires_at,
             notification.application_id, notification.required)
            IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.expires_at,
                              EXCLUDED.application_id, EXCLUDED.required)))sql";

// A withdrawn JST gets nothing more.
inline constexpr char kCancelApplication[] = JSTEDU_NOTIFICATIONS_CANCEL R"sql(
 WHERE application_id = $1 AND state IN ('scheduled', 'sending'))sql";

// A qualified JST is no longer waiting: a waiting-list notice not sent yet
// is cancelled.
inline constexpr char kCancelWaitlisted[] = JSTEDU_NOTIFICATIONS_CANCEL R"sql(
 WHERE subject_ref = 'application:' || $1 AND reason = 'jst_waitlisted'
   AND state IN ('scheduled', 'sending'))sql";

// ---------------------------------------------------------- the digest

// Account $1's role and voivodeship.
inline constexpr char kSelectStaffAccount[] = R"sql(
SELECT role, voivodeship FROM staff_account WHERE subject = $1)sql";

// Every coordinator with its voivodeship, each row locked against a change
// of its account (FOR SHARE: a change waits for this plan, or this plan
// reads the changed row), so a digest is never planned for a voivodeship
// its coordinator has just left.
inline constexpr char kSelectCoordinators[] = R"sql(
SELECT subject, voivodeship FROM staff_account
 WHERE role = 'COORDINATOR' AND voivodeship <> ''
 ORDER BY subject
   FOR SHARE)sql";

// Cancels person $1's scheduled digests other than those of $2
// ("subject_ref occurrence" each).
inline constexpr char kCancelOtherDigests[] = JSTEDU_NOTIFICATIONS_CANCEL R"sql(
 WHERE person_ref = $1 AND reason = 'weekly_digest'
   AND state IN ('scheduled', 'sending')
   AND NOT (subject_ref || ' ' || occurrence = ANY($2::text[])))sql";

}  // namespace jstedu::notifications::queries
