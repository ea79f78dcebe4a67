#pragma once

// SQL of the application rows several stores read and change
// (rows/application.h, rows/qualification.h), as named constants with $n
// parameters. Every column a reader reads has a name.

namespace jstedu::recruitment::queries {

// The institution block of application `a` and the registry's DEGURBA class
// of its JST `j` (ReadInstitution reads them by name). A column list shared,
// at compile time, by the statements that read an application or a
// participant.
#define JSTEDU_INSTITUTION_COLUMNS                           \
  "coalesce(a.nip, '') AS nip, "                             \
  "coalesce(a.locality, '') AS locality, "                   \
  "coalesce(a.street, '') AS street, "                       \
  "coalesce(a.building_number, '') AS building_number, "     \
  "coalesce(a.flat_number, '') AS flat_number, "             \
  "coalesce(a.postcode, '') AS postcode, "                   \
  "coalesce(a.degurba, 0) AS own_degurba, "                  \
  "coalesce(a.institution_phone, '') AS institution_phone, " \
  "coalesce(a.institution_email, '') AS institution_email, " \
  "coalesce(j.degurba, 0) AS registry_degurba "

// An application as ReadApplication reads it (times in microseconds since
// the epoch, 0 for none), followed by a WHERE clause.
#define JSTEDU_APPLICATION_SELECT                                            \
  "SELECT a.id::text AS id, a.edition, a.teryt, j.name AS jst_name, "        \
  "j.kind AS jst_kind, j.voivodeship, j.city_with_county_rights, a.status, " \
  "a.submission_number, "                                                    \
  "coalesce((extract(epoch FROM a.submitted_at) * 1000000)::bigint, 0) "     \
  "  AS submit_time, "                                                       \
  "coalesce((extract(epoch FROM a.status_at) * 1000000)::bigint, 0) "        \
  "  AS status_time, "                                                       \
  "coalesce(a.rejection_reason, '') AS rejection_reason, "                   \
  "coalesce(a.withdrawal_reason, '') AS withdrawal_reason, "                 \
  "coalesce(a.workshop_group, 0) AS workshop_group, "                        \
  "coalesce(a.workshop_group_reason, '') AS workshop_group_reason, "         \
  "coalesce(a.below_minimum_since::text, '') AS below_minimum_since, "       \
  "CASE WHEN a.status = 'WAITLISTED' THEN (SELECT count(*) "                 \
  "  FROM application w WHERE w.edition = a.edition "                        \
  "  AND w.status = 'WAITLISTED' "                                           \
  "  AND w.submission_number <= a.submission_number) ELSE 0 END "            \
  "  AS waitlist_position, " JSTEDU_INSTITUTION_COLUMNS                      \
  "FROM application a JOIN jst j ON j.teryt = a.teryt "

inline constexpr char kSelectApplication[] =
    JSTEDU_APPLICATION_SELECT "WHERE a.id = $1::uuid";

// The representatives of applications $1 (a uuid array): no personal data.
inline constexpr char kRepresentatives[] = R"sql(
SELECT application_id::text AS application_id, id::text AS id,
       participation_end IS NULL AS active, target_group,
       declaration_recorded_at IS NOT NULL AS declaration_recorded
  FROM participant
 WHERE application_id = ANY($1::uuid[])
 ORDER BY created_at, id)sql";

// An application with what its changes need to know (LockedApplication),
// locked FOR UPDATE or FOR SHARE.
#define JSTEDU_LOCKED_APPLICATION_SELECT                                 \
  "SELECT a.id::text AS id, a.edition, a.teryt, j.voivodeship, j.kind, " \
  "j.city_with_county_rights, j.workshop_group AS registry_group, "      \
  "a.status, a.submission_number, e.capacity, e.min_representatives, "   \
  "a.below_minimum_since IS NOT NULL AS below_minimum, "                 \
  "coalesce(a.workshop_group, 0) AS requested_group, "                   \
  "coalesce(a.workshop_group_reason, '') AS requested_group_reason "     \
  "FROM application a JOIN jst j ON j.teryt = a.teryt "                  \
  "JOIN edition e ON e.code = a.edition WHERE a.id = $1::uuid "

inline constexpr char kLockApplicationForUpdate[] =
    JSTEDU_LOCKED_APPLICATION_SELECT "FOR UPDATE OF a";
inline constexpr char kLockApplicationForShare[] =
    JSTEDU_LOCKED_APPLICATION_SELECT "FOR SHARE OF a";

inline constexpr char kEditionOfApplication[] = R"sql(
SELECT edition FROM application WHERE id = $1::uuid)sql";

// NO KEY UPDATE, so inserting applications (a FOR KEY SHARE on the edition)
// does not wait for it.
inline constexpr char kLockEdition[] = R"sql(
SELECT 1 FROM edition WHERE code = $1 FOR NO KEY UPDATE)sql";

inline constexpr char kEditionExists[] = R"sql(
SELECT 1 FROM edition WHERE code = $1)sql";

inline constexpr char kQualifiedCount[] = R"sql(
SELECT count(*) AS qualified FROM application
 WHERE edition = $1 AND status = 'QUALIFIED')sql";

// $1 id, $2 the new status, $3 the reason (kept as the rejection or
// withdrawal reason when it is one).
inline constexpr char kChangeStatus[] = R"sql(
UPDATE application
   SET status = $2, status_at = now(),
       rejection_reason = CASE WHEN $2 = 'REJECTED' THEN $3 END,
       withdrawal_reason = CASE WHEN $2 = 'WITHDRAWN' THEN $3 END,
       below_minimum_since = CASE WHEN $2 = 'QUALIFIED'
                                  THEN below_minimum_since END
 WHERE id = $1::uuid)sql";

// $1 application, $2 from ('' at submission), $3 to, $4 reason or '',
// $5 subject, $6 role, $7 promotion cause or ''.
inline constexpr char kHistory[] = R"sql(
INSERT INTO application_history (application_id, from_status, to_status,
                                 reason, changed_by, changed_by_role,
                                 promotion)
VALUES ($1::uuid, nullif($2, ''), $3, nullif($4, ''), $5, $6,
        nullif($7, '')))sql";

}  // namespace jstedu::recruitment::queries
