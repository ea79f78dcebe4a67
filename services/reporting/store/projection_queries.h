#pragma once

// SQL of ProjectionStore: other services' facts, written from their events
// in the consumer's inbox transaction. Every statement is an upsert keyed by
// the fact's id and tolerates any order. Instants travel as microseconds
// since the epoch (bigint parameters, read as 'epoch' + n µs): exact.

namespace jstedu::reporting::queries {

// $1 edition, $2 kind, $3 name, $4 capacity, $5 min_representatives,
// $6 starts_on, $7 ends_on, $8 update time (µs): the newest update wins.
inline constexpr char kUpsertEdition[] = R"sql(
INSERT INTO edition_fact (edition, kind, name, capacity, min_representatives,
                          starts_on, ends_on, source_time)
VALUES ($1, $2, $3, $4, $5, $6::date, $7::date,
        'epoch'::timestamptz + $8::bigint * interval '1 microsecond')
ON CONFLICT (edition) DO UPDATE
   SET kind = EXCLUDED.kind, name = EXCLUDED.name,
       capacity = EXCLUDED.capacity,
       min_representatives = EXCLUDED.min_representatives,
       starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       source_time = EXCLUDED.source_time
 WHERE edition_fact.source_time <= EXCLUDED.source_time)sql";

// $1 application id, $2 edition, $3 teryt, $4 voivodeship, $5 jst_kind,
// $6 qualified at (µs): the first qualification is kept.
inline constexpr char kUpsertQualified[] = R"sql(
INSERT INTO jst_fact (application_id, edition, teryt, voivodeship, jst_kind,
                      qualified_at)
VALUES ($1::uuid, $2, $3, $4, $5,
        'epoch'::timestamptz + $6::bigint * interval '1 microsecond')
ON CONFLICT (application_id) DO UPDATE
   SET jst_kind = EXCLUDED.jst_kind,
       qualified_at = coalesce(jst_fact.qualified_at,
                               EXCLUDED.qualified_at))sql";

// $1 application id, $2 edition, $3 teryt, $4 voivodeship, $5 withdrawn at
// (µs), $6 previous status. JstWithdrawn carries no JST kind: a row it
// creates first gets kind 0 until the JstQualified (if any) arrives.
inline constexpr char kUpsertWithdrawn[] = R"sql(
INSERT INTO jst_fact (application_id, edition, teryt, voivodeship, jst_kind,
                      withdrawn_at, previous_status)
VALUES ($1::uuid, $2, $3, $4, 0,
        'epoch'::timestamptz + $5::bigint * interval '1 microsecond', $6)
ON CONFLICT (application_id) DO UPDATE
   SET withdrawn_at = coalesce(jst_fact.withdrawn_at, EXCLUDED.withdrawn_at),
       previous_status = coalesce(jst_fact.previous_status,
                                  EXCLUDED.previous_status))sql";

// $1 participant id, $2 edition, $3 application id, $4 teryt,
// $5 voivodeship, $6 jst_kind, $7 sex, $8 age_at_start, $9 target_group,
// $10 status, $11 declaration_recorded, $12 participation_start or '',
// $13 participation_end or '', $14 end_reason, $15 monitoring data
// complete, $16 missing monitoring fields (a text[] literal), $17 the
// event's time (µs): the event that committed last wins. One row: the
// edition and application the participant was in before (NULL for a new
// one), and whether a column figures read (FiguresStore's kParticipants)
// changed. Run under the participant's lock (CountsStore), so `old` is the
// row as it now is.
inline constexpr char kUpsertParticipant[] = R"sql(
WITH old AS (
  SELECT edition, application_id, teryt, voivodeship, jst_kind, sex,
         target_group, status, declaration_recorded, participation_start,
         monitoring_data_complete, missing_monitoring_fields
    FROM participant_fact
   WHERE participant_id = $1::uuid
), upserted AS (
INSERT INTO participant_fact (participant_id, edition, application_id, teryt,
                              voivodeship, jst_kind, sex, age_at_start,
                              target_group, status, declaration_recorded,
                              participation_start, participation_end,
                              end_reason, monitoring_data_complete,
                              missing_monitoring_fields, source_time)
VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8, $9, $10, $11,
        nullif($12, '')::date, nullif($13, '')::date, $14, $15, $16::text[],
        'epoch'::timestamptz + $17::bigint * interval '1 microsecond')
