-- Good practices (docs/programme-parts.md, part 4): the catalogue of
-- local-government education management practices, each from a JST's case,
-- with its support area, a publication status the office decides, and the
-- history of every change.

CREATE TABLE good_practice (
  id               uuid        PRIMARY KEY,
  case_id          uuid        NOT NULL REFERENCES advisory_case (id),
  support_area     uuid        NOT NULL REFERENCES support_area (id),
  title            text        NOT NULL,
  -- The title as search folds it (FoldForSearch): one practice of a title
  -- per case, whatever its letter case, diacritics or spacing.
  title_key        text        NOT NULL,
  description      text        NOT NULL,
  keywords         text[]      NOT NULL,
  status           text        NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'PUBLISHED',
                     'WITHDRAWN')),
  version          bigint      NOT NULL CHECK (version >= 1),
  author           text        NOT NULL,
  return_reason    text        NOT NULL DEFAULT '',
  withdraw_reason  text        NOT NULL DEFAULT '',
  published_on     date,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- Title, description and keywords folded by the service (lower case,
  -- Polish and other Latin diacritics removed, anything but letters and
  -- digits a space: domain/practice_rules.h FoldForSearch), so search needs
  -- no extension; the words are indexed as they are ('simple').
  search_text      text        NOT NULL,
  search           tsvector    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  CHECK ((status IN ('PUBLISHED', 'WITHDRAWN')) = (published_on IS NOT NULL)),
  CHECK ((status = 'WITHDRAWN') = (withdraw_reason <> ''))
);
-- One title per JST's case (the store says so first, by name).
CREATE UNIQUE INDEX good_practice_title ON good_practice (case_id, title_key);
CREATE INDEX good_practice_search ON good_practice USING gin (search);

CREATE TABLE good_practice_history (
  id           bigserial   PRIMARY KEY,
  practice_id  uuid        NOT NULL REFERENCES good_practice (id),
  at           timestamptz NOT NULL,
  actor        text        NOT NULL,
  actor_role   text        NOT NULL,
  command      text        NOT NULL,
  from_status  text        NOT NULL,
  to_status    text        NOT NULL,
  reason       text        NOT NULL DEFAULT '',
  version      bigint      NOT NULL,
  UNIQUE (practice_id, version)
);
