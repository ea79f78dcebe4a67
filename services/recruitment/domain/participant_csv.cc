#include "services/recruitment/domain/participant_csv.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/csv/csv_file.h"
#include "common/status/fields.h"

namespace jstedu::recruitment {
namespace {

using csv::CsvTokenizer;
using csv::DetectSeparator;
using csv::Field;
using csv::IsBlank;
using csv::NextNonBlank;
using csv::Record;
using csv::Trim;

// This Abseil's string_view is not std::string_view.
absl::string_view AbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// Trimmed and in ASCII lower case.
std::string Normalized(std::string_view text) {
  std::string result(Trim(text));
  absl::AsciiStrToLower(&result);
  return result;
}

// ------------------------------------------------------------------ columns

enum Column : int {
  kFirstName,
  kLastName,
  kPesel,
  kOtherIdentifier,
  kSex,
  kBirthDate,
  kEducationLevel,
  kEmail,
  kPhone,
  kPosition,
  kTargetGroup,
  kParticipationStart,
  kDeclarationSignedOn,
  kInformationClauseHandedOver,
  kMinorityOrForeignOrigin,
  kHomeless,
  kDisability,
  kOtherDisadvantage,
  kColumnCount,
};

// The disadvantaged-situation columns: a file has all four or none.
constexpr Column kSituationColumns[] = {kMinorityOrForeignOrigin, kHomeless,
                                        kDisability, kOtherDisadvantage};

// Header names; also the ParticipantInput field names.
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "first_name",
    "last_name",
    "pesel",
    "other_identifier",
    "sex",
    "birth_date",
    "education_level",
    "email",
    "phone",
    "position",
    "target_group",
    "participation_start",
    "declaration_signed_on",
    "information_clause_handed_over",
    "minority_or_foreign_origin",
    "homeless",
    "disability",
    "other_disadvantage",
};

// The text member each column fills (none for the yes/no clause column).
constexpr std::array<std::string ParticipantInput::*, kColumnCount>
    kTextMembers = {
        &ParticipantInput::first_name,
        &ParticipantInput::last_name,
        &ParticipantInput::pesel,
        &ParticipantInput::other_identifier,
        &ParticipantInput::sex,
        &ParticipantInput::birth_date,
        &ParticipantInput::education_level,
        &ParticipantInput::email,
        &ParticipantInput::phone,
        &ParticipantInput::position,
        &ParticipantInput::target_group,
        &ParticipantInput::participation_start,
        &ParticipantInput::declaration_signed_on,
        nullptr,
        &ParticipantInput::minority_or_foreign_origin,
        &ParticipantInput::homeless,
        &ParticipantInput::disability,
        &ParticipantInput::other_disadvantage,
};

constexpr int kNoColumn = -1;

// The column named `name` (exactly, lower case), or kNoColumn.
int ColumnByName(std::string_view name) {
  for (int column = 0; column < kColumnCount; ++column) {
    if (kColumnNames[column] == name) return column;
  }
  return kNoColumn;
}

// ---------------------------------------------------------------- problems

ImportProblem Problem(int line, int column, std::string_view column_name,
                      std::string reason) {
  return ImportProblem{line, column, std::string(column_name),
                       std::move(reason)};
}

ImportProblem UnterminatedQuote(const Record& record) {
  const Field& field = record.fields[record.size - 1];
  return RowProblem(field.line,
                    "a quoted field is not closed before the end of the file");
}

// ------------------------------------------------------------------ header

struct Header {
  int line = 1;
  std::size_t size = 0;                   // number of columns in the file
  std::array<int, kColumnCount> index{};  // 1-based file column; 0 = absent

  // The file column of `column` (0 for kNoColumn or an absent one).
  int IndexOf(int column) const {
    return column == kNoColumn ? 0 : index[column];
  }
};

// Whether an unknown header name can be quoted in a reason: a file without
// a header row has data there, so names with digit runs, '@' or control
// characters, and long ones, are not repeated.
bool IsSafeToQuote(std::string_view name) {
  if (name.size() > 64) return false;
  int digits_in_a_row = 0;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || c == '@' || c == '"') return false;
    digits_in_a_row = absl::ascii_isdigit(byte) ? digits_in_a_row + 1 : 0;
    if (digits_in_a_row >= 3) return false;
  }
  return true;
}

std::string UnknownColumnReason(std::string_view name) {
  if (name.empty()) return "column without a name";
  if (!IsSafeToQuote(name)) return "unknown column";
  return absl::StrCat("unknown column \"", AbslView(name), "\"");
}

