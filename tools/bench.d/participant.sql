-- pgbench script for tools/bench's write route: what CreateParticipant
-- writes, one participant row and its outbox row (ParticipantEnrolled) in
-- one transaction, into the scratch schema jstedu_bench (made by tools/bench
-- from the service's migrations, so with the same columns, constraints and
-- indexes, the unique (edition, pesel) one included). The rows are the
-- service's; the participant is written here with a plain INSERT … VALUES,
-- where the service sends its set-based INSERT … SELECT FROM unnest (one
-- statement for one row or an import's thousands: participant_queries.h
-- kInsertParticipants), and the outbox row as common/events/outbox.cc does.
--
-- Set by tools/bench with -D: app and edition (this run's application and
-- edition in the scratch schema), payload (a ParticipantEnrolled payload
-- the service wrote, as '\x...' hex), traceparent, and k=0.
-- PESEL-like values: 11 digits, unique per run (client_id * 10^8 + k, k
-- counting this client's transactions); no check digit, nothing checks it
-- here. pgbench sends the :variables as parameters (-M prepared).
\set k :k + 1
\set pesel 10000000000 + :client_id * 100000000 + :k
BEGIN;
INSERT INTO jstedu_bench.participant (application_id, edition, first_name, last_name, pesel, other_identifier, sex, birth_date, age_at_start, education_level, email, phone, position, target_group, participation_start, declaration_signed_on, declaration_recorded_at) VALUES (:app::uuid, :edition, 'Jan', 'Kowalski', nullif(:pesel::text, ''), NULL, 'MALE', '1980-01-01'::date, 46, 'ISCED_5_8', 'jan.kowalski@example.pl', '+48600100200', 'Specjalista', 'OPERATIONAL_STAFF', current_date, '2026-01-15'::date, now()) ON CONFLICT DO NOTHING RETURNING id::text AS participant \gset
INSERT INTO jstedu_bench.outbox (event_type, aggregate_id, payload, traceparent) VALUES ('jstedu.events.v1.ParticipantEnrolled', :participant, :payload::bytea, :traceparent) RETURNING event_id;
COMMIT;
\set jstedu_bench_clock 0
