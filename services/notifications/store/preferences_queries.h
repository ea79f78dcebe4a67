#pragma once

// SQL of PreferencesStore, as named constants with $n parameters.

namespace jstedu::notifications::queries {

inline constexpr char kSelectPreferences[] = R"sql(
SELECT language, opted_out,
       (extract(epoch from updated_at) * 1000000)::bigint AS updated_us
  FROM preference WHERE person_ref = $1)sql";

inline constexpr char kUpsertPreferences[] = R"sql(
INSERT INTO preference (person_ref, language, opted_out, updated_by)
VALUES ($1, $2, $3::text[], $4)
ON CONFLICT (person_ref) DO UPDATE
   SET language = EXCLUDED.language, opted_out = EXCLUDED.opted_out,
       updated_by = EXCLUDED.updated_by, updated_at = now())sql";

}  // namespace jstedu::notifications::queries
