#pragma once

// Values as the advisory store passes them to and reads them from
// PostgreSQL: instants and dates as text parameters, text arrays as one
// array literal parameter (`$n::text[]`), arrays read back into repeated
// proto fields, instants into google.protobuf.Timestamp.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace jstedu::advisory::rows {

// "2026-03-02T09:00:00.000000+00:00", for a `$n::timestamptz` parameter.
std::string Sql(absl::Time t);
// "2026-03-02", for a `$n::date` parameter.
std::string Sql(absl::CivilDay day);

// "{"a","b"}" with every element quoted, for one `$n::text[]` parameter.
std::string ArrayLiteral(const std::vector<std::string>& values);

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

// Appends the elements of a text[] column to a repeated string field.
template <typename Repeated>
void ReadArray(const pqxx::field& f, Repeated* out) {
  auto parser = f.as_array();
  for (auto item = parser.get_next();
       item.first != pqxx::array_parser::juncture::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::juncture::string_value)
      out->Add(std::move(item.second));
  }
}

void SetTime(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace jstedu::advisory::rows
