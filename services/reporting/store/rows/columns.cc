#include "services/reporting/store/rows/columns.h"

#include <pqxx/pqxx>

#include "common/status/fields.h"

namespace jstedu::reporting {

absl::CivilDay Day(const pqxx::field& field) {
  return errors::ParseDate(field.as<std::string>()).value_or(absl::CivilDay());
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return errors::ParseDate(field.as<std::string>());
}

}  // namespace jstedu::reporting
