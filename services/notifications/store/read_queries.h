#pragma once

// SQL of NotificationReadStore (store/read_store.h), as named constants
// with $n parameters. Instants are answered as microseconds since the
// epoch (0 for none).

namespace jstedu::notifications::queries {

// A page of notifications, newest due first, after the key ($5 due as
// RFC 3339, $6 id; both '' on the first page), $7 rows. $1 a person ('' for
// all), $2 a state ('' for all), $3 the scope ('all', 'voivodeship', 'jst',
// 'expert', 'trainer') and $4 its value (a voivodeship code, a TERYT code,
// a subject). Optional filters keep PostgreSQL planning it with the values
// (common/pg/prepared.h), so the CASE folds to the caller's branch and the
// indexes of migrations 0004 and 0005 (by due; by application and due; by
// person and due; by subject and due) give the page in order. A
// voivodeship's scope holds its weekly digests too.
inline constexpr char kListNotifications[] = R"sql(
SELECT n.id::text AS id, n.person_ref, n.reason, n.subject_ref,
       n.occurrence, n.application_id, n.state, n.required, n.attempts, n.last_error,
       (extract(epoch from n.due_at) * 1000000)::bigint AS due_us,
       (extract(epoch from n.expires_at) * 1000000)::bigint AS expires_us,
       coalesce((extract(epoch from n.sent_at) * 1000000)::bigint, 0)
         AS sent_us,
       coalesce((extract(epoch from n.next_attempt_at) * 1000000)::bigint, 0)
         AS next_attempt_us
  FROM notification n
 WHERE ($1 = '' OR n.person_ref = $1)
   AND ($2 = '' OR n.state = $2)
   AND CASE $3
         WHEN 'all' THEN true
         WHEN 'voivodeship' THEN n.application_id IN (
           SELECT application_id::text FROM jst WHERE voivodeship = $4)
           OR n.subject_ref = 'voivodeship:' || $4
         WHEN 'jst' THEN n.application_id IN (
           SELECT application_id::text FROM jst WHERE teryt = $4)
           AND (n.person_ref LIKE 'participant:%'
                OR n.person_ref LIKE 'jst-contact:%')
         WHEN 'expert' THEN n.person_ref IN (
           SELECT 'expert:' || expert_id FROM expert_account
            WHERE subject = $4)
         WHEN 'trainer' THEN n.person_ref = 'trainer:' || $4
         ELSE false
       END
   AND ($5 = ''
        OR (n.due_at, n.id) < (nullif($5, '')::timestamptz,
                               nullif($6, '')::uuid))
 ORDER BY n.due_at DESC, n.id DESC
 LIMIT $7)sql";

// Where a participant or a JST contact belongs: its JST's TERYT code and
// voivodeship (no row: not known).
inline constexpr char kParticipantPlace[] = R"sql(
SELECT j.teryt, j.voivodeship
  FROM participant p JOIN jst j ON j.application_id = p.application_id
 WHERE p.participant_id = $1::uuid)sql";

inline constexpr char kContactPlace[] = R"sql(
SELECT teryt, voivodeship FROM jst WHERE application_id = $1::uuid)sql";

// Whether the expert advises a case of a JST of the voivodeship.
inline constexpr char kExpertInVoivodeship[] = R"sql(
SELECT 1
  FROM advisory_case c JOIN jst j ON j.application_id = c.application_id
 WHERE $1 IN (c.guardian, c.education_expert, c.personnel_expert)
   AND j.voivodeship = $2
 LIMIT 1)sql";

// A staff account's role and voivodeship (recruitment's directory).
inline constexpr char kStaffAccountOf[] = R"sql(
SELECT role, voivodeship FROM staff_account WHERE subject = $1)sql";

inline constexpr char kExpertOfSubject[] = R"sql(
SELECT expert_id FROM expert_account WHERE subject = $1
 ORDER BY expert_id LIMIT 1)sql";

inline constexpr char kSubjectOfExpert[] = R"sql(
SELECT subject FROM expert_account WHERE expert_id = $1)sql";

}  // namespace jstedu::notifications::queries
