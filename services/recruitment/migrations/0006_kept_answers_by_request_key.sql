-- Kept answers hang off the platform's request keys
-- (common/pg/request_key.h), which now say once for every service whether
-- a keyed request was applied: the key, its RPC and fingerprint move
-- there, a kept answer keeps only what is given again, and it is deleted
-- with its key (after 25 hours, by the service host).
INSERT INTO request_key (scoped_key, rpc, fingerprint, created_at)
  SELECT scoped_key, rpc, fingerprint, created_at FROM kept_answer
  ON CONFLICT DO NOTHING;
ALTER TABLE kept_answer
  DROP COLUMN rpc,
  DROP COLUMN fingerprint,
  DROP COLUMN created_at,
  ADD FOREIGN KEY (scoped_key) REFERENCES request_key ON DELETE CASCADE;
