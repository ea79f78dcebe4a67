#pragma once

// Splitting CSV text into records: RFC 4180 quoting (a field starting with
// '"' is quoted; "" inside it is a quote; quoted fields may hold separators
// and line breaks; spaces after the closing quote are ignored, other text
// there is kept and flagged; a '"' inside an unquoted field is plain text),
// CRLF or LF line ends, an optional final line end, physical line numbers.
// Shared by the files the services read: recruitment's participants
// (participant_csv.h) and urbanisation degrees (degurba_csv.h), training's
// e-learning completions (elearning_csv.h); with the one way such a file
// reports its problems (by line and column) and is kept or refused whole.
//
// Thread-safety: a CsvTokenizer is used by one thread; the functions are
// pure.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status/errors.h"

namespace jstedu::csv {

// Without a leading UTF-8 byte order mark.
std::string_view WithoutBom(std::string_view bytes);

// Strips ASCII whitespace and NO-BREAK SPACE (U+00A0), as
// ValidateParticipant does.
std::string_view Trim(std::string_view text);

struct Field {
  std::string text;
  int line = 0;                   // where the field starts
  bool text_after_quote = false;  // "abc"def
};

// One record. `fields` keeps its strings between records so that reading
// a file allocates only when a field is longer than any before it.
struct Record {
  int line = 0;
  std::vector<Field> fields;  // the first `size` are this record's
  std::size_t size = 0;
  bool unterminated = false;  // the last field's quote is never closed

  Field& Add(int field_line) {
    if (size == fields.size()) fields.emplace_back();
    Field& field = fields[size++];
    field.text.clear();
    field.line = field_line;
    field.text_after_quote = false;
    return field;
  }
};

// True for a record of only empty or blank fields (not an unterminated
// one, nor one with text after a closing quote).
bool IsBlank(const Record& record);

// Splits RFC 4180 text into records, counting physical lines. A quote in
// the middle of an unquoted field is kept as text.
class CsvTokenizer {
 public:
  CsvTokenizer(std::string_view text, char separator)
      : text_(text), separator_(separator) {}

  // Reads the next record; false at the end of the text.
  bool Next(Record* record);

 private:
  static constexpr std::size_t kUnterminated = std::string_view::npos;

  bool AtLineEnd(std::size_t pos) const;
  void SkipLineEnd();
  void ReadUnquoted(Field* field);
  // Reads from the opening quote; sets pos_ to kUnterminated when the text
  // ends inside the quotes.
  void ReadQuoted(Field* field);

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// The separator of the first line that is not blank: the more frequent of
// ';' and ',' outside quotes, ';' when they tie.
char DetectSeparator(std::string_view text);

// Reads the next record that is not blank; false at the end.
bool NextNonBlank(CsvTokenizer* tokenizer, Record* record);

// A problem of a CSV file a service reads, where it is.
struct ImportProblem {
  int line = 0;
  int column = 0;           // 1-based; 0 = the whole row
  std::string column_name;  // header name; "" for column 0
  std::string reason;
};

// The field a problem of `line` names: "line 12, column pesel", or "line 12"
// for the whole row (`column_name` "").
std::string ImportProblemField(int line, const std::string& column_name);

// The problems as API problems ("line 12, column pesel": "column 3: ...").
std::vector<errors::FieldProblem> ImportProblems(
    const std::vector<ImportProblem>& problems);

// Orders problems by line, then column (stable).
void SortProblems(std::vector<ImportProblem>* problems);

// A problem of the whole row at `line` (column 0).
ImportProblem RowProblem(int line, std::string reason);

// A file's columns named by its header, in any order, case-insensitive:
// `names` the columns a file may have, `required` how many of the first
// names it must have; `header` how the problems describe the expected
// header ("participant_id;course_code;completed_on[;score]").
struct HeaderSpec {
  std::vector<std::string_view> names;
  std::size_t required = 0;
  std::string_view header;
};

// Each named column's field index (-1: absent), read from the header
// `record`; an unknown, repeated or missing column is a problem added to
// `problems` (then false).
bool ReadHeader(const Record& record, const HeaderSpec& spec,
                std::vector<int>* index, std::vector<ImportProblem>* problems);

// A data record read by its header's columns (ReadHeader's `index` and
// `spec`): a column's trimmed text, and a problem of a column at its place
// in the file (line, 1-based position, header name).
class ColumnRecord {
 public:
  ColumnRecord(const Record& record, const std::vector<int>& index,
               const HeaderSpec& spec, std::vector<ImportProblem>* problems)
      : record_(record), index_(index), spec_(spec), problems_(problems) {}

  // "" for a column the header does not have.
  std::string Text(std::size_t column) const;
  void Problem(std::size_t column, std::string reason) const;

 private:
  const Record& record_;
  const std::vector<int>& index_;
  const HeaderSpec& spec_;
  std::vector<ImportProblem>* problems_;
};

// Reports a field's text after its closing quote, and text the API would
// refuse in any field (errors::TextProblem: invalid UTF-8, control
// characters; every column is one line; the surrounding whitespace the
// rules trim away is not judged), at `line` and `column` (`column_name`).
void CheckFieldText(const Field& field, int line, int column,
                    std::string_view column_name,
                    std::vector<ImportProblem>* problems);

// The tokenizer of a file's `bytes`: without a leading BOM, split at its
// separator (DetectSeparator).
CsvTokenizer TokenizerOf(std::string_view bytes);

// Reads the header of the file `tokenizer` starts (ReadHeader); false, with
// the problems added, for an empty file or a bad header.
bool StartFile(CsvTokenizer* tokenizer, const HeaderSpec& spec,
               std::vector<int>* index, std::vector<ImportProblem>* problems);

// The problem of a data record's shape, if any: a quoted field not closed
// before the end of the file, or another number of fields than `columns`.
bool ShapeProblem(const Record& record, std::size_t columns,
                  std::vector<ImportProblem>* problems);

// A file read (ImportFile, DegurbaFile: `rows` and `problems`) refused as a
// whole: one problem at line 1.
template <typename File>
File FileProblem(std::string reason) {
  File file;
  file.problems.push_back(RowProblem(1, std::move(reason)));
  return file;
}

// A file read to its end with `data_rows` rows: a file without any is
// refused; a file with problems keeps none of its rows (all or nothing),
// and its problems are in line, then column order.
template <typename File>
File FinishFile(File file, int data_rows) {
  if (data_rows == 0) return FileProblem<File>("no data rows");
  if (!file.problems.empty()) {
    file.rows.clear();
    SortProblems(&file.problems);
  }
  return file;
}

}  // namespace jstedu::csv
