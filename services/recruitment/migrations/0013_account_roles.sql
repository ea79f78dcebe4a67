-- The account directory records each entry's role and a coordinator's
-- voivodeship (SetAccountContact: from the caller's sign-in for their own
-- entry, named by the office for another's), so the notifications service
-- learns, from AccountContactChanged, whom a voivodeship's weekly digest
-- goes to. NULL role: an entry the office made without naming it (and every
-- entry made before this migration, until it is set again).
ALTER TABLE account_contact
  ADD COLUMN role text
    CHECK (role IN ('ADMIN', 'COORDINATOR', 'EXPERT', 'TRAINER')),
  ADD COLUMN voivodeship text,
  ADD CONSTRAINT account_contact_coordinator_voivodeship
    CHECK ((voivodeship IS NOT NULL) = (role IS NOT DISTINCT FROM 'COORDINATOR'));
