-- The API's list (store/read_queries.h, newest due first, keyset-paged by
-- (due_at, id)): an index per way a caller's scope narrows it, each in the
-- list's order, so a page is read from the index instead of sorting the
-- table: everything (the office), one JST's applications (a coordinator's
-- voivodeship, a JST), one person (a filter, an expert, a trainer).
CREATE INDEX notification_by_due ON notification (due_at DESC, id DESC);
CREATE INDEX notification_by_application_due
  ON notification (application_id, due_at DESC, id DESC);
DROP INDEX notification_by_person;
CREATE INDEX notification_by_person
  ON notification (person_ref, due_at DESC, id DESC);
