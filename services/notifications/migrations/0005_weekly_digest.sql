-- The weekly digest (slice 6): whom it goes to, and the facts it counts
-- beyond those of 0001.

-- Recruitment's account directory, as AccountContactChanged announces it
-- (never the address): each staff account's role and a coordinator's
-- voivodeship, the newest change winning. A coordinator gets its
-- voivodeship's digest. Not personal data: a subject is a stable id.
CREATE TABLE staff_account (
  subject      text        PRIMARY KEY,
  role         text        NOT NULL,   -- '' when the office named none
  voivodeship  text        NOT NULL,   -- a coordinator's; '' otherwise
  changed_at   timestamptz NOT NULL
);
CREATE INDEX staff_account_coordinators ON staff_account (voivodeship)
  WHERE role = 'COORDINATOR';

-- Recruitment's editions (EditionChanged, the newest update winning): the
-- active representatives a JST needs.
CREATE TABLE edition (
  code                 text        PRIMARY KEY,
  min_representatives  integer     NOT NULL,
  changed_at           timestamptz NOT NULL
);

-- Whether a participant's record holds every field the EU-funds monitoring
-- record requires (ParticipantFacts.monitoring_data_complete). Rows kept
-- before this migration count as complete until their next event.
ALTER TABLE participant
  ADD COLUMN monitoring_data_complete boolean NOT NULL DEFAULT true;

-- A coordinator's list shows its voivodeship's digests.
CREATE INDEX notification_by_subject_due
  ON notification (subject_ref, due_at DESC, id DESC);