// Whether the header has any of the disadvantaged-situation columns.
bool HasSituationColumns(const Header& header) {
  for (const Column column : kSituationColumns) {
    if (header.index[column] != 0) return true;
  }
  return false;
}

void CheckRequiredColumns(const Header& header,
                          std::vector<ImportProblem>* problems) {
  for (const int column : {kFirstName, kLastName, kTargetGroup}) {
    if (header.index[column] == 0) {
      problems->push_back(RowProblem(
          header.line,
          absl::StrCat("missing column ", AbslView(kColumnNames[column]))));
    }
  }
  if (header.index[kPesel] == 0 && header.index[kOtherIdentifier] == 0) {
    problems->push_back(
        RowProblem(header.line, "missing column pesel or other_identifier"));
  }
  if (HasSituationColumns(header)) {
    for (const Column column : kSituationColumns) {
      if (header.index[column] != 0) continue;
      problems->push_back(RowProblem(
          header.line,
          absl::StrCat("missing column ", AbslView(kColumnNames[column]),
                       ": the four disadvantaged-situation columns go "
                       "together")));
    }
  }
}

// Maps the header's names to columns; false (with problems) when the
// header is not usable.
bool ReadHeader(const Record& record, Header* header,
                std::vector<ImportProblem>* problems) {
  const std::size_t problems_before = problems->size();
  header->line = record.line;
  header->size = record.size;
  header->index.fill(0);
  if (record.unterminated) {
    problems->push_back(UnterminatedQuote(record));
    return false;
  }
  std::vector<ImportProblem> unknown;
  for (std::size_t i = 0; i < record.size; ++i) {
    const int file_column = static_cast<int>(i) + 1;
    const Field& field = record.fields[i];
    const std::size_t problems_so_far = problems->size();
    csv::CheckFieldText(field, record.line, file_column, "", problems);
    if (problems->size() > problems_so_far) continue;
    const std::string name = Normalized(field.text);
    const int column = ColumnByName(name);
    if (column == kNoColumn) {
      unknown.push_back(
          Problem(record.line, file_column, "", UnknownColumnReason(name)));
    } else if (header->index[column] != 0) {
      problems->push_back(Problem(record.line, file_column,
                                  kColumnNames[column],
                                  absl::StrCat("repeated column (also column ",
                                               header->index[column], ")")));
    } else {
      header->index[column] = file_column;
    }
  }
  if (problems->size() > problems_before) return false;
  const bool any_known = std::any_of(header->index.begin(), header->index.end(),
                                     [](int index) { return index != 0; });
  if (!any_known) {
    problems->push_back(RowProblem(
        record.line,
        "the first line is not a header: no known column name (expected "
        "first_name, last_name, pesel or other_identifier, target_group, "
        "...)"));
    return false;
  }
  problems->insert(problems->end(), unknown.begin(), unknown.end());
  CheckRequiredColumns(*header, problems);
  return problems->size() == problems_before;
}

// -------------------------------------------------------------------- rows

// Parses the yes/no clause column; false for an unknown word.
bool ParseYesNo(std::string_view text, std::optional<bool>* value) {
  const std::string word = Normalized(text);
  if (word.empty()) {
    *value = std::nullopt;
  } else if (word == "true" || word == "yes" || word == "tak" || word == "1") {
    *value = true;
  } else if (word == "false" || word == "no" || word == "nie" || word == "0") {
    *value = false;
  } else {
    return false;
  }
  return true;
}

// Reads one data row, reporting its problems; the row when it is valid.
class RowReader {
 public:
  RowReader(const Header& header, absl::CivilDay today,
            std::vector<ImportProblem>* problems)
      : header_(header), today_(today), problems_(problems) {}

  std::optional<ImportRow> Read(const Record& record) {
    line_ = record.line;
    if (!CheckStructure(record)) return std::nullopt;
    ParticipantInput input;
    const bool clause_ok = FillInput(record, &input);
    ParticipantData data;
    const std::vector<FieldViolation> violations =
        ValidateParticipant(input, today_, &data);
    for (const FieldViolation& violation : violations) {
      if (!clause_ok && violation.field == "information_clause_handed_over") {
        continue;  // already reported as an unknown word
      }
      ReportViolation(violation);
    }
    const bool unique = CheckUnique(input);
    if (!violations.empty() || !clause_ok || !unique) return std::nullopt;
    const bool start_given =
        !absl::StripAsciiWhitespace(input.participation_start).empty();
    return ImportRow{line_, std::move(data), start_given,
                     HasSituationColumns(header_)};
  }

