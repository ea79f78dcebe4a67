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

std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  pqxx::array_parser parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) {
      values.push_back(item.second);
    }
  }
  return values;
}

}  // namespace jstedu::reporting
