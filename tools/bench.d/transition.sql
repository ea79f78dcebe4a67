-- pgbench script for tools/bench's advisory route: every statement
-- advisory sends for one chooseArea (AREA_CHOICE -> NEEDS_DIAGNOSIS), in its
-- order (logged from the service with log_statement = all): lock and read
-- the case with its workflow version's stage days, read its actions, check
-- the support area, then one statement that records the area and
-- agreement, moves the stage, bumps the version and writes the history row
-- (answering the case), the CaseStageChanged outbox row, COMMIT (the
-- outbox row marks the transaction written: pg::MarkWritten, so the
-- service no longer asks txid_current_if_assigned()). The statements are the service's
-- (store/rows/case_queries.h, store/case_command_queries.h,
-- common/events/outbox.cc, common/pg/transaction.cc) against the scratch
-- schema jstedu_bench that tools/bench makes from the platform's and
-- advisory's migrations.
--
-- Differences, none of which saves a round trip: the scratch cases stay in
-- NEEDS_DIAGNOSIS, so the same case is "moved" again and kAdvanceCase keeps
-- its stage dates (the service's case starts the stage and sets its due
-- date: the same statement, another branch of its CASE); the due date is
-- written in; the parameters that are '' for an ADMIN (the scope filters)
-- and NULL for the columns chooseArea does not write are written in.
--
-- Set by tools/bench with -D: cases (cases per client), day (today),
-- payload (a CaseStageChanged payload the service wrote, as '\x...' hex),
-- traceparent, and k=0. Client c takes its cases c * cases .. c * cases +
-- cases - 1 in turn; case n's id is 00000000-0000-4000-8000-<n, 12 digits>.
\set k :k + 1
\set n :client_id * :cases + :k % :cases
BEGIN;
SELECT c.id::text AS id, c.edition, c.application_id::text AS application_id, c.teryt, c.voivodeship, c.jst_kind, c.workflow_version, c.stage, c.version, (extract(epoch FROM c.opened_at) * 1000000)::bigint AS opened_time, c.stage_started_on::text AS stage_started_on, c.stage_due_on::text AS stage_due_on, coalesce(c.education_expert::text, '') AS education_expert, coalesce(c.personnel_expert::text, '') AS personnel_expert, coalesce(c.guardian::text, '') AS guardian, coalesce(c.support_area::text, '') AS support_area, coalesce(c.agreed_on::text, '') AS agreed_on, coalesce(c.agreed_by, '') AS agreed_by, coalesce(c.diagnosis_summary, '') AS diagnosis_summary, (extract(epoch FROM c.schedule_approved_at) * 1000000)::bigint AS schedule_approved_time, coalesce(c.plan_document, '') AS plan_document, coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on, (extract(epoch FROM c.closed_at) * 1000000)::bigint AS closed_time, w.area_choice_days, w.needs_diagnosis_days, w.rollout_days, coalesce((SELECT g.subject FROM jstedu_bench.expert g WHERE g.id = c.guardian), '') AS guardian_subject FROM jstedu_bench.advisory_case c JOIN jstedu_bench.workflow_definition w ON w.version = c.workflow_version WHERE c.id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR EXISTS (SELECT 1 FROM jstedu_bench.expert e WHERE e.subject = '' AND e.id IN (c.education_expert, c.personnel_expert))) FOR UPDATE OF c \gset
SELECT id::text AS id, title, owner, starts_on::text AS starts_on, due_on::text AS due_on, status, done_on::text AS done_on, coalesce(drop_reason, '') AS drop_reason, due_on < :day::date AS past_due FROM jstedu_bench.case_action WHERE case_id = :id::uuid ORDER BY position;
SELECT 1 FROM jstedu_bench.support_area WHERE id = '00000000-0000-4000-8000-00000000000a'::uuid AND edition = 'BENCH';
\set next :version + 1
WITH moved AS (UPDATE jstedu_bench.advisory_case c SET version = :next, stage = 'NEEDS_DIAGNOSIS', stage_started_on = CASE WHEN c.stage = 'NEEDS_DIAGNOSIS' THEN c.stage_started_on ELSE :day::date END, stage_due_on = CASE WHEN c.stage = 'NEEDS_DIAGNOSIS' THEN c.stage_due_on ELSE :day::date + 56 END, closed_at = CASE WHEN c.stage = 'NEEDS_DIAGNOSIS' THEN c.closed_at ELSE NULL::timestamptz END, education_expert = coalesce(NULL::uuid, c.education_expert), personnel_expert = coalesce(NULL::uuid, c.personnel_expert), guardian = coalesce(NULL::uuid, c.guardian), support_area = coalesce('00000000-0000-4000-8000-00000000000a'::uuid, c.support_area), agreed_on = coalesce(:day::date, c.agreed_on), agreed_by = coalesce('Jan Kowalski, wójt', c.agreed_by), diagnosis_summary = coalesce(NULL, c.diagnosis_summary), schedule_approved_at = coalesce(NULL::timestamptz, c.schedule_approved_at), schedule_approved_by = coalesce(NULL, c.schedule_approved_by), plan_document = coalesce(NULL, c.plan_document), plan_adopted_on = coalesce(NULL::date, c.plan_adopted_on) WHERE c.id = :id::uuid RETURNING c.id::text AS id, c.edition, c.application_id::text AS application_id, c.teryt, c.voivodeship, c.jst_kind, c.workflow_version, c.stage, c.version, (extract(epoch FROM c.opened_at) * 1000000)::bigint AS opened_time, c.stage_started_on::text AS stage_started_on, c.stage_due_on::text AS stage_due_on, coalesce(c.education_expert::text, '') AS education_expert, coalesce(c.personnel_expert::text, '') AS personnel_expert, coalesce(c.guardian::text, '') AS guardian, coalesce(c.support_area::text, '') AS support_area, coalesce(c.agreed_on::text, '') AS agreed_on, coalesce(c.agreed_by, '') AS agreed_by, coalesce(c.diagnosis_summary, '') AS diagnosis_summary, (extract(epoch FROM c.schedule_approved_at) * 1000000)::bigint AS schedule_approved_time, coalesce(c.plan_document, '') AS plan_document, coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on, (extract(epoch FROM c.closed_at) * 1000000)::bigint AS closed_time, c.stage NOT IN ('COMPLETED', 'WITHDRAWN') AND (c.stage_due_on < :day::date OR EXISTS (SELECT 1 FROM jstedu_bench.case_action a WHERE a.case_id = c.id AND a.status = 'PLANNED' AND a.due_on < :day::date)) AS overdue), history AS (INSERT INTO jstedu_bench.case_history (case_id, at, actor, actor_role, command, from_stage, to_stage, reason, version) SELECT id::uuid, now(), 'bench-1', 'ADMIN', 'chooseArea', 'AREA_CHOICE', stage, '', version FROM moved) SELECT * FROM moved;
INSERT INTO jstedu_bench.outbox (event_type, aggregate_id, payload, traceparent) VALUES ('jstedu.events.v1.CaseStageChanged', :id, :payload::bytea, :traceparent) RETURNING event_id;
COMMIT;
\set jstedu_bench_clock 0
