#include "common/csv/csv_writer.h"

namespace jstedu::csv {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads one or more digits from `text` at `pos`; false when there are none.
bool SkipDigits(std::string_view text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && IsDigit(text[pos])) ++pos;
  return pos > start;
}

// [+-]?[0-9]+([.,][0-9]+)?
bool IsPlainNumber(std::string_view text) {
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
  if (!SkipDigits(text, pos)) return false;
  if (pos == text.size()) return true;
  if (text[pos] != '.' && text[pos] != ',') return false;
  ++pos;
  return SkipDigits(text, pos) && pos == text.size();
}

// \+[0-9]+([ -][0-9]+)*
bool IsPhoneNumber(std::string_view text) {
  size_t pos = 0;
  if (text.empty() || text[pos++] != '+') return false;
  if (!SkipDigits(text, pos)) return false;
  while (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != '-') return false;
    ++pos;
    if (!SkipDigits(text, pos)) return false;
  }
  return true;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return false;
  if (value.front() == ' ' || value.back() == ' ') return true;
  return value.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

bool NeedsFormulaGuard(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return !IsPlainNumber(value) && !IsPhoneNumber(value);
    default:
      return false;
  }
}

std::string CsvField(std::string_view value) {
  std::string guarded;
  if (NeedsFormulaGuard(value)) guarded.push_back('\'');
  guarded.append(value);
  if (!NeedsQuotes(guarded)) return guarded;
  std::string quoted = "\"";
  for (char c : guarded) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row.push_back(',');
    row.append(CsvField(fields[i]));
  }
  row.append("\r\n");
  return row;
}

}  // namespace jstedu::csv
