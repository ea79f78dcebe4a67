-- Issue 21: the measures' records and their counts, maintained by the
-- projection in the same transaction as the facts (store/counts_store.h),
-- so that a figure is a sum of a few cells rather than a recount of every
-- fact. Who is in which measure is decided by the service's one rule
-- (domain/measures.h, ComputeMeasures) over the facts of the applications
-- an event touched; these tables hold its result, never a rule.
--
-- Facts projected before this migration are counted when the service
-- starts (RebuildCounts, which recounts every edition from its facts and
-- stores only the differences); Reconcile compares both tables with a
-- recount of the facts.

-- Every record of every measure (domain/measures.h, Record), keyed by its
-- case, else its participant or application (counts.h, RecordKey).
CREATE TABLE measure_record (
  edition         text    NOT NULL,
  measure         text    NOT NULL,
  record_key      text    NOT NULL,
  record_id       text    NOT NULL,
  application_id  text    NOT NULL,
  participant_id  text    NOT NULL,
  case_id         text    NOT NULL,
  teryt           text    NOT NULL,
  voivodeship     text    NOT NULL,
  jst_kind        integer NOT NULL,
  sex             integer NOT NULL,
  target_group    integer NOT NULL,
  day             date    NOT NULL,
  PRIMARY KEY (edition, measure, record_key)
);
CREATE INDEX measure_record_application ON measure_record (edition, application_id);
-- The first and last record's day (a figure's range when no period is asked).
CREATE INDEX measure_record_day ON measure_record (edition, day);
CREATE INDEX measure_record_voivodeship_day ON measure_record (edition, voivodeship, day);

-- The records' number per measure, voivodeship and month (the month of the
-- record's day, stored as its first day). Changed by the difference only;
-- a cell whose records are gone stays with 0 and is read as absent.
CREATE TABLE measure_month (
  edition      text   NOT NULL,
  measure      text   NOT NULL,
  voivodeship  text   NOT NULL,
  month        date   NOT NULL CHECK (extract(day FROM month) = 1),
  records      bigint NOT NULL,
  PRIMARY KEY (edition, measure, voivodeship, month)
);

-- A recount reads one application's facts.
CREATE INDEX participant_fact_application ON participant_fact (application_id);
CREATE INDEX case_fact_application ON case_fact (application_id);
