#pragma once

// Column readers shared by reporting's stores: dates the SQL formats as
// "YYYY-MM-DD" and text[] columns.

#include <optional>
#include <pqxx/transaction_base>  // pqxx::field
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace jstedu::reporting {

// A non-null date column ("YYYY-MM-DD"); 1970-01-01 if unreadable.
absl::CivilDay Day(const pqxx::field& field);

// A date column that may be NULL.
std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field);

}  // namespace jstedu::reporting
