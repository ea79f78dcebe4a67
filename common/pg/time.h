#pragma once

// Instants read from PostgreSQL into answers.
//
// A column read as microseconds since the epoch
// (`(extract(epoch FROM t) * 1000000)::bigint`) becomes a
// google.protobuf.Timestamp only when it holds a value. A NULL (an export
// never submitted, a case not closed) leaves the answer's field unset, so
// the JSON answer has no such member; calling `mutable_<field>()` first
// would set it to 1970-01-01T00:00:00Z, an instant that says the opposite.

#include <optional>
#include <pqxx/transaction_base>  // pqxx::field, with its conversions

#include "google/protobuf/timestamp.pb.h"

namespace jstedu::pg {

// The instant of a microseconds column, or nullopt for NULL. Throws
// pqxx::conversion_error when the column is not an integer (a query bug).
std::optional<google::protobuf::Timestamp> OptionalTime(
    const pqxx::field& micros);

}  // namespace jstedu::pg
