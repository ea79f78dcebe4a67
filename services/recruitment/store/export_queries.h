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

// One page of edition $1's applications decided about (qualified,
// waitlisted or withdrawn), after id $2, $3 rows: as their decision events
// tell them, no contact.
inline constexpr char kApplicationDecisionsPage[] = R"sql(
SELECT id::text AS application_id, edition, teryt,
       substr(teryt, 1, 2) AS voivodeship, status,
       (extract(epoch FROM qualified_at) * 1000000)::bigint AS qualified_time,
       (extract(epoch FROM status_at) * 1000000)::bigint AS status_time
  FROM application
 WHERE edition = $1 AND status IN ('QUALIFIED', 'WAITLISTED', 'WITHDRAWN')
   AND id > $2::uuid
 ORDER BY id LIMIT $3)sql";

// One page of the account directory's entries (NULL role: none), after
// subject $1, $2 rows: never the address.
inline constexpr char kAccountRolesPage[] = R"sql(
SELECT subject, role, coalesce(voivodeship, '') AS voivodeship,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS update_time
  FROM account_contact
 WHERE subject > $1
 ORDER BY subject LIMIT $2)sql";

}  // namespace jstedu::recruitment::queries
