#pragma once

// A row read into a protocol buffer by column name.
//
// Most answers are a table's columns under the API's field names (`code`,
// `name`, `starts_on`, `kind`…). Rather than a line per column in every
// reader, ReadColumns sets each field from the column of the same name; the
// reader sets by hand only what has no such column (a nested message, a
// value computed from several). A SELECT is therefore also the answer's
// shape: a column the answer must not carry (personal data in a list) is
// simply not selected, or is selected under another name.
//
// Thread-safety: pure functions.

#include <pqxx/pqxx>
#include <vector>

#include "google/protobuf/message.h"

namespace jstedu::pg {

// For each column of `row` whose name is a field of `message`:
// - text into a string field, integers and floating point into numeric
//   fields, booleans into bool fields;
// - into an enum field, the value of that name or, from an integer column,
//   of that number (one the enum does not know leaves its zero value, as
//   `<Enum>_Parse` would);
// - a text[] column's elements (common/pg/arrays.h) into a repeated string
//   field, replacing what it held;
// - an integer column of microseconds since the epoch
//   (`(extract(epoch FROM t) * 1000000)::bigint`) into a
//   google.protobuf.Timestamp field.
// A NULL column leaves its field untouched (an instant never set stays
// unset: common/pg/time.h). Columns with no such field, and other message,
// map and repeated fields, are left to the caller. Throws
// pqxx::conversion_error when a column cannot be read as its field's type
// (a query bug).
void ReadColumns(const pqxx::row& row, google::protobuf::Message* message);

// A `Message` of `row` (ReadColumns).
template <typename Message>
Message ReadOne(const pqxx::row& row) {
  Message message;
  ReadColumns(row, &message);
  return message;
}

// A `Message` of each row of `rows` (ReadColumns), in their order.
template <typename Message>
std::vector<Message> ReadAll(const pqxx::result& rows) {
  std::vector<Message> out;
  out.reserve(rows.size());
  for (const pqxx::row& row : rows) ReadColumns(row, &out.emplace_back());
  return out;
}

}  // namespace jstedu::pg