ON CONFLICT (participant_id) DO UPDATE
   SET edition = EXCLUDED.edition, application_id = EXCLUDED.application_id,
       teryt = EXCLUDED.teryt, voivodeship = EXCLUDED.voivodeship,
       jst_kind = EXCLUDED.jst_kind, sex = EXCLUDED.sex,
       age_at_start = EXCLUDED.age_at_start,
       target_group = EXCLUDED.target_group, status = EXCLUDED.status,
       declaration_recorded = EXCLUDED.declaration_recorded,
       participation_start = EXCLUDED.participation_start,
       participation_end = EXCLUDED.participation_end,
       end_reason = EXCLUDED.end_reason,
       monitoring_data_complete = EXCLUDED.monitoring_data_complete,
       missing_monitoring_fields = EXCLUDED.missing_monitoring_fields,
       source_time = EXCLUDED.source_time
 WHERE participant_fact.source_time <= EXCLUDED.source_time
RETURNING edition, application_id, teryt, voivodeship, jst_kind, sex,
          target_group, status, declaration_recorded, participation_start,
          monitoring_data_complete, missing_monitoring_fields)
SELECT (SELECT edition FROM old) AS old_edition,
       (SELECT application_id::text FROM old) AS old_application_id,
       EXISTS (SELECT * FROM upserted EXCEPT SELECT * FROM old) AS changed)sql";

// $1 session id, $2 participant id, $3 edition, $4 module_number,
// $5 status, $6 attended_minutes, $7 the event's time (µs): the newest
// mark is the one whose event committed last (recorded_at is the recording
// caller's clock and may tie).
inline constexpr char kUpsertAttendance[] = R"sql(
INSERT INTO attendance_fact (session_id, participant_id, edition,
                             module_number, status, attended_minutes,
                             source_time)
VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6,
        'epoch'::timestamptz + $7::bigint * interval '1 microsecond')
ON CONFLICT (session_id, participant_id) DO UPDATE
   SET status = EXCLUDED.status, attended_minutes = EXCLUDED.attended_minutes,
       source_time = EXCLUDED.source_time
 WHERE attendance_fact.source_time <= EXCLUDED.source_time)sql";

// $1 participant id, $2 edition, $3 completed at (µs), $4 attended_minutes,
// $5 planned_minutes, $6 completion_percent: the first completion is kept.
inline constexpr char kInsertCompletion[] = R"sql(
INSERT INTO completion_fact (participant_id, edition, completed_at,
                             attended_minutes, planned_minutes,
                             completion_percent)
VALUES ($1::uuid, $2,
        'epoch'::timestamptz + $3::bigint * interval '1 microsecond',
        $4, $5, $6)
ON CONFLICT (participant_id) DO NOTHING)sql";

// $1 case id, $2 edition, $3 application id, $4 teryt, $5 voivodeship,
// $6 jst_kind: the case's row, if this is the first event seen of it.
inline constexpr char kEnsureCase[] = R"sql(
INSERT INTO case_fact (case_id, edition, application_id, teryt, voivodeship,
                       jst_kind, stage, stage_version)
VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, 0, 0)
ON CONFLICT (case_id) DO NOTHING)sql";

// $1 case id, $2 opened at (µs): the first opening is kept (no row
// changes when one is).
inline constexpr char kCaseOpened[] = R"sql(
UPDATE case_fact
   SET opened_at = 'epoch'::timestamptz + $2::bigint * interval '1 microsecond'
 WHERE case_id = $1::uuid AND opened_at IS NULL)sql";

// $1 case id, $2 stage, $3 case version: the stage of the highest version
// that set one.
inline constexpr char kSetCaseStage[] = R"sql(
UPDATE case_fact SET stage = $2, stage_version = $3
 WHERE case_id = $1::uuid AND stage_version < $3)sql";

