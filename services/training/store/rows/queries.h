#pragma once

// SQL of the rows several training stores read (store/rows/), as named
// constants with $n parameters. Instants are answered as microseconds
// since the epoch: an answer's own under its field's name
// (pg::ReadColumns), one the reader computes with in `<name>_us` columns
// (0 for NULL). Every query that
// answers sessions (plan_queries.h, attendance_queries.h,
// calendar_queries.h) names the columns rows::SessionFromRow reads.

namespace jstedu::training::queries {

// ---------------------------------------------------------------- sessions

// A session as rows::SessionFromRow reads it, followed by a JOIN or WHERE
// clause: a SELECT shared, at compile time, by the session queries of
// plan_queries.h and calendar_queries.h.
#define JSTEDU_TRAINING_SESSION_SELECT                                 \
  "SELECT s.id::text AS id, s.module_id::text AS module, "             \
  "coalesce((extract(epoch from s.start_time) * 1000000)::bigint, 0) " \
  "  AS start_time, "                                                  \
  "coalesce((extract(epoch from s.end_time) * 1000000)::bigint, 0) "   \
  "  AS end_time, "                                                    \
  "s.thematic_area, s.workshop_group, s.room_id AS room, s.trainer, "  \
  "s.title "                                                           \
  "FROM session s "

// ---------------------------------------------------------------- settings

inline constexpr char kSelectSettings[] = R"sql(
SELECT s.edition, s.didactic_hour_minutes, s.session_minutes,
       s.completion_percent, s.third_week_reading, s.task_due_days_before,
       s.module_count,
       coalesce((extract(epoch from s.update_time) * 1000000)::bigint, 0)
         AS update_time,
       p.starts_on::text AS edition_starts_on,
       p.ends_on::text AS edition_ends_on
  FROM training_settings s
  LEFT JOIN edition_period p ON p.edition = s.edition
 WHERE s.edition = $1)sql";
// Locks edition $1's settings row (FOR UPDATE) before it is read again.
inline constexpr char kLockSettings[] = R"sql(
SELECT 1 FROM training_settings WHERE edition = $1 FOR UPDATE)sql";

// ----------------------------------------------------------------- modules

// A module as rows::ModuleFromRow reads it, followed by a WHERE clause: a
// SELECT shared, at compile time, by the module queries.
#define JSTEDU_TRAINING_MODULE_SELECT                                   \
  "SELECT m.id::text AS id, m.edition, m.number, m.title, m.venue, "    \
  "coalesce((extract(epoch from m.start_time) * 1000000)::bigint, 0) "  \
  "  AS start_time, "                                                   \
  "coalesce((extract(epoch from m.end_time) * 1000000)::bigint, 0) "    \
  "  AS end_time, "                                                     \
  "coalesce(m.third_week_of, '') AS third_week_of, m.didactic_hours, "  \
  "(extract(epoch from m.signup_deadline) * 1000000)::bigint "          \
  "  AS signup_deadline, "                                              \
  "m.shuttle_seats, m.parking_places, "                                 \
  "coalesce((extract(epoch from m.create_time) * 1000000)::bigint, 0) " \
  "  AS create_time, "                                                  \
  "coalesce((extract(epoch from m.update_time) * 1000000)::bigint, 0) " \
  "  AS update_time "                                                   \
  "FROM module m "

inline constexpr char kSelectEditionModules[] =
    JSTEDU_TRAINING_MODULE_SELECT R"sql(
 WHERE m.edition = $1
 ORDER BY m.number)sql";

inline constexpr char kSelectModule[] = JSTEDU_TRAINING_MODULE_SELECT R"sql(
 WHERE m.id = $1::uuid)sql";
// Locks module $1's row (FOR UPDATE) before it is read.
inline constexpr char kLockModule[] = R"sql(
SELECT 1 FROM module WHERE id = $1::uuid FOR UPDATE)sql";

inline constexpr char kSelectModuleRooms[] = R"sql(
SELECT room_id AS id, name, capacity FROM module_room
 WHERE module_id = $1::uuid ORDER BY room_id)sql";

// ------------------------------------------------------------ participants

// A participant's place as rows::PlaceFromRow reads it; on a workshop
// group's roster now when active, its JST qualified and not withdrawn (as
// the roster view); followed by a WHERE clause: a SELECT shared, at compile
// time, by the place queries.
#define JSTEDU_TRAINING_PLACE_SELECT                                      \
  "SELECT p.participant_id::text AS participant_id, p.edition, p.teryt, " \
  "p.voivodeship, coalesce(j.workshop_group, 0) AS workshop_group, "      \
  "(p.active AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL) " \
  "  AS rostered, "                                                       \
  "p.declaration_recorded, p.sex "                                        \
  "FROM roster_participant p "                                            \
  "LEFT JOIN roster_jst j ON j.application_id = p.application_id "

inline constexpr char kSelectPlace[] = JSTEDU_TRAINING_PLACE_SELECT R"sql(
 WHERE p.participant_id = $1::uuid)sql";
// Locks participant $1's roster_participant row (FOR UPDATE) before it is
// read.
inline constexpr char kLockPlace[] = R"sql(
SELECT 1 FROM roster_participant WHERE participant_id = $1::uuid
   FOR UPDATE)sql";

// The participants of edition $1 on a roster now or with marks in it, by
// id, after $2, at most $3.
inline constexpr char kSelectEditionPlaces[] =
    JSTEDU_TRAINING_PLACE_SELECT R"sql(
 WHERE p.edition = $1 AND p.participant_id > $2::uuid
   AND ((p.active AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL)
        OR EXISTS (SELECT 1 FROM attendance a
                     JOIN session s ON s.id = a.session_id
                     JOIN module m ON m.id = s.module_id
                    WHERE a.participant_id = p.participant_id
                      AND m.edition = $1))
 ORDER BY p.participant_id
 LIMIT $3)sql";

