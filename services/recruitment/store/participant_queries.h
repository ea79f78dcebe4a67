#pragma once

// SQL of participants (ParticipantStore), as named constants with $n
// parameters. The statements several stores share are in
// rows/participant_queries.h.

#include "services/recruitment/store/rows/participant_queries.h"

namespace jstedu::recruitment::queries {

inline constexpr char kLocateParticipant[] = R"sql(
SELECT a.id::text AS application_id, a.edition, a.teryt, j.voivodeship
  FROM participant p JOIN application a ON a.id = p.application_id
  JOIN jst j ON j.teryt = a.teryt
 WHERE p.id = $1::uuid)sql";

inline constexpr char kBelowMinimumFlag[] = R"sql(
SELECT below_minimum_since IS NOT NULL AS flagged
  FROM application WHERE id = $1::uuid)sql";

inline constexpr char kApplicationOfParticipant[] = R"sql(
SELECT application_id::text AS application_id
  FROM participant WHERE id = $1::uuid)sql";

inline constexpr char kLockParticipant[] = R"sql(
SELECT application_id::text AS application_id
  FROM participant WHERE id = $1::uuid FOR UPDATE)sql";

// Whether another record of participant $1's application has other
// identifier $2.
inline constexpr char kOtherIdentifierTaken[] = R"sql(
SELECT 1 FROM participant
 WHERE application_id = (SELECT application_id FROM participant
                          WHERE id = $1::uuid)
   AND other_identifier = $2 AND id <> $1::uuid)sql";

// $1 participant, $2 the end date, $3 the reason.
inline constexpr char kWithdrawParticipant[] = R"sql(
UPDATE participant
   SET participation_end = $2::date, end_reason = 'PARTICIPANT_WITHDREW',
       end_note = $3, updated_at = now()
 WHERE id = $1::uuid)sql";

// $1 participant, $2 the date signed.
inline constexpr char kRecordDeclaration[] = R"sql(
UPDATE participant
   SET declaration_signed_on = $2::date, declaration_recorded_at = now(),
       updated_at = now()
 WHERE id = $1::uuid)sql";

}  // namespace jstedu::recruitment::queries
