-- The stream entry id each outbox row was published as, so the relay can
-- verify after a Redis restart which published rows the stream still holds
-- and publish the others again.
ALTER TABLE outbox ADD COLUMN stream_id text;

-- Per stream: the Redis instance (INFO run_id) the published rows were last
-- verified against. Publishing batches proceed only while Redis is that
-- instance; a different run_id triggers a verification first.
CREATE TABLE relay_state (
  stream       text        PRIMARY KEY,
  redis_run_id text        NOT NULL,
  verified_at  timestamptz NOT NULL DEFAULT now()
);
