#pragma once

// SQL of FactsStore (the other services' facts, from their events), as
// named constants with $n parameters. Instants are passed as RFC 3339 text.
// Each upsert answers a row only when it changed the facts (a newer
// snapshot), so the caller re-plans only then.

namespace jstedu::notifications::queries {

// Serialises the consumers' transactions of one edition (two replicas
// re-planning the same module would otherwise race).
inline constexpr char kLockEdition[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext('notifications.edition:' || $1)))sql";

inline constexpr char kQualifyJst[] = R"sql(
INSERT INTO jst (application_id, edition, teryt, voivodeship, qualified_at)
VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
ON CONFLICT (application_id) DO UPDATE
   SET qualified_at = coalesce(jst.qualified_at, EXCLUDED.qualified_at))sql";

inline constexpr char kWaitlistJst[] = R"sql(
INSERT INTO jst (application_id, edition, teryt, voivodeship)
VALUES ($1::uuid, $2, $3, $4)
ON CONFLICT (application_id) DO NOTHING)sql";

inline constexpr char kWithdrawJst[] = R"sql(
INSERT INTO jst (application_id, edition, teryt, voivodeship, withdrawn_at)
VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
ON CONFLICT (application_id) DO UPDATE
   SET withdrawn_at = coalesce(jst.withdrawn_at, EXCLUDED.withdrawn_at))sql";

// The participant's facts unless newer ones are there; answers a row when
// written.
inline constexpr char kUpsertParticipant[] = R"sql(
INSERT INTO participant (participant_id, application_id, edition, active,
                         declaration_recorded, event_at,
                         monitoring_data_complete)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::timestamptz, $7)
ON CONFLICT (participant_id) DO UPDATE
   SET application_id = EXCLUDED.application_id, edition = EXCLUDED.edition,
       active = EXCLUDED.active,
       declaration_recorded = EXCLUDED.declaration_recorded,
       monitoring_data_complete = EXCLUDED.monitoring_data_complete,
       event_at = EXCLUDED.event_at
 WHERE participant.event_at < EXCLUDED.event_at
RETURNING 1)sql";

inline constexpr char kApplicationOfParticipant[] = R"sql(
SELECT application_id::text AS application_id FROM participant
 WHERE participant_id = $1::uuid)sql";

inline constexpr char kUpsertModule[] = R"sql(
INSERT INTO module (module_id, edition, number, start_time, end_time,
                    signup_deadline, revision, title, venue)
VALUES ($1::uuid, $2, $3, $4::timestamptz, $5::timestamptz,
        nullif($6, '')::timestamptz, $7, $8, $9)
ON CONFLICT (module_id) DO UPDATE
   SET edition = EXCLUDED.edition, number = EXCLUDED.number,
       title = EXCLUDED.title, venue = EXCLUDED.venue,
       start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
       signup_deadline = EXCLUDED.signup_deadline,
       revision = EXCLUDED.revision
 WHERE module.revision < EXCLUDED.revision
RETURNING 1)sql";

inline constexpr char kAddTrainer[] = R"sql(
INSERT INTO module_trainer (module_id, trainer) VALUES ($1::uuid, $2)
ON CONFLICT DO NOTHING
RETURNING 1)sql";

inline constexpr char kAddSignup[] = R"sql(
INSERT INTO signup (module_id, participant_id) VALUES ($1::uuid, $2::uuid)
ON CONFLICT DO NOTHING
RETURNING 1)sql";

inline constexpr char kUpsertTask[] = R"sql(
INSERT INTO task (task_id, application_id, edition, due_time, status,
                  revision, module_id, title)
VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz, $5, $6, $7::uuid, $8)
ON CONFLICT (task_id) DO UPDATE
   SET due_time = EXCLUDED.due_time, status = EXCLUDED.status,
       revision = EXCLUDED.revision
 WHERE task.revision < EXCLUDED.revision
RETURNING 1)sql";

inline constexpr char kEnsureCase[] = R"sql(
INSERT INTO advisory_case (case_id, application_id, edition)
VALUES ($1::uuid, $2::uuid, $3)
ON CONFLICT (case_id) DO NOTHING)sql";

// The case's stage at version $4, unless a newer one set it.
inline constexpr char kSetCaseStage[] = R"sql(
UPDATE advisory_case
   SET stage = $2, stage_due_on = nullif($3, '')::date, stage_version = $4
 WHERE case_id = $1::uuid AND stage_version < $4
RETURNING 1)sql";

// The case's experts at version $5, unless newer ones were set; answers
// the experts before.
inline constexpr char kSetCaseExperts[] = R"sql(
UPDATE advisory_case c
   SET guardian = $2, education_expert = $3, personnel_expert = $4,
       experts_version = $5
  FROM advisory_case before
 WHERE c.case_id = $1::uuid AND before.case_id = c.case_id
   AND c.experts_version < $5
RETURNING before.guardian, before.education_expert,
          before.personnel_expert)sql";

inline constexpr char kCloseCase[] = R"sql(
UPDATE advisory_case SET closed = true
 WHERE case_id = $1::uuid AND NOT closed
RETURNING 1)sql";

// An expert's sign-in subject (the registry never changes it; a newer
// event wins all the same).
inline constexpr char kRememberExpert[] = R"sql(
INSERT INTO expert_account (expert_id, subject) VALUES ($1, $2)
ON CONFLICT (expert_id) DO UPDATE SET subject = EXCLUDED.subject
 WHERE expert_account.subject <> EXCLUDED.subject)sql";

// Recruitment's account directory entry $1: role $2, voivodeship $3, as of
// $4, unless a newer change is there; answers a row when written.
inline constexpr char kUpsertStaffAccount[] = R"sql(
INSERT INTO staff_account (subject, role, voivodeship, changed_at)
VALUES ($1, $2, $3, $4::timestamptz)
ON CONFLICT (subject) DO UPDATE
   SET role = EXCLUDED.role, voivodeship = EXCLUDED.voivodeship,
       changed_at = EXCLUDED.changed_at
 WHERE staff_account.changed_at < EXCLUDED.changed_at
RETURNING 1)sql";

// Edition $1's minimum of active representatives $2, as of $3, unless a
// newer change is there.
inline constexpr char kUpsertEdition[] = R"sql(
INSERT INTO edition (code, min_representatives, changed_at)
VALUES ($1, $2, $3::timestamptz)
ON CONFLICT (code) DO UPDATE
   SET min_representatives = EXCLUDED.min_representatives,
       changed_at = EXCLUDED.changed_at
 WHERE edition.changed_at < EXCLUDED.changed_at)sql";

}  // namespace jstedu::notifications::queries
