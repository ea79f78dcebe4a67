-- An edition's version for optimistic concurrency (UpdateEdition's
-- expected_version): 1 when made, one more with every change of the row.
-- Existing editions start at 1.
ALTER TABLE edition
  ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);
