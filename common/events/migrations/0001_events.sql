-- Platform tables every service schema carries: the transactional outbox,
-- the consumers' inbox, delivery failures and dead letters.

-- One row per domain event, written in the same transaction as the business
-- change. The relay publishes unpublished rows to the producer's stream and
-- then sets published_at. Rows stay for replay until the retention period
-- has passed.
CREATE TABLE outbox (
  id           bigserial   PRIMARY KEY,
  event_id     uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  event_type   text        NOT NULL,
  aggregate_id text        NOT NULL,
  payload      bytea       NOT NULL,
  traceparent  text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at)
  WHERE published_at IS NOT NULL;

-- Events a consumer has applied. The primary key is the deduplication: the
-- consumer inserts here in the same transaction as its effect.
CREATE TABLE inbox (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  event_type   text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Failed deliveries so far, per consumer and delivery key (the event id, or
-- "entry:<stream id>" for an entry without a readable envelope).
CREATE TABLE consumer_failures (
  consumer       text        NOT NULL,
  delivery_key   text        NOT NULL,
  attempts       integer     NOT NULL,
  last_error     text        NOT NULL,
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, delivery_key)
);

-- Entries given up on after the maximum number of failed deliveries, kept
-- whole so they can be inspected and replayed.
CREATE TABLE dead_letters (
  id           bigserial   PRIMARY KEY,
  consumer     text        NOT NULL,
  stream       text        NOT NULL,
  entry_id     text        NOT NULL,
  delivery_key text        NOT NULL,
  event_type   text        NOT NULL,
  envelope     bytea       NOT NULL,
  attempts     integer     NOT NULL,
  last_error   text        NOT NULL,
  dead_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer, delivery_key)
);
