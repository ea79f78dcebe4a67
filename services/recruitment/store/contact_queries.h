#pragma once

// SQL of the addresses read for notifications (ContactStore), as named
// constants with $n parameters.

namespace jstedu::recruitment::queries {

// The e-mail of participant $1 while the programme still serves them: not
// withdrawn, of an application neither withdrawn nor rejected.
inline constexpr char kParticipantContact[] = R"sql(
SELECT p.email FROM participant p JOIN application a ON a.id = p.application_id
 WHERE p.id = $1::uuid AND p.participation_end IS NULL
   AND a.status NOT IN ('WITHDRAWN', 'REJECTED'))sql";

// The contact address of application $1's JST while it is neither withdrawn
// nor rejected.
inline constexpr char kApplicationContact[] = R"sql(
SELECT institution_email AS email FROM application
 WHERE id = $1::uuid AND status NOT IN ('WITHDRAWN', 'REJECTED'))sql";

// The account directory's address of subject $1.
inline constexpr char kAccountContact[] = R"sql(
SELECT email FROM account_contact WHERE subject = $1)sql";

// The entry of subject $1, as AccountContact answers it.
#define JSTEDU_ACCOUNT_ENTRY                                            \
  "subject, email, (extract(epoch FROM updated_at) * 1000000)::bigint " \
  "AS updated_micros, coalesce(role, '') AS role, "                     \
  "coalesce(voivodeship, '') AS voivodeship"
inline constexpr char kAccountEntry[] =
    "SELECT " JSTEDU_ACCOUNT_ENTRY " FROM account_contact WHERE subject = $1";

// Sets subject $1's address to $2 ($3 who), its role to $4 and voivodeship
// to $5 ('' for none) when $6, else keeps them (a new entry: none).
// updated_at strictly increases per subject (AccountContactChanged's
// order), also for two changes within one clock tick.
inline constexpr char kPutAccountEntry[] =
    "INSERT INTO account_contact (subject, email, updated_by, role, "
    "voivodeship) "
    "VALUES ($1, $2, $3, CASE WHEN $6 THEN nullif($4, '') END, "
    "CASE WHEN $6 THEN nullif($5, '') END) "
    "ON CONFLICT (subject) DO UPDATE "
    "SET email = EXCLUDED.email, "
    "updated_at = greatest(now(), account_contact.updated_at "
    "+ interval '1 microsecond'), "
    "updated_by = EXCLUDED.updated_by, "
    "role = CASE WHEN $6 THEN EXCLUDED.role ELSE account_contact.role END, "
    "voivodeship = CASE WHEN $6 THEN EXCLUDED.voivodeship "
    "ELSE account_contact.voivodeship END "
    "RETURNING " JSTEDU_ACCOUNT_ENTRY;
#undef JSTEDU_ACCOUNT_ENTRY

// The audit row of one read of a contact: by $1 (subject) as $2 (role), of
// exactly one of participant $3, application $4 or account $5 (the others
// ''), for purpose $6 through RPC $7.
inline constexpr char kAuditContactRead[] = R"sql(
INSERT INTO personal_data_access
  (subject, role, participant_id, application_id, account_subject, purpose, rpc)
VALUES ($1, $2, nullif($3, '')::uuid, nullif($4, '')::uuid, nullif($5, ''),
        $6, $7))sql";

}  // namespace jstedu::recruitment::queries
