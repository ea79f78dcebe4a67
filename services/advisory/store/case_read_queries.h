#pragma once

// SQL of the case reads (CaseReadStore) beyond the shared case read
// (rows/case_queries.h), as named constants with $n parameters.

namespace jstedu::advisory::queries {

// A case's history ($1) in version order.
inline constexpr char kCaseHistory[] = R"sql(
SELECT (extract(epoch FROM at) * 1000000)::bigint AS at_micros, actor,
       actor_role, command, from_stage, to_stage, reason, version
  FROM case_history WHERE case_id = $1::uuid ORDER BY version)sql";

}  // namespace jstedu::advisory::queries
