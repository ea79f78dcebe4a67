#pragma once

// SQL of the case reads (CaseReadStore) beyond the shared case read
// (rows/case_queries.h), as named constants with $n parameters.

namespace jstedu::advisory::queries {

// A case's history ($1) in version order.
inline constexpr char kCaseHistory[] = R"sql(
SELECT (extract(epoch FROM at) * 1000000)::bigint AS at_micros, actor,
       actor_role, command, from_stage, to_stage, reason, version
  FROM case_history WHERE case_id = $1::uuid ORDER BY version)sql";

// Edition $1's cases after id $2 ('' for the first page), $3 of them, as
// their events tell them now (v1::CaseFacts's fields: ListCaseFacts).
inline constexpr char kCaseFactsPage[] = R"sql(
SELECT c.id::text AS case_id, c.edition,
       c.application_id::text AS application_id, c.teryt, c.voivodeship,
       c.version, c.stage,
       coalesce(to_char(c.stage_due_on, 'YYYY-MM-DD'), '') AS stage_due_on,
       coalesce(c.education_expert::text, '') AS education_expert,
       coalesce(c.personnel_expert::text, '') AS personnel_expert,
       coalesce(c.guardian::text, '') AS guardian,
       coalesce(e.subject, '') AS education_expert_subject,
       coalesce(p.subject, '') AS personnel_expert_subject,
       coalesce(g.subject, '') AS guardian_subject
  FROM advisory_case c
  LEFT JOIN expert e ON e.id = c.education_expert
  LEFT JOIN expert p ON p.id = c.personnel_expert
  LEFT JOIN expert g ON g.id = c.guardian
 WHERE c.edition = $1
   AND c.id > coalesce(nullif($2, ''),
                       '00000000-0000-0000-0000-000000000000')::uuid
 ORDER BY c.id LIMIT $3)sql";

}  // namespace jstedu::advisory::queries
