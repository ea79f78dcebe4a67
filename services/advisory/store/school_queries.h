#pragma once

// SQL of the school register (SchoolStore) and of the schools actions name
// (CaseCommandStore), as named constants with $n parameters.

#include "services/advisory/store/rows/case_queries.h"

namespace jstedu::advisory::queries {

// Loads of the register take turns (a load closes what it does not list).
inline constexpr char kLockSchoolRegister[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext('advisory.school_register')))sql";

// One load in one statement: $1..$4 the file's rspo, name, type and
// running JST (text[] literals, in the same order), $5 now, $6 today; $7
// the search keys (rspo and name folded, domain/practice_rules.h); $8 the
// voivodeship the file covers. Adds new schools, updates changed ones,
// reopens listed closed ones, closes the open schools of the voivodeship
// it does not list; answers the counts.
inline constexpr char kLoadSchools[] = R"sql(
WITH incoming AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                       $7::text[])
         AS i (rspo, name, type, running_teryt, search_key)
), known AS (
  SELECT s.rspo, s.name, s.type, s.running_teryt, s.closed_on
    FROM school s JOIN incoming i ON i.rspo = s.rspo
), upserted AS (
  INSERT INTO school (rspo, name, type, running_teryt, search_key,
                      closed_on, updated_at)
  SELECT rspo, name, type, running_teryt, search_key, NULL, $5::timestamptz
    FROM incoming
  ON CONFLICT (rspo) DO UPDATE
     SET name = EXCLUDED.name, type = EXCLUDED.type,
         running_teryt = EXCLUDED.running_teryt,
         search_key = EXCLUDED.search_key, closed_on = NULL,
         updated_at = EXCLUDED.updated_at
   WHERE (school.name, school.type, school.running_teryt)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.type,
                             EXCLUDED.running_teryt)
      OR school.closed_on IS NOT NULL
  RETURNING rspo
), closed AS (
  UPDATE school SET closed_on = $6::date, updated_at = $5::timestamptz
   WHERE closed_on IS NULL
     AND left(running_teryt, 2) = $8
     AND rspo NOT IN (SELECT rspo FROM incoming)
  RETURNING rspo
)
SELECT (SELECT count(*) FROM incoming i
         WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.rspo = i.rspo))
         AS added,
       (SELECT count(*) FROM incoming i JOIN known k ON k.rspo = i.rspo
         WHERE k.closed_on IS NULL
           AND (k.name, k.type, k.running_teryt)
                 IS DISTINCT FROM (i.name, i.type, i.running_teryt))
         AS changed,
       (SELECT count(*) FROM known WHERE closed_on IS NOT NULL) AS reopened,
       (SELECT count(*) FROM closed) AS closed,
       (SELECT count(*) FROM upserted) AS written)sql";

// $1 sha256, $2 rows, $3 added, $4 changed, $5 closed, $6 reopened, $7
// who, $8 when.
inline constexpr char kInsertSchoolImport[] = R"sql(
INSERT INTO school_import (id, sha256, row_count, added, changed, closed, reopened,
                           imported_by, imported_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8::timestamptz))sql";

// The register's schools: $1 running JST ('' = any), $2 closed ones too,
// $3 the query's folded words (text[]; each a part of the rspo and name
// key), $4 offset, $5 limit (NULL: all).
inline constexpr char kSchools[] = R"sql(
SELECT rspo, name, type, running_teryt, closed_on::text AS closed_on
  FROM school s
 WHERE ($1 = '' OR running_teryt = $1)
   AND ($2::boolean OR closed_on IS NULL)
   AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS w (word)
                    WHERE position(w.word IN s.search_key) = 0)
 ORDER BY running_teryt, name, rspo
OFFSET $4::bigint LIMIT $5::bigint)sql";

// The register's rows of the RSPO numbers $1 (text[]), locked against a
// load closing them until the schedule naming them commits.
inline constexpr char kSchoolsByRspo[] = R"sql(
SELECT rspo, running_teryt, closed_on::text AS closed_on
  FROM school WHERE rspo = ANY ($1::text[]) ORDER BY rspo FOR SHARE)sql";

// The schools of actions: $1 action ids, $2 RSPO numbers (parallel text[]).
inline constexpr char kInsertActionSchools[] = R"sql(
INSERT INTO action_school (action_id, rspo)
SELECT a::uuid, r FROM unnest($1::text[], $2::text[]) AS x (a, r))sql";

// The schools the approved schedules of edition $1 work with (actions not
// dropped), of the cases in the caller's scope ($2 voivodeship, $3 TERYT,
// $4 expert subject; '' = any) and of voivodeship $5 ('' = any); $6
// offset, $7 limit (NULL: all).
inline constexpr char kSchoolsReached[] = R"sql(
SELECT s.rspo, s.name, s.type, c.id::text AS "case", c.teryt, c.voivodeship,
       c.jst_kind, c.stage AS case_stage,
       to_char(c.schedule_approved_at AT TIME ZONE 'Europe/Warsaw',
               'YYYY-MM-DD') AS schedule_approved_on,
       array_agg(a.id::text ORDER BY a.position) AS actions
  FROM advisory_case c
  JOIN case_action a ON a.case_id = c.id AND a.status <> 'DROPPED'
  JOIN action_school x ON x.action_id = a.id
  JOIN school s ON s.rspo = x.rspo
 WHERE c.edition = $1 AND c.schedule_approved_at IS NOT NULL)sql" JSTEDU_CASE_IN_SCOPE
                                          R"sql(
   AND ($5 = '' OR c.voivodeship = $5)
 GROUP BY s.rspo, s.name, s.type, c.id
 ORDER BY c.teryt, c.id, s.rspo
OFFSET $6::bigint LIMIT $7::bigint)sql";

}  // namespace jstedu::advisory::queries
