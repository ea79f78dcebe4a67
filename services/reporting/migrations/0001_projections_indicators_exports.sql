-- Reporting: projections of other services' facts (fed only by their
-- events, each applied once through the inbox), indicator definitions and
-- targets as data, and export snapshots. Projections hold one row per fact,
-- never a counter: figures are counted from these rows when asked for.
-- Dates are Europe/Warsaw civil dates; instants are timestamptz.

-- recruitment EditionChanged: the newest update wins.
CREATE TABLE edition_fact (
  edition              text        PRIMARY KEY,
  kind                 integer     NOT NULL,
  name                 text        NOT NULL,
  capacity             integer     NOT NULL,
  min_representatives  integer     NOT NULL,
  starts_on            date        NOT NULL,
  ends_on              date        NOT NULL,
  source_time          timestamptz NOT NULL
);

-- recruitment JstQualified / JstWithdrawn, in any order: qualification and
-- withdrawal are each recorded once (withdrawal is final), so the row is the
-- same whichever arrives first.
CREATE TABLE jst_fact (
  application_id   uuid        PRIMARY KEY,
  edition          text        NOT NULL,
  teryt            text        NOT NULL,
  voivodeship      text        NOT NULL,
  jst_kind         integer     NOT NULL,
  qualified_at     timestamptz,
  withdrawn_at     timestamptz,
  previous_status  integer
);
CREATE INDEX jst_fact_edition ON jst_fact (edition, voivodeship);

-- recruitment ParticipantEnrolled / Updated / Withdrawn: the event that
-- committed last (envelope occurred_at) wins. No names, PESEL or contacts.
CREATE TABLE participant_fact (
  participant_id             uuid        PRIMARY KEY,
  edition                    text        NOT NULL,
  application_id             uuid        NOT NULL,
  teryt                      text        NOT NULL,
  voivodeship                text        NOT NULL,
  jst_kind                   integer     NOT NULL,
  sex                        integer     NOT NULL,
  age_at_start               integer     NOT NULL,
  target_group               integer     NOT NULL,
  status                     integer     NOT NULL,
  declaration_recorded       boolean     NOT NULL,
  participation_start        date,
  participation_end          date,
  end_reason                 integer     NOT NULL,
  monitoring_data_complete   boolean     NOT NULL,
  missing_monitoring_fields  text[]      NOT NULL,
  source_time                timestamptz NOT NULL
);
CREATE INDEX participant_fact_edition ON participant_fact (edition, voivodeship);

-- training ParticipantCompletedTraining: published once; the first kept.
CREATE TABLE completion_fact (
  participant_id      uuid        PRIMARY KEY,
  edition             text        NOT NULL,
  completed_at        timestamptz NOT NULL,
  attended_minutes    bigint      NOT NULL,
  planned_minutes     bigint      NOT NULL,
  completion_percent  integer     NOT NULL
);
CREATE INDEX completion_fact_edition ON completion_fact (edition);

