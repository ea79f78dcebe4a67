#pragma once

// SQL of CalendarFeedStore, as named constants with $n parameters.

namespace jstedu::training::queries {

// One owner's feeds are counted one creation at a time ($1:
// "calendar_feed:<owner>").
inline constexpr char kLockFeedOwner[] = R"sql(
SELECT pg_advisory_xact_lock(hashtext($1)))sql";

inline constexpr char kCountFeedsInForce[] = R"sql(
SELECT count(*) AS feeds FROM calendar_feed
 WHERE owner_subject = $1 AND revoked_at IS NULL)sql";

// Every feed query answers the columns FeedFromRow reads (last_read_time
// NULL while never read).
inline constexpr char kInsertFeed[] = R"sql(
INSERT INTO calendar_feed (id, token_sha256, owner_subject, owner_role,
                           owner_voivodeship, owner_jst, kind, participant_id,
                           edition, workshop_group, trainer, created_by,
                           created_at, expires_at)
VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
        $12::timestamptz, $13::timestamptz)
RETURNING id::text AS id, owner_subject, owner_role, owner_voivodeship, owner_jst, kind,
participant_id AS participant, edition, workshop_group AS "group", trainer,
created_by, (extract(epoch from created_at) * 1000000)::bigint AS create_time,
(extract(epoch from last_read_at) * 1000000)::bigint AS last_read_time,
(extract(epoch from expires_at) * 1000000)::bigint AS expire_time)sql";

inline constexpr char kSelectOwnerFeeds[] = R"sql(
SELECT id::text AS id, owner_subject, owner_role, owner_voivodeship, owner_jst, kind,
participant_id AS participant, edition, workshop_group AS "group", trainer,
created_by, (extract(epoch from created_at) * 1000000)::bigint AS create_time,
(extract(epoch from last_read_at) * 1000000)::bigint AS last_read_time,
(extract(epoch from expires_at) * 1000000)::bigint AS expire_time
  FROM calendar_feed
 WHERE owner_subject = $1 AND revoked_at IS NULL
 ORDER BY created_at DESC, id)sql";

// Feed $1 (of owner $2 only, unless "") revoked by $3 at $4.
inline constexpr char kRevokeFeed[] = R"sql(
UPDATE calendar_feed SET revoked_by = $3, revoked_at = $4::timestamptz
 WHERE id = $1::uuid AND revoked_at IS NULL
   AND ($2 = '' OR owner_subject = $2)
RETURNING id::text AS id, owner_subject, owner_role, owner_voivodeship, owner_jst, kind,
participant_id AS participant, edition, workshop_group AS "group", trainer,
created_by, (extract(epoch from created_at) * 1000000)::bigint AS create_time,
(extract(epoch from last_read_at) * 1000000)::bigint AS last_read_time,
(extract(epoch from expires_at) * 1000000)::bigint AS expire_time)sql";

// Feed $1 expiring at $3; when $4, only a feed of exactly the principal
// ($2 subject, $5 role, $6 voivodeship, $7 JST).
inline constexpr char kRenewFeed[] = R"sql(
UPDATE calendar_feed SET expires_at = $3::timestamptz
 WHERE id = $1::uuid AND revoked_at IS NULL
   AND (NOT $4 OR (owner_subject = $2 AND owner_role = $5
                   AND owner_voivodeship = $6 AND owner_jst = $7))
RETURNING id::text AS id, owner_subject, owner_role, owner_voivodeship, owner_jst, kind,
participant_id AS participant, edition, workshop_group AS "group", trainer,
created_by, (extract(epoch from created_at) * 1000000)::bigint AS create_time,
(extract(epoch from last_read_at) * 1000000)::bigint AS last_read_time,
(extract(epoch from expires_at) * 1000000)::bigint AS expire_time)sql";

// Every feed in force of owner $1, of participant $2's calendar or of
// trainer $3's calendar (an empty filter matches nothing), revoked by $4 at
// $5.
inline constexpr char kRevokeFeedsOf[] = R"sql(
UPDATE calendar_feed SET revoked_by = $4, revoked_at = $5::timestamptz
 WHERE revoked_at IS NULL
   AND (($1 <> '' AND owner_subject = $1)
        OR ($2 <> '' AND kind = 'PARTICIPANT_CALENDAR'
            AND participant_id = $2)
        OR ($3 <> '' AND kind = 'TRAINER_CALENDAR' AND trainer = $3)))sql";

inline constexpr char kDeleteReadsBefore[] = R"sql(
DELETE FROM calendar_feed_read WHERE read_at < $1::timestamptz)sql";

// The feed in force with token hash $1 at $2, its last read set to $2.
inline constexpr char kReadFeed[] = R"sql(
UPDATE calendar_feed SET last_read_at = $2::timestamptz
 WHERE token_sha256 = $1 AND revoked_at IS NULL
   AND expires_at > $2::timestamptz
RETURNING id::text AS id, owner_subject, owner_role, owner_voivodeship, owner_jst, kind,
participant_id AS participant, edition, workshop_group AS "group", trainer,
created_by, (extract(epoch from created_at) * 1000000)::bigint AS create_time,
(extract(epoch from last_read_at) * 1000000)::bigint AS last_read_time,
(extract(epoch from expires_at) * 1000000)::bigint AS expire_time)sql";

inline constexpr char kInsertFeedRead[] = R"sql(
INSERT INTO calendar_feed_read (feed_id, owner_subject, read_at, trace_id)
VALUES ($1::uuid, $2, $3::timestamptz, $4))sql";

}  // namespace jstedu::training::queries
