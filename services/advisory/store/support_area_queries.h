#pragma once

// SQL of the support-area catalogue (SupportAreaStore), as named constants
// with $n parameters.

namespace jstedu::advisory::queries {

// An edition's catalogue ($1) by code.
inline constexpr char kSupportAreas[] = R"sql(
SELECT id::text AS id, edition, code, title, description, thematic_area
  FROM support_area WHERE edition = $1 ORDER BY code)sql";

// The office's own catalogue of edition $1: the standard one is then not
// copied when the edition's first case opens.
inline constexpr char kClaimCatalogue[] = R"sql(
INSERT INTO catalogue (edition) VALUES ($1) ON CONFLICT DO NOTHING)sql";

// The edition's catalogue row, locked, so that areas are counted one
// creation at a time.
inline constexpr char kLockCatalogue[] = R"sql(
SELECT 1 FROM catalogue WHERE edition = $1 FOR UPDATE)sql";

inline constexpr char kCountSupportAreas[] = R"sql(
SELECT count(*) AS areas FROM support_area WHERE edition = $1)sql";

inline constexpr char kSupportAreaCodeTaken[] = R"sql(
SELECT 1 FROM support_area WHERE edition = $1 AND code = $2)sql";

// $1 edition, $2 code, $3 thematic area, $4 title, $5 description, $6 who.
inline constexpr char kInsertSupportArea[] = R"sql(
INSERT INTO support_area (id, edition, code, thematic_area, title,
                          description, created_by)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)
RETURNING id::text AS id)sql";

}  // namespace jstedu::advisory::queries
