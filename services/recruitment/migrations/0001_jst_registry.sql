-- The JST registry: every commune (RODZ 1, 2, 3) and county of the official
-- TERC register. Keyed by TERYT code only: names are not unique.
CREATE TABLE jst (
  teryt                   text        PRIMARY KEY
                          CHECK (teryt ~ '^[0-9]{4}$' OR teryt ~ '^[0-9]{6}[123]$'),
  name                    text        NOT NULL CHECK (name <> ''),
  kind                    text        NOT NULL CHECK (kind IN ('URBAN_COMMUNE',
                          'RURAL_COMMUNE', 'URBAN_RURAL_COMMUNE', 'COUNTY')),
  city_with_county_rights boolean     NOT NULL,
  voivodeship             text        NOT NULL CHECK (voivodeship ~ '^[0-9]{2}$'),
  county                  text        NOT NULL CHECK (county ~ '^[0-9]{4}$'),
  workshop_group          smallint    NOT NULL CHECK (workshop_group BETWEEN 1 AND 4),
  register_date           date        NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CHECK (left(teryt, 2) = voivodeship AND left(teryt, 4) = county),
  CHECK (NOT city_with_county_rights OR kind = 'URBAN_COMMUNE')
);
CREATE INDEX jst_voivodeship_kind ON jst (voivodeship, kind, teryt);

-- One row per load of a register file, for audit: what was loaded and what
-- it changed.
CREATE TABLE jst_registry_loads (
  id                bigserial   PRIMARY KEY,
  register_date     date        NOT NULL,
  source_sha256     text        NOT NULL,
  rows_in_file      integer     NOT NULL,
  inserted          integer     NOT NULL,
  updated           integer     NOT NULL,
  unchanged         integer     NOT NULL,
  missing_from_file integer     NOT NULL,
  loaded_at         timestamptz NOT NULL DEFAULT now()
);
