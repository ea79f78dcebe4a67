-- Training's plan events (issue 23: notifications learn what is due from
-- them) carry a snapshot with a revision: 1 when the module or task is
-- created, +1 with each change its events announce, under the row's lock.
-- A consumer keeps the highest revision, so late or repeated events change
-- nothing.
ALTER TABLE module ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE task ADD COLUMN revision integer NOT NULL DEFAULT 1;
