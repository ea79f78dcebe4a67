-- Calendar feeds expire (issue 17 review): an address answers until
-- expires_at, 365 days after its creation or its last renewal; after that
-- it reads as NOT_FOUND like a revoked one. Feeds made before this column
-- existed get their creation + 365 days.
ALTER TABLE calendar_feed ADD COLUMN expires_at timestamptz;
UPDATE calendar_feed SET expires_at = created_at + interval '365 days';
ALTER TABLE calendar_feed ALTER COLUMN expires_at SET NOT NULL;

-- The office revokes every feed of a participant's or a trainer's calendar.
CREATE INDEX calendar_feed_participant ON calendar_feed (participant_id)
  WHERE revoked_at IS NULL AND participant_id <> '';
CREATE INDEX calendar_feed_trainer ON calendar_feed (trainer)
  WHERE revoked_at IS NULL AND trainer <> '';

-- Reads older than the retention are deleted by the pruning loop.
CREATE INDEX calendar_feed_read_time ON calendar_feed_read (read_at);
