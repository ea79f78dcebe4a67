#pragma once

// SQL of LogisticsStore (sign-ups for accommodation, shuttle and parking,
// and the lists made from them), as named constants with $n parameters.

namespace jstedu::training::queries {

inline constexpr char kSignupInForce[] = R"sql(
SELECT 1 FROM signup
 WHERE module_id = $1::uuid AND participant_id = $2::uuid
   AND status <> 'REFUSED')sql";

// Confirmed shuttle seats and parking places of module $1 (the caller
// holds the module row's lock, so the counts are exact).
inline constexpr char kSeatsTaken[] = R"sql(
SELECT count(*) FILTER (WHERE shuttle_seat = 'CONFIRMED') AS shuttle_seats,
       count(*) FILTER (WHERE parking_place = 'CONFIRMED') AS parking_places
  FROM signup WHERE module_id = $1::uuid)sql";

inline constexpr char kInsertSignup[] = R"sql(
INSERT INTO signup (id, module_id, participant_id, accommodation, shuttle,
                    parking, status, shuttle_seat, parking_place,
                    request_time, requested_by)
VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8,
        $9::timestamptz, $10)
RETURNING id::text AS id)sql";

// A sign-up as the API answers it (pg::ReadColumns: the statuses under
// their enum names), followed by a JOIN or WHERE clause: a SELECT shared,
// at compile time, by the sign-up queries.
#define JSTEDU_TRAINING_SIGNUP_SELECT                                    \
  "SELECT g.id::text AS id, g.module_id::text AS module, "               \
  "g.participant_id::text AS participant, g.accommodation, g.shuttle, "  \
  "g.parking, 'SIGNUP_' || g.status AS status, "                         \
  "'SEAT_' || g.shuttle_seat AS shuttle_seat, "                          \
  "'SEAT_' || g.parking_place AS parking_place, "                        \
  "coalesce((extract(epoch from g.request_time) * 1000000)::bigint, 0) " \
  "  AS request_time, "                                                  \
  "g.decided_by, g.decision_reason "                                     \
  "FROM signup g "

// Sign-ups of module $1 in status $2, of voivodeship $3, of TERYT $4 (""
// = any of each), in request order.
inline constexpr char kSelectSignups[] = JSTEDU_TRAINING_SIGNUP_SELECT R"sql(
  JOIN roster_participant p ON p.participant_id = g.participant_id
 WHERE g.module_id = $1::uuid AND ($2 = '' OR g.status = $2)
   AND ($3 = '' OR p.voivodeship = $3) AND ($4 = '' OR p.teryt = $4)
 ORDER BY g.request_seq)sql";

inline constexpr char kSelectSignup[] = JSTEDU_TRAINING_SIGNUP_SELECT R"sql(
 WHERE g.id = $1::uuid)sql";

inline constexpr char kSelectSignupModule[] = R"sql(
SELECT module_id::text AS module_id FROM signup WHERE id = $1::uuid)sql";

inline constexpr char kDecideSignup[] = R"sql(
UPDATE signup
   SET status = $2, shuttle_seat = $3, parking_place = $4, decided_by = $5,
       decision_reason = $6
 WHERE id = $1::uuid)sql";

// The guests of module $1: sign-ups in force with their people's sex, JST
// and group.
inline constexpr char kSelectGuests[] = R"sql(
SELECT g.participant_id::text AS participant_id, p.sex, p.teryt,
       coalesce(j.workshop_group, 0) AS workshop_group, g.accommodation,
       g.parking_place = 'CONFIRMED' AS parking_confirmed
  FROM signup g
  JOIN roster_participant p ON p.participant_id = g.participant_id
  LEFT JOIN roster_jst j ON j.application_id = p.application_id
 WHERE g.module_id = $1::uuid AND g.status IN ('CONFIRMED', 'APPROVED'))sql";

inline constexpr char kSelectPassengers[] = R"sql(
SELECT g.participant_id::text AS participant_id, p.teryt, g.shuttle_seat
  FROM signup g
  JOIN roster_participant p ON p.participant_id = g.participant_id
 WHERE g.module_id = $1::uuid AND g.shuttle AND g.status <> 'REFUSED'
 ORDER BY g.shuttle_seat <> 'CONFIRMED', g.request_seq)sql";

}  // namespace jstedu::training::queries