// $1 case id, $2 adopted on (YYYY-MM-DD) (no row changes when it was).
inline constexpr char kPlanAdopted[] = R"sql(
UPDATE case_fact SET plan_adopted_on = $2::date
 WHERE case_id = $1::uuid AND plan_adopted_on IS DISTINCT FROM $2::date)sql";

// ---- the programme's other parts (migration 0005)

// $1 membership id, $2 edition, $3 community id, $4 community kind,
// $5 participant id, $6 joined on, $7 left on or '', $8 the event's time
// (µs): the event that committed last wins (no row changes for an older
// or a repeated one).
inline constexpr char kUpsertMembership[] = R"sql(
INSERT INTO membership_fact (membership_id, edition, community_id,
                             community_kind, participant_id, joined_on,
                             left_on, source_time)
VALUES ($1::uuid, $2, $3::uuid, $4, $5::uuid, $6::date, nullif($7, '')::date,
        'epoch'::timestamptz + $8::bigint * interval '1 microsecond')
ON CONFLICT (membership_id) DO UPDATE
   SET joined_on = EXCLUDED.joined_on, left_on = EXCLUDED.left_on,
       source_time = EXCLUDED.source_time
 WHERE membership_fact.source_time < EXCLUDED.source_time)sql";

// $1 meeting id, $2 edition, $3 community id, $4 community kind,
// $5 held on, $6 form, $7 attendees, $8 revision: the highest revision
// wins (no row changes for an older or a repeated one).
inline constexpr char kUpsertMeeting[] = R"sql(
INSERT INTO meeting_fact (meeting_id, edition, community_id, community_kind,
                          held_on, form, attendees, revision)
VALUES ($1::uuid, $2, $3::uuid, $4, $5::date, $6, $7, $8)
ON CONFLICT (meeting_id) DO UPDATE
   SET held_on = EXCLUDED.held_on, form = EXCLUDED.form,
       attendees = EXCLUDED.attendees, revision = EXCLUDED.revision
 WHERE meeting_fact.revision < EXCLUDED.revision)sql";

// $1 participant id, $2 edition, $3 course code, $4 completed on, $5 the
// event's time (µs): the event that committed last has the day in force.
inline constexpr char kUpsertELearning[] = R"sql(
INSERT INTO elearning_fact (participant_id, edition, course_code,
                            completed_on, source_time)
VALUES ($1::uuid, $2, $3, $4::date,
        'epoch'::timestamptz + $5::bigint * interval '1 microsecond')
ON CONFLICT (participant_id, edition, course_code) DO UPDATE
   SET completed_on = EXCLUDED.completed_on,
       source_time = EXCLUDED.source_time
 WHERE elearning_fact.source_time < EXCLUDED.source_time)sql";

// $1 practice id, $2 edition, $3 case id, $4 teryt, $5 voivodeship,
// $6 jst_kind, $7 status, $8 published on or '', $9 version: the highest
// version wins (no row changes for an older or a repeated one).
inline constexpr char kUpsertPractice[] = R"sql(
INSERT INTO practice_fact (practice_id, edition, case_id, teryt, voivodeship,
                           jst_kind, status, published_on, version)
VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, nullif($8, '')::date, $9)
ON CONFLICT (practice_id) DO UPDATE
   SET status = EXCLUDED.status, published_on = EXCLUDED.published_on,
       version = EXCLUDED.version
 WHERE practice_fact.version < EXCLUDED.version)sql";

// $1 case id: the case's application, if the case was projected.
inline constexpr char kCaseApplication[] = R"sql(
SELECT application_id::text AS application_id
  FROM case_fact
 WHERE case_id = $1::uuid)sql";

// $1 case id, $2 edition, $3 approved on, $4 RSPO numbers (a text[]
// literal), $5 case version: the highest case version's set wins.
inline constexpr char kUpsertCaseSchools[] = R"sql(
INSERT INTO case_schools_fact (case_id, edition, approved_on, rspo, version)
VALUES ($1::uuid, $2, $3::date, $4::text[], $5)
ON CONFLICT (case_id) DO UPDATE
   SET approved_on = EXCLUDED.approved_on, rspo = EXCLUDED.rspo,
       version = EXCLUDED.version
 WHERE case_schools_fact.version < EXCLUDED.version)sql";

}  // namespace jstedu::reporting::queries
