-- Advisory: workflow definitions, support-area catalogues, the expert
-- registry, one case per qualified JST per edition with its action schedule,
-- history, expert assignments, activities, and the audit of personal-data
-- reads. Dates are Europe/Warsaw civil dates; instants are timestamptz.

-- The rules a case runs under; a case keeps the version it opened with.
CREATE TABLE workflow_definition (
  version               integer     PRIMARY KEY CHECK (version >= 1),
  area_choice_days      integer     NOT NULL CHECK (area_choice_days BETWEEN 1 AND 400),
  needs_diagnosis_days  integer     NOT NULL CHECK (needs_diagnosis_days BETWEEN 1 AND 400),
  rollout_days          integer     NOT NULL CHECK (rollout_days BETWEEN 1 AND 400),
  note                  text        NOT NULL,
  published_by          text        NOT NULL,
  published_at          timestamptz NOT NULL DEFAULT now()
);

-- Version 1: a month for the area choice (with the office visit), two for
-- the diagnosis and schedule, the rest of a school year for the rollout.
INSERT INTO workflow_definition (version, area_choice_days, needs_diagnosis_days,
                                 rollout_days, note, published_by)
VALUES (1, 20, 40, 160,
        'Model doradztwa trzyetapowego (etap II): wybór obszaru, diagnoza z harmonogramem, wdrożenie.',
        'migration');

-- The programme's standard catalogue of 12 support areas, copied into an
-- edition when its first case opens and the office has not set one up.
CREATE TABLE support_area_template (
  code           text PRIMARY KEY,
  thematic_area  text NOT NULL,
  title          text NOT NULL,
  description    text NOT NULL
);

INSERT INTO support_area_template (code, thematic_area, title, description) VALUES
('SA-01', 'DIAGNOSIS_AND_INDICATORS',
 'Diagnoza potrzeb oświatowych i system wskaźników jakości',
 'Zbieranie i analiza danych (SIO, wyniki egzaminów, EWD, demografia) jako podstawa decyzji JST o szkołach.'),
('SA-02', 'DIAGNOSIS_AND_INDICATORS',
 'Monitorowanie jakości usług oświatowych połączone ze wspomaganiem szkół',
 'Stałe monitorowanie wyników i procesów w szkołach oraz wspomaganie szkół przez rozwój nauczycieli, np. w klasach VII–VIII przed egzaminem ósmoklasisty.'),
('SA-03', 'DIAGNOSIS_AND_INDICATORS',
 'Wykorzystanie wyników egzaminów zewnętrznych w zarządzaniu oświatą',
 'Analiza wyników egzaminu ósmoklasisty i maturalnego oraz edukacyjnej wartości dodanej w planowaniu działań JST.'),
('SA-04', 'STRATEGIC_MANAGEMENT',
 'Lokalna strategia oświatowa i plan podnoszenia jakości usług oświatowych',
 'Przygotowanie i przyjęcie lokalnego planu podnoszenia jakości usług oświatowych z celami, działaniami i miernikami.'),
('SA-05', 'STRATEGIC_MANAGEMENT',
 'Racjonalizacja sieci szkół i przedszkoli',
 'Planowanie sieci placówek w odpowiedzi na zmiany demograficzne, z udziałem społeczności lokalnej.'),
('SA-06', 'STRATEGIC_MANAGEMENT',
 'Współpraca JST z dyrektorami szkół i partnerami społecznymi',
 'Zespoły dyrektorów, rady oświatowe, współpraca z organizacjami pozarządowymi, rodzicami i pracodawcami.'),
('SA-07', 'SCHOOL_SUPPORT',
 'Organizacja systemu wspomagania szkół i doskonalenia nauczycieli',
 'Planowanie wspomagania szkół z ośrodkami doskonalenia, poradniami i bibliotekami pedagogicznymi.'),
('SA-08', 'SCHOOL_SUPPORT',
 'Rozwój kadr oświatowych i przywództwa edukacyjnego dyrektorów',
 'Polityka kadrowa JST: rekrutacja i ocena dyrektorów, sieci współpracy i samokształcenia nauczycieli.'),
