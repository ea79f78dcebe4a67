#pragma once

// SQL of TableStore (expert tables, their slots and bookings), as named
// constants with $n parameters.

namespace jstedu::training::queries {

inline constexpr char kInsertTable[] = R"sql(
INSERT INTO expert_table (id, module_id, topic, title, expert, room,
                          created_at, created_by)
VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5, $6::timestamptz, $7)
RETURNING id::text AS id)sql";

// A table as the API answers it (its slots read apart), followed by a
// WHERE clause.
#define JSTEDU_TRAINING_TABLE_SELECT                                \
  "SELECT t.id::text AS id, t.module_id::text AS module, t.topic, " \
  "t.title, t.expert, t.room FROM expert_table t "

inline constexpr char kSelectTable[] =
    JSTEDU_TRAINING_TABLE_SELECT "WHERE t.id = $1::uuid";

// Module $1's tables by topic, then title.
inline constexpr char kSelectTables[] = JSTEDU_TRAINING_TABLE_SELECT
    R"sql(WHERE t.module_id = $1::uuid
 ORDER BY array_position(ARRAY['LEGAL_QUESTIONS', 'EDUCATION_FINANCE',
                               'OTHER_TOPIC'], t.topic), t.title, t.id)sql";

// A slot as the API answers it, with its bookings in force, followed by a
// WHERE clause.
#define JSTEDU_TRAINING_SLOT_SELECT                                          \
  "SELECT s.id::text AS id, s.table_id::text AS \"table\", "                 \
  "(extract(epoch FROM s.start_time) * 1000000)::bigint AS start_time, "     \
  "(extract(epoch FROM s.end_time) * 1000000)::bigint AS end_time, "         \
  "s.capacity, "                                                             \
  "(SELECT count(*) FROM table_booking b "                                   \
  "  WHERE b.slot_id = s.id AND b.cancelled_at IS NULL)::integer AS booked " \
  "FROM table_slot s "

inline constexpr char kSelectSlot[] =
    JSTEDU_TRAINING_SLOT_SELECT "WHERE s.id = $1::uuid";

// The slots of module $1's tables, each table's the earliest first.
inline constexpr char kSelectModuleSlots[] = JSTEDU_TRAINING_SLOT_SELECT
    R"sql(JOIN expert_table t ON t.id = s.table_id
 WHERE t.module_id = $1::uuid ORDER BY s.table_id, s.start_time, s.id)sql";

// Expert $1's slots and the sessions they train that overlap [$2, $3), as
// rules' Busy rows.
inline constexpr char kExpertBusy[] = R"sql(
SELECT 'table-slots/' || s.id AS name,
       (extract(epoch FROM s.start_time) * 1000000)::bigint AS start_us,
       (extract(epoch FROM s.end_time) * 1000000)::bigint AS end_us
  FROM table_slot s JOIN expert_table t ON t.id = s.table_id
 WHERE t.expert = $1 AND s.start_time < $3::timestamptz
   AND s.end_time > $2::timestamptz
UNION ALL
SELECT 'sessions/' || id,
       (extract(epoch FROM start_time) * 1000000)::bigint,
       (extract(epoch FROM end_time) * 1000000)::bigint
  FROM session
 WHERE trainer = $1 AND start_time < $3::timestamptz
   AND end_time > $2::timestamptz
 ORDER BY 1)sql";

inline constexpr char kInsertSlot[] = R"sql(
INSERT INTO table_slot (id, table_id, start_time, end_time, capacity,
                        created_at, created_by)
VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5,
        $6::timestamptz, $7))sql";

// Slot $1, locked, with what booking it needs to know. Its bookings are
// counted by the next statement (kSlotBooked): a subquery here would count
// them in the snapshot taken before the lock was granted, and miss the
// booking of the transaction that held it.
inline constexpr char kLockSlot[] = R"sql(
SELECT s.id::text AS id, t.id::text AS table_id,
       (extract(epoch FROM s.start_time) * 1000000)::bigint AS start_us,
       (extract(epoch FROM s.end_time) * 1000000)::bigint AS end_us,
       s.capacity, m.edition
  FROM table_slot s
  JOIN expert_table t ON t.id = s.table_id
  JOIN module m ON m.id = t.module_id
 WHERE s.id = $1::uuid
   FOR UPDATE OF s)sql";

// Slot $1's bookings in force (its row locked).
inline constexpr char kSlotBooked[] = R"sql(
SELECT count(*) AS booked FROM table_booking
 WHERE slot_id = $1::uuid AND cancelled_at IS NULL)sql";

inline constexpr char kBookedBy[] = R"sql(
SELECT 1 FROM table_booking
 WHERE slot_id = $1::uuid AND participant_id = $2::uuid
   AND cancelled_at IS NULL)sql";

