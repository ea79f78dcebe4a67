-- Issue 16: one rule for who is counted (domain/measures.h, StandingOf).
-- An official whose EU-monitoring record is incomplete is in no figure,
-- breakdown or file; the descriptions say so.
UPDATE indicator_definition
   SET description = 'Participants who started (declaration recorded, JST '
                     'qualified) with a complete EU-monitoring record.'
 WHERE code = 'OFFICIALS_SUPPORTED';
UPDATE indicator_definition
   SET description = 'Counted officials (OFFICIALS_SUPPORTED) who met the '
                     'completion rule.'
 WHERE code = 'OFFICIALS_TRAINED';
