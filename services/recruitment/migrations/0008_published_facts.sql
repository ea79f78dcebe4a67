-- Issue 16: the facts last published for each participant (the serialised
-- jstedu.events.v1.ParticipantFacts of its newest Participant* event).
-- Whenever a participant's facts as computed now differ from these — a
-- change of its application's institution block, a DEGURBA load, or a new
-- rule of what the monitoring record needs (0007 made every record lack
-- the situation answers) — recruitment publishes ParticipantUpdated again
-- (at start for every participant, RepublishStaleFacts). NULL: never
-- recorded, so published again once.
ALTER TABLE participant ADD COLUMN published_facts bytea;