// Participant $1's bookings in force of slots other than $6 and the
// sessions of workshop group $2 (and of all groups) in edition $5 that
// overlap [$3, $4).
inline constexpr char kParticipantBusy[] = R"sql(
SELECT 'table-bookings/' || b.id AS name,
       (extract(epoch FROM s.start_time) * 1000000)::bigint AS start_us,
       (extract(epoch FROM s.end_time) * 1000000)::bigint AS end_us
  FROM table_booking b JOIN table_slot s ON s.id = b.slot_id
 WHERE b.participant_id = $1::uuid AND b.cancelled_at IS NULL
   AND b.slot_id <> $6::uuid
   AND s.start_time < $4::timestamptz AND s.end_time > $3::timestamptz
UNION ALL
SELECT 'sessions/' || se.id,
       (extract(epoch FROM se.start_time) * 1000000)::bigint,
       (extract(epoch FROM se.end_time) * 1000000)::bigint
  FROM session se JOIN module m ON m.id = se.module_id
 WHERE m.edition = $5 AND se.workshop_group IN (0, $2)
   AND se.start_time < $4::timestamptz AND se.end_time > $3::timestamptz
 ORDER BY 1)sql";

inline constexpr char kInsertBooking[] = R"sql(
INSERT INTO table_booking (id, slot_id, participant_id, booked_at, booked_by)
VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::timestamptz, $4)
RETURNING id::text AS id)sql";

// A booking as the API answers it, followed by a WHERE clause.
#define JSTEDU_TRAINING_BOOKING_SELECT                                      \
  "SELECT b.id::text AS id, b.slot_id::text AS slot, "                      \
  "s.table_id::text AS \"table\", b.participant_id::text AS participant, "  \
  "p.teryt, p.voivodeship, "                                                \
  "(extract(epoch FROM b.booked_at) * 1000000)::bigint AS book_time, "      \
  "(extract(epoch FROM b.cancelled_at) * 1000000)::bigint AS cancel_time, " \
  "(extract(epoch FROM s.start_time) * 1000000)::bigint AS start_time, "    \
  "(extract(epoch FROM s.end_time) * 1000000)::bigint AS end_time "         \
  "FROM table_booking b "                                                   \
  "JOIN table_slot s ON s.id = b.slot_id "                                  \
  "JOIN roster_participant p ON p.participant_id = b.participant_id "

inline constexpr char kSelectBooking[] =
    JSTEDU_TRAINING_BOOKING_SELECT "WHERE b.id = $1::uuid";

// Table $1's bookings (in force, or every one when $2), of voivodeship $3
// and JST $4 ('' any).
inline constexpr char kSelectTableBookings[] = JSTEDU_TRAINING_BOOKING_SELECT
    R"sql(WHERE s.table_id = $1::uuid AND ($2 OR b.cancelled_at IS NULL)
   AND ($3 = '' OR p.voivodeship = $3) AND ($4 = '' OR p.teryt = $4)
 ORDER BY s.start_time, p.voivodeship, p.teryt, b.participant_id, b.id)sql";

// Booking $1, locked: its participant, whether cancelled, its slot's start.
inline constexpr char kLockBooking[] = R"sql(
SELECT b.participant_id::text AS participant_id,
       b.cancelled_at IS NOT NULL AS cancelled,
       (extract(epoch FROM s.start_time) * 1000000)::bigint AS start_us
  FROM table_booking b JOIN table_slot s ON s.id = b.slot_id
 WHERE b.id = $1::uuid
   FOR UPDATE OF b)sql";

inline constexpr char kCancelBooking[] = R"sql(
UPDATE table_booking SET cancelled_at = $2::timestamptz, cancelled_by = $3
 WHERE id = $1::uuid)sql";

// Trainer $1's expert-table slots that overlap [$2, $3) (a session must
// not clash with them).
inline constexpr char kTrainerSlots[] = R"sql(
SELECT s.id::text AS id, t.module_id::text AS module_id,
       (extract(epoch FROM s.start_time) * 1000000)::bigint AS start_us,
       (extract(epoch FROM s.end_time) * 1000000)::bigint AS end_us
  FROM table_slot s JOIN expert_table t ON t.id = s.table_id
 WHERE t.expert = $1 AND s.start_time < $3::timestamptz
   AND s.end_time > $2::timestamptz
 ORDER BY s.id)sql";

// Module $1's expert-table slots (a move keeps none behind).
inline constexpr char kModuleSlotIds[] = R"sql(
SELECT s.id::text AS id FROM table_slot s
  JOIN expert_table t ON t.id = s.table_id
 WHERE t.module_id = $1::uuid ORDER BY s.start_time, s.id)sql";

}  // namespace jstedu::training::queries
