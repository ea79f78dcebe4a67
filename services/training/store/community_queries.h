#pragma once

// SQL of CommunityStore (networks, the cooperation network and exchange
// groups: moderators, members' periods, meetings with attendance), as
// named constants with $n parameters.

namespace jstedu::training::queries {

// A community as the API answers it (pg::ReadColumns: kinds, areas and
// groups under their enum names, the moderators as text[]), with its
// members on day $2 and its meetings so far, followed by a WHERE clause.
#define JSTEDU_TRAINING_COMMUNITY_SELECT                                   \
  "SELECT c.id::text AS id, c.edition, c.kind, NULLIF(c.theme, '') AS "    \
  "theme, NULLIF(c.jst_group, '') AS jst_group, c.name, c.description, "   \
  "(extract(epoch FROM c.created_at) * 1000000)::bigint AS create_time, "  \
  "ARRAY(SELECT m.subject FROM community_moderator m "                     \
  "       WHERE m.community_id = c.id ORDER BY m.subject) AS moderators, " \
  "(SELECT count(*) FROM community_membership s "                          \
  "  WHERE s.community_id = c.id AND s.joined_on <= $2::date "             \
  "    AND (s.left_on IS NULL OR s.left_on >= $2::date))::integer "        \
  "  AS member_count, "                                                    \
  "(SELECT count(*) FROM community_meeting g "                             \
  "  WHERE g.community_id = c.id)::integer AS meeting_count "              \
  "FROM community c "

inline constexpr char kSelectCommunity[] =
    JSTEDU_TRAINING_COMMUNITY_SELECT "WHERE c.id = $1::uuid";

// Edition $1's communities (kind $3, '' any): thematic networks by area,
// the cooperation network, exchange groups by kind of JST.
inline constexpr char kSelectCommunities[] = JSTEDU_TRAINING_COMMUNITY_SELECT
    R"sql(WHERE c.edition = $1 AND ($3 = '' OR c.kind = $3)
 ORDER BY array_position(ARRAY['THEMATIC_NETWORK', 'COOPERATION_NETWORK',
                               'EXCHANGE_GROUP'], c.kind),
          array_position(ARRAY['', 'DIAGNOSIS_AND_INDICATORS',
                               'STRATEGIC_MANAGEMENT', 'SCHOOL_SUPPORT',
                               'KEY_COMPETENCES', 'FINANCING_EDUCATION'],
                         c.theme),
          array_position(ARRAY['', 'CITIES', 'RURAL_COMMUNES', 'COUNTIES'],
                         c.jst_group),
          c.id)sql";

// Community $1's row, locked: joins, leaves and meetings of one community
// are decided one at a time. What the rules know of it.
inline constexpr char kLockCommunity[] = R"sql(
SELECT id::text AS community_id, edition, kind, jst_group
  FROM community WHERE id = $1::uuid FOR UPDATE)sql";

inline constexpr char kCommunityExists[] = R"sql(
SELECT 1 FROM community WHERE id = $1::uuid)sql";

inline constexpr char kInsertCommunity[] = R"sql(
INSERT INTO community (id, edition, kind, theme, jst_group, name,
                       description, created_at, created_by)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::timestamptz, $8)
ON CONFLICT DO NOTHING
RETURNING id::text AS id)sql";

inline constexpr char kDeleteModerators[] = R"sql(
DELETE FROM community_moderator WHERE community_id = $1::uuid)sql";

// Moderators $2 (a text[] literal) of community $1.
inline constexpr char kInsertModerators[] = R"sql(
INSERT INTO community_moderator (community_id, subject)
SELECT $1::uuid, unnest($2::text[]))sql";

inline constexpr char kIsModerator[] = R"sql(
SELECT 1 FROM community_moderator
 WHERE community_id = $1::uuid AND subject = $2)sql";

