-- Editions, applications (with their waiting list), participants and their
-- declarations, and the audit of every read of personal data.

CREATE TABLE edition (
  code                  text        PRIMARY KEY
                        CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  name                  text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind                  text        NOT NULL CHECK (kind IN ('PILOT', 'ROLLOUT')),
  capacity              integer     NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  min_representatives   integer     NOT NULL CHECK (min_representatives BETWEEN 1 AND 100),
  starts_on             date        NOT NULL,
  ends_on               date        NOT NULL,
  recruitment_opens_at  timestamptz NOT NULL,
  recruitment_closes_at timestamptz NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on),
  CHECK (recruitment_closes_at > recruitment_opens_at)
);

-- One application per JST per edition (also after a withdrawal). The
-- submission number orders the waiting list.
CREATE SEQUENCE application_submission_seq;
CREATE TABLE application (
  id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  edition               text        NOT NULL REFERENCES edition (code),
  teryt                 text        NOT NULL REFERENCES jst (teryt),
  status                text        NOT NULL CHECK (status IN ('SUBMITTED',
                        'QUALIFIED', 'WAITLISTED', 'REJECTED', 'WITHDRAWN')),
  submission_number     bigint      NOT NULL UNIQUE
                        DEFAULT nextval('application_submission_seq'),
  submitted_at          timestamptz NOT NULL DEFAULT now(),
  submitted_by          text        NOT NULL,
  status_at             timestamptz NOT NULL DEFAULT now(),
  -- First qualification (kept after a withdrawal: the JST was supported).
  qualified_at          timestamptz,
  rejection_reason      text,
  withdrawal_reason     text,
  workshop_group        smallint    CHECK (workshop_group BETWEEN 1 AND 4),
  workshop_group_reason text,
  below_minimum_since   date,
  UNIQUE (edition, teryt),
  CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
  CHECK ((status = 'WITHDRAWN') = (withdrawal_reason IS NOT NULL)),
  CHECK (status <> 'QUALIFIED' OR (workshop_group IS NOT NULL AND qualified_at IS NOT NULL)),
  CHECK (below_minimum_since IS NULL OR status = 'QUALIFIED')
);
CREATE INDEX application_by_edition ON application (edition, submission_number);
CREATE INDEX application_waitlist ON application (edition, submission_number)
  WHERE status = 'WAITLISTED';

-- Every status change, with who and why.
CREATE TABLE application_history (
  id             bigserial   PRIMARY KEY,
  application_id uuid        NOT NULL REFERENCES application (id),
  from_status    text,
  to_status      text        NOT NULL,
  reason         text,
  changed_by     text        NOT NULL,
  changed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_history_by_application ON application_history (application_id, id);

CREATE TABLE participant (
  id                             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id                 uuid        NOT NULL REFERENCES application (id),
  edition                        text        NOT NULL REFERENCES edition (code),
  first_name                     text        NOT NULL,
  last_name                      text        NOT NULL,
  pesel                          text        CHECK (pesel ~ '^[0-9]{11}$'),
  other_identifier               text,
  sex                            text        NOT NULL CHECK (sex IN ('FEMALE', 'MALE')),
  birth_date                     date        NOT NULL,
  age_at_start                   integer     NOT NULL CHECK (age_at_start >= 0),
  education_level                text,
  email                          text,
  phone                          text,
  position                       text,
  target_group                   text        NOT NULL CHECK (target_group IN
                                 ('DECISION_MAKER', 'OPERATIONAL_STAFF',
                                  'COUNCILLOR_OR_SOCIAL_PARTNER')),
  participation_start            date        NOT NULL,
  participation_end              date,
  end_reason                     text        CHECK (end_reason IN
                                 ('PARTICIPANT_WITHDREW', 'JST_WITHDREW')),
  end_note                       text,
  declaration_signed_on          date,
  declaration_recorded_at        timestamptz,
  created_at                     timestamptz NOT NULL DEFAULT now(),
  updated_at                     timestamptz NOT NULL DEFAULT now(),
  CHECK ((pesel IS NULL) <> (other_identifier IS NULL)),
  CHECK ((participation_end IS NULL) = (end_reason IS NULL)),
  CHECK ((declaration_signed_on IS NULL) = (declaration_recorded_at IS NULL))
);
-- The same PESEL twice in one edition is refused.
CREATE UNIQUE INDEX participant_pesel_per_edition ON participant (edition, pesel)
  WHERE pesel IS NOT NULL;
CREATE UNIQUE INDEX participant_other_id_per_application
  ON participant (application_id, other_identifier) WHERE other_identifier IS NOT NULL;
CREATE INDEX participant_by_application ON participant (application_id);
CREATE INDEX participant_by_edition ON participant (edition, id);

-- Every read of a participant's personal data: who, when, which participant,
-- for what, through which RPC. Append-only.
CREATE TABLE personal_data_access (
  id             bigserial   PRIMARY KEY,
  accessed_at    timestamptz NOT NULL DEFAULT now(),
  subject        text        NOT NULL,
  role           text        NOT NULL,
  participant_id uuid        NOT NULL REFERENCES participant (id),
  purpose        text        NOT NULL CHECK (purpose <> ''),
  rpc            text        NOT NULL
);
CREATE INDEX personal_data_access_by_participant
  ON personal_data_access (participant_id, accessed_at);

-- One row per successful CSV import.
CREATE TABLE participant_import (
  id             bigserial   PRIMARY KEY,
  application_id uuid        NOT NULL REFERENCES application (id),
  sha256         text        NOT NULL,
  rows_in_file   integer     NOT NULL,
  inserted       integer     NOT NULL,
  updated        integer     NOT NULL,
  unchanged      integer     NOT NULL,
  imported_by    text        NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now()
);
