-- The notifications service's own schema (issue 23, docs/notifications.md).
--
-- What it knows comes only from the other services' events (never their
-- tables), kept as facts: each row is the newest snapshot of its
-- aggregate (a participant's event time, a module's or task's revision, a
-- case's version). No personal data: people are ids, never names or
-- addresses.

-- Recruitment: each JST's application and where it stands.
CREATE TABLE jst (
  application_id  uuid        PRIMARY KEY,
  edition         text        NOT NULL,
  teryt           text        NOT NULL,
  voivodeship     text        NOT NULL,
  qualified_at    timestamptz,
  withdrawn_at    timestamptz
);
CREATE INDEX jst_by_edition ON jst (edition);

-- Recruitment: each participant's facts (the newest event wins).
CREATE TABLE participant (
  participant_id        uuid        PRIMARY KEY,
  application_id        uuid        NOT NULL,
  edition               text        NOT NULL,
  active                boolean     NOT NULL,
  declaration_recorded  boolean     NOT NULL,
  event_at              timestamptz NOT NULL
);
CREATE INDEX participant_by_application ON participant (application_id);
CREATE INDEX participant_by_edition ON participant (edition);

-- Training: modules (the highest revision wins), their trainers, sign-ups.
CREATE TABLE module (
  module_id        uuid        PRIMARY KEY,
  edition          text        NOT NULL,
  number           integer     NOT NULL,
  title            text        NOT NULL,
  venue            text        NOT NULL,
  start_time       timestamptz NOT NULL,
  end_time         timestamptz NOT NULL,
  signup_deadline  timestamptz,
  revision         bigint      NOT NULL
);
CREATE INDEX module_by_edition ON module (edition);

CREATE TABLE module_trainer (
  module_id  uuid NOT NULL,
  trainer    text NOT NULL,
  PRIMARY KEY (module_id, trainer)
);

CREATE TABLE signup (
  module_id       uuid NOT NULL,
  participant_id  uuid NOT NULL,
  PRIMARY KEY (module_id, participant_id)
);

-- Training: each team's tasks (the highest revision wins).
CREATE TABLE task (
  task_id         uuid        PRIMARY KEY,
  application_id  uuid        NOT NULL,
  edition         text        NOT NULL,
  module_id       uuid        NOT NULL,
  title           text        NOT NULL,
  due_time        timestamptz NOT NULL,
  status          text        NOT NULL,
  revision        bigint      NOT NULL
);
CREATE INDEX task_by_application ON task (application_id);

-- Advisory: each case's stage and experts, each aspect at the highest case
-- version that set it.
CREATE TABLE advisory_case (
  case_id           uuid    PRIMARY KEY,
  application_id    uuid    NOT NULL,
  edition           text    NOT NULL,
  stage             text    NOT NULL DEFAULT '',
  stage_due_on      date,
  stage_version     bigint  NOT NULL DEFAULT 0,
  guardian          text    NOT NULL DEFAULT '',
  education_expert  text    NOT NULL DEFAULT '',
  personnel_expert  text    NOT NULL DEFAULT '',
  experts_version   bigint  NOT NULL DEFAULT 0,
  closed            boolean NOT NULL DEFAULT false
);
CREATE INDEX advisory_case_by_application ON advisory_case (application_id);

-- The schedule: everything the service means to send, once per person,
-- reason, subject and occurrence (domain/schedule.h). A re-plan cancels the
-- scheduled rows no longer wanted and adds the new ones; rows sent, failed
-- or expired stay as they are.
CREATE TABLE notification (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  person_ref       text        NOT NULL,
  reason           text        NOT NULL,
  subject_ref      text        NOT NULL,
  occurrence       text        NOT NULL,
  -- The JST it concerns ('' for none): a withdrawn JST gets nothing more.
  application_id   text        NOT NULL DEFAULT '',
  required         boolean     NOT NULL,
  due_at           timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  state            text        NOT NULL DEFAULT 'scheduled'
                   CHECK (state IN ('scheduled', 'sending', 'sent', 'cancelled',
                                    'failed', 'expired')),
  -- Sending: the claim of one sender until lease_until (a sender that
  -- died leaves the row here; when the lease ends it is sent again, with
  -- the same Message-ID). Retries wait until next_attempt_at.
  attempts         integer     NOT NULL DEFAULT 0,
  lease_until      timestamptz,
  -- Cancelled while being sent: if this attempt does not send it, it is
  -- not tried again.
  cancel_requested boolean     NOT NULL DEFAULT false,
  next_attempt_at  timestamptz,
  last_error       text        NOT NULL DEFAULT '',
  smtp_message_id  text        NOT NULL DEFAULT '',
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_ref, reason, subject_ref, occurrence)
);
CREATE INDEX notification_due ON notification (due_at) WHERE state = 'scheduled';
CREATE INDEX notification_leased ON notification (lease_until)
  WHERE state = 'sending';
CREATE INDEX notification_by_subject ON notification (subject_ref);
CREATE INDEX notification_by_application ON notification (application_id)
  WHERE state = 'scheduled';
CREATE INDEX notification_by_person ON notification (person_ref, due_at);
