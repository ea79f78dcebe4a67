#pragma once

// SQL of qualification, the waiting list and the below-minimum flag
// (rows/qualification.h), as named constants with $n parameters.

namespace jstedu::recruitment::queries {

// The active counted representatives of application $1 and how many of
// them lack a declaration ($2: the uncounted identities, a text array).
inline constexpr char kTeamCounts[] = R"sql(
SELECT count(*) AS active,
       count(*) FILTER (WHERE declaration_recorded_at IS NULL) AS undeclared
  FROM participant p
 WHERE p.application_id = $1::uuid AND p.participation_end IS NULL
   AND NOT (p.identity = ANY($2::text[])))sql";

// The active counted representatives of application $1, oldest first ($2:
// the uncounted identities, a text array).
inline constexpr char kTeamIds[] = R"sql(
SELECT p.id::text AS id FROM participant p
 WHERE p.application_id = $1::uuid AND p.participation_end IS NULL
   AND NOT (p.identity = ANY($2::text[]))
 ORDER BY p.created_at, p.id)sql";

// $1 application, $2 workshop group, $3 its reason or ''.
inline constexpr char kQualifiedInGroup[] = R"sql(
UPDATE application
   SET workshop_group = $2, workshop_group_reason = nullif($3, ''),
       qualified_at = coalesce(qualified_at, now())
 WHERE id = $1::uuid)sql";

// A move asked for: $1 application, $2 workshop group, $3 its reason.
inline constexpr char kRequestGroup[] = R"sql(
UPDATE application SET workshop_group = $2, workshop_group_reason = $3
 WHERE id = $1::uuid)sql";

inline constexpr char kEditionCapacity[] = R"sql(
SELECT capacity FROM edition WHERE code = $1)sql";

// The waitlisted applications of edition $1 submitted before number $2, in
// submission order.
inline constexpr char kWaitlistBefore[] = R"sql(
SELECT id::text AS id FROM application
 WHERE edition = $1 AND status = 'WAITLISTED' AND submission_number < $2
 ORDER BY submission_number)sql";

// Sets below_minimum_since ($3, a date) on QUALIFIED applications of
// edition $1 (one application when $2 is not '') whose active
// representatives are below the edition's minimum (keeping an earlier
// date), and clears it on the others.
inline constexpr char kRefreshBelowMinimum[] = R"sql(
UPDATE application a
   SET below_minimum_since = CASE
         WHEN (SELECT count(*) FROM participant p
                WHERE p.application_id = a.id
                  AND p.participation_end IS NULL) < e.min_representatives
         THEN coalesce(a.below_minimum_since, $3::date) ELSE NULL END
  FROM edition e
 WHERE e.code = a.edition AND a.edition = $1 AND a.status = 'QUALIFIED'
   AND ($2::text = '' OR a.id::text = $2))sql";

}  // namespace jstedu::recruitment::queries
