-- Advisory: each expert's sign-in subject, as the case events name it
-- (CaseExpertsAssigned), so an expert sees the notifications addressed to
-- them and chooses their own (the API). Not personal data: a subject is a
-- stable id, never a name or an address.
CREATE TABLE expert_account (
  expert_id  text PRIMARY KEY,
  subject    text NOT NULL
);
CREATE INDEX expert_account_by_subject ON expert_account (subject);
