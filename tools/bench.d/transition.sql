-- pgbench script for tools/bench's advisory route: every statement
-- advisory sends for one chooseArea (AREA_CHOICE -> NEEDS_DIAGNOSIS), in its
-- order (logged from the service with log_statement = all): lock the case,
-- read it, count its actions, check the support area, record the area and
-- agreement, read the stage's days, move the stage and bump the version,
-- the history row, read the case and its actions back, the CaseStageChanged
-- outbox row, the wrote-anything question, COMMIT. The statements are the
-- service's (store/rows/case_queries.h, case_command_queries.h,
-- common/events/outbox.cc) against the scratch schema jstedu_bench that
-- tools/bench makes from the platform's and advisory's migrations.
--
-- Differences, none of which saves a round trip: the scratch cases stay in
-- NEEDS_DIAGNOSIS, so the same case is "moved" again; the version is
-- bumped by the UPDATE (version + 1, RETURNING it) where the service sends
-- the value it read; the parameters that are '' for an ADMIN (the scope
-- filters) are written in.
--
-- Set by tools/bench with -D: cases (cases per client), day (today),
-- payload (a CaseStageChanged payload the service wrote, as '\x...' hex),
-- traceparent, and k=0. Client c takes its cases c * cases .. c * cases +
-- cases - 1 in turn; case n's id is 00000000-0000-4000-8000-<n, 12 digits>.
\set k :k + 1
\set n :client_id * :cases + :k % :cases
BEGIN;
SELECT c.id::text AS id FROM jstedu_bench.advisory_case c WHERE c.id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR EXISTS (SELECT 1 FROM jstedu_bench.expert e WHERE e.subject = '' AND e.id IN (c.education_expert, c.personnel_expert))) FOR UPDATE OF c \gset
SELECT c.id::text AS id, c.edition, c.application_id::text AS application_id, c.teryt, c.voivodeship, c.jst_kind, c.workflow_version, c.stage, c.version, (extract(epoch FROM c.opened_at) * 1000000)::bigint AS opened_time, c.stage_started_on::text AS stage_started_on, c.stage_due_on::text AS stage_due_on, coalesce(c.education_expert::text, '') AS education_expert, coalesce(c.personnel_expert::text, '') AS personnel_expert, coalesce(c.guardian::text, '') AS guardian, coalesce(c.support_area::text, '') AS support_area, coalesce(c.agreed_on::text, '') AS agreed_on, coalesce(c.agreed_by, '') AS agreed_by, coalesce(c.diagnosis_summary, '') AS diagnosis_summary, (extract(epoch FROM c.schedule_approved_at) * 1000000)::bigint AS schedule_approved_time, coalesce(c.plan_document, '') AS plan_document, coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on, (extract(epoch FROM c.closed_at) * 1000000)::bigint AS closed_time, o.overdue FROM jstedu_bench.advisory_case c CROSS JOIN LATERAL (SELECT c.stage NOT IN ('COMPLETED', 'WITHDRAWN') AND (c.stage_due_on < :day::date OR EXISTS (SELECT 1 FROM jstedu_bench.case_action a WHERE a.case_id = c.id AND a.status = 'PLANNED' AND a.due_on < :day::date)) AS overdue) o WHERE (:id = '' OR c.id = nullif(:id, '')::uuid) AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR EXISTS (SELECT 1 FROM jstedu_bench.expert e WHERE e.subject = '' AND e.id IN (c.education_expert, c.personnel_expert))) AND ('' = '' OR c.edition = '') AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR c.stage = '') AND ('' = '' OR nullif('', '')::uuid IN (c.education_expert, c.personnel_expert)) AND (NOT false OR o.overdue) AND ('' = '' OR (c.teryt, c.id) > ('', nullif('', '')::uuid)) ORDER BY c.teryt, c.id LIMIT NULL::bigint;
SELECT count(*) AS actions, count(*) FILTER (WHERE title = '' OR owner = '') AS incomplete, count(*) FILTER (WHERE status = 'PLANNED') AS open FROM jstedu_bench.case_action WHERE case_id = :id::uuid;
SELECT 1 FROM jstedu_bench.support_area WHERE id = '00000000-0000-4000-8000-00000000000a'::uuid AND edition = 'BENCH';
UPDATE jstedu_bench.advisory_case SET support_area = '00000000-0000-4000-8000-00000000000a'::uuid, agreed_on = :day::date, agreed_by = 'Jan Kowalski, wójt' WHERE id = :id::uuid;
SELECT area_choice_days, needs_diagnosis_days, rollout_days FROM jstedu_bench.workflow_definition WHERE version = 1;
UPDATE jstedu_bench.advisory_case SET version = version + 1, stage = 'NEEDS_DIAGNOSIS', stage_started_on = :day::date, stage_due_on = :day::date + 60, closed_at = NULL::timestamptz WHERE id = :id::uuid RETURNING version \gset
INSERT INTO jstedu_bench.case_history (case_id, at, actor, actor_role, command, from_stage, to_stage, reason, version) VALUES (:id::uuid, now(), 'bench-1', 'ADMIN', 'chooseArea', 'AREA_CHOICE', 'NEEDS_DIAGNOSIS', '', :version);
SELECT c.id::text AS id, c.edition, c.application_id::text AS application_id, c.teryt, c.voivodeship, c.jst_kind, c.workflow_version, c.stage, c.version, (extract(epoch FROM c.opened_at) * 1000000)::bigint AS opened_time, c.stage_started_on::text AS stage_started_on, c.stage_due_on::text AS stage_due_on, coalesce(c.education_expert::text, '') AS education_expert, coalesce(c.personnel_expert::text, '') AS personnel_expert, coalesce(c.guardian::text, '') AS guardian, coalesce(c.support_area::text, '') AS support_area, coalesce(c.agreed_on::text, '') AS agreed_on, coalesce(c.agreed_by, '') AS agreed_by, coalesce(c.diagnosis_summary, '') AS diagnosis_summary, (extract(epoch FROM c.schedule_approved_at) * 1000000)::bigint AS schedule_approved_time, coalesce(c.plan_document, '') AS plan_document, coalesce(c.plan_adopted_on::text, '') AS plan_adopted_on, (extract(epoch FROM c.closed_at) * 1000000)::bigint AS closed_time, o.overdue FROM jstedu_bench.advisory_case c CROSS JOIN LATERAL (SELECT c.stage NOT IN ('COMPLETED', 'WITHDRAWN') AND (c.stage_due_on < :day::date OR EXISTS (SELECT 1 FROM jstedu_bench.case_action a WHERE a.case_id = c.id AND a.status = 'PLANNED' AND a.due_on < :day::date)) AS overdue) o WHERE (:id = '' OR c.id = nullif(:id, '')::uuid) AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR EXISTS (SELECT 1 FROM jstedu_bench.expert e WHERE e.subject = '' AND e.id IN (c.education_expert, c.personnel_expert))) AND ('' = '' OR c.edition = '') AND ('' = '' OR c.voivodeship = '') AND ('' = '' OR c.teryt = '') AND ('' = '' OR c.stage = '') AND ('' = '' OR nullif('', '')::uuid IN (c.education_expert, c.personnel_expert)) AND (NOT false OR o.overdue) AND ('' = '' OR (c.teryt, c.id) > ('', nullif('', '')::uuid)) ORDER BY c.teryt, c.id LIMIT NULL::bigint;
SELECT id::text AS id, title, owner, starts_on::text AS starts_on, due_on::text AS due_on, status, done_on::text AS done_on, coalesce(drop_reason, '') AS drop_reason, due_on < :day::date AS past_due FROM jstedu_bench.case_action WHERE case_id = :id::uuid ORDER BY position;
INSERT INTO jstedu_bench.outbox (event_type, aggregate_id, payload, traceparent) VALUES ('jstedu.events.v1.CaseStageChanged', :id, :payload::bytea, :traceparent) RETURNING event_id;
SELECT txid_current_if_assigned();
COMMIT;
\set jstedu_bench_clock 0
