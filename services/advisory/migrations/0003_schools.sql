-- Schools reached (docs/programme-parts.md, part 5): the school register
-- the office loads from the RSPO register's export, the loads, and the
-- schools each action of an action schedule works with.

CREATE TABLE school (
  rspo           text        PRIMARY KEY CHECK (rspo ~ '^[0-9]{1,10}$'),
  name           text        NOT NULL,
  type           text        NOT NULL,
  running_teryt  text        NOT NULL CHECK (running_teryt ~ '^([0-9]{4}|[0-9]{7})$'),
  -- The RSPO number and name as search folds them (lower case, no
  -- diacritics), for the list's query.
  search_key     text        NOT NULL,
  -- A school missing from a later load of its voivodeship is closed, never
  -- deleted (actions may name it); NULL while open.
  closed_on      date,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX school_running ON school (running_teryt);

CREATE TABLE school_import (
  id          uuid        PRIMARY KEY,
  sha256      text        NOT NULL,
  row_count   integer     NOT NULL,
  added       integer     NOT NULL,
  changed     integer     NOT NULL,
  closed      integer     NOT NULL,
  reopened    integer     NOT NULL,
  imported_by text        NOT NULL,
  imported_at timestamptz NOT NULL
);

-- The schools an action works with (written with the schedule, under the
-- case's lock).
CREATE TABLE action_school (
  action_id  uuid NOT NULL REFERENCES case_action (id) ON DELETE CASCADE,
  rspo       text NOT NULL REFERENCES school (rspo),
  PRIMARY KEY (action_id, rspo)
);
CREATE INDEX action_school_rspo ON action_school (rspo);
