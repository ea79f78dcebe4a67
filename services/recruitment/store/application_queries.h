#pragma once

// SQL of applications (ApplicationStore), as named constants with $n
// parameters. The statements several stores share are in
// rows/application_queries.h.

#include "services/recruitment/store/rows/application_queries.h"

namespace jstedu::recruitment::queries {

inline constexpr char kLocateApplication[] = R"sql(
SELECT a.id::text AS application_id, a.edition, a.teryt, j.voivodeship
  FROM application a JOIN jst j ON j.teryt = a.teryt
 WHERE a.id = $1::uuid)sql";

// Whether edition $1's recruitment window is open at $2 (the store's clock,
// microseconds since the epoch), and the window in Europe/Warsaw for the
// refusal.
inline constexpr char kRecruitmentWindow[] = R"sql(
SELECT recruitment_opens_at
         <= timestamptz 'epoch' + $2::bigint * interval '1 microsecond'
         AS opened,
       timestamptz 'epoch' + $2::bigint * interval '1 microsecond'
         < recruitment_closes_at AS not_closed,
       to_char(recruitment_opens_at AT TIME ZONE 'Europe/Warsaw',
               'YYYY-MM-DD HH24:MI') AS opens,
       to_char(recruitment_closes_at AT TIME ZONE 'Europe/Warsaw',
               'YYYY-MM-DD HH24:MI') AS closes
  FROM edition WHERE code = $1)sql";

// $1 edition, $2 TERYT, $3 subject; no row when the JST already applied.
inline constexpr char kInsertApplication[] = R"sql(
INSERT INTO application (edition, teryt, status, submitted_by)
VALUES ($1, $2, 'SUBMITTED', $3)
ON CONFLICT (edition, teryt) DO NOTHING
RETURNING id::text AS id)sql";

// $1 application, then the block's fields ($8 DEGURBA class, 0 for none).
inline constexpr char kWriteInstitution[] = R"sql(
UPDATE application
   SET nip = nullif($2, ''), locality = nullif($3, ''),
       street = nullif($4, ''), building_number = nullif($5, ''),
       flat_number = nullif($6, ''), postcode = nullif($7, ''),
       degurba = nullif($8, 0), institution_phone = nullif($9, ''),
       institution_email = nullif($10, ''), institution_updated_at = now()
 WHERE id = $1::uuid)sql";

// One page of edition $1's applications: $2 voivodeship, $3 TERYT, $4
// status, $6 JST kind (each '' for any), after submission number $5, $7
// rows.
inline constexpr char kListApplications[] = JSTEDU_APPLICATION_SELECT
    "WHERE a.edition = $1 AND ($2 = '' OR j.voivodeship = $2) "
    "AND ($3 = '' OR a.teryt = $3) AND ($4 = '' OR a.status = $4) "
    "AND a.submission_number > $5 AND ($6 = '' OR j.kind = $6) "
    "ORDER BY a.submission_number LIMIT $7";

// One page of an application's history, oldest first ($2: after this
// sequence; $3: rows to read).
inline constexpr char kHistoryPage[] = R"sql(
SELECT id, coalesce(from_status, '') AS from_status, to_status,
       coalesce(reason, '') AS reason,
       (extract(epoch FROM changed_at) * 1000000)::bigint AS changed_micros,
       coalesce(changed_by_role, '') AS changed_by_role, changed_by,
       coalesce(promotion, '') AS promotion
  FROM application_history
 WHERE application_id = $1::uuid AND id > $2
 ORDER BY id LIMIT $3)sql";

// The JST's team leaves with its application: $1 application, $2 today,
// $3 the reason.
inline constexpr char kEndTeam[] = R"sql(
UPDATE participant
   SET participation_end = greatest($2::date, participation_start),
       end_reason = 'JST_WITHDREW', end_note = $3, updated_at = now()
 WHERE application_id = $1::uuid AND participation_end IS NULL
RETURNING id::text AS id)sql";

}  // namespace jstedu::recruitment::queries
