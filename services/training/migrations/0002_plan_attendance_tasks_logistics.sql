-- An edition's training: settings, modules (with their rooms), sessions,
-- attendance and completion, implementation tasks, logistics sign-ups and
-- evaluations. Instants are timestamptz (UTC); local input is converted by
-- the service (Europe/Warsaw). Participants and JSTs are ids and codes
-- from recruitment's events (migration 0001): no personal data here.

CREATE TABLE training_settings (
  edition                text        PRIMARY KEY,
  didactic_hour_minutes  integer     NOT NULL CHECK (didactic_hour_minutes BETWEEN 30 AND 120),
  session_minutes        integer     NOT NULL CHECK (session_minutes BETWEEN 15 AND 480),
  completion_percent     integer     NOT NULL CHECK (completion_percent BETWEEN 1 AND 100),
  third_week_reading     text        NOT NULL CHECK (third_week_reading IN ('DAYS_15_TO_21', 'THIRD_MONDAY_WEEK')),
  task_due_days_before   integer     NOT NULL CHECK (task_due_days_before BETWEEN 0 AND 90),
  module_count           integer     NOT NULL CHECK (module_count BETWEEN 1 AND 20),
  update_time            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE module (
  id               uuid        PRIMARY KEY,
  edition          text        NOT NULL REFERENCES training_settings (edition),
  number           integer     NOT NULL CHECK (number BETWEEN 1 AND 20),
  title            text        NOT NULL,
  venue            text        NOT NULL,
  start_time       timestamptz NOT NULL,
  end_time         timestamptz NOT NULL,
  -- "YYYY-MM" when the dates were proposed from the third-week rule.
  third_week_of    text,
  didactic_hours   integer     NOT NULL CHECK (didactic_hours BETWEEN 1 AND 200),
  signup_deadline  timestamptz,
  shuttle_seats    integer     NOT NULL CHECK (shuttle_seats >= 0),
  parking_places   integer     NOT NULL CHECK (parking_places >= 0),
  create_time      timestamptz NOT NULL DEFAULT now(),
  update_time      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (edition, number),
  CHECK (end_time > start_time)
);

CREATE TABLE module_room (
  module_id  uuid    NOT NULL REFERENCES module (id),
  room_id    text    NOT NULL,
  name       text    NOT NULL,
  capacity   integer NOT NULL CHECK (capacity > 0),
  PRIMARY KEY (module_id, room_id)
);

CREATE TABLE session (
  id              uuid        PRIMARY KEY,
  module_id       uuid        NOT NULL REFERENCES module (id),
  start_time      timestamptz NOT NULL,
  end_time        timestamptz NOT NULL,
  thematic_area   smallint    NOT NULL CHECK (thematic_area BETWEEN 1 AND 5),
  -- 0: all groups together.
  workshop_group  smallint    NOT NULL CHECK (workshop_group BETWEEN 0 AND 4),
  room_id         text        NOT NULL,
  trainer         text        NOT NULL,
  title           text        NOT NULL DEFAULT '',
  create_time     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (module_id, room_id) REFERENCES module_room (module_id, room_id),
  CHECK (end_time > start_time)
);
CREATE INDEX session_by_module ON session (module_id, start_time);
CREATE INDEX session_by_trainer ON session (trainer, start_time);

-- One mark per session and participant; recording again replaces it.
CREATE TABLE attendance (
  session_id      uuid        NOT NULL REFERENCES session (id),
  participant_id  uuid        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('PRESENT', 'LATE', 'ABSENT', 'EXCUSED')),
  note            text        NOT NULL DEFAULT '',
  recorded_by     text        NOT NULL,
  recorded_role   text        NOT NULL,
  record_time     timestamptz NOT NULL,
  PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX attendance_by_participant ON attendance (participant_id);

-- Who met the completion rule: the primary key is what makes
-- ParticipantCompletedTraining exactly once.
CREATE TABLE completion (
  participant_id    uuid        PRIMARY KEY,
  edition           text        NOT NULL,
  attended_minutes  bigint      NOT NULL,
  planned_minutes   bigint      NOT NULL,
  completed_at      timestamptz NOT NULL
);

-- A task set for every JST team of an edition after a module.
CREATE TABLE task_definition (
  id               uuid        PRIMARY KEY,
  module_id        uuid        NOT NULL REFERENCES module (id),
  title            text        NOT NULL,
  description      text        NOT NULL,
  -- Exactly one: relative to the next module's start, or fixed.
  due_days_before  integer     CHECK (due_days_before BETWEEN 0 AND 90),
  due_fixed        timestamptz,
  created_by       text        NOT NULL,
  create_time      timestamptz NOT NULL DEFAULT now(),
  CHECK ((due_days_before IS NULL) <> (due_fixed IS NULL))
);

CREATE TABLE task (
  id              uuid        PRIMARY KEY,
  definition_id   uuid        NOT NULL REFERENCES task_definition (id),
  application_id  uuid        NOT NULL,
  teryt           text        NOT NULL,
  voivodeship     text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('OPEN', 'SUBMITTED', 'ACCEPTED', 'RETURNED')),
  report          text        NOT NULL DEFAULT '',
  comment         text        NOT NULL DEFAULT '',
  -- Denormalised from the definition and the next module (recomputed in the
  -- transaction that moves a module), so overdue lists use an index.
  due_at          timestamptz NOT NULL,
  update_time     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (definition_id, application_id)
);
CREATE INDEX task_by_due ON task (voivodeship, due_at) WHERE status IN ('OPEN', 'RETURNED');