// The first day of edition $1's first module and the last day of its last
// one, in Europe/Warsaw (NULL while it has none).
inline constexpr char kTrainingDays[] = R"sql(
SELECT to_char(min(start_time) AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
         AS first_day,
       to_char(max(end_time) AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')
         AS last_day
  FROM module WHERE edition = $1)sql";

// What the rules know of official $1 (CommunityRules' OfficialFacts); no
// row when training's roster never heard of them.
inline constexpr char kSelectOfficial[] = R"sql(
SELECT p.edition, p.active, j.qualified_at IS NOT NULL AS jst_qualified,
       j.withdrawn_at IS NOT NULL AS jst_withdrawn,
       coalesce(j.jst_kind, '') AS jst_kind
  FROM roster_participant p
  LEFT JOIN roster_jst j ON j.application_id = p.application_id
 WHERE p.participant_id = $1::uuid)sql";

// Participant $2's periods in community $1, the earliest first.
inline constexpr char kSelectPeriods[] = R"sql(
SELECT id::text AS id, to_char(joined_on, 'YYYY-MM-DD') AS joined_on,
       to_char(left_on, 'YYYY-MM-DD') AS left_on
  FROM community_membership
 WHERE community_id = $1::uuid AND participant_id = $2::uuid
 ORDER BY joined_on)sql";

// The periods in community $1 of each participant of $2 (a text[]
// literal).
inline constexpr char kSelectPeriodsOf[] = R"sql(
SELECT participant_id::text AS participant_id,
       to_char(joined_on, 'YYYY-MM-DD') AS joined_on,
       to_char(left_on, 'YYYY-MM-DD') AS left_on
  FROM community_membership
 WHERE community_id = $1::uuid AND participant_id = ANY($2::uuid[]))sql";

// The meetings of community $1 participant $2 attended, by day.
inline constexpr char kAttendedMeetings[] = R"sql(
SELECT g.id::text AS id, to_char(g.held_on, 'YYYY-MM-DD') AS held_on
  FROM community_attendance a
  JOIN community_meeting g ON g.id = a.meeting_id
 WHERE g.community_id = $1::uuid AND a.participant_id = $2::uuid
 ORDER BY g.held_on, g.id)sql";

inline constexpr char kInsertMembership[] = R"sql(
INSERT INTO community_membership (id, community_id, participant_id,
                                  joined_on, joined_by, changed_at)
VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::date, $4, $5::timestamptz)
RETURNING id::text AS id)sql";

inline constexpr char kEndMembership[] = R"sql(
UPDATE community_membership
   SET left_on = $2::date, left_by = $3, changed_at = $4::timestamptz
 WHERE id = $1::uuid)sql";

// A membership as the API answers it, followed by a WHERE clause.
#define JSTEDU_TRAINING_MEMBERSHIP_SELECT                           \
  "SELECT s.community_id::text AS community, "                      \
  "s.participant_id::text AS participant, p.teryt, p.voivodeship, " \
  "to_char(s.joined_on, 'YYYY-MM-DD') AS joined_on, "               \
  "to_char(s.left_on, 'YYYY-MM-DD') AS left_on "                    \
  "FROM community_membership s "                                    \
  "JOIN roster_participant p ON p.participant_id = s.participant_id "

inline constexpr char kSelectMembership[] =
    JSTEDU_TRAINING_MEMBERSHIP_SELECT "WHERE s.id = $1::uuid";

// Community $1's periods: every one when $2, else those covering day $3;
// of voivodeship $4 and JST $5 ('' any).
inline constexpr char kSelectMemberships[] = JSTEDU_TRAINING_MEMBERSHIP_SELECT
    R"sql(WHERE s.community_id = $1::uuid
   AND ($2 OR (s.joined_on <= $3::date
               AND (s.left_on IS NULL OR s.left_on >= $3::date)))
   AND ($4 = '' OR p.voivodeship = $4) AND ($5 = '' OR p.teryt = $5)
 ORDER BY p.voivodeship, p.teryt, s.participant_id, s.joined_on)sql";

// CommunityMembershipChanged of membership $1 (its CommunityFacts read
// from the same row).
inline constexpr char kSelectMembershipEvent[] = R"sql(
SELECT c.id::text AS community_id, c.edition, c.kind,
       NULLIF(c.theme, '') AS theme, NULLIF(c.jst_group, '') AS jst_group,
       s.id::text AS membership_id, s.participant_id::text AS participant_id,
       p.application_id::text AS application_id, p.teryt, p.voivodeship,
       to_char(s.joined_on, 'YYYY-MM-DD') AS joined_on,
       coalesce(to_char(s.left_on, 'YYYY-MM-DD'), '') AS left_on,
       (extract(epoch FROM s.changed_at) * 1000000)::bigint AS changed_at
  FROM community_membership s
  JOIN community c ON c.id = s.community_id
  JOIN roster_participant p ON p.participant_id = s.participant_id
 WHERE s.id = $1::uuid)sql";

