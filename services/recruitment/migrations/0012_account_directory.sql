-- The account directory: where a staff account (the office, a coordinator,
-- an expert, a trainer), named by its sign-in subject, receives the
-- programme's notifications (GetAccountContact, SetAccountContact; read for
-- one message by GetNotificationContact). Personal data, kept here only.
CREATE TABLE account_contact (
  subject     text        PRIMARY KEY CHECK (subject <> ''),
  email       text        NOT NULL CHECK (email <> ''),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text        NOT NULL
);

-- A read of an account's entry is audited like a participant's record: a
-- row names exactly one of the participant, the application or the account.
ALTER TABLE personal_data_access
  ADD COLUMN account_subject text CHECK (account_subject <> ''),
  DROP CONSTRAINT personal_data_access_one_person,
  -- NOT VALID as in 0011: every existing row names exactly one participant
  -- or application, and the new column is NULL in all of them.
  ADD CONSTRAINT personal_data_access_one_person
    CHECK (num_nonnulls(participant_id, application_id, account_subject) = 1)
    NOT VALID;
CREATE INDEX personal_data_access_by_account
  ON personal_data_access (account_subject, accessed_at)
  WHERE account_subject IS NOT NULL;
