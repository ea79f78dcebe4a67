#pragma once

// SQL of the roster store (recruitment's events), as named constants with
// $n parameters.

namespace jstedu::training::queries {

inline constexpr char kQualifyJst[] = R"sql(
INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, jst_kind,
                        workshop_group, qualified_at, event_at)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz)
ON CONFLICT (application_id) DO UPDATE
   SET jst_kind = EXCLUDED.jst_kind,
       workshop_group = EXCLUDED.workshop_group,
       qualified_at = EXCLUDED.qualified_at,
       event_at = greatest(roster_jst.event_at, EXCLUDED.event_at))sql";

// The team gets the tasks already set in its edition (a JST promoted from
// the waiting list joins mid-way); the unique (definition, application)
// makes a repeated qualification add nothing.
inline constexpr char kGiveTasksSet[] = R"sql(
INSERT INTO task (id, definition_id, application_id, teryt, voivodeship,
                  status, due_at)
SELECT gen_random_uuid(), d.id, $1::uuid, $3, $4, 'OPEN', task_due_at(d.id)
  FROM task_definition d JOIN module m ON m.id = d.module_id
 WHERE m.edition = $2 AND task_due_at(d.id) IS NOT NULL
ON CONFLICT (definition_id, application_id) DO NOTHING
RETURNING id::text AS id)sql";

inline constexpr char kWithdrawJst[] = R"sql(
INSERT INTO roster_jst (application_id, edition, teryt, voivodeship,
                        withdrawn_at, event_at)
VALUES ($1::uuid, $2, $3, $4, $5::timestamptz, $5::timestamptz)
ON CONFLICT (application_id) DO UPDATE
   SET withdrawn_at = EXCLUDED.withdrawn_at,
       event_at = greatest(roster_jst.event_at, EXCLUDED.event_at))sql";

// The participant's snapshot, unless a newer one is already there.
inline constexpr char kUpsertParticipant[] = R"sql(
INSERT INTO roster_participant (participant_id, application_id, edition,
                                teryt, voivodeship, sex, age_at_start,
                                target_group, active, declaration_recorded,
                                participation_start, participation_end,
                                event_at)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11::date,
        nullif($12, '')::date, $13::timestamptz)
ON CONFLICT (participant_id) DO UPDATE
   SET sex = EXCLUDED.sex, age_at_start = EXCLUDED.age_at_start,
       target_group = EXCLUDED.target_group, active = EXCLUDED.active,
       declaration_recorded = EXCLUDED.declaration_recorded,
       participation_start = EXCLUDED.participation_start,
       participation_end = EXCLUDED.participation_end,
       event_at = EXCLUDED.event_at
 WHERE roster_participant.event_at <= EXCLUDED.event_at)sql";

// The edition's period, unless a newer change is already there (update
// times of an edition strictly increase).
inline constexpr char kUpsertEditionPeriod[] = R"sql(
INSERT INTO edition_period (edition, starts_on, ends_on, update_time)
VALUES ($1, $2::date, $3::date, $4::timestamptz)
ON CONFLICT (edition) DO UPDATE
   SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       update_time = EXCLUDED.update_time
 WHERE edition_period.update_time < EXCLUDED.update_time)sql";

}  // namespace jstedu::training::queries
