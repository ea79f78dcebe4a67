#pragma once

// SQL of the answers kept under an Idempotency-Key (rows/kept_answer.h), as
// named constants with $n parameters.

namespace jstedu::recruitment::queries {

inline constexpr char kKeptAnswer[] = R"sql(
SELECT encode(answer, 'hex') AS answer,
       array_to_string(participant_ids, ',') AS participant_ids
  FROM kept_answer WHERE scoped_key = $1)sql";

// $1 key, $2 the answer's bytes as hex, $3 the participants it discloses
// (a uuid array).
inline constexpr char kKeepAnswer[] = R"sql(
INSERT INTO kept_answer (scoped_key, answer, participant_ids)
VALUES ($1, decode($2, 'hex'), $3::uuid[]))sql";

}  // namespace jstedu::recruitment::queries