 private:
  // Reports a problem in `column` of this row (column 0 when the file has
  // no such column).
  void Report(int column, std::string reason) {
    const int index = header_.IndexOf(column);
    problems_->push_back(Problem(line_, index,
                                 index == 0 ? "" : kColumnNames[column],
                                 std::move(reason)));
  }

  // Field count, quoting and encoding; false when the row cannot be read.
  bool CheckStructure(const Record& record) {
    if (record.unterminated) {
      problems_->push_back(UnterminatedQuote(record));
      return false;
    }
    if (record.size != header_.size) {
      problems_->push_back(
          RowProblem(line_, absl::StrCat("expected ", header_.size,
                                         " fields, found ", record.size)));
      return false;
    }
    const std::size_t problems_before = problems_->size();
    for (int column = 0; column < kColumnCount; ++column) {
      const int index = header_.index[column];
      if (index == 0) continue;
      csv::CheckFieldText(record.fields[index - 1], line_, index,
                          kColumnNames[column], problems_);
    }
    return problems_->size() == problems_before;
  }

  // Copies the fields into `input`; false when the clause column holds an
  // unknown word (reported).
  bool FillInput(const Record& record, ParticipantInput* input) {
    bool clause_ok = true;
    for (int column = 0; column < kColumnCount; ++column) {
      const int index = header_.index[column];
      if (index == 0) continue;
      const std::string& text = record.fields[index - 1].text;
      if (kTextMembers[column] != nullptr) {
        input->*kTextMembers[column] = text;
      } else if (!ParseYesNo(text, &input->information_clause_handed_over)) {
        clause_ok = false;
        Report(column, "expected true/false, yes/no, tak/nie or 1/0");
      }
    }
    input->no_pesel =
        Trim(input->pesel).empty() && !Trim(input->other_identifier).empty();
    return clause_ok;
  }

  void ReportViolation(const FieldViolation& violation) {
    const int column = violation.field == "no_pesel"
                           ? static_cast<int>(kPesel)
                           : ColumnByName(violation.field);
    if (header_.IndexOf(column) == 0) {
      Report(kNoColumn,
             absl::StrCat(violation.field, ": ", violation.description));
    } else {
      Report(column, violation.description);
    }
  }

  // Reports an identifier seen on an earlier line; false when it was.
  bool CheckUnique(const ParticipantInput& input) {
    const std::string_view pesel = Trim(input.pesel);
    const std::string_view other = Trim(input.other_identifier);
    if (!pesel.empty()) {
      return CheckUniqueIn(&pesels_, pesel, kPesel, "PESEL");
    }
    if (!other.empty()) {
      return CheckUniqueIn(&other_identifiers_, other, kOtherIdentifier,
                           "other_identifier");
    }
    return true;
  }

  bool CheckUniqueIn(std::unordered_map<std::string, int>* seen,
                     std::string_view key, int column, std::string_view what) {
    const auto [it, inserted] = seen->try_emplace(std::string(key), line_);
    if (inserted) return true;
    Report(column,
           absl::StrCat("the same ", AbslView(what), " as line ", it->second));
    return false;
  }

  const Header& header_;
  const absl::CivilDay today_;
  std::vector<ImportProblem>* const problems_;
  int line_ = 0;
  std::unordered_map<std::string, int> pesels_;
  std::unordered_map<std::string, int> other_identifiers_;
};

}  // namespace

ImportFile ReadParticipantCsv(std::string_view bytes, absl::CivilDay today) {
  bytes = csv::WithoutBom(bytes);
  CsvTokenizer tokenizer(bytes, DetectSeparator(bytes));
  Record record;
  if (!NextNonBlank(&tokenizer, &record)) {
    return FileProblem<ImportFile>("the file is empty");
  }

  ImportFile file;
  Header header;
  if (!ReadHeader(record, &header, &file.problems)) {
    SortProblems(&file.problems);
    return file;
  }
  RowReader reader(header, today, &file.problems);
  int data_rows = 0;
  while (NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxImportRows) {
      return FileProblem<ImportFile>(
          absl::StrCat("more than ", kMaxImportRows, " data rows"));
    }
    std::optional<ImportRow> row = reader.Read(record);
    if (row.has_value() && file.problems.empty()) {
      file.rows.push_back(std::move(*row));
    }
  }
  return FinishFile(std::move(file), data_rows);
}

}  // namespace jstedu::recruitment
