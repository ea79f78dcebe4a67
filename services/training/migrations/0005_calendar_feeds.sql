-- Calendar subscriptions (issue 17): secret addresses of the calendars for
-- apps that cannot send a token. Only the SHA-256 of each address's token
-- is kept (lowercase hex); the token itself is shown once, at creation.
-- The owner's principal (role and scope) is kept so that every read sees
-- what the owner may see then. A revoked feed keeps its row (who revoked
-- it, when) for the audit; its address is refused like an unknown one.
CREATE TABLE calendar_feed (
  id                uuid        PRIMARY KEY,
  token_sha256      text        NOT NULL UNIQUE
                                CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  owner_subject     text        NOT NULL CHECK (owner_subject <> ''),
  owner_role        text        NOT NULL CHECK (owner_role IN
                      ('ADMIN', 'COORDINATOR', 'EXPERT', 'TRAINER', 'JST',
                       'MINISTRY')),
  owner_voivodeship text        NOT NULL DEFAULT '',
  owner_jst         text        NOT NULL DEFAULT '',
  kind              text        NOT NULL CHECK (kind IN
                      ('PARTICIPANT_CALENDAR', 'GROUP_CALENDAR',
                       'TRAINER_CALENDAR')),
  participant_id    text        NOT NULL DEFAULT '',
  edition           text        NOT NULL DEFAULT '',
  workshop_group    integer     NOT NULL DEFAULT 0,
  trainer           text        NOT NULL DEFAULT '',
  created_by        text        NOT NULL,
  created_at        timestamptz NOT NULL,
  revoked_by        text,
  revoked_at        timestamptz,
  last_read_at      timestamptz,
  CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
CREATE INDEX calendar_feed_owner ON calendar_feed (owner_subject, created_at)
  WHERE revoked_at IS NULL;

-- The audit of reads through an address: which feed, whose, when, and the
-- request's trace (never the token).
CREATE TABLE calendar_feed_read (
  feed_id        uuid        NOT NULL REFERENCES calendar_feed (id),
  owner_subject  text        NOT NULL,
  read_at        timestamptz NOT NULL,
  trace_id       text        NOT NULL DEFAULT ''
);
CREATE INDEX calendar_feed_read_feed ON calendar_feed_read (feed_id, read_at);