-- When a task of `definition` is due: its fixed instant, or `due_days_before`
-- civil days before the next module's start (same wall-clock time,
-- Europe/Warsaw rules); NULL when there is no next module yet. The one
-- definition of the rule: creation, qualification and module moves use it.
CREATE FUNCTION task_due_at(definition uuid) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT coalesce(d.due_fixed,
                  ((nm.start_time AT TIME ZONE 'Europe/Warsaw')
                   - make_interval(days => d.due_days_before)) AT TIME ZONE 'Europe/Warsaw')
  FROM task_definition d
  JOIN module m ON m.id = d.module_id
  LEFT JOIN LATERAL (SELECT x.start_time FROM module x
                     WHERE x.edition = m.edition AND x.number > m.number
                     ORDER BY x.number LIMIT 1) nm ON true
  WHERE d.id = definition
$$;

CREATE TABLE task_history (
  task_id     uuid        NOT NULL REFERENCES task (id),
  at          timestamptz NOT NULL,
  actor       text        NOT NULL,
  role        text        NOT NULL,
  from_status text        NOT NULL,
  to_status   text        NOT NULL,
  comment     text        NOT NULL DEFAULT ''
);
CREATE INDEX task_history_by_task ON task_history (task_id, at);

-- The experts who review a JST team's tasks (its guardian), as advisory
-- assigns them (its events arrive with the advisory issue).
CREATE TABLE task_reviewer (
  edition  text NOT NULL,
  teryt    text NOT NULL,
  expert   text NOT NULL,
  PRIMARY KEY (edition, teryt, expert)
);

CREATE TABLE signup (
  id               uuid        PRIMARY KEY,
  module_id        uuid        NOT NULL REFERENCES module (id),
  participant_id   uuid        NOT NULL,
  accommodation    boolean     NOT NULL,
  shuttle          boolean     NOT NULL,
  parking          boolean     NOT NULL,
  status           text        NOT NULL CHECK (status IN ('CONFIRMED', 'PENDING_APPROVAL', 'APPROVED', 'REFUSED')),
  shuttle_seat     text        NOT NULL CHECK (shuttle_seat IN ('NOT_REQUESTED', 'CONFIRMED', 'WAITLISTED')),
  parking_place    text        NOT NULL CHECK (parking_place IN ('NOT_REQUESTED', 'CONFIRMED', 'WAITLISTED')),
  request_time     timestamptz NOT NULL,
  -- Request order (ties of request_time broken by commit order).
  request_seq      bigserial   NOT NULL,
  requested_by     text        NOT NULL,
  decided_by       text        NOT NULL DEFAULT '',
  decision_reason  text        NOT NULL DEFAULT ''
);
-- One sign-up in force per participant and module (a refused one may be
-- followed by a new request).
CREATE UNIQUE INDEX signup_one_per_participant ON signup (module_id, participant_id)
  WHERE status <> 'REFUSED';
CREATE INDEX signup_by_module ON signup (module_id, request_seq);

CREATE TABLE evaluation (
  module_id       uuid        NOT NULL REFERENCES module (id),
  participant_id  uuid        NOT NULL,
  workshop_group  smallint    NOT NULL,
  comment         text        NOT NULL DEFAULT '',
  submit_time     timestamptz NOT NULL,
  PRIMARY KEY (module_id, participant_id)
);

CREATE TABLE evaluation_rating (
  module_id       uuid     NOT NULL,
  participant_id  uuid     NOT NULL,
  area            smallint NOT NULL CHECK (area BETWEEN 1 AND 5),
  score           smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  PRIMARY KEY (module_id, participant_id, area),
  FOREIGN KEY (module_id, participant_id) REFERENCES evaluation (module_id, participant_id) ON DELETE CASCADE
);
