#pragma once

// SQL of a PESEL's holders in an edition and of the identity conflicts
// their writers open, close and repoint (rows/identity.h), as named
// constants with $n parameters.

namespace jstedu::recruitment::queries {

// Serialises every storing of PESEL $2 in edition $1 until commit.
inline constexpr char kLockPesel[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext('jstedu.recruitment.pesel'),
                             hashtext($1 || '/' || $2)))sql";

// kLockPesel for each PESEL of $2 (a text array), in the array's order.
inline constexpr char kLockPesels[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext('jstedu.recruitment.pesel'),
                             hashtext($1 || '/' || u.pesel))
  FROM (SELECT pesel FROM unnest($2::text[]) WITH ORDINALITY AS a (pesel, n)
         ORDER BY n) u)sql";

// kPeselHolders for each PESEL of $2 (a text array) and no record left out,
// by PESEL.
inline constexpr char kPeselHoldersOfMany[] = R"sql(
SELECT pesel, id::text AS id, application_id::text AS application_id, identity
  FROM participant
 WHERE edition = $1 AND pesel = ANY($2::text[])
 ORDER BY pesel, identity = 'CONFIRMED' DESC, created_at, id)sql";

// The records of edition $1 with PESEL $2 but record $3 ('' for none), the
// confirmed one first, else the oldest.
inline constexpr char kPeselHolders[] = R"sql(
SELECT id::text AS id, application_id::text AS application_id, identity
  FROM participant
 WHERE edition = $1 AND pesel = $2 AND id::text <> $3
 ORDER BY identity = 'CONFIRMED' DESC, created_at, id)sql";

// $1 edition, $2 holder, $3 claimant, $4 subject.
inline constexpr char kOpenConflict[] = R"sql(
INSERT INTO identity_conflict (edition, holder_id, claimant_id, opened_by)
VALUES ($1, $2::uuid, $3::uuid, $4))sql";

// $1 claimant, $2 subject.
inline constexpr char kCloseConflictOfClaimant[] = R"sql(
UPDATE identity_conflict
   SET decision = 'PESEL_CHANGED',
       reason = 'the PESEL was changed before the office decided',
       resolved_at = now(), resolved_by = $2
 WHERE claimant_id = $1::uuid AND decision IS NULL)sql";

// $1 application, $2 one participant of it or '' for all, $3 subject.
inline constexpr char kCloseConflictsOfLeavers[] = R"sql(
UPDATE identity_conflict c
   SET decision = 'CLAIMANT_LEFT',
       reason = 'the participant left before the office decided',
       resolved_at = now(), resolved_by = $3
  FROM participant p
 WHERE p.id = c.claimant_id AND c.decision IS NULL
   AND p.application_id = $1::uuid AND ($2 = '' OR p.id::text = $2))sql";

// The record of edition $1 that holds PESEL $2 now, if any.
inline constexpr char kCurrentHolder[] = R"sql(
SELECT id::text AS id FROM participant
 WHERE edition = $1 AND pesel = $2
   AND identity IN ('CONFIRMED', 'SHARED_PESEL')
 ORDER BY identity = 'CONFIRMED' DESC, created_at, id LIMIT 1)sql";

// The open conflicts of edition $1 over PESEL $2 that name a holder no
// longer holding it now name $3.
inline constexpr char kRepointConflicts[] = R"sql(
UPDATE identity_conflict c SET holder_id = $3::uuid
  FROM participant claimant, participant holder
 WHERE c.edition = $1 AND c.decision IS NULL
   AND claimant.id = c.claimant_id AND claimant.pesel = $2
   AND holder.id = c.holder_id
   AND NOT (holder.pesel IS NOT DISTINCT FROM $2
            AND holder.identity IN ('CONFIRMED', 'SHARED_PESEL'))
   AND c.claimant_id <> $3::uuid)sql";

inline constexpr char kOpenConflictCount[] = R"sql(
SELECT count(*) AS open FROM identity_conflict
 WHERE edition = $1 AND decision IS NULL)sql";

inline constexpr char kSetIdentity[] = R"sql(
UPDATE participant SET identity = $2, updated_at = now()
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::recruitment::queries