('SA-09', 'KEY_COMPETENCES',
 'Kształtowanie kompetencji kluczowych uczniów',
 'Działania JST wspierające rozwój kompetencji kluczowych: matematycznych, cyfrowych, językowych, uczenia się.'),
('SA-10', 'KEY_COMPETENCES',
 'Edukacja włączająca i wsparcie uczniów ze specjalnymi potrzebami',
 'Organizacja pomocy psychologiczno-pedagogicznej i kształcenia specjalnego w sieci szkół JST.'),
('SA-11', 'FINANCING_EDUCATION',
 'Finansowanie oświaty: subwencja, wydatki i efektywność',
 'Analiza wydatków oświatowych wobec części oświatowej subwencji i planowanie budżetu zadań oświatowych.'),
('SA-12', 'FINANCING_EDUCATION',
 'Pozyskiwanie środków zewnętrznych na rozwój oświaty',
 'Projekty ze środków UE i programów krajowych wspierające lokalny plan jakości.');

CREATE TABLE support_area (
  id             uuid        PRIMARY KEY,
  edition        text        NOT NULL,
  code           text        NOT NULL,
  thematic_area  text        NOT NULL CHECK (thematic_area IN ('DIAGNOSIS_AND_INDICATORS',
                   'STRATEGIC_MANAGEMENT', 'SCHOOL_SUPPORT', 'KEY_COMPETENCES', 'FINANCING_EDUCATION')),
  title          text        NOT NULL,
  description    text        NOT NULL,
  created_by     text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (edition, code)
);

-- Catalogue size (12) is counted under a per-edition advisory lock by the
-- store; this row exists so that the copy of the template happens once.
CREATE TABLE catalogue (
  edition     text        PRIMARY KEY,
  seeded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE expert (
  id              uuid        PRIMARY KEY,
  subject         text        NOT NULL UNIQUE,
  display_name    text        NOT NULL,
  speciality      text        NOT NULL CHECK (speciality IN ('EDUCATION_DEVELOPMENT', 'PERSONNEL_DEVELOPMENT')),
  voivodeships    text[]      NOT NULL CHECK (cardinality(voivodeships) >= 1),
  active          boolean     NOT NULL DEFAULT true,
  max_caseload    integer     NOT NULL CHECK (max_caseload BETWEEN 1 AND 200),
  created_at      timestamptz NOT NULL DEFAULT now(),
  deactivated_at  timestamptz
);

CREATE TABLE advisory_case (
  id                      uuid        PRIMARY KEY,
  edition                 text        NOT NULL,
  application_id          uuid        NOT NULL UNIQUE,
  teryt                   text        NOT NULL,
  voivodeship             text        NOT NULL,
  jst_kind                text        NOT NULL,
  workflow_version        integer     NOT NULL REFERENCES workflow_definition (version),
  stage                   text        NOT NULL CHECK (stage IN ('AREA_CHOICE', 'NEEDS_DIAGNOSIS',
                            'ROLLOUT', 'COMPLETED', 'WITHDRAWN')),
  version                 bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
  opened_at               timestamptz NOT NULL,
  stage_started_on        date        NOT NULL,
  -- NULL once closed (COMPLETED or WITHDRAWN).
  stage_due_on            date,
  education_expert        uuid        REFERENCES expert (id),
  personnel_expert        uuid        REFERENCES expert (id),
  guardian                uuid        REFERENCES expert (id),
  support_area            uuid        REFERENCES support_area (id),
  agreed_on               date,
  agreed_by               text,
  diagnosis_summary       text,
  schedule_approved_at    timestamptz,
  schedule_approved_by    text,
  plan_document           text,
  plan_adopted_on         date,
  closed_at               timestamptz,
  -- The pair is assigned as a whole, and the guardian is one of the two:
  -- once assigned, a case can never be without a guardian.
  CHECK ((education_expert IS NULL) = (personnel_expert IS NULL)
         AND (education_expert IS NULL) = (guardian IS NULL)),
  CHECK (guardian IS NULL OR guardian = education_expert OR guardian = personnel_expert),
  CHECK (stage IN ('AREA_CHOICE', 'WITHDRAWN') OR (support_area IS NOT NULL AND guardian IS NOT NULL
         AND agreed_on IS NOT NULL)),
  CHECK (stage NOT IN ('ROLLOUT', 'COMPLETED') OR schedule_approved_at IS NOT NULL),
  CHECK (stage <> 'COMPLETED' OR plan_adopted_on IS NOT NULL),
  CHECK ((stage IN ('COMPLETED', 'WITHDRAWN')) = (closed_at IS NOT NULL))
);

-- One open case per JST and edition (a JST that withdrew and qualified
-- again with a new application gets a new case).
CREATE UNIQUE INDEX advisory_case_one_open ON advisory_case (edition, teryt)
  WHERE stage <> 'WITHDRAWN';
CREATE INDEX advisory_case_region ON advisory_case (voivodeship, teryt);
CREATE INDEX advisory_case_education_expert ON advisory_case (education_expert);
CREATE INDEX advisory_case_personnel_expert ON advisory_case (personnel_expert);

CREATE TABLE case_action (
  id           uuid    PRIMARY KEY,
  case_id      uuid    NOT NULL REFERENCES advisory_case (id),
  position     integer NOT NULL,
  title        text    NOT NULL,
  owner        text    NOT NULL,
  starts_on    date    NOT NULL,
  due_on       date    NOT NULL,
  status       text    NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'DONE', 'DROPPED')),
  done_on      date,
  drop_reason  text,
  UNIQUE (case_id, position),
  CHECK (due_on >= starts_on),
  CHECK ((status = 'DONE') = (done_on IS NOT NULL)),
  CHECK ((status = 'DROPPED') = (drop_reason IS NOT NULL))
);

