#pragma once

// SQL of the expert checks several advisory stores share
// (rows/expert_candidates.h), as named constants with $n parameters. An
// expert's load is the open cases (not COMPLETED or WITHDRAWN) where it is
// one of the pair.

namespace jstedu::advisory::queries {

// Locks an expert ($1 id) and reads what decides whether it may take a
// place in a case of voivodeship $2.
inline constexpr char kLockExpert[] = R"sql(
SELECT speciality, active, $2 = ANY (voivodeships) AS serves, max_caseload
  FROM expert WHERE id = $1::uuid FOR UPDATE)sql";

// The open cases expert $1 holds, other than case $2 ('' = none).
inline constexpr char kExpertLoad[] = R"sql(
SELECT count(*) AS load FROM advisory_case
 WHERE stage IN ('AREA_CHOICE', 'NEEDS_DIAGNOSIS', 'ROLLOUT')
   AND $1::uuid IN (education_expert, personnel_expert)
   AND id::text <> $2)sql";

// The active expert of speciality $1 serving voivodeship $2 with the lowest
// load (not counting case $4) below their maximum, other than expert $3
// ('' = none); ties: the lower load ratio, then the id.
inline constexpr char kLeastLoaded[] = R"sql(
SELECT e.id::text AS id
  FROM expert e,
       LATERAL (SELECT count(*) AS n FROM advisory_case c
                 WHERE c.stage IN ('AREA_CHOICE', 'NEEDS_DIAGNOSIS', 'ROLLOUT')
                   AND e.id IN (c.education_expert, c.personnel_expert)
                   AND c.id::text <> $4) l
 WHERE e.active AND e.speciality = $1 AND $2 = ANY (e.voivodeships)
   AND e.id::text <> $3 AND l.n < e.max_caseload
 ORDER BY l.n, l.n::float8 / e.max_caseload, e.id
 LIMIT 1)sql";

}  // namespace jstedu::advisory::queries
