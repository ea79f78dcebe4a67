#pragma once

// Values as the advisory store passes them to and reads them from
// PostgreSQL: instants and dates as text parameters, text arrays as one
// array literal parameter (`$n::text[]`, common/pg/arrays.h), instants into
// google.protobuf.Timestamp (rows into answers: common/pg/columns.h).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/arrays.h"
#include "google/protobuf/timestamp.pb.h"

namespace jstedu::advisory::rows {

// "2026-03-02T09:00:00.000000+00:00", for a `$n::timestamptz` parameter.
std::string Sql(absl::Time t);
// "2026-03-02", for a `$n::date` parameter.
std::string Sql(absl::CivilDay day);

void SetTime(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace jstedu::advisory::rows
