#pragma once

// PostgreSQL text arrays through libpqxx 6.4, which has no array
// parameters: a list goes to a statement as ONE text parameter holding an
// array literal (`= ANY($1::text[])`, `VALUES ($1::text[])`), so SQL stays
// a named constant and a value is never spliced into it; a text[] column
// comes back through pqxx's array parser.
//
// Thread-safety: pure functions.

#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

namespace jstedu::pg {

// Appends `value` to `literal` as one double-quoted array element
// (backslash before '"' and '\\'), so any text, commas, braces and NULL
// included, is read back exactly as it was.
void AppendArrayElement(std::string_view value, std::string* literal);

// "{"a","b"}" from any range of strings (a std::vector, a repeated proto
// field); "{}" when empty.
template <typename Strings>
std::string TextArrayLiteral(const Strings& values) {
  std::string literal = "{";
  bool first = true;
  for (const auto& value : values) {
    if (!first) literal += ',';
    first = false;
    AppendArrayElement(value, &literal);
  }
  return literal + "}";
}

// The elements of a text[] column (NULL elements and a NULL array give
// none).
std::vector<std::string> ReadTextArray(const pqxx::field& field);

}  // namespace jstedu::pg
