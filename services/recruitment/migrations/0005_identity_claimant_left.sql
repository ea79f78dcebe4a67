-- Issue 15: a conflict whose waiting record leaves (the participant or its
-- application withdrawn, the application rejected) is closed as
-- CLAIMANT_LEFT, with who and when; the office has nothing to decide.
ALTER TABLE identity_conflict DROP CONSTRAINT identity_conflict_decision_check;
ALTER TABLE identity_conflict ADD CONSTRAINT identity_conflict_decision_check
  CHECK (decision IN ('SAME_PERSON_MOVED', 'MISTYPED', 'DISTINCT_PEOPLE',
                      'PESEL_CHANGED', 'CLAIMANT_LEFT'));
