-- Training's copy of what recruitment publishes about qualified JSTs and
-- their representatives (no personal data: recruitment keeps that). Built
-- only from events, each applied once (the platform inbox); rows are whole
-- snapshots stamped with the event's time, so a late or repeated event
-- never overwrites a newer one.

CREATE TABLE roster_jst (
  application_id  uuid        PRIMARY KEY,
  edition         text        NOT NULL,
  teryt           text        NOT NULL,
  voivodeship     text        NOT NULL,
  jst_kind        text,
  -- Qualification and withdrawal set their own columns only, so the two
  -- events commute (a reclaimed entry may arrive after a later one).
  workshop_group  smallint    CHECK (workshop_group BETWEEN 1 AND 4),
  qualified_at    timestamptz,
  withdrawn_at    timestamptz,
  event_at        timestamptz NOT NULL
);
CREATE INDEX roster_jst_by_group ON roster_jst (edition, workshop_group);

CREATE TABLE roster_participant (
  participant_id       uuid        PRIMARY KEY,
  application_id       uuid        NOT NULL,
  edition              text        NOT NULL,
  teryt                text        NOT NULL,
  voivodeship          text        NOT NULL,
  sex                  text        NOT NULL,
  age_at_start         integer     NOT NULL,
  target_group         text        NOT NULL,
  active               boolean     NOT NULL,
  declaration_recorded boolean     NOT NULL,
  participation_start  date        NOT NULL,
  participation_end    date,
  event_at             timestamptz NOT NULL
);
CREATE INDEX roster_participant_by_application ON roster_participant (application_id);

-- Who is on a workshop group's roster now: active representatives of
-- qualified, not withdrawn JSTs. Past attendance stays with the
-- participant id when they leave (later issues' tables refer to it).
CREATE VIEW roster AS
SELECT p.participant_id, j.edition, j.workshop_group, j.application_id, j.teryt,
       j.voivodeship, p.sex, p.target_group, p.declaration_recorded
FROM roster_participant p
JOIN roster_jst j ON j.application_id = p.application_id
WHERE p.active AND j.qualified_at IS NOT NULL AND j.withdrawn_at IS NULL;
