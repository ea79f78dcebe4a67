#pragma once

// Writing CSV files (RFC 4180): the ministry exports (reporting) and the
// good-practice catalogue (advisory).
//
// A row is its fields separated by ',' and ended by CRLF (also the last row
// of a file). A field is written in double quotes when it contains a comma,
// a double quote, CR or LF, or starts or ends with a space; a double quote
// inside it is doubled. Other fields are written as they are. An empty
// vector gives an empty line ("\r\n"), as does a single empty field.
//
// Encoding: fields are UTF-8 and are written byte for byte (not validated:
// callers pass UTF-8). Files carry no byte-order mark: RFC 4180 and UTF-8
// (RFC 3629, section 6) do not call for one, and a reader that does not
// expect it (Python's csv with encoding "utf-8", Go's encoding/csv, many
// import tools, so possibly the ministry's) takes it as part of the first
// header name, and "ID uczestnika" is then not found. (Excel guesses the
// encoding without a BOM; open the files with Data > From Text/CSV, UTF-8.)
//
// Formula injection (OWASP "CSV Injection"): spreadsheets run a cell that
// starts with '=', '+', '-' or '@' as a formula, and some first drop a
// leading TAB or CR; a name such as "=HYPERLINK(...)" typed by a user would
// run on the ministry's computer. Such a field gets a leading apostrophe
// ("'=..."), which makes spreadsheets keep it as text (some show the
// apostrophe; a program reading the file may strip it). Exempt, since
// they hold no formula and must stay exact for the ministry's tool:
//   - plain numbers: optional sign, digits, optionally one '.' or ','
//     followed by digits ("-5", "+3", "-0.25", "-1,5");
//   - phone numbers: '+', digits, then groups of digits each after one
//     space or hyphen ("+48 600 100 200", "+48-22-123-45-67").
// Dates ("2017-04-01") and ISO 8601 periods never start with one of those
// characters and are never changed. Quoting alone would not help: the
// quotes are gone once a spreadsheet has parsed the file.
//
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace jstedu::csv {

// One CSV record: the fields, guarded against formula injection and quoted
// as above, joined by ',' and ended by CRLF.
std::string CsvRow(const std::vector<std::string>& fields);

// One field as CsvRow writes it (guarded and, when needed, quoted), without
// separator or line end.
std::string CsvField(std::string_view value);

// Whether `value` gets the leading apostrophe: it starts with '=', '+', '-',
// '@', TAB or CR and is neither a plain number nor a phone number.
bool NeedsFormulaGuard(std::string_view value);

}  // namespace jstedu::csv
