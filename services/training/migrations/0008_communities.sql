-- The programme's communities (docs/programme-parts.md, part 1): thematic
-- networks, the edition's cooperation network and the partner
-- association's experience-exchange groups; their moderators, their
-- members' periods and their meetings with attendance. Members are named
-- by participant id only (names stay in recruitment).

CREATE TABLE community (
  id           uuid        PRIMARY KEY,
  edition      text        NOT NULL,
  kind         text        NOT NULL
               CHECK (kind IN ('THEMATIC_NETWORK', 'COOPERATION_NETWORK', 'EXCHANGE_GROUP')),
  -- A thematic network's area (ThematicArea name), an exchange group's
  -- kind of JST (JstGroup name); '' for the other kinds.
  theme        text        NOT NULL DEFAULT '',
  jst_group    text        NOT NULL DEFAULT ''
               CHECK (jst_group IN ('', 'CITIES', 'RURAL_COMMUNES', 'COUNTIES')),
  name         text        NOT NULL,
  description  text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL,
  created_by   text        NOT NULL,
  CHECK ((kind = 'THEMATIC_NETWORK') = (theme <> '')),
  CHECK ((kind = 'EXCHANGE_GROUP') = (jst_group <> ''))
);
-- One network per area, one cooperation network, one group per kind of
-- JST in an edition.
CREATE UNIQUE INDEX community_one_per_subject
  ON community (edition, kind, theme, jst_group);

CREATE TABLE community_moderator (
  community_id  uuid  NOT NULL REFERENCES community (id),
  subject       text  NOT NULL,
  PRIMARY KEY (community_id, subject)
);
CREATE INDEX community_moderator_by_subject ON community_moderator (subject);

-- One period of an official in a community. Periods of one person in one
-- community never overlap (checked under the community row's lock; the
-- index below keeps at most one open period).
CREATE TABLE community_membership (
  id              uuid        PRIMARY KEY,
  community_id    uuid        NOT NULL REFERENCES community (id),
  participant_id  uuid        NOT NULL,
  joined_on       date        NOT NULL,
  left_on         date        CHECK (left_on >= joined_on),
  joined_by       text        NOT NULL,
  left_by         text        NOT NULL DEFAULT '',
  changed_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX community_membership_one_open
  ON community_membership (community_id, participant_id) WHERE left_on IS NULL;
CREATE INDEX community_membership_by_participant
  ON community_membership (participant_id);

CREATE TABLE community_meeting (
  id            uuid        PRIMARY KEY,
  community_id  uuid        NOT NULL REFERENCES community (id),
  held_on       date        NOT NULL,
  title         text        NOT NULL,
  form          text        NOT NULL CHECK (form IN ('IN_PERSON', 'ONLINE')),
  notes         text        NOT NULL DEFAULT '',
  revision      integer     NOT NULL DEFAULT 1,
  recorded_by   text        NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX community_meeting_by_community
  ON community_meeting (community_id, held_on DESC);

CREATE TABLE community_attendance (
  meeting_id      uuid  NOT NULL REFERENCES community_meeting (id) ON DELETE CASCADE,
  participant_id  uuid  NOT NULL,
  PRIMARY KEY (meeting_id, participant_id)
);
