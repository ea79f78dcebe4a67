-- Undoes 0004: PostgreSQL serialises the commits of transactions that
-- NOTIFY (one lock for the whole server, held until the commit is flushed),
-- which would cap every producing service's writes. The relay is now woken
-- inside its process after the commit (events::OutboxSignal) and polls for
-- rows committed elsewhere.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
