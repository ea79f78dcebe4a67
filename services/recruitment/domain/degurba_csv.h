#pragma once

// Reading the urbanisation degrees of communes (DEGURBA, as the statistics
// office classifies each commune) for the JST registry: LoadDegurba.
//
// Format: UTF-8 with or without a BOM, ';' or ',' separated (read from the
// header row), RFC 4180 quoting, CRLF or LF (common/csv/csv_file.h); blank
// lines are skipped. The header names two columns, case-insensitive, in any
// order: `teryt` and `degurba`. Each row: a commune's 7-digit TERYT code
// WWPPGGR (as in the TERC register; the statistics office's tables use the
// same code) and its class: 1 (cities), 2 (towns and suburbs) or 3 (rural
// areas). Surrounding spaces are ignored.
//
// All or nothing: every problem is reported with its line and column
// (ImportProblem, as the participant import), and no row is returned when
// there is any: a bad header (an unknown, repeated or missing column), a
// row with the wrong number of fields, an unterminated quote, a code that
// is not 7 digits, a class other than 1, 2 or 3, a code on an earlier line
// ("the same TERYT code as line N"), an empty file, no data rows, more than
// kMaxDegurbaRows rows. Whether each code is a commune of the registry is
// the caller's check (LoadDegurba), made on `codes` even when the file has
// other problems, so one answer lists them all.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "common/csv/csv_file.h"

namespace jstedu::recruitment {

// The one shape of a CSV file's problems (common/csv/csv_file.h).
using csv::FileProblem;
using csv::FinishFile;
using csv::ImportProblem;
using csv::ImportProblemField;
using csv::RowProblem;
using csv::SortProblems;

inline constexpr int kMaxDegurbaRows = 10000;

struct DegurbaRow {
  int line = 0;
  std::string teryt;  // 7 digits
  int degurba = 0;    // 1..3
};

struct DegurbaFile {
  std::vector<DegurbaRow> rows;         // filled only when problems is empty
  std::vector<ImportProblem> problems;  // in line, then column order
  // Every well-formed code, first occurrences only, with its line (also
  // when there are problems), and the teryt column's 1-based index.
  std::vector<DegurbaRow> codes;
  int teryt_column = 0;
};

DegurbaFile ReadDegurbaCsv(std::string_view bytes);

}  // namespace jstedu::recruitment
