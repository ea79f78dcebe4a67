#pragma once

// Reading a participant CSV file (ImportParticipants).
//
// Format: UTF-8 with or without a BOM; the separator is ';' or ',', read
// from the header row (whichever occurs outside quotes; ';' wins a tie);
// RFC 4180 quoting ("" inside a quoted field is a quote; quoted fields may
// hold separators and line breaks); CRLF or LF line ends; a final line end
// is optional; blank lines are skipped.
//
// Header: column names, case-insensitive, any order, surrounding spaces
// ignored: first_name, last_name, pesel, other_identifier, sex, birth_date,
// education_level, email, phone, position, target_group,
// participation_start, declaration_signed_on,
// information_clause_handed_over. first_name, last_name and target_group
// columns are required, and one of pesel / other_identifier; an unknown or
// repeated column is an error. A row with an empty pesel and a
// non-empty other_identifier means no_pesel. information_clause_handed_over
// accepts true/false, yes/no, tak/nie, 1/0 (case-insensitive); empty means
// not given.
//
// Every problem is reported, each with the physical line it starts on
// (1-based, the header is line 1) and the column (1-based index and header
// name; 0 and "" for a problem of the whole row): invalid UTF-8, a row with
// the wrong number of fields, an unterminated quote, every field
// violation from ValidateParticipant, and a PESEL (or other identifier)
// that occurs on an earlier line of the same file. Problems of the file
// as a whole (empty file, bad header, more than kMaxImportRows rows) have
// line 1.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/recruitment/domain/participant.h"

namespace jstedu::recruitment {

inline constexpr int kMaxImportRows = 10000;

struct ImportProblem {
  int line = 0;
  int column = 0;           // 1-based; 0 = the whole row
  std::string column_name;  // header name as in the list above; "" for 0
  std::string reason;
};

struct ImportRow {
  int line = 0;
  ParticipantData data;
};

struct ImportFile {
  std::vector<ImportRow> rows;          // filled only when problems is empty
  std::vector<ImportProblem> problems;  // in line, then column order
};

// Parses and validates the whole file. `today` as for ValidateParticipant.
ImportFile ReadParticipantCsv(std::string_view bytes, absl::CivilDay today);

}  // namespace jstedu::recruitment
