-- Who made a status change (the role; the subject stays in changed_by) and,
-- for a promotion from the waiting list, what freed the place
-- (ListApplicationHistory).
ALTER TABLE application_history
  ADD COLUMN changed_by_role text,
  ADD COLUMN promotion       text CHECK (promotion IN (
    'AFTER_WITHDRAWAL', 'AFTER_CAPACITY_RAISED', 'BEFORE_LATER_QUALIFICATION',
    'UNRECORDED'));

-- Promotions recorded before: their cause was not kept.
UPDATE application_history SET promotion = 'UNRECORDED'
 WHERE reason = 'promoted from the waiting list';
