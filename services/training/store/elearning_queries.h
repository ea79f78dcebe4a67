#pragma once

// SQL of ELearningStore (courses, completions and their imports), as named
// constants with $n parameters.

namespace jstedu::training::queries {

inline constexpr char kPutCourse[] = R"sql(
INSERT INTO elearning_course (edition, code, title, hours, updated_at,
                              updated_by)
VALUES ($1, $2, $3, $4, $5::timestamptz, $6)
ON CONFLICT (edition, code) DO UPDATE
   SET title = EXCLUDED.title, hours = EXCLUDED.hours,
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by)sql";

// An edition's courses as the API answers them, followed by a WHERE clause.
#define JSTEDU_TRAINING_COURSE_SELECT                                   \
  "SELECT c.edition, c.code, c.title, c.hours, "                        \
  "(SELECT count(*) FROM elearning_completion x "                       \
  "  WHERE x.edition = c.edition AND x.course_code = c.code)::integer " \
  "  AS completions FROM elearning_course c "

inline constexpr char kSelectCourse[] =
    JSTEDU_TRAINING_COURSE_SELECT "WHERE c.edition = $1 AND c.code = $2";

inline constexpr char kSelectCourses[] =
    JSTEDU_TRAINING_COURSE_SELECT "WHERE c.edition = $1 ORDER BY c.code";

// Of $2 (a text[] literal), the course codes edition $1 does not have.
inline constexpr char kUnknownCourses[] = R"sql(
SELECT DISTINCT u.code FROM unnest($2::text[]) AS u(code)
 WHERE NOT EXISTS (SELECT 1 FROM elearning_course c
                    WHERE c.edition = $1 AND c.code = u.code))sql";

// Of $2 (a text[] literal of UUIDs), the participants training's roster
// does not know in edition $1.
inline constexpr char kUnknownParticipants[] = R"sql(
SELECT DISTINCT u.id::text AS id FROM unnest($2::uuid[]) AS u(id)
 WHERE NOT EXISTS (SELECT 1 FROM roster_participant p
                    WHERE p.participant_id = u.id AND p.edition = $1))sql";

inline constexpr char kInsertImport[] = R"sql(
INSERT INTO elearning_import (id, edition, file_sha256, rows_read, added,
                              earlier, imported_at, imported_by)
VALUES ($1::uuid, $2, $3, $4, 0, 0, $5::timestamptz, $6))sql";

inline constexpr char kCountImport[] = R"sql(
UPDATE elearning_import SET added = $2, earlier = $3 WHERE id = $1::uuid)sql";

// Completions $3..$6 (parallel text[] literals: participant ids, course
// codes, days, scores with '' for none) of edition $1 by import $2: new
// ones added, known ones given an earlier day (the score of that row, or
// the known one when it has none); answers, for each row written, its
// ELearningCompleted (recorded at $7) and whether it was new.
inline constexpr char kUpsertCompletions[] = R"sql(
WITH written AS (
  INSERT INTO elearning_completion AS c (participant_id, edition,
                                         course_code, completed_on, score,
                                         import_id)
  SELECT p::uuid, $1, code, day::date, NULLIF(score, '')::smallint, $2::uuid
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
         AS r(p, code, day, score)
  ON CONFLICT (participant_id, edition, course_code) DO UPDATE
     SET completed_on = EXCLUDED.completed_on,
         score = coalesce(EXCLUDED.score, c.score),
         import_id = EXCLUDED.import_id
   WHERE EXCLUDED.completed_on < c.completed_on
  RETURNING c.participant_id, c.course_code, c.completed_on, (xmax = 0) AS added)
SELECT w.participant_id::text AS participant_id,
       p.application_id::text AS application_id, p.teryt, p.voivodeship,
       $1 AS edition, w.course_code, k.hours AS course_hours,
       to_char(w.completed_on, 'YYYY-MM-DD') AS completed_on,
       (extract(epoch FROM $7::timestamptz) * 1000000)::bigint AS recorded_at,
       w.added
  FROM written w
  JOIN roster_participant p ON p.participant_id = w.participant_id
  JOIN elearning_course k ON k.edition = $1 AND k.code = w.course_code
 ORDER BY w.participant_id, w.course_code)sql";

// Of the days $2 (a text[] literal), those before edition $1's first day
// (none while training does not know the edition's period).
inline constexpr char kDaysBeforeEdition[] = R"sql(
SELECT DISTINCT u.day, to_char(e.starts_on, 'YYYY-MM-DD') AS starts_on
  FROM unnest($2::text[]) AS u(day)
  JOIN edition_period e ON e.edition = $1
 WHERE u.day::date < e.starts_on)sql";

// Completions as the API answers them, followed by a WHERE clause.
#define JSTEDU_TRAINING_COMPLETION_SELECT                                  \
  "SELECT c.participant_id::text AS participant, p.teryt, p.voivodeship, " \
  "c.course_code AS course, k.title AS course_title, "                     \
  "k.hours AS course_hours, "                                              \
  "to_char(c.completed_on, 'YYYY-MM-DD') AS completed_on, "                \
  "c.score::integer AS score "                                             \
  "FROM elearning_completion c "                                           \
  "JOIN roster_participant p ON p.participant_id = c.participant_id "      \
  "JOIN elearning_course k ON k.edition = c.edition "                      \
  "  AND k.code = c.course_code "

// Participant $1's completions, by day.
inline constexpr char kSelectParticipantCompletions[] =
    JSTEDU_TRAINING_COMPLETION_SELECT
    "WHERE c.participant_id = $1::uuid ORDER BY c.completed_on, c.course_code";

// Edition $1's completions: of participant $2, voivodeship $3, JST $4
// ('' any), and of the JSTs expert $5 guards ('' any).
inline constexpr char kSelectEditionCompletions[] =
    JSTEDU_TRAINING_COMPLETION_SELECT R"sql(WHERE c.edition = $1
   AND ($2 = '' OR c.participant_id = NULLIF($2, '')::uuid)
   AND ($3 = '' OR p.voivodeship = $3) AND ($4 = '' OR p.teryt = $4)
   AND ($5 = '' OR EXISTS (SELECT 1 FROM task_reviewer r
                            WHERE r.edition = c.edition
                              AND r.teryt = p.teryt AND r.expert = $5))
 ORDER BY p.voivodeship, p.teryt, c.participant_id, c.course_code)sql";

}  // namespace jstedu::training::queries
