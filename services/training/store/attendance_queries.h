#pragma once

// SQL of AttendanceStore (marks, training records, completion), as named
// constants with $n parameters. Participant places: rows/queries.h.

#include "services/training/store/rows/queries.h"

namespace jstedu::training::queries {

// The session a mark is recorded for, with its module's edition and number.
inline constexpr char kSelectMarkedSession[] = R"sql(
SELECT s.id::text AS id, s.module_id::text AS module,
       coalesce((extract(epoch from s.start_time) * 1000000)::bigint, 0)
         AS start_time,
       coalesce((extract(epoch from s.end_time) * 1000000)::bigint, 0)
         AS end_time,
       s.thematic_area, s.workshop_group, s.room_id AS room, s.trainer,
       s.title, m.edition, m.number AS module_number
  FROM session s JOIN module m ON m.id = s.module_id
 WHERE s.id = $1::uuid)sql";

// Session $1 when trainer $2 ("" = any) teaches it.
inline constexpr char kSelectSessionOf[] = R"sql(
SELECT 1 FROM session WHERE id = $1::uuid AND ($2 = '' OR trainer = $2))sql";

inline constexpr char kUpsertMark[] = R"sql(
INSERT INTO attendance AS a (session_id, participant_id, status, note,
                             recorded_by, recorded_role, record_time)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::timestamptz)
ON CONFLICT (session_id, participant_id) DO UPDATE
   SET status = EXCLUDED.status, note = EXCLUDED.note,
       recorded_by = EXCLUDED.recorded_by,
       recorded_role = EXCLUDED.recorded_role,
       record_time = EXCLUDED.record_time
RETURNING a.session_id::text AS session, a.participant_id::text AS participant,
          a.status, a.note, a.recorded_by,
          coalesce((extract(epoch from a.record_time) * 1000000)::bigint, 0)
            AS record_time)sql";

// Marks of session $1 of participant $2 ("" = all) of voivodeship $3
// ("" = all).
inline constexpr char kSelectSessionMarks[] = R"sql(
SELECT a.session_id::text AS session, a.participant_id::text AS participant,
       a.status, a.note, a.recorded_by,
       coalesce((extract(epoch from a.record_time) * 1000000)::bigint, 0)
         AS record_time
  FROM attendance a
  JOIN roster_participant p ON p.participant_id = a.participant_id
 WHERE a.session_id = $1::uuid
   AND ($2 = '' OR a.participant_id = nullif($2, '')::uuid)
   AND ($3 = '' OR p.voivodeship = $3)
 ORDER BY a.participant_id)sql";

// Per module of edition $1: its didactic hours and the minutes participant
// $2 attended (PRESENT or LATE count the session's minutes).
inline constexpr char kModuleMinutes[] = R"sql(
SELECT m.id::text AS module_id, m.number, m.didactic_hours,
       coalesce((SELECT sum(extract(epoch from s.end_time - s.start_time)
                              ::bigint / 60)
                   FROM session s
                   JOIN attendance a ON a.session_id = s.id
                    AND a.participant_id = $2::uuid
                    AND a.status IN ('PRESENT', 'LATE')
                  WHERE s.module_id = m.id), 0)::bigint AS attended_minutes
  FROM module m
 WHERE m.edition = $1
 ORDER BY m.number)sql";

// Once per participant (the primary key): a row only when inserted now.
inline constexpr char kInsertCompletion[] = R"sql(
INSERT INTO completion (participant_id, edition, attended_minutes,
                        planned_minutes, completed_at)
VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
ON CONFLICT (participant_id) DO NOTHING
RETURNING 1)sql";

inline constexpr char kSelectCompletion[] = R"sql(
SELECT coalesce((extract(epoch from completed_at) * 1000000)::bigint, 0)
         AS completed_us
  FROM completion WHERE participant_id = $1::uuid)sql";

}  // namespace jstedu::training::queries
