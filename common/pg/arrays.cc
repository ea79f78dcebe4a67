#include "common/pg/arrays.h"

namespace jstedu::pg {

void AppendArrayElement(std::string_view value, std::string* literal) {
  *literal += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') *literal += '\\';
    *literal += c;
  }
  *literal += '"';
}

std::vector<std::string> ReadTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  if (field.is_null()) return values;
  pqxx::array_parser parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) {
      values.push_back(std::move(item.second));
    }
  }
  return values;
}

}  // namespace jstedu::pg
