-- What each person chose (issue 23: "a person can opt out of everything
-- that is not required by the programme's rules"): the language of their
-- messages and the optional kinds they do not want. A notification of a
-- kind the person opted out of is not sent when it falls due: it becomes
-- `skipped`. Required kinds cannot be chosen away (PreferencesStore).
CREATE TABLE preference (
  person_ref  text        PRIMARY KEY,
  language    text        NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'en')),
  opted_out   text[]      NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text        NOT NULL DEFAULT ''
);

ALTER TABLE notification DROP CONSTRAINT notification_state_check;
ALTER TABLE notification ADD CONSTRAINT notification_state_check
  CHECK (state IN ('scheduled', 'sending', 'sent', 'cancelled', 'failed',
                   'expired', 'skipped'));
