#pragma once

// SQL of the case timeline (ActivityStore), as named constants with $n
// parameters.

namespace jstedu::advisory::queries {

inline constexpr char kOfficeVisitRecorded[] = R"sql(
SELECT 1 FROM activity WHERE case_id = $1::uuid AND kind = 'OFFICE_VISIT')sql";

// $1 case, $2 kind, $3 date, $4 form, $5 participants, $6 guests (text[]),
// $7 notes, $8 documents (text[]), $9 who, $10 when.
inline constexpr char kInsertActivity[] = R"sql(
INSERT INTO activity (id, case_id, kind, occurred_on, form, participants,
                      guests, notes, documents, recorded_by, recorded_at)
VALUES (gen_random_uuid(), $1::uuid, $2, $3::date, $4, $5::text[], $6::text[],
        $7, $8::text[], $9, $10::timestamptz)
RETURNING id::text AS id, case_id::text AS "case", kind,
          occurred_on::text AS occurred_on, form, participants, guests, notes,
          documents, recorded_by,
          (extract(epoch FROM recorded_at) * 1000000)::bigint
            AS recorded_time)sql";

// Case $1's timeline (by date, then recording), $2 offset, $3 limit (NULL:
// all).
inline constexpr char kActivities[] = R"sql(
SELECT id::text AS id, case_id::text AS "case", kind,
       occurred_on::text AS occurred_on, form, participants, guests, notes,
       documents, recorded_by,
       (extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_time
  FROM activity WHERE case_id = $1::uuid
 ORDER BY occurred_on, recorded_at, id
OFFSET $2::bigint LIMIT $3::bigint)sql";

}  // namespace jstedu::advisory::queries
