#pragma once

// SQL of the identity conflicts the office decides (IdentityConflictStore),
// as named constants with $n parameters. The statements the records'
// writers share are in rows/identity_queries.h.

#include "services/recruitment/store/rows/identity_queries.h"

namespace jstedu::recruitment::queries {

// A conflict as ReadConflict reads it (times in microseconds since the
// epoch; no resolve_time before a decision), followed by a WHERE clause.
#define JSTEDU_CONFLICT_SELECT                                              \
  "SELECT c.id::text AS id, c.edition, c.holder_id::text AS holder_id, "    \
  "c.claimant_id::text AS claimant_id, "                                    \
  "coalesce((extract(epoch FROM c.opened_at) * 1000000)::bigint, 0) "       \
  "  AS open_time, coalesce(c.decision, '') AS decision, "                  \
  "coalesce(c.reason, '') AS reason, "                                      \
  "(extract(epoch FROM c.resolved_at) * 1000000)::bigint AS resolve_time, " \
  "coalesce(c.resolved_by, '') AS resolved_by, c.seq "                      \
  "FROM identity_conflict c "

inline constexpr char kSelectConflict[] =
    JSTEDU_CONFLICT_SELECT "WHERE c.id = $1::uuid";

// One page of edition $1's open conflicts after sequence $2, $3 rows.
inline constexpr char kOpenConflictsPage[] = JSTEDU_CONFLICT_SELECT
    "WHERE c.edition = $1 AND c.decision IS NULL AND c.seq > $2 "
    "ORDER BY c.seq LIMIT $3";

inline constexpr char kLockConflict[] = R"sql(
SELECT edition, holder_id::text AS holder_id,
       claimant_id::text AS claimant_id,
       coalesce(decision, '') AS decision
  FROM identity_conflict WHERE id = $1::uuid FOR UPDATE)sql";

inline constexpr char kApplicationStatus[] = R"sql(
SELECT status FROM application WHERE id = $1::uuid)sql";

// Whether a record of edition $1 other than $3 and $4 holds PESEL $2
// confirmed.
inline constexpr char kConfirmedElsewhere[] = R"sql(
SELECT 1 FROM participant
 WHERE edition = $1 AND pesel = $2 AND identity = 'CONFIRMED'
   AND id NOT IN ($3::uuid, $4::uuid))sql";

// $1 conflict, $2 decision, $3 reason, $4 subject.
inline constexpr char kDecideConflict[] = R"sql(
UPDATE identity_conflict
   SET decision = $2, reason = $3, resolved_at = now(), resolved_by = $4
 WHERE id = $1::uuid)sql";

// Ends holder $1's participation on $2 as a move to another JST ($3: the
// note).
inline constexpr char kEndAsMoved[] = R"sql(
UPDATE participant
   SET participation_end = $2::date, end_reason = 'MOVED_TO_ANOTHER_JST',
       end_note = $3, updated_at = now()
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::recruitment::queries