-- training AttendanceRecorded: one mark per session and participant; the
-- mark whose event committed last (envelope occurred_at) wins.
CREATE TABLE attendance_fact (
  session_id        uuid        NOT NULL,
  participant_id    uuid        NOT NULL,
  edition           text        NOT NULL,
  module_number     integer     NOT NULL,
  status            integer     NOT NULL,
  attended_minutes  bigint      NOT NULL,
  source_time       timestamptz NOT NULL,
  PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX attendance_fact_participant ON attendance_fact (edition, participant_id);

-- advisory case events. The stage follows the highest case version that
-- carried one (CaseOpened, CaseStageChanged, CaseWithdrawn); the opening
-- and the plan's adoption are facts kept whenever they arrive.
CREATE TABLE case_fact (
  case_id          uuid        PRIMARY KEY,
  edition          text        NOT NULL,
  application_id   uuid        NOT NULL,
  teryt            text        NOT NULL,
  voivodeship      text        NOT NULL,
  jst_kind         integer     NOT NULL,
  stage            integer     NOT NULL,
  stage_version    bigint      NOT NULL,
  opened_at        timestamptz,
  plan_adopted_on  date
);
CREATE INDEX case_fact_edition ON case_fact (edition, voivodeship);

-- Indicators as data. `numerator` and `denominator` name measures (the
-- record sets services/reporting/domain/measures.h counts).
CREATE TABLE indicator_definition (
  code         text    PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
  name_pl      text    NOT NULL,
  name_en      text    NOT NULL,
  description  text    NOT NULL,
  unit         text    NOT NULL CHECK (unit IN ('COUNT', 'PERCENT')),
  numerator    text    NOT NULL,
  denominator  text,
  factor       numeric CHECK (factor > 0 AND scale(factor) <= 6 AND factor < 1000000),
  subject      text    NOT NULL CHECK (subject IN ('JST', 'PARTICIPANT', 'CASE')),
  grouping     text    NOT NULL CHECK (grouping IN ('HEADLINE', 'FUNNEL', 'QUALITY')),
  position     integer NOT NULL UNIQUE,
  CHECK ((denominator IS NULL) = (factor IS NULL))
);

-- Targets by kind of edition (recruitment's EditionKind: 1 pilot, 2
-- rollout), and per edition where the office set one (wins).
CREATE TABLE indicator_target (
  edition_kind  integer NOT NULL CHECK (edition_kind IN (1, 2)),
  code          text    NOT NULL REFERENCES indicator_definition (code),
  target        numeric NOT NULL CHECK (target >= 0),
  PRIMARY KEY (edition_kind, code)
);
CREATE TABLE edition_target (
  edition  text    NOT NULL,
  code     text    NOT NULL REFERENCES indicator_definition (code),
  target   numeric NOT NULL CHECK (target >= 0),
  PRIMARY KEY (edition, code)
);

INSERT INTO indicator_definition
  (code, name_pl, name_en, description, unit, numerator, denominator, factor,
   subject, grouping, position) VALUES
  ('JST_SUPPORTED', 'Liczba JST objętych wsparciem', 'JSTs supported',
   'Distinct JSTs qualified and not withdrawn.', 'COUNT', 'JST_SUPPORTED',
   NULL, NULL, 'JST', 'HEADLINE', 10),
  ('OFFICIALS_SUPPORTED', 'Liczba przedstawicieli JST objętych wsparciem',
   'Officials supported',
   'Participants who started: declaration recorded, JST qualified.', 'COUNT',
   'OFFICIALS_SUPPORTED', NULL, NULL, 'PARTICIPANT', 'HEADLINE', 20),
  ('OFFICIALS_TRAINED', 'Liczba przedstawicieli JST przeszkolonych',
   'Officials trained',
   'Started participants who met the completion rule and whose EU-monitoring data are complete.',
   'COUNT', 'OFFICIALS_TRAINED', NULL, NULL, 'PARTICIPANT', 'HEADLINE', 30),
  ('PLANS_ADOPTED',
   'Liczba przyjętych lokalnych planów podnoszenia jakości usług oświatowych',
   'Local quality plans adopted',
   'Supported JSTs whose local quality plan is adopted.', 'COUNT',
   'PLANS_ADOPTED', NULL, NULL, 'JST', 'HEADLINE', 40),
  ('PLAN_EFFECTIVENESS', 'Odsetek JST, które przyjęły lokalny plan',
   'Plan effectiveness', 'PLANS_ADOPTED ÷ JST_SUPPORTED × 100.', 'PERCENT',
   'PLANS_ADOPTED', 'JST_SUPPORTED', 100, 'JST', 'HEADLINE', 50),
  ('JST_BELOW_MINIMUM',
   'Liczba JST poniżej minimalnej liczby przedstawicieli',
   'JSTs below the minimum of representatives',
   'Supported JSTs with fewer active representatives than the edition''s minimum.',
   'COUNT', 'JST_BELOW_MINIMUM', NULL, NULL, 'JST', 'QUALITY', 60),
  ('JST_TRAINED_BELOW_MINIMUM',
   'Liczba JST z mniej niż minimalną liczbą przeszkolonych przedstawicieli',
   'JSTs with fewer trained officials than the minimum',
   'Supported JSTs with fewer trained officials than the edition''s minimum (at least 3 per JST).',
   'COUNT', 'JST_TRAINED_BELOW_MINIMUM', NULL, NULL, 'JST', 'QUALITY', 70),
  ('STAGE_AREA_CHOICE', 'Sprawy na etapie wyboru obszaru wsparcia',
   'Cases choosing the support area', 'Advisory cases now in AREA_CHOICE.',
   'COUNT', 'STAGE_AREA_CHOICE', NULL, NULL, 'CASE', 'FUNNEL', 80),
  ('STAGE_NEEDS_DIAGNOSIS', 'Sprawy na etapie diagnozy potrzeb',
   'Cases in needs diagnosis', 'Advisory cases now in NEEDS_DIAGNOSIS.',
   'COUNT', 'STAGE_NEEDS_DIAGNOSIS', NULL, NULL, 'CASE', 'FUNNEL', 90),
  ('STAGE_ROLLOUT', 'Sprawy na etapie wdrożenia', 'Cases in rollout',
   'Advisory cases now in ROLLOUT.', 'COUNT', 'STAGE_ROLLOUT', NULL, NULL,
   'CASE', 'FUNNEL', 100),
  ('STAGE_COMPLETED', 'Sprawy zakończone', 'Cases completed',
   'Advisory cases now COMPLETED.', 'COUNT', 'STAGE_COMPLETED', NULL, NULL,
   'CASE', 'FUNNEL', 110),
  ('STAGE_WITHDRAWN', 'Sprawy zamknięte po wycofaniu JST', 'Cases withdrawn',
   'Advisory cases closed because the JST withdrew.', 'COUNT',
   'STAGE_WITHDRAWN', NULL, NULL, 'CASE', 'FUNNEL', 120);

INSERT INTO indicator_target (edition_kind, code, target) VALUES
  (1, 'JST_SUPPORTED', 30), (1, 'OFFICIALS_TRAINED', 90),
  (1, 'PLANS_ADOPTED', 27), (1, 'PLAN_EFFECTIVENESS', 90),
  (2, 'JST_SUPPORTED', 500), (2, 'OFFICIALS_TRAINED', 2000),
  (2, 'PLANS_ADOPTED', 450), (2, 'PLAN_EFFECTIVENESS', 90);

-- Snapshots of exports. Aggregates and pseudonymised participant files are
-- stored as bytes; an identified participant file is not (it would hold
-- PESEL and names): its bytes are written again on download and must match
-- `sha256`.
CREATE TABLE export_sequence (
  edition      text   PRIMARY KEY,
  last_number  bigint NOT NULL
);

CREATE TABLE export_snapshot (
  id             uuid        PRIMARY KEY,
  edition        text        NOT NULL,
  number         bigint      NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('PARTICIPANTS', 'AGGREGATES_CSV', 'AGGREGATES_ADX')),
  pseudonymised  boolean     NOT NULL,
  purpose        text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text        NOT NULL,
  sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes     bigint      NOT NULL,
  content_type   text        NOT NULL,
  filename       text        NOT NULL,
  record_count   bigint      NOT NULL,
  content        bytea,
  submitted_at   timestamptz,
  UNIQUE (edition, number),
  -- An identified participant file (PESEL, names) is never stored.
  CHECK (kind <> 'PARTICIPANTS' OR pseudonymised OR content IS NULL)
);

-- Each snapshot's records as field → value, for diffs and to write an
-- identified file again: its personal fields hold a keyed HMAC of the value
-- (never the value), checked against recruitment's data on download.
CREATE TABLE export_record (
  export_id   uuid  NOT NULL REFERENCES export_snapshot (id),
  record_key  text  NOT NULL,
  fields      jsonb NOT NULL,
  PRIMARY KEY (export_id, record_key)
);

-- Every download of a participant file (identified or pseudonymised: both
-- are personal data): who and when. The identified file's personal data
-- are also audited in recruitment, which answers the rewrite.
CREATE TABLE export_download (
  export_id      uuid        NOT NULL REFERENCES export_snapshot (id),
  subject        text        NOT NULL,
  role           text        NOT NULL,
  downloaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX export_download_export ON export_download (export_id);
