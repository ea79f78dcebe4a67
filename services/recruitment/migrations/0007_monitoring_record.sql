-- Issue 16: the whole EU-funds monitoring (SL2014) record.
--
-- The person block's disadvantaged-situation answers (personal data; a
-- disability answer is a special category): NULL = not asked yet, which
-- leaves the record incomplete.
ALTER TABLE participant
  ADD COLUMN minority_or_foreign_origin text
    CHECK (minority_or_foreign_origin IN ('YES', 'NO', 'REFUSED')),
  ADD COLUMN homeless text CHECK (homeless IN ('YES', 'NO', 'REFUSED')),
  ADD COLUMN disability text CHECK (disability IN ('YES', 'NO', 'REFUSED')),
  ADD COLUMN other_disadvantage text
    CHECK (other_disadvantage IN ('YES', 'NO', 'REFUSED'));

-- The institution block, recorded with the application (a public body's
-- data). NULL = not given. degurba NULL = the registry's class.
ALTER TABLE application
  ADD COLUMN nip text CHECK (nip ~ '^[0-9]{10}$'),
  ADD COLUMN locality text,
  ADD COLUMN street text,
  ADD COLUMN building_number text,
  ADD COLUMN flat_number text,
  ADD COLUMN postcode text CHECK (postcode ~ '^[0-9]{2}-[0-9]{3}$'),
  ADD COLUMN degurba smallint CHECK (degurba BETWEEN 1 AND 3),
  ADD COLUMN institution_phone text,
  ADD COLUMN institution_email text,
  ADD COLUMN institution_updated_at timestamptz;

-- A commune's urbanisation degree as the statistics office classifies it,
-- loaded for all communes at once (LoadDegurba). NULL = not loaded.
ALTER TABLE jst ADD COLUMN degurba smallint CHECK (degurba BETWEEN 1 AND 3);

CREATE TABLE jst_degurba_loads (
  id             bigserial   PRIMARY KEY,
  source_sha256  text        NOT NULL,
  rows_in_file   integer     NOT NULL,
  changed        integer     NOT NULL,
  unchanged      integer     NOT NULL,
  loaded_by      text        NOT NULL,
  loaded_at      timestamptz NOT NULL DEFAULT now()
);
