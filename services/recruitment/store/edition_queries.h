#pragma once

// SQL of editions (EditionStore), as named constants with $n parameters.

namespace jstedu::recruitment::queries {

// Editions with their application counts (times in microseconds since the
// epoch): edition $1 ('' for any), codes after $2, at most $3, by code.
inline constexpr char kSelectEditions[] = R"sql(
SELECT e.code, e.name, e.kind, e.capacity, e.min_representatives,
       e.starts_on::text AS starts_on, e.ends_on::text AS ends_on,
       coalesce((extract(epoch FROM e.recruitment_opens_at) * 1000000)::bigint,
                0) AS recruitment_opens_at,
       coalesce((extract(epoch FROM e.recruitment_closes_at) * 1000000)::bigint,
                0) AS recruitment_closes_at,
       coalesce((extract(epoch FROM e.created_at) * 1000000)::bigint, 0)
         AS create_time,
       coalesce((extract(epoch FROM e.updated_at) * 1000000)::bigint, 0)
         AS update_time,
       c.qualified AS qualified_count, c.waitlisted AS waitlisted_count,
       c.submitted AS submitted_count, e.version
  FROM edition e
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE status = 'QUALIFIED') AS qualified,
           count(*) FILTER (WHERE status = 'WAITLISTED') AS waitlisted,
           count(*) FILTER (WHERE status = 'SUBMITTED') AS submitted
      FROM application a WHERE a.edition = e.code) c ON true
 WHERE ($1 = '' OR e.code = $1) AND e.code > $2
 ORDER BY e.code
 LIMIT $3)sql";

// $1 code, $2 name, $3 kind, $4 capacity, $5 minimum of representatives,
// $6 starts on, $7 ends on, $8 and $9 the recruitment window.
inline constexpr char kInsertEdition[] = R"sql(
INSERT INTO edition (code, name, kind, capacity, min_representatives,
                     starts_on, ends_on, recruitment_opens_at,
                     recruitment_closes_at)
VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::timestamptz,
        $9::timestamptz)
ON CONFLICT (code) DO NOTHING RETURNING code)sql";

// The parameters of kInsertEdition. The update time is strictly later than
// the update before (EditionChanged's consumers keep the newest), also when
// that one's transaction started later but took the edition's lock first.
inline constexpr char kUpdateEdition[] = R"sql(
UPDATE edition
   SET name = $2, kind = $3, capacity = $4, min_representatives = $5,
       starts_on = $6::date, ends_on = $7::date,
       recruitment_opens_at = $8::timestamptz,
       recruitment_closes_at = $9::timestamptz,
       updated_at = greatest(now(), updated_at + interval '1 microsecond'),
       version = version + 1
 WHERE code = $1)sql";

}  // namespace jstedu::recruitment::queries
