-- Expert tables during modules (docs/programme-parts.md, part 2): a
-- module's consultation tables, each with an expert, their slots with a
-- capacity, and the officials' bookings. An expert's slots never overlap
-- each other or the sessions the expert trains (checked under the
-- person's advisory lock, the one sessions take: "training.trainer:<id>");
-- a slot's bookings never exceed its capacity (the slot row's lock) and a
-- participant's never overlap each other or the sessions of the
-- participant's workshop group (the participant row's lock).

CREATE TABLE expert_table (
  id          uuid        PRIMARY KEY,
  module_id   uuid        NOT NULL REFERENCES module (id),
  topic       text        NOT NULL
              CHECK (topic IN ('LEGAL_QUESTIONS', 'EDUCATION_FINANCE', 'OTHER_TOPIC')),
  title       text        NOT NULL,
  expert      text        NOT NULL,
  room        text        NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  created_by  text        NOT NULL
);
CREATE INDEX expert_table_by_module ON expert_table (module_id);
CREATE INDEX expert_table_by_expert ON expert_table (expert);

CREATE TABLE table_slot (
  id          uuid        PRIMARY KEY,
  table_id    uuid        NOT NULL REFERENCES expert_table (id),
  start_time  timestamptz NOT NULL,
  end_time    timestamptz NOT NULL,
  capacity    integer     NOT NULL CHECK (capacity BETWEEN 1 AND 20),
  created_at  timestamptz NOT NULL,
  created_by  text        NOT NULL,
  CHECK (end_time > start_time)
);
CREATE INDEX table_slot_by_table ON table_slot (table_id, start_time);

CREATE TABLE table_booking (
  id              uuid        PRIMARY KEY,
  slot_id         uuid        NOT NULL REFERENCES table_slot (id),
  participant_id  uuid        NOT NULL,
  booked_at       timestamptz NOT NULL,
  booked_by       text        NOT NULL,
  cancelled_at    timestamptz,
  cancelled_by    text        NOT NULL DEFAULT ''
);
-- One booking in force per participant and slot.
CREATE UNIQUE INDEX table_booking_one_per_slot
  ON table_booking (slot_id, participant_id) WHERE cancelled_at IS NULL;
CREATE INDEX table_booking_by_participant
  ON table_booking (participant_id) WHERE cancelled_at IS NULL;
