-- Answers carrying personal data, kept for the gateway's Idempotency-Key
-- (common/grpc/idempotency.h): the gateway keeps no such answer, so a
-- repeat of the key is answered from here, and audited again. Written in
-- the transaction of the write; deleted a day after (DeleteExpiredAnswers).
CREATE TABLE kept_answer (
  -- The client's key scoped to the caller and the route (HMAC, hex).
  scoped_key      text        PRIMARY KEY CHECK (scoped_key ~ '^[0-9a-f]{64}$'),
  rpc             text        NOT NULL,
  -- The request's fingerprint (HMAC, hex): a repeat must match it.
  fingerprint     text        NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  -- The serialized answer message.
  answer          bytea       NOT NULL,
  -- The participants it discloses: one audit row each per replay.
  participant_ids uuid[]      NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kept_answer_by_age ON kept_answer (created_at);
