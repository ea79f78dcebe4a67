-- The period each edition runs (recruitment's EditionChanged, stream
-- events.recruitment): modules must lie within it. Built only from events,
-- each applied once (the platform inbox); a row keeps the edition's
-- update_time of the change applied, so an older change delivered late or
-- again never replaces a newer one. An edition training has not heard of
-- has no row (its modules are refused until it arrives).
CREATE TABLE edition_period (
  edition      text        PRIMARY KEY,
  starts_on    date        NOT NULL,
  ends_on      date        NOT NULL,
  update_time  timestamptz NOT NULL,
  CHECK (ends_on >= starts_on)
);
