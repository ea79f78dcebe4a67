#pragma once

// Test-only: reads back RFC 4180 text (CRLF record ends, double-quoted
// fields with doubled quotes), strictly enough to catch writer mistakes.
// The independent check is tests/export/validate_export.py.

#include <string>
#include <string_view>
#include <vector>

namespace jstedu::csv::testing {

// The records of `csv`, or an empty vector when it is not well-formed:
// a bare CR or LF outside quotes, text after a closing quote, an unclosed
// quote, or no CRLF after the last record.
inline std::vector<std::vector<std::string>> ReadCsv(std::string_view csv) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  size_t pos = 0;
  while (pos < csv.size()) {
    std::string field;
    if (csv[pos] == '"') {
      ++pos;
      while (true) {
        if (pos >= csv.size()) return {};
        if (csv[pos] == '"') {
          if (pos + 1 < csv.size() && csv[pos + 1] == '"') {
            field.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field.push_back(csv[pos++]);
      }
    } else {
      while (pos < csv.size() && csv[pos] != ',' && csv[pos] != '\r' &&
             csv[pos] != '\n') {
        if (csv[pos] == '"') return {};
        field.push_back(csv[pos++]);
      }
    }
    record.push_back(std::move(field));
    if (pos < csv.size() && csv[pos] == ',') {
      ++pos;
      if (pos == csv.size()) return {};
      continue;
    }
    if (csv.substr(pos, 2) != "\r\n") return {};
    pos += 2;
    records.push_back(std::move(record));
    record.clear();
  }
  return records;
}

}  // namespace jstedu::csv::testing
