#pragma once

// SQL of the participant rows several stores read and write
// (rows/participant.h), as named constants with $n parameters. Every
// column a reader reads has a name.

#include "services/recruitment/store/rows/application_queries.h"

namespace jstedu::recruitment::queries {

// A participant as ReadParticipant reads it, with its application's JST and
// institution block (times in microseconds since the epoch, 0 for none),
// followed by a WHERE clause.
#define JSTEDU_PARTICIPANT_SELECT                                          \
  "SELECT p.id::text AS id, p.application_id::text AS application_id, "    \
  "p.edition, a.teryt, j.name AS jst_name, j.voivodeship, "                \
  "j.kind AS jst_kind, p.first_name, p.last_name, "                        \
  "coalesce(p.pesel, '') AS pesel, "                                       \
  "coalesce(p.other_identifier, '') AS other_identifier, p.sex, "          \
  "p.birth_date::text AS birth_date, p.age_at_start, "                     \
  "coalesce(p.education_level, '') AS education_level, "                   \
  "coalesce(p.email, '') AS email, coalesce(p.phone, '') AS phone, "       \
  "coalesce(p.position, '') AS position, p.target_group, "                 \
  "p.participation_start::text AS participation_start, "                   \
  "coalesce(p.participation_end::text, '') AS participation_end, "         \
  "coalesce(p.end_reason, '') AS end_reason, "                             \
  "coalesce(p.end_note, '') AS end_note, "                                 \
  "coalesce(p.declaration_signed_on::text, '') AS declaration_signed_on, " \
  "coalesce((extract(epoch FROM p.declaration_recorded_at) * 1000000)"     \
  "::bigint, 0) AS declaration_recorded_micros, "                          \
  "coalesce((extract(epoch FROM p.created_at) * 1000000)::bigint, 0) "     \
  "  AS created_micros, "                                                  \
  "coalesce((extract(epoch FROM p.updated_at) * 1000000)::bigint, 0) "     \
  "  AS updated_micros, p.identity, "                                      \
  "coalesce(p.minority_or_foreign_origin, '') "                            \
  "  AS minority_or_foreign_origin, "                                      \
  "coalesce(p.homeless, '') AS homeless, "                                 \
  "coalesce(p.disability, '') AS disability, "                             \
  "coalesce(p.other_disadvantage, '') AS "                                 \
  "other_disadvantage, " JSTEDU_INSTITUTION_COLUMNS                        \
  ", coalesce(encode(p.published_facts, 'hex'), '') AS published_facts "   \
  "FROM participant p JOIN application a ON a.id = p.application_id "      \
  "JOIN jst j ON j.teryt = a.teryt "

inline constexpr char kSelectParticipant[] =
    JSTEDU_PARTICIPANT_SELECT "WHERE p.id = $1::uuid";

// The participants $1 (a uuid array).
inline constexpr char kSelectParticipants[] =
    JSTEDU_PARTICIPANT_SELECT "WHERE p.id = ANY($1::uuid[])";

// The participants of applications $1 (a uuid array).
inline constexpr char kSelectParticipantsOfApplications[] =
    JSTEDU_PARTICIPANT_SELECT "WHERE p.application_id = ANY($1::uuid[])";

// The participants of application $1, locked: a concurrent update or
// declaration waits (the CSV import).
inline constexpr char kLockParticipantsOfApplication[] =
    JSTEDU_PARTICIPANT_SELECT
    "WHERE p.application_id = $1::uuid FOR NO KEY UPDATE OF p";

// One page of the counted participants of applications ever qualified in
// edition $1 (of every application when $6) ($2 voivodeship or '', after
// id $3, $4 rows, $5 the uncounted identities as a text array).
inline constexpr char kQualifiedParticipantsPage[] = JSTEDU_PARTICIPANT_SELECT
    "WHERE p.edition = $1 AND ($6 OR a.qualified_at IS NOT NULL) "
    "AND ($2 = '' OR j.voivodeship = $2) AND p.id > $3::uuid "
    "AND NOT (p.identity = ANY($5::text[])) ORDER BY p.id LIMIT $4";

// Records the facts last published for the participants $1 (a uuid
// array), the facts of each in $2 (a text array of hex bytes, in the same
// order). The ANY lets PostgreSQL find
// the rows by the key rather than hash-join a scan of every participant.
inline constexpr char kRecordPublishedFactsOfMany[] = R"sql(
UPDATE participant p SET published_facts = decode(f.facts, 'hex')
  FROM unnest($1::uuid[], $2::text[]) AS f (id, facts)
 WHERE p.id = f.id AND p.id = ANY($1::uuid[]))sql";

// One audit row per participant of $3 (a uuid array).
inline constexpr char kAudit[] = R"sql(
INSERT INTO personal_data_access (subject, role, participant_id, purpose, rpc)
SELECT $1, $2, unnest($3::uuid[]), $4, $5)sql";

