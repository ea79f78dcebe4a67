#pragma once

// SQL of the JST registry (RegistryStore), as named constants with $n
// parameters.

namespace jstedu::recruitment::queries {

inline constexpr char kCreateLoadTable[] = R"sql(
CREATE TEMP TABLE jst_load (
  teryt text, name text, kind text, city_with_county_rights boolean,
  voivodeship text, county text, workshop_group smallint, register_date date
) ON COMMIT DROP)sql";

// Upserts the loaded rows; rows whose values did not change are not touched,
// so a second load of the same file writes nothing. Returns one row per
// inserted or updated JST with `inserted` telling which.
inline constexpr char kMergeLoad[] = R"sql(
INSERT INTO jst AS j (teryt, name, kind, city_with_county_rights, voivodeship,
                      county, workshop_group, register_date)
SELECT teryt, name, kind, city_with_county_rights, voivodeship, county,
       workshop_group, register_date
  FROM jst_load
ON CONFLICT (teryt) DO UPDATE
   SET name = EXCLUDED.name, kind = EXCLUDED.kind,
       city_with_county_rights = EXCLUDED.city_with_county_rights,
       voivodeship = EXCLUDED.voivodeship, county = EXCLUDED.county,
       workshop_group = EXCLUDED.workshop_group,
       register_date = EXCLUDED.register_date, updated_at = now()
 WHERE (j.name, j.kind, j.city_with_county_rights, j.voivodeship, j.county,
        j.workshop_group, j.register_date)
       IS DISTINCT FROM
       (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.city_with_county_rights,
        EXCLUDED.voivodeship, EXCLUDED.county, EXCLUDED.workshop_group,
        EXCLUDED.register_date)
RETURNING (xmax = 0) AS inserted)sql";

inline constexpr char kCountMissing[] = R"sql(
SELECT count(*) AS missing FROM jst
 WHERE teryt NOT IN (SELECT teryt FROM jst_load))sql";

inline constexpr char kRecordLoad[] = R"sql(
INSERT INTO jst_registry_loads (register_date, source_sha256, rows_in_file,
                                inserted, updated, unchanged, missing_from_file)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql";

// $1 voivodeship or '', $2 kind or '', $3 name prefix or '' (compared
// lower-cased with ICU rules, so Polish letters fold whatever the
// database's locale),
// $4 last TERYT of the previous page or '', $5 limit, $6 one TERYT or ''.
inline constexpr char kListJsts[] = R"sql(
SELECT teryt, name, kind, city_with_county_rights, voivodeship, county,
       workshop_group, register_date::text AS register_date,
       coalesce(degurba, 0) AS degurba
  FROM jst
 WHERE ($1 = '' OR voivodeship = $1)
   AND ($2 = '' OR kind = $2)
   AND ($3 = '' OR starts_with(lower(name COLLATE "und-x-icu"),
                                lower($3 COLLATE "und-x-icu")))
   AND ($6 = '' OR teryt = $6)
   AND teryt > $4
 ORDER BY teryt
 LIMIT $5)sql";

// $1: a text array of codes.
inline constexpr char kKnownJsts[] = R"sql(
SELECT teryt FROM jst WHERE teryt = ANY($1::text[]))sql";

inline constexpr char kGetJst[] = R"sql(
SELECT teryt, name, kind, city_with_county_rights, voivodeship, county,
       workshop_group, register_date::text AS register_date,
       coalesce(degurba, 0) AS degurba
  FROM jst WHERE teryt = $1)sql";

}  // namespace jstedu::recruitment::queries
