#pragma once

// SQL of what every reporting store reads about an edition: whether it was
// seen, its projected facts, its indicators with their targets
// (rows/edition.h, rows/definition.h).

namespace jstedu::reporting::queries {

// $1 edition: whether any fact of it was projected (or its EditionChanged).
inline constexpr char kEditionSeen[] = R"sql(
SELECT EXISTS (SELECT 1 FROM edition_fact WHERE edition = $1)
    OR EXISTS (SELECT 1 FROM jst_fact WHERE edition = $1)
    OR EXISTS (SELECT 1 FROM participant_fact WHERE edition = $1) AS seen)sql";

// $1 edition.
inline constexpr char kEdition[] = R"sql(
SELECT kind, min_representatives,
       to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
       to_char(ends_on, 'YYYY-MM-DD') AS ends_on
  FROM edition_fact
 WHERE edition = $1)sql";

// $1 edition, $2 edition kind: every indicator by position with the target
// in force (the edition's own wins over its kind's).
inline constexpr char kDefinitions[] = R"sql(
SELECT d.code, d.name_pl, d.name_en, d.description, d.unit, d.numerator,
       coalesce(d.denominator, '') AS denominator,
       coalesce(d.factor::text, '') AS factor,
       'SUBJECT_' || d.subject AS subject, d.grouping AS "group", d.position, coalesce(e.target, k.target)::text AS target,
       e.target IS NOT NULL AS edition_specific
  FROM indicator_definition d
  LEFT JOIN edition_target e ON e.code = d.code AND e.edition = $1
  LEFT JOIN indicator_target k ON k.code = d.code AND k.edition_kind = $2
 ORDER BY d.position)sql";

}  // namespace jstedu::reporting::queries
