#pragma once

// SQL of ContentFacts (store/content.h): the facts notifications' texts are
// written from, for $1 a text[] of ids. Instants are answered as
// microseconds since the epoch.

namespace jstedu::notifications::queries {

inline constexpr char kModuleContent[] = R"sql(
SELECT module_id::text AS module_id, edition, number, title, venue,
       (extract(epoch from start_time) * 1000000)::bigint AS start_us,
       (extract(epoch from end_time) * 1000000)::bigint AS end_us,
       coalesce((extract(epoch from signup_deadline) * 1000000)::bigint, 0)
         AS deadline_us
  FROM module WHERE module_id = ANY($1::uuid[]))sql";

inline constexpr char kTaskContent[] = R"sql(
SELECT task_id::text AS task_id, title,
       (extract(epoch from due_time) * 1000000)::bigint AS due_us
  FROM task WHERE task_id = ANY($1::uuid[]))sql";

inline constexpr char kCaseContent[] = R"sql(
SELECT case_id::text AS case_id, stage,
       coalesce(to_char(stage_due_on, 'YYYY-MM-DD'), '') AS stage_due_on
  FROM advisory_case WHERE case_id = ANY($1::uuid[]))sql";

inline constexpr char kJstContent[] = R"sql(
SELECT application_id::text AS application_id, edition, teryt
  FROM jst WHERE application_id = ANY($1::uuid[]))sql";

// The weekly digest's sections for the voivodeships $1 (text[]) at $2
// (timestamptz), JST by JST, over qualified JSTs not withdrawn: each row
// names its section, voivodeship, TERYT code, count (n), and for the
// minimum its edition and the minimum.
//   stages   advisory stages past their due day (Warsaw's today), of open
//            cases;
//   tasks    tasks past due the team still owes (open or returned);
//   minimum  JSTs with fewer active representatives than their edition's
//            minimum (n: how many they have);
//   unknown  per edition whose minimum is not known here (no
//            EditionChanged since notifications started): n JSTs not
//            checked;
//   records  active participants whose record lacks monitoring data.
inline constexpr char kDigestSections[] = R"sql(
WITH j AS (
  SELECT application_id, voivodeship, teryt, edition FROM jst
   WHERE voivodeship = ANY($1::text[])
     AND qualified_at IS NOT NULL AND withdrawn_at IS NULL)
SELECT 'stages' AS section, j.voivodeship, j.teryt, count(*)::integer AS n,
       '' AS edition, 0 AS minimum
  FROM advisory_case c JOIN j ON j.application_id = c.application_id
 WHERE NOT c.closed AND c.stage NOT IN ('COMPLETED', 'WITHDRAWN')
   AND c.stage_due_on < ($2::timestamptz AT TIME ZONE 'Europe/Warsaw')::date
 GROUP BY j.voivodeship, j.teryt
UNION ALL
SELECT 'tasks', j.voivodeship, j.teryt, count(*)::integer, '', 0
  FROM task t JOIN j ON j.application_id = t.application_id
 WHERE t.status IN ('OPEN', 'RETURNED') AND t.due_time < $2::timestamptz
 GROUP BY j.voivodeship, j.teryt
UNION ALL
SELECT 'minimum', j.voivodeship, j.teryt,
       count(p.participant_id) FILTER (WHERE p.active)::integer,
       j.edition, e.min_representatives
  FROM j JOIN edition e ON e.code = j.edition
  LEFT JOIN participant p ON p.application_id = j.application_id
 GROUP BY j.voivodeship, j.teryt, j.application_id, j.edition,
          e.min_representatives
HAVING count(p.participant_id) FILTER (WHERE p.active) < e.min_representatives
UNION ALL
SELECT 'unknown', j.voivodeship, '', count(*)::integer, j.edition, 0
  FROM j LEFT JOIN edition e ON e.code = j.edition
 WHERE e.code IS NULL
 GROUP BY j.voivodeship, j.edition
UNION ALL
SELECT 'records', j.voivodeship, j.teryt, count(*)::integer, '', 0
  FROM participant p JOIN j ON j.application_id = p.application_id
 WHERE p.active AND NOT p.monitoring_data_complete
 GROUP BY j.voivodeship, j.teryt
 ORDER BY section, voivodeship, teryt, edition)sql";

}  // namespace jstedu::notifications::queries
