-- Issue 24 (docs/programme-parts.md, slice 6): the facts of the programme's
-- other parts, projected from training's and advisory's events as the
-- facts above (one row per fact, any order of events), and the seven
-- indicators counted from them (domain/measures.h).

-- training CommunityMembershipChanged: one row per period of an official
-- in a community; the event that committed last (envelope occurred_at)
-- wins. An official counts once per kind of community, dated the first
-- joining, whether or not they left since.
CREATE TABLE membership_fact (
  membership_id   uuid        PRIMARY KEY,
  edition         text        NOT NULL,
  community_id    uuid        NOT NULL,
  community_kind  integer     NOT NULL,
  participant_id  uuid        NOT NULL,
  joined_on       date        NOT NULL,
  left_on         date,
  source_time     timestamptz NOT NULL
);
CREATE INDEX membership_fact_participant ON membership_fact (participant_id);
CREATE INDEX membership_fact_edition ON membership_fact (edition);

-- training CommunityMeetingHeld: the highest revision per meeting.
CREATE TABLE meeting_fact (
  meeting_id      uuid        PRIMARY KEY,
  edition         text        NOT NULL,
  community_id    uuid        NOT NULL,
  community_kind  integer     NOT NULL,
  held_on         date        NOT NULL,
  form            integer     NOT NULL,
  attendees       integer     NOT NULL,
  revision        integer     NOT NULL
);
CREATE INDEX meeting_fact_edition ON meeting_fact (edition);

-- training ELearningCompleted: the day in force per official and course
-- (the event that committed last wins: an import that brings an earlier
-- day publishes it again).
CREATE TABLE elearning_fact (
  participant_id  uuid        NOT NULL,
  edition         text        NOT NULL,
  course_code     text        NOT NULL,
  completed_on    date        NOT NULL,
  source_time     timestamptz NOT NULL,
  PRIMARY KEY (participant_id, edition, course_code)
);
CREATE INDEX elearning_fact_edition ON elearning_fact (edition);

-- advisory GoodPracticeStatusChanged: the practice's highest version. Its
-- JST's application is its case's (case_fact).
CREATE TABLE practice_fact (
  practice_id   uuid     PRIMARY KEY,
  edition       text     NOT NULL,
  case_id       uuid     NOT NULL,
  teryt         text     NOT NULL,
  voivodeship   text     NOT NULL,
  jst_kind      integer  NOT NULL,
  status        integer  NOT NULL,
  published_on  date,
  version       bigint   NOT NULL
);
CREATE INDEX practice_fact_case ON practice_fact (case_id);
CREATE INDEX practice_fact_edition ON practice_fact (edition);

-- advisory CaseSchoolsChanged: the schools of a case's approved schedule
-- (of its actions not dropped), as its highest case version tells them.
CREATE TABLE case_schools_fact (
  case_id      uuid    PRIMARY KEY,
  edition      text    NOT NULL,
  approved_on  date    NOT NULL,
  rspo         text[]  NOT NULL,
  version      bigint  NOT NULL
);
CREATE INDEX case_schools_fact_edition ON case_schools_fact (edition);

-- A meeting gathers officials of many JSTs: its records belong to no
-- voivodeship or kind of JST (query.cc, NotApplicable).
ALTER TABLE indicator_definition
  DROP CONSTRAINT indicator_definition_subject_check,
  ADD CONSTRAINT indicator_definition_subject_check
    CHECK (subject IN ('JST', 'PARTICIPANT', 'CASE', 'MEETING')),
  DROP CONSTRAINT indicator_definition_grouping_check,
  ADD CONSTRAINT indicator_definition_grouping_check
    CHECK (grouping IN ('HEADLINE', 'FUNNEL', 'QUALITY', 'PARTS'));

-- No target is seeded: the sources give stage I's results (101
-- representatives and 8 meetings of 3 groups, 25 practices, 261 schools),
-- not goals. The office sets each edition's (SetTarget).
INSERT INTO indicator_definition
  (code, name_pl, name_en, description, unit, numerator, denominator, factor,
   subject, grouping, position) VALUES
  ('OFFICIALS_IN_NETWORKS',
   'Liczba przedstawicieli JST uczestniczących w sieciach współpracy',
   'Officials in networks',
   'Counted participants who joined a thematic network or the cooperation network, each once, dated the first joining.',
   'COUNT', 'OFFICIALS_IN_NETWORKS', NULL, NULL, 'PARTICIPANT', 'PARTS', 130),
  ('NETWORK_MEETINGS', 'Liczba spotkań sieci współpracy',
   'Network meetings held',
   'Meetings and online activities of the thematic networks and the cooperation network, dated the meeting.',
   'COUNT', 'NETWORK_MEETINGS', NULL, NULL, 'MEETING', 'PARTS', 140),
  ('EXCHANGE_GROUP_REPRESENTATIVES',
   'Liczba przedstawicieli JST w grupach wymiany doświadczeń',
   'Exchange-group representatives',
   'Counted participants who joined an experience-exchange group, each once, dated the first joining.',
   'COUNT', 'EXCHANGE_GROUP_REPRESENTATIVES', NULL, NULL, 'PARTICIPANT',
   'PARTS', 150),
  ('EXCHANGE_GROUP_MEETINGS', 'Liczba spotkań grup wymiany doświadczeń',
   'Exchange-group meetings',
   'Meetings of the experience-exchange groups, dated the meeting.', 'COUNT',
   'EXCHANGE_GROUP_MEETINGS', NULL, NULL, 'MEETING', 'PARTS', 160),
  ('ELEARNING_COMPLETIONS', 'Liczba ukończonych kursów e-learningowych',
   'E-learning completions',
   'Courses completed by counted participants (one per participant and course), dated the completion.',
   'COUNT', 'ELEARNING_COMPLETIONS', NULL, NULL, 'PARTICIPANT', 'PARTS', 170),
  ('GOOD_PRACTICES_PUBLISHED', 'Liczba opublikowanych dobrych praktyk',
   'Good practices published',
   'Good practices the office published and has not withdrawn, dated the publication.',
   'COUNT', 'GOOD_PRACTICES_PUBLISHED', NULL, NULL, 'JST', 'PARTS', 180),
  ('SCHOOLS_REACHED', 'Liczba szkół objętych działaniami',
   'Schools reached',
   'Schools named by the actions (not dropped) of approved action schedules of cases not closed by a withdrawal, once per case, dated the schedule''s approval.',
   'COUNT', 'SCHOOLS_REACHED', NULL, NULL, 'JST', 'PARTS', 190);
