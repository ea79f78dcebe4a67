-- Identity conflicts (issue 15): a PESEL another JST's record holds in the
-- edition is accepted for a JST like any other, and the new record is held
-- back for the programme office (domain/identity.h, README.md).

ALTER TABLE participant
  ADD COLUMN identity text NOT NULL DEFAULT 'CONFIRMED'
  CHECK (identity IN ('CONFIRMED', 'AWAITING_OFFICE', 'SHARED_PESEL',
                      'SUPERSEDED', 'PESEL_REJECTED'));
ALTER TABLE participant DROP CONSTRAINT participant_end_reason_check;
ALTER TABLE participant ADD CONSTRAINT participant_end_reason_check
  CHECK (end_reason IN ('PARTICIPANT_WITHDREW', 'JST_WITHDREW',
                        'MOVED_TO_ANOTHER_JST'));

-- One CONFIRMED record per PESEL and edition. Registrations of a number
-- serialise on an advisory lock of (edition, PESEL) and decide by
-- domain/identity.h; this index is the backstop.
DROP INDEX participant_pesel_per_edition;
CREATE UNIQUE INDEX participant_pesel_per_edition ON participant (edition, pesel)
  WHERE pesel IS NOT NULL AND identity = 'CONFIRMED';
-- A JST's own duplicate is refused (a rejected number aside: it is being
-- corrected).
CREATE UNIQUE INDEX participant_pesel_per_application
  ON participant (application_id, pesel)
  WHERE pesel IS NOT NULL AND identity <> 'PESEL_REJECTED';
CREATE INDEX participant_by_pesel ON participant (edition, pesel)
  WHERE pesel IS NOT NULL;

-- A held-back record (the claimant) beside the record that held its PESEL
-- (the holder), and the office's decision: who, when, why.
CREATE SEQUENCE identity_conflict_seq;
CREATE TABLE identity_conflict (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Orders the office's work list (oldest first) and its pages.
  seq          bigint      NOT NULL UNIQUE DEFAULT nextval('identity_conflict_seq'),
  edition      text        NOT NULL REFERENCES edition (code),
  holder_id    uuid        NOT NULL REFERENCES participant (id),
  claimant_id  uuid        NOT NULL REFERENCES participant (id),
  opened_at    timestamptz NOT NULL DEFAULT now(),
  opened_by    text        NOT NULL,
  decision     text        CHECK (decision IN ('SAME_PERSON_MOVED', 'MISTYPED',
                           'DISTINCT_PEOPLE', 'PESEL_CHANGED')),
  reason       text,
  resolved_at  timestamptz,
  resolved_by  text,
  CHECK (holder_id <> claimant_id),
  CHECK ((decision IS NULL) = (resolved_at IS NULL)),
  CHECK ((decision IS NULL) = (resolved_by IS NULL))
);
-- A held-back record has one open conflict at a time.
CREATE UNIQUE INDEX identity_conflict_open_per_claimant
  ON identity_conflict (claimant_id) WHERE decision IS NULL;
CREATE INDEX identity_conflict_open_by_edition
  ON identity_conflict (edition, seq) WHERE decision IS NULL;