// --------------------------------------------------------------- due dates

// Serialises the changes of edition $1's plan that due dates count from
// (a module created or moved, tasks set or given, the settings).
inline constexpr char kLockEditionPlan[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext('training.plan:' || $1)))sql";

inline constexpr char kModuleEdition[] = R"sql(
SELECT edition FROM module WHERE id = $1::uuid)sql";

// Recomputes the due dates of edition $1's tasks that count from a next
// module; migration 0002's task_due_at() is the rule. Each changed task's
// revision grows by one; the answer names each with its previous due time
// (for its TaskDueChanged), in no particular order.
inline constexpr char kRecomputeDueDates[] = R"sql(
WITH due AS (
  SELECT t.id, t.due_at AS previous_due, task_due_at(t.definition_id) AS new_due
    FROM task t
    JOIN task_definition d ON d.id = t.definition_id
    JOIN module m ON m.id = d.module_id
   WHERE m.edition = $1 AND d.due_days_before IS NOT NULL
     AND task_due_at(t.definition_id) IS NOT NULL
     AND t.due_at IS DISTINCT FROM task_due_at(t.definition_id)
     FOR UPDATE OF t)
UPDATE task t
   SET due_at = due.new_due, update_time = now(), revision = t.revision + 1
  FROM due
 WHERE t.id = due.id
RETURNING t.id::text AS id,
          (extract(epoch from due.previous_due) * 1000000)::bigint
            AS previous_due_us)sql";

// The task definitions of edition $1 due no later than their module ends.
inline constexpr char kSelectTasksDueInModule[] = R"sql(
SELECT d.id::text AS definition_id, m.number,
       coalesce((extract(epoch from task_due_at(d.id)) * 1000000)::bigint, 0)
         AS due_us,
       coalesce((extract(epoch from m.end_time) * 1000000)::bigint, 0)
         AS module_end_us
  FROM task_definition d JOIN module m ON m.id = d.module_id
 WHERE m.edition = $1 AND task_due_at(d.id) <= m.end_time
 ORDER BY m.number, d.id)sql";

// ------------------------------------------------------------- plan events

// Id $2 of a page's last row, or '' for the first page.
#define JSTEDU_AFTER_ID \
  "coalesce(nullif($2, ''), '00000000-0000-0000-0000-000000000000')::uuid"

// A module as its events tell it (ModuleFacts's fields: events::v1's, and
// v1's that ListModuleFacts answers).
#define JSTEDU_MODULE_FACTS                                                 \
  "SELECT m.id::text AS module_id, m.edition, m.number, m.title, m.venue, " \
  "(extract(epoch from m.start_time) * 1000000)::bigint AS start_time, "    \
  "(extract(epoch from m.end_time) * 1000000)::bigint AS end_time, "        \
  "(extract(epoch from m.signup_deadline) * 1000000)::bigint "              \
  "AS signup_deadline, m.shuttle_seats, m.parking_places, m.revision "

// Module $1 as its events tell it.
inline constexpr char kSelectModuleFacts[] =
    JSTEDU_MODULE_FACTS "FROM module m WHERE m.id = $1::uuid";

// Edition $1's modules after id $2, $3 of them, as their events tell them,
// with their sessions' trainers and the participants signed up
// (ListModuleFacts).
inline constexpr char kModuleFactsPage[] = JSTEDU_MODULE_FACTS
    ", ARRAY(SELECT DISTINCT s.trainer FROM session s "
    "WHERE s.module_id = m.id ORDER BY 1) AS trainers, "
    "ARRAY(SELECT DISTINCT g.participant_id::text FROM signup g "
    "WHERE g.module_id = m.id ORDER BY 1) AS signed_up "
    "FROM module m WHERE m.edition = $1 AND m.id > " JSTEDU_AFTER_ID
    " ORDER BY m.id LIMIT $3";

#undef JSTEDU_MODULE_FACTS

// Tasks as their events tell them (TaskFacts's fields: events::v1's, and
// v1's that ListTaskFacts answers).
#define JSTEDU_TASK_FACTS                                                   \
  "SELECT t.id::text AS task_id, t.definition_id::text AS definition_id, "  \
  "d.module_id::text AS module_id, m.number AS module_number, m.edition, "  \
  "t.application_id::text AS application_id, t.teryt, t.voivodeship, "      \
  "d.title, (extract(epoch from t.due_at) * 1000000)::bigint AS due_time, " \
  "'TASK_' || t.status AS status, t.revision "                              \
  "FROM task t JOIN task_definition d ON d.id = t.definition_id "           \
  "JOIN module m ON m.id = d.module_id "

// The tasks of $1 (a uuid[] literal), in id order.
inline constexpr char kSelectTaskFacts[] =
    JSTEDU_TASK_FACTS "WHERE t.id = ANY($1::uuid[]) ORDER BY t.id";

// Edition $1's tasks after id $2, $3 of them (ListTaskFacts).
inline constexpr char kTaskFactsPage[] =
    JSTEDU_TASK_FACTS "WHERE m.edition = $1 AND t.id > " JSTEDU_AFTER_ID
                      " ORDER BY t.id LIMIT $3";

#undef JSTEDU_TASK_FACTS
#undef JSTEDU_AFTER_ID

}  // namespace jstedu::training::queries
