-- A JST's contact address is read for notifications too (GetNotificationContact):
-- the audit of personal-data reads names either the participant or the
-- application whose contact was read, never both.
ALTER TABLE personal_data_access
  ALTER COLUMN participant_id DROP NOT NULL,
  ADD COLUMN application_id uuid REFERENCES application (id),
  -- NOT VALID: every existing row names its participant (the column was
  -- NOT NULL), so the append-only table is not scanned under the lock.
  ADD CONSTRAINT personal_data_access_one_person
    CHECK (num_nonnulls(participant_id, application_id) = 1) NOT VALID;
CREATE INDEX personal_data_access_by_application
  ON personal_data_access (application_id, accessed_at)
  WHERE application_id IS NOT NULL;