// Locks the participants of applications $1 (a uuid array) in id order.
inline constexpr char kLockParticipantsOf[] = R"sql(
SELECT 1 FROM participant WHERE application_id = ANY($1::uuid[])
 ORDER BY id FOR NO KEY UPDATE)sql";

// Participant ids after $1, in id order, $2 of them, locked.
inline constexpr char kLockParticipantPage[] = R"sql(
SELECT id::text AS id FROM participant WHERE id > $1::uuid
 ORDER BY id LIMIT $2 FOR NO KEY UPDATE)sql";

// New participants of application $1 in edition $2, one per element of the
// arrays $3..$23 (one length; '' for none where a column may be NULL),
// written in the arrays' order: first names, last names, PESELs, other
// identifiers, sexes, birth dates, ages at start, education levels,
// e-mails, phones, positions, target groups, participation starts,
// declarations' signing days, identities, the four situation answers, and
// (both may be empty arrays, then NULL for each) the ids and the facts
// recorded as published (hex). One the application already has (a unique
// index) is skipped; the others come back with their identifiers, which
// tell them apart.
inline constexpr char kInsertParticipants[] = R"sql(
INSERT INTO participant (id, application_id, edition, first_name, last_name,
                         pesel, other_identifier, sex, birth_date,
                         age_at_start, education_level, email, phone,
                         position, target_group, participation_start,
                         declaration_signed_on, declaration_recorded_at,
                         identity, minority_or_foreign_origin, homeless,
                         disability, other_disadvantage, published_facts)
SELECT coalesce(r.id, gen_random_uuid()), $1::uuid, $2, r.first_name,
       r.last_name, nullif(r.pesel, ''), nullif(r.other_identifier, ''),
       r.sex, r.birth_date, r.age_at_start, nullif(r.education_level, ''),
       nullif(r.email, ''), nullif(r.phone, ''), nullif(r.position, ''),
       r.target_group, r.participation_start, nullif(r.signed_on, '')::date,
       CASE WHEN r.signed_on <> '' THEN now() END, r.identity,
       nullif(r.minority_or_foreign_origin, ''), nullif(r.homeless, ''),
       nullif(r.disability, ''), nullif(r.other_disadvantage, ''),
       decode(r.facts, 'hex')
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::date[], $9::integer[], $10::text[], $11::text[],
              $12::text[], $13::text[], $14::text[], $15::date[],
              $16::text[], $17::text[], $18::text[], $19::text[],
              $20::text[], $21::text[], $22::uuid[], $23::text[])
       WITH ORDINALITY AS r (first_name, last_name, pesel, other_identifier,
                             sex, birth_date, age_at_start, education_level,
                             email, phone, position, target_group,
                             participation_start, signed_on, identity,
                             minority_or_foreign_origin, homeless,
                             disability, other_disadvantage, id, facts, n)
 ORDER BY r.n
ON CONFLICT DO NOTHING
RETURNING id::text AS id, coalesce(pesel, '') AS pesel,
          coalesce(other_identifier, '') AS other_identifier)sql";

// What a new participant of application $1 takes from it (its JST and
// its institution block), by the names ReadParticipant reads.
inline constexpr char kNewParticipantContext[] =
    "SELECT a.id::text AS application_id, a.edition, a.teryt, "
    "j.name AS jst_name, j.voivodeship, j.kind AS "
    "jst_kind, " JSTEDU_INSTITUTION_COLUMNS
    "FROM application a JOIN jst j ON j.teryt = a.teryt "
    "WHERE a.id = $1::uuid";

// $1 new participant ids.
inline constexpr char kNewParticipantIds[] =
    "SELECT gen_random_uuid()::text AS id FROM generate_series(1, $1)";

// A recorded declaration is never replaced nor removed by an update. The
// identity is set with the number in one statement: the unique index sees
// both at once.
inline constexpr char kUpdateParticipant[] = R"sql(
UPDATE participant
   SET first_name = $2, last_name = $3, pesel = nullif($4, ''),
       other_identifier = nullif($5, ''), sex = $6, birth_date = $7::date,
       age_at_start = $8, education_level = nullif($9, ''),
       email = nullif($10, ''), phone = nullif($11, ''),
       position = nullif($12, ''), target_group = $13,
       participation_start = $14::date,
       declaration_signed_on = coalesce(declaration_signed_on,
                                        nullif($15, '')::date),
       declaration_recorded_at = CASE
         WHEN declaration_signed_on IS NOT NULL THEN declaration_recorded_at
         WHEN $15::text <> '' THEN now() END,
       identity = $16, minority_or_foreign_origin = nullif($17, ''),
       homeless = nullif($18, ''), disability = nullif($19, ''),
       other_disadvantage = nullif($20, ''), updated_at = now()
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::recruitment::queries
