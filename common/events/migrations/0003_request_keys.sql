-- The Idempotency-Keys of the requests this service applied
-- (common/pg/request_key.h): the gateway passes, with every POST carrying
-- an Idempotency-Key, the key scoped to the caller and the route and the
-- request's fingerprint; the first transaction of the call that writes
-- inserts the key here, so a request is applied at most once per key.
-- Deleted after 25 hours (an hour after the gateway forgets the key) by
-- every service host, every 10 minutes.
CREATE TABLE request_key (
  -- The client's key scoped to the caller and the route (HMAC, hex).
  scoped_key  text        PRIMARY KEY CHECK (scoped_key ~ '^[0-9a-f]{64}$'),
  -- The RPC that applied it: a key on another RPC is another request.
  rpc         text        NOT NULL,
  -- The request's fingerprint (HMAC, hex): a repeat must match it.
  fingerprint text        NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_key_by_age ON request_key (created_at);
