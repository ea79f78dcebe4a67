#pragma once

// SQL of PlanStore (modules and sessions), as named constants with $n
// parameters. Module rows: rows/queries.h.

#include "services/training/store/rows/queries.h"

namespace jstedu::training::queries {

inline constexpr char kNewId[] =
    R"sql(SELECT gen_random_uuid()::text AS id)sql";

inline constexpr char kModuleNumberTaken[] = R"sql(
SELECT 1 FROM module WHERE edition = $1 AND number = $2)sql";

// The modules of edition $1 other than $2, in number order.
inline constexpr char kOtherModules[] = R"sql(
SELECT id::text AS id, number,
       coalesce((extract(epoch from start_time) * 1000000)::bigint, 0)
         AS start_us,
       coalesce((extract(epoch from end_time) * 1000000)::bigint, 0)
         AS end_us
  FROM module
 WHERE edition = $1 AND id::text <> $2
 ORDER BY number)sql";

inline constexpr char kSessionHasMarks[] = R"sql(
SELECT 1 FROM attendance WHERE session_id = $1::uuid LIMIT 1)sql";

inline constexpr char kSelectEditionPeriod[] = R"sql(
SELECT starts_on::text AS starts_on, ends_on::text AS ends_on
  FROM edition_period WHERE edition = $1)sql";

inline constexpr char kInsertModule[] = R"sql(
INSERT INTO module (id, edition, number, title, venue, start_time, end_time,
                    third_week_of, didactic_hours, signup_deadline,
                    shuttle_seats, parking_places)
VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz,
        nullif($8, ''), $9, nullif($10, '')::timestamptz, $11, $12))sql";

inline constexpr char kInsertModuleRoom[] = R"sql(
INSERT INTO module_room (module_id, room_id, name, capacity)
VALUES ($1::uuid, $2, $3, $4))sql";

inline constexpr char kMoveModule[] = R"sql(
UPDATE module
   SET start_time = $2::timestamptz, end_time = $3::timestamptz,
       signup_deadline = nullif($4, '')::timestamptz, update_time = now(),
       revision = revision + 1
 WHERE id = $1::uuid)sql";

inline constexpr char kMoveSession[] = R"sql(
UPDATE session SET start_time = $2::timestamptz, end_time = $3::timestamptz
 WHERE id = $1::uuid)sql";

inline constexpr char kSelectModuleSessions[] =
    JSTEDU_TRAINING_SESSION_SELECT R"sql(
 WHERE s.module_id = $1::uuid
 ORDER BY s.start_time, s.workshop_group, s.id)sql";

inline constexpr char kSelectSession[] = JSTEDU_TRAINING_SESSION_SELECT R"sql(
 WHERE s.id = $1::uuid)sql";

// Trainer $1's sessions in modules other than $2 that overlap [$3, $4).
inline constexpr char kTrainerSessionsElsewhere[] =
    JSTEDU_TRAINING_SESSION_SELECT R"sql(
 WHERE s.trainer = $1 AND s.module_id <> $2::uuid
   AND s.start_time < $4::timestamptz AND s.end_time > $3::timestamptz
 ORDER BY s.id)sql";

// Rostered participants per workshop group of edition $1.
inline constexpr char kRosterSizes[] = R"sql(
SELECT workshop_group, count(*) AS size FROM roster
 WHERE edition = $1 AND workshop_group IS NOT NULL
 GROUP BY workshop_group)sql";

// A trainer's sessions in all modules, one creation at a time ($1:
// "training.trainer:<trainer>").
inline constexpr char kLockTrainer[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext($1)))sql";

inline constexpr char kInsertSession[] = R"sql(
INSERT INTO session (id, module_id, start_time, end_time, thematic_area,
                     workshop_group, room_id, trainer, title)
VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5, $6, $7, $8,
        $9))sql";

}  // namespace jstedu::training::queries
