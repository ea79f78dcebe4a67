-- Issue 22: dead letters an operator can fix (common/events/dead_letters.h).
-- A dead letter is `open` until an operator asks for a replay (the running
-- consumer of its stream then applies the stored envelope through its inbox,
-- once, and marks it `replayed`, or `open` again with the new error) or
-- discards it with a reason. Every request and outcome is a row of
-- dead_letter_actions: who, what, why and when.
ALTER TABLE dead_letters
  ADD COLUMN state text NOT NULL DEFAULT 'open'
    CHECK (state IN ('open', 'replay_requested', 'replayed', 'discarded')),
  ADD COLUMN state_at timestamptz NOT NULL DEFAULT now();

-- What the consumers look for at each poll: the few rows asked to replay.
CREATE INDEX dead_letters_replay_requested ON dead_letters (consumer, stream)
  WHERE state = 'replay_requested';

CREATE TABLE dead_letter_actions (
  id             bigserial   PRIMARY KEY,
  dead_letter_id bigint      NOT NULL REFERENCES dead_letters (id),
  action         text        NOT NULL CHECK (action IN ('replay_requested',
                   'replayed', 'replay_failed', 'discarded', 'reopened')),
  actor          text        NOT NULL,
  reason         text        NOT NULL DEFAULT '',
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_actions_letter ON dead_letter_actions (dead_letter_id);
