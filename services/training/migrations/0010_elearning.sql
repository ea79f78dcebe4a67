-- E-learning that complements the training (docs/programme-parts.md, part
-- 3): an edition's courses and officials' completions, imported from the
-- e-learning platform's completion export (each import recorded). One
-- completion per participant, edition and course: the earliest day is
-- kept, so an import repeated changes nothing.

CREATE TABLE elearning_course (
  edition     text        NOT NULL,
  code        text        NOT NULL,
  title       text        NOT NULL,
  hours       integer     NOT NULL CHECK (hours BETWEEN 1 AND 200),
  updated_at  timestamptz NOT NULL,
  updated_by  text        NOT NULL,
  PRIMARY KEY (edition, code)
);

CREATE TABLE elearning_import (
  id           uuid        PRIMARY KEY,
  edition      text        NOT NULL,
  file_sha256  text        NOT NULL,
  rows_read    integer     NOT NULL,
  added        integer     NOT NULL,
  earlier      integer     NOT NULL,
  imported_at  timestamptz NOT NULL,
  imported_by  text        NOT NULL
);

CREATE TABLE elearning_completion (
  participant_id  uuid        NOT NULL,
  edition         text        NOT NULL,
  course_code     text        NOT NULL,
  completed_on    date        NOT NULL,
  score           smallint    CHECK (score BETWEEN 0 AND 100),
  import_id       uuid        NOT NULL REFERENCES elearning_import (id),
  PRIMARY KEY (participant_id, edition, course_code),
  FOREIGN KEY (edition, course_code) REFERENCES elearning_course (edition, code)
);
CREATE INDEX elearning_completion_by_course
  ON elearning_completion (edition, course_code);
