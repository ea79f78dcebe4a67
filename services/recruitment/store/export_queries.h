#pragma once

// SQL of what leaves recruitment for other parties (ExportStore): the
// ministry's file, the participants' facts, the trainers' attendance
// sheets, as named constants with $n parameters.

#include "services/recruitment/store/rows/participant_queries.h"

namespace jstedu::recruitment::queries {

// One page of the active counted representatives of edition $1's QUALIFIED
// applications in workshop group $2 (0: every group), after id $3, $4 rows
// ($5: the uncounted identities, a text array): names and JST only.
inline constexpr char kGroupParticipantsPage[] = R"sql(
SELECT p.id::text AS participant, p.first_name, p.last_name, a.teryt,
       j.name AS jst_name, a.workshop_group,
       p.declaration_signed_on IS NOT NULL AS declaration_recorded
  FROM participant p JOIN application a ON a.id = p.application_id
  JOIN jst j ON j.teryt = a.teryt
 WHERE p.edition = $1 AND a.status = 'QUALIFIED'
   AND ($2 = 0 OR a.workshop_group = $2)
   AND p.participation_end IS NULL AND p.id > $3::uuid
   AND NOT (p.identity = ANY($5::text[]))
 ORDER BY p.id LIMIT $4)sql";

}  // namespace jstedu::recruitment::queries
