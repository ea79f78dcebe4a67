-- Who reviews a JST team's tasks: its advisory case's guardian, as
-- advisory's events (stream events.advisory) report it. One row per case,
-- built only from events applied once (the platform inbox). A row keeps the
-- case's version of the last change applied, so an older event delivered
-- late never replaces a newer guardian; a withdrawal closes the case for
-- good (advisory accepts nothing on a WITHDRAWN case).
CREATE TABLE case_guardian (
  case_id          uuid    PRIMARY KEY,
  edition          text    NOT NULL,
  teryt            text    NOT NULL,
  -- The guardian's account subject (the JWT `sub` of an EXPERT); '' until
  -- experts are assigned.
  guardian_subject text    NOT NULL DEFAULT '',
  case_version     bigint  NOT NULL,
  closed           boolean NOT NULL DEFAULT false
);
CREATE INDEX case_guardian_by_jst ON case_guardian (edition, teryt)
  WHERE NOT closed;

-- Migration 0002's table was never written (it waited for these events);
-- the store's queries read the view in its place.
DROP TABLE task_reviewer;
CREATE VIEW task_reviewer AS
SELECT edition, teryt, guardian_subject AS expert
FROM case_guardian
WHERE NOT closed AND guardian_subject <> '';
