#pragma once

// The school register file the office loads from the official RSPO
// register's export (docs/programme-parts.md, part 5), read whole before
// anything is written: UTF-8 (a BOM allowed), ';' or ',' separated (the
// more frequent in the header), RFC 4180 quoting, CRLF or LF, blank lines
// skipped (common/csv/csv_file.h). Columns by header name, in any order,
// case-insensitive:
//   rspo                  the school's RSPO number: 1..10 digits
//   name                  1..300 characters
//   type                  1..100 characters (e.g. "Szkoła podstawowa")
//   teryt_of_running_jst  the TERYT code of the JST that runs it: 4 digits
//                         (a county) or 7 (a commune)
// An RSPO number on two lines is a problem of the second; a school run by a
// JST of another voivodeship than the one the file covers is a problem of
// its line. Every field is one line of valid text (csv::CheckFieldText).
// Every problem is named by line and column; a file with any keeps no row.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "common/csv/csv_file.h"

namespace jstedu::advisory {

inline constexpr int kMaxSchoolRows = 60000;

struct SchoolRow {
  int line = 0;
  std::string rspo;
  std::string name;
  std::string type;
  std::string running_teryt;
};

struct SchoolFile {
  std::vector<SchoolRow> rows;
  std::vector<csv::ImportProblem> problems;
};

// `voivodeship`: the two-digit code of the voivodeship the file covers.
SchoolFile ReadSchoolCsv(std::string_view bytes,
                         const std::string& voivodeship);

// Whether `text` is an RSPO number (1..10 digits).
bool IsRspo(std::string_view text);

}  // namespace jstedu::advisory
