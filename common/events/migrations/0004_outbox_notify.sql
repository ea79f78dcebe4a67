-- Wakes the relay as soon as outbox rows commit, instead of it polling:
-- a NOTIFY per inserting statement, which PostgreSQL collapses to one per
-- transaction and delivers at COMMIT (never for a rolled-back one), on the
-- channel events::OutboxChannel(schema) names. Polling stays as the
-- fallback (RelayOptions::idle_wait), so a lost notification only delays.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(left('outbox_' || TG_TABLE_SCHEMA, 63), '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
