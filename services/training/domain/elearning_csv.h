#pragma once

// The e-learning platform's completion export (docs/programme-parts.md,
// part 3), read whole before anything is written: UTF-8 (a BOM allowed),
// ';' or ',' separated (the more frequent in the header), RFC 4180 quoting,
// CRLF or LF, blank lines skipped (common/csv/csv_file.h). Columns by
// header name, in any order, case-insensitive:
//   participant_id  the system's participant UUID (the platform's external
//                   id of the user, given by the office when enrolling)
//   course_code     1..32 of A-Z a-z 0-9 . _ - (a course of the edition)
//   completed_on    YYYY-MM-DD, from kFirstCompletionDay, not after
//                   `today` (the store also refuses a day before the
//                   edition's start)
//   score           optional column; 0..100, or empty
// A participant and course named on two lines is a problem of the second.
// Every problem is named by line and column; a file with any keeps no row.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/csv/csv_file.h"

namespace jstedu::training {

inline constexpr int kMaxCompletionRows = 20000;
// No completion is older: a year mistyped (1017, 0001) would otherwise be
// kept for good, as the earliest day wins.
inline constexpr absl::CivilDay kFirstCompletionDay(2015, 1, 1);

struct CompletionRow {
  int line = 0;
  std::string participant_id;  // lower case
  std::string course_code;
  absl::CivilDay completed_on;
  std::optional<int> score;
};

struct CompletionFile {
  std::vector<CompletionRow> rows;
  std::vector<csv::ImportProblem> problems;
  // Each column's 1-based position, for problems found later (the store's:
  // an unknown course or participant).
  int participant_column = 0;
  int course_column = 0;
  int completed_on_column = 0;
};

CompletionFile ReadCompletionCsv(std::string_view bytes, absl::CivilDay today);

}  // namespace jstedu::training