inline constexpr char kInsertMeeting[] = R"sql(
INSERT INTO community_meeting (id, community_id, held_on, title, form, notes,
                               recorded_by, updated_at)
VALUES (gen_random_uuid(), $1::uuid, $2::date, $3, $4, $5, $6,
        $7::timestamptz)
RETURNING id::text AS id)sql";

// Meeting $1's community, for locking it first.
inline constexpr char kMeetingCommunity[] = R"sql(
SELECT community_id::text AS community_id FROM community_meeting
 WHERE id = $1::uuid)sql";

inline constexpr char kUpdateMeeting[] = R"sql(
UPDATE community_meeting
   SET held_on = $2::date, title = $3, form = $4, notes = $5,
       recorded_by = $6, updated_at = $7::timestamptz,
       revision = revision + 1
 WHERE id = $1::uuid)sql";

inline constexpr char kDeleteAttendance[] = R"sql(
DELETE FROM community_attendance WHERE meeting_id = $1::uuid)sql";

// Attendees $2 (a text[] literal) of meeting $1.
inline constexpr char kInsertAttendance[] = R"sql(
INSERT INTO community_attendance (meeting_id, participant_id)
SELECT $1::uuid, unnest($2::uuid[]))sql";

// A meeting as the API answers it, its attendees of voivodeship $2 and
// JST $3 ('' any) and the count of all, followed by a WHERE clause.
#define JSTEDU_TRAINING_MEETING_SELECT                                      \
  "SELECT g.id::text AS id, g.community_id::text AS community, "            \
  "to_char(g.held_on, 'YYYY-MM-DD') AS held_on, g.title, g.form, g.notes, " \
  "g.revision, g.recorded_by, "                                             \
  "(extract(epoch FROM g.updated_at) * 1000000)::bigint AS update_time, "   \
  "ARRAY(SELECT a.participant_id::text FROM community_attendance a "        \
  "        JOIN roster_participant p "                                      \
  "          ON p.participant_id = a.participant_id "                       \
  "       WHERE a.meeting_id = g.id "                                       \
  "         AND ($2 = '' OR p.voivodeship = $2) "                           \
  "         AND ($3 = '' OR p.teryt = $3) "                                 \
  "       ORDER BY 1) AS attendees, "                                       \
  "(SELECT count(*) FROM community_attendance a "                           \
  "  WHERE a.meeting_id = g.id)::integer AS attendee_count "                \
  "FROM community_meeting g "

inline constexpr char kSelectMeeting[] =
    JSTEDU_TRAINING_MEETING_SELECT "WHERE g.id = $1::uuid";

// Community $1's meetings, the latest first.
inline constexpr char kSelectMeetings[] = JSTEDU_TRAINING_MEETING_SELECT
    "WHERE g.community_id = $1::uuid ORDER BY g.held_on DESC, g.id";

// CommunityMeetingHeld of meeting $1 (its CommunityFacts from the same
// row).
inline constexpr char kSelectMeetingEvent[] = R"sql(
SELECT c.id::text AS community_id, c.edition, c.kind,
       NULLIF(c.theme, '') AS theme, NULLIF(c.jst_group, '') AS jst_group,
       g.id::text AS meeting_id, to_char(g.held_on, 'YYYY-MM-DD') AS held_on,
       g.form,
       ARRAY(SELECT a.participant_id::text FROM community_attendance a
              WHERE a.meeting_id = g.id ORDER BY 1) AS attendee_ids,
       g.revision,
       (extract(epoch FROM g.updated_at) * 1000000)::bigint AS recorded_at
  FROM community_meeting g
  JOIN community c ON c.id = g.community_id
 WHERE g.id = $1::uuid)sql";

}  // namespace jstedu::training::queries
