#pragma once

// Reading a participant CSV file (ImportParticipants).
//
// Format: UTF-8 with or without a BOM; the separator is ';' or ',', read
// from the header row (the more frequent of the two outside quotes; ';'
// wins a tie); RFC 4180 quoting (a field starting with '"' is quoted; ""
// inside it is a quote; quoted fields may hold separators and line breaks;
// spaces after the closing quote are ignored, other text there is a
// problem; a '"' inside an unquoted field is plain text); CRLF or LF line
// ends; a final line end is optional; blank lines (empty, only spaces, or
// only separators and spaces) are skipped anywhere, also before the header.
//
// Header: column names, case-insensitive, any order, surrounding spaces
// ignored: first_name, last_name, pesel, other_identifier, sex, birth_date,
// education_level, email, phone, position, target_group,
// participation_start, declaration_signed_on,
// information_clause_handed_over, and the disadvantaged-situation answers
// minority_or_foreign_origin, homeless, disability, other_disadvantage
// (YES, NO, REFUSED or TAK, NIE, ODMOWA; all four columns or none).
// first_name, last_name and target_group columns are required, and one of
// pesel / other_identifier; an unknown or repeated column is an error. A row
// with an empty pesel and a non-empty other_identifier means no_pesel.
// information_clause_handed_over accepts true/false, yes/no, tak/nie, 1/0
// (case-insensitive); empty means not given. Other values are passed to
// ValidateParticipant as they are.
//
// Every problem is reported, each with the physical line it starts on
// (1-based; the header is line 1 unless blank lines precede it) and the
// column (1-based index and header name; 0 and "" for a problem of the
// whole row):
//   - header: an unknown column (its index, name "" and the name quoted in
//     the reason unless it looks like data: long, with '@' or a run of
//     digits), a repeated column (the later index), a missing column
//     (column 0); a first line with no known column name at all is one
//     problem ("not a header"). With a bad header no rows are read.
//   - a row with the wrong number of fields (column 0), an unterminated
//     quote (column 0, on the line where the quote opened; it runs to the
//     end of the file), and per field text after a closing quote or what
//     errors::TextProblem refuses in one-line text once surrounding
//     whitespace is trimmed (invalid UTF-8, control characters, a line
//     break inside a quoted value: no column is multi-line); such a row is
//     not validated further;
//   - every violation from ValidateParticipant, in the column of its field
//     ("no_pesel" in the pesel column); a field the file has no column for
//     gets column 0 and the reason "<field>: <description>";
//   - an unknown information_clause_handed_over word;
//   - a PESEL (or other identifier) that occurs on an earlier line of the
//     same file, in that column: "the same PESEL as line N".
// Problems of the file as a whole have line 1 and column 0: an empty file,
// no data rows, or more than kMaxImportRows data rows (then the only
// problem). Reasons never contain field values (PESELs, names, contacts).
//
// Linear in the file size; field buffers are reused between rows.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/csv/csv_file.h"
#include "services/recruitment/domain/participant.h"

namespace jstedu::recruitment {

// The one shape of a CSV file's problems (common/csv/csv_file.h).
using csv::FileProblem;
using csv::FinishFile;
using csv::ImportProblem;
using csv::ImportProblemField;
using csv::RowProblem;
using csv::SortProblems;

inline constexpr int kMaxImportRows = 10000;

struct ImportRow {
  int line = 0;
  ParticipantData data;
  // False when the row left participation_start empty (data holds today
  // then): a row matching an existing participant keeps the stored start.
  bool start_given = true;
  // False when the file has no disadvantaged-situation columns: a row
  // matching an existing participant keeps the stored answers (a file made
  // from an older template erases nothing).
  bool situation_given = true;
};

struct ImportFile {
  std::vector<ImportRow> rows;          // filled only when problems is empty
  std::vector<ImportProblem> problems;  // in line, then column order
};

// Parses and validates the whole file. `today` as for ValidateParticipant.
ImportFile ReadParticipantCsv(std::string_view bytes, absl::CivilDay today);

}  // namespace jstedu::recruitment
