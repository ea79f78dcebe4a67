#pragma once

// SQL of the expert registry and the handover (ExpertStore), as named
// constants with $n parameters.

namespace jstedu::advisory::queries {

// Experts by speciality, load, name and id, with their load (open cases
// where they are one of the pair); filters ('' = any): $1 voivodeship
// served, $2 speciality, $3 active only (boolean), $4 subject, $5 id; the
// window: $6 offset, $7 limit (NULL: all).
inline constexpr char kExperts[] = R"sql(
SELECT e.id::text AS id, e.subject, e.display_name, e.speciality,
       e.voivodeships, e.active, e.max_caseload,
       (SELECT count(*) FROM advisory_case c
         WHERE c.stage IN ('AREA_CHOICE', 'NEEDS_DIAGNOSIS', 'ROLLOUT')
           AND e.id IN (c.education_expert, c.personnel_expert)) AS open_cases
  FROM expert e
 WHERE ($1 = '' OR $1 = ANY (e.voivodeships))
   AND ($2 = '' OR e.speciality = $2)
   AND (NOT $3::boolean OR e.active)
   AND ($4 = '' OR e.subject = $4)
   AND ($5 = '' OR e.id = nullif($5, '')::uuid)
 ORDER BY speciality, open_cases, display_name, id
OFFSET $6::bigint LIMIT $7::bigint)sql";

// $1 subject, $2 display name, $3 speciality, $4 voivodeships (text[]),
// $5 max caseload. No row when the subject is registered.
inline constexpr char kInsertExpert[] = R"sql(
INSERT INTO expert (id, subject, display_name, speciality, voivodeships,
                    max_caseload)
VALUES (gen_random_uuid(), $1, $2, $3, $4::text[], $5)
ON CONFLICT (subject) DO NOTHING
RETURNING id::text AS id)sql";

// A preview runs the very same statements and then undoes them.
inline constexpr char kSavepointPreview[] = R"sql(
SAVEPOINT deactivate_preview)sql";
inline constexpr char kRollbackPreview[] = R"sql(
ROLLBACK TO SAVEPOINT deactivate_preview)sql";

// The leaving expert ($1), locked.
inline constexpr char kLockLeavingExpert[] = R"sql(
SELECT speciality, active FROM expert WHERE id = $1::uuid FOR UPDATE)sql";

inline constexpr char kDeactivateExpert[] = R"sql(
UPDATE expert SET active = false, deactivated_at = $2::timestamptz
 WHERE id = $1::uuid)sql";

// The open cases of expert $1, locked, by id.
inline constexpr char kLockOpenCasesOfExpert[] = R"sql(
SELECT c.id::text AS id FROM advisory_case c
 WHERE c.stage IN ('AREA_CHOICE', 'NEEDS_DIAGNOSIS', 'ROLLOUT')
   AND $1::uuid IN (c.education_expert, c.personnel_expert)
 ORDER BY c.id FOR UPDATE OF c)sql";

// Case $1's education (personnel) expert becomes $2, and its guardian too
// when $3 (the leaver was the guardian).
inline constexpr char kHandOverEducation[] = R"sql(
UPDATE advisory_case
   SET education_expert = $2::uuid,
       guardian = CASE WHEN $3 THEN $2::uuid ELSE guardian END
 WHERE id = $1::uuid)sql";
inline constexpr char kHandOverPersonnel[] = R"sql(
UPDATE advisory_case
   SET personnel_expert = $2::uuid,
       guardian = CASE WHEN $3 THEN $2::uuid ELSE guardian END
 WHERE id = $1::uuid)sql";

// The sign-in subject of expert $1.
inline constexpr char kExpertSubject[] =
    "SELECT subject FROM expert WHERE id = $1::uuid";

}  // namespace jstedu::advisory::queries
