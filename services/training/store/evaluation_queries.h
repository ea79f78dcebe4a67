#pragma once

// SQL of EvaluationStore, as named constants with $n parameters.

namespace jstedu::training::queries {

inline constexpr char kDeleteEvaluation[] = R"sql(
DELETE FROM evaluation WHERE module_id = $1::uuid AND participant_id = $2::uuid)sql";

inline constexpr char kInsertEvaluation[] = R"sql(
INSERT INTO evaluation (module_id, participant_id, workshop_group, comment,
                        submit_time)
VALUES ($1::uuid, $2::uuid, $3, $4, $5::timestamptz))sql";

inline constexpr char kInsertRating[] = R"sql(
INSERT INTO evaluation_rating (module_id, participant_id, area, score)
VALUES ($1::uuid, $2::uuid, $3, $4))sql";

// Evaluations of module $1 by participants of voivodeship $2 ("" = all).
inline constexpr char kCountEvaluations[] = R"sql(
SELECT count(*) AS evaluations
  FROM evaluation e
  JOIN roster_participant p ON p.participant_id = e.participant_id
 WHERE e.module_id = $1::uuid AND ($2 = '' OR p.voivodeship = $2))sql";

// Per area over all groups (workshop_group 0), then per group and area.
inline constexpr char kAverages[] = R"sql(
SELECT r.area, coalesce(e.workshop_group, 0) AS workshop_group,
       count(*) AS ratings,
       to_char(round(avg(r.score), 2), 'FM0.00') AS average
  FROM evaluation_rating r
  JOIN evaluation e ON e.module_id = r.module_id
   AND e.participant_id = r.participant_id
  JOIN roster_participant p ON p.participant_id = e.participant_id
 WHERE e.module_id = $1::uuid AND ($2 = '' OR p.voivodeship = $2)
 GROUP BY GROUPING SETS ((r.area), (e.workshop_group, r.area))
 ORDER BY GROUPING(e.workshop_group) DESC, 2, 1)sql";

inline constexpr char kComments[] = R"sql(
SELECT e.comment
  FROM evaluation e
  JOIN roster_participant p ON p.participant_id = e.participant_id
 WHERE e.module_id = $1::uuid AND ($2 = '' OR p.voivodeship = $2)
   AND e.comment <> ''
 ORDER BY e.submit_time, e.participant_id)sql";

}  // namespace jstedu::training::queries