-- One row per accepted command (and per event-driven change), written in
-- the same transaction as the change.
CREATE TABLE case_history (
  id          bigserial   PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES advisory_case (id),
  at          timestamptz NOT NULL,
  actor       text        NOT NULL,
  actor_role  text        NOT NULL,
  command     text        NOT NULL,
  from_stage  text        NOT NULL,
  to_stage    text        NOT NULL,
  reason      text        NOT NULL DEFAULT '',
  version     bigint      NOT NULL,
  UNIQUE (case_id, version)
);

-- Audit of expert (re)assignments: one row per case and change.
CREATE TABLE expert_assignment (
  id                 bigserial   PRIMARY KEY,
  case_id            uuid        NOT NULL REFERENCES advisory_case (id),
  at                 timestamptz NOT NULL,
  actor              text        NOT NULL,
  kind               text        NOT NULL CHECK (kind IN ('ASSIGNMENT', 'HANDOVER')),
  education_before   uuid,
  personnel_before   uuid,
  guardian_before    uuid,
  education_after    uuid        NOT NULL,
  personnel_after    uuid        NOT NULL,
  guardian_after     uuid        NOT NULL,
  note               text        NOT NULL DEFAULT ''
);

CREATE TABLE activity (
  id           uuid        PRIMARY KEY,
  case_id      uuid        NOT NULL REFERENCES advisory_case (id),
  kind         text        NOT NULL CHECK (kind IN ('OFFICE_VISIT', 'CONSULTATION', 'GUARDIAN_CONTACT',
                 'NETWORK_POST', 'MEETING')),
  occurred_on  date        NOT NULL,
  form         text        NOT NULL CHECK (form IN ('IN_PERSON', 'ONLINE', 'PHONE', 'WRITTEN')),
  participants text[]      NOT NULL,
  guests       text[]      NOT NULL,
  notes        text        NOT NULL,
  documents    text[]      NOT NULL,
  recorded_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX activity_case ON activity (case_id, occurred_on, recorded_at);
-- The office visit is one-off.
CREATE UNIQUE INDEX activity_one_office_visit ON activity (case_id) WHERE kind = 'OFFICE_VISIT';

-- Who read personal data (expert names, who agreed for a JST, activity
-- participants), when, and which records.
CREATE TABLE read_audit (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text        NOT NULL,
  actor_role  text        NOT NULL,
  what        text        NOT NULL,
  record_ids  text[]      NOT NULL
);

-- Applications whose JST withdrew: a JstQualified delivered after the
-- JstWithdrawn (a reclaimed, late delivery) must not open a case.
CREATE TABLE withdrawn_application (
  application_id  uuid        PRIMARY KEY,
  withdrawn_at    timestamptz NOT NULL
);
