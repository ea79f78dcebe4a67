#pragma once

// SQL of FiguresStore: the projected facts of an edition, one voivodeship's
// or all ($2 = ''), some applications' or all ($3, a uuid[] literal, '{}'
// for all). Dates are Europe/Warsaw civil days, "YYYY-MM-DD".

namespace jstedu::reporting::queries {

// $1 edition, $2 voivodeship or '', $3 application ids or '{}'.
inline constexpr char kJsts[] = R"sql(
SELECT application_id::text AS application_id, teryt, voivodeship, jst_kind,
       qualified_at IS NOT NULL AS qualified,
       withdrawn_at IS NOT NULL AS withdrawn,
       to_char(qualified_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
         AS qualified_on
  FROM jst_fact
 WHERE edition = $1 AND ($2 = '' OR voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR application_id = ANY($3::uuid[])))sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}', $4 the
// status counted nowhere (recruitment's PARTICIPANT_NOT_COUNTED: records
// held for its office).
inline constexpr char kParticipants[] = R"sql(
SELECT participant_id::text AS participant_id,
       application_id::text AS application_id, teryt, voivodeship, jst_kind,
       sex, target_group, status, declaration_recorded,
       to_char(participation_start, 'YYYY-MM-DD') AS participation_start,
       monitoring_data_complete, missing_monitoring_fields
  FROM participant_fact
 WHERE edition = $1 AND ($2 = '' OR voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR application_id = ANY($3::uuid[]))
   AND status <> $4)sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}' (a
// completion's region and application are its participant's). Of the two
// branches the parameters leave one: all the edition's completions, or
// those of the chosen participants (from their index, not a scan of every
// completion).
inline constexpr char kCompletions[] = R"sql(
SELECT c.participant_id::text AS participant_id,
       to_char(c.completed_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
         AS completed_on
  FROM completion_fact c
 WHERE $2 = '' AND cardinality($3::uuid[]) = 0 AND c.edition = $1
UNION ALL
SELECT c.participant_id::text,
       to_char(c.completed_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
  FROM participant_fact p
  JOIN completion_fact c ON c.participant_id = p.participant_id
 WHERE NOT ($2 = '' AND cardinality($3::uuid[]) = 0)
   AND c.edition = $1 AND p.edition = $1
   AND ($2 = '' OR p.voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR p.application_id = ANY($3::uuid[])))sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}'.
inline constexpr char kCases[] = R"sql(
SELECT case_id::text AS case_id, application_id::text AS application_id,
       teryt, voivodeship, jst_kind, stage,
       to_char(opened_at AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
         AS opened_on,
       to_char(plan_adopted_on, 'YYYY-MM-DD') AS plan_adopted_on
  FROM case_fact
 WHERE edition = $1 AND ($2 = '' OR voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR application_id = ANY($3::uuid[])))sql";

// $1 edition: attended minutes per participant, the sum of their newest
// marks.
inline constexpr char kAttendedMinutes[] = R"sql(
SELECT participant_id::text AS participant_id,
       sum(attended_minutes)::bigint AS minutes
  FROM attendance_fact
 WHERE edition = $1
 GROUP BY participant_id)sql";

// The programme's other parts (migration 0005). A membership's, an
// e-learning completion's region and application are its participant's; a
// practice's and a case's schools' are its case's (its JST as case_fact
// holds it, so a practice is filtered and counted by the same voivodeship).

// $1 edition, $2 voivodeship or '', $3 application ids or '{}'.
inline constexpr char kMemberships[] = R"sql(
SELECT m.membership_id::text AS membership_id, m.community_kind,
       m.participant_id::text AS participant_id,
       to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on
  FROM membership_fact m
  JOIN participant_fact p ON p.participant_id = m.participant_id
 WHERE m.edition = $1 AND p.edition = $1
   AND ($2 = '' OR p.voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR p.application_id = ANY($3::uuid[])))sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}'.
inline constexpr char kELearning[] = R"sql(
SELECT e.participant_id::text AS participant_id, e.course_code,
       to_char(e.completed_on, 'YYYY-MM-DD') AS completed_on
  FROM elearning_fact e
  JOIN participant_fact p ON p.participant_id = e.participant_id
 WHERE e.edition = $1 AND p.edition = $1
   AND ($2 = '' OR p.voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR p.application_id = ANY($3::uuid[])))sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}', $4 the
// published status (advisory PRACTICE_PUBLISHED).
inline constexpr char kPractices[] = R"sql(
SELECT x.practice_id::text AS practice_id, x.case_id::text AS case_id,
       c.application_id::text AS application_id, c.teryt, c.voivodeship,
       c.jst_kind, x.status = $4 AS published,
       to_char(x.published_on, 'YYYY-MM-DD') AS published_on
  FROM practice_fact x
  JOIN case_fact c ON c.case_id = x.case_id
 WHERE x.edition = $1 AND c.edition = $1
   AND ($2 = '' OR c.voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR c.application_id = ANY($3::uuid[])))sql";

// $1 edition, $2 voivodeship or '', $3 application ids or '{}'.
inline constexpr char kCaseSchools[] = R"sql(
SELECT s.case_id::text AS case_id,
       to_char(s.approved_on, 'YYYY-MM-DD') AS approved_on, s.rspo
  FROM case_schools_fact s
  JOIN case_fact c ON c.case_id = s.case_id
 WHERE s.edition = $1 AND c.edition = $1
   AND ($2 = '' OR c.voivodeship = $2)
   AND (cardinality($3::uuid[]) = 0 OR c.application_id = ANY($3::uuid[])))sql";

// $1 edition: its community meetings (of no voivodeship or application).
inline constexpr char kMeetings[] = R"sql(
SELECT meeting_id::text AS meeting_id, community_kind,
       to_char(held_on, 'YYYY-MM-DD') AS held_on
  FROM meeting_fact
 WHERE edition = $1)sql";

}  // namespace jstedu::reporting::queries
