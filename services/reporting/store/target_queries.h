#pragma once

// SQL of TargetStore: an edition's own indicator targets.

namespace jstedu::reporting::queries {

// $1 edition, $2 indicator code.
inline constexpr char kRemoveEditionTarget[] = R"sql(
DELETE FROM edition_target WHERE edition = $1 AND code = $2)sql";

// $1 edition, $2 indicator code, $3 the target (an exact decimal).
inline constexpr char kSetEditionTarget[] = R"sql(
INSERT INTO edition_target (edition, code, target)
VALUES ($1, $2, $3::numeric)
ON CONFLICT (edition, code) DO UPDATE SET target = EXCLUDED.target)sql";

}  // namespace jstedu::reporting::queries
