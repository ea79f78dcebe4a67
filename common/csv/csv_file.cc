#include "common/csv/csv_file.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/fields.h"

namespace jstedu::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsSpace(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c));
}

}  // namespace

std::string_view WithoutBom(std::string_view bytes) {
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  return bytes;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kNbsp = "\xC2\xA0";
  while (true) {
    if (!text.empty() && IsSpace(text.front())) {
      text.remove_prefix(1);
    } else if (!text.empty() && IsSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.substr(0, kNbsp.size()) == kNbsp) {
      text.remove_prefix(kNbsp.size());
    } else if (text.size() >= kNbsp.size() &&
               text.substr(text.size() - kNbsp.size()) == kNbsp) {
      text.remove_suffix(kNbsp.size());
    } else {
      return text;
    }
  }
}

bool IsBlank(const Record& record) {
  if (record.unterminated) return false;
  for (std::size_t i = 0; i < record.size; ++i) {
    const Field& field = record.fields[i];
    if (field.text_after_quote) return false;
    if (!Trim(field.text).empty()) return false;
  }
  return true;
}

bool CsvTokenizer::Next(Record* record) {
  if (pos_ >= text_.size()) return false;
  record->line = line_;
  record->size = 0;
  record->unterminated = false;
  while (true) {
    Field& field = record->Add(line_);
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ReadQuoted(&field);
      if (pos_ == kUnterminated) {
        record->unterminated = true;
        pos_ = text_.size();
        return true;
      }
    } else {
      ReadUnquoted(&field);
    }
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] != separator_) break;
    ++pos_;
  }
  SkipLineEnd();
  return true;
}

bool CsvTokenizer::AtLineEnd(std::size_t pos) const {
  if (text_[pos] == '\n') return true;
  return text_[pos] == '\r' &&
         (pos + 1 == text_.size() || text_[pos + 1] == '\n');
}

void CsvTokenizer::SkipLineEnd() {
  if (text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

void CsvTokenizer::ReadUnquoted(Field* field) {
  const std::size_t start = pos_;
  while (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd(pos_)) {
    ++pos_;
  }
  field->text.append(text_.data() + start, pos_ - start);
}

void CsvTokenizer::ReadQuoted(Field* field) {
  ++pos_;
  while (true) {
    const std::size_t quote = text_.find('"', pos_);
    const std::size_t end = quote == kUnterminated ? text_.size() : quote;
    const std::string_view chunk = text_.substr(pos_, end - pos_);
    line_ += static_cast<int>(std::count(chunk.begin(), chunk.end(), '\n'));
    field->text.append(chunk.data(), chunk.size());
    if (quote == kUnterminated) {
      pos_ = kUnterminated;
      return;
    }
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field->text.push_back('"');
      ++pos_;
      continue;
    }
    break;
  }
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
    ++pos_;
  }
  if (pos_ < text_.size() && text_[pos_] != separator_ && !AtLineEnd(pos_)) {
    field->text_after_quote = true;
    ReadUnquoted(field);
  }
}

char DetectSeparator(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return ';';
  int semicolons = 0;
  int commas = 0;
  bool quoted = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\n') break;
      if (c == ';') ++semicolons;
      if (c == ',') ++commas;
    }
  }
  return commas > semicolons ? ',' : ';';
}

bool NextNonBlank(CsvTokenizer* tokenizer, Record* record) {
  while (tokenizer->Next(record)) {
    if (!IsBlank(*record)) return true;
  }
  return false;
}

std::string ImportProblemField(int line, const std::string& column_name) {
  return column_name.empty()
             ? absl::StrCat("line ", line)
             : absl::StrCat("line ", line, ", column ", column_name);
}

ImportProblem RowProblem(int line, std::string reason) {
  return ImportProblem{line, 0, "", std::move(reason)};
}

void SortProblems(std::vector<ImportProblem>* problems) {
  std::stable_sort(problems->begin(), problems->end(),
                   [](const ImportProblem& a, const ImportProblem& b) {
                     return a.line != b.line ? a.line < b.line
                                             : a.column < b.column;
                   });
}

std::vector<errors::FieldProblem> ImportProblems(
    const std::vector<ImportProblem>& problems) {
  std::vector<errors::FieldProblem> out;
  out.reserve(problems.size());
  for (const ImportProblem& p : problems) {
    out.push_back({ImportProblemField(p.line, p.column_name),
                   p.column > 0
                       ? absl::StrCat("column ", p.column, ": ", p.reason)
                       : p.reason});
  }
  return out;
}

bool ReadHeader(const Record& record, const HeaderSpec& spec,
                std::vector<int>* index, std::vector<ImportProblem>* problems) {
  index->assign(spec.names.size(), -1);
  const std::size_t before = problems->size();
  for (std::size_t i = 0; i < record.size; ++i) {
    std::string name(Trim(record.fields[i].text));
    absl::AsciiStrToLower(&name);
    const int column = static_cast<int>(i) + 1;
    const auto found = std::find(spec.names.begin(), spec.names.end(), name);
    if (found == spec.names.end()) {
      problems->push_back({record.line, column, "",
                           absl::StrCat("unknown column: the header is ",
                                        std::string(spec.header))});
      continue;
    }
    int& at = (*index)[found - spec.names.begin()];
    if (at >= 0) {
      problems->push_back({record.line, column, "", "repeated column"});
    } else {
      at = static_cast<int>(i);
    }
  }
  for (std::size_t c = 0; c < spec.required; ++c) {
    if ((*index)[c] < 0) {
      problems->push_back(RowProblem(
          record.line,
          absl::StrCat("missing column ", std::string(spec.names[c]))));
    }
  }
  return problems->size() == before;
}

void CheckFieldText(const Field& field, int line, int column,
                    std::string_view column_name,
                    std::vector<ImportProblem>* problems) {
  if (field.text_after_quote) {
    problems->push_back({line, column, std::string(column_name),
                         "text after the closing quote"});
  }
  std::string problem =
      errors::TextProblem(Trim(field.text), errors::Lines::kOne);
  if (!problem.empty()) {
    problems->push_back(
        {line, column, std::string(column_name), std::move(problem)});
  }
}

std::string ColumnRecord::Text(std::size_t column) const {
  if (index_[column] < 0) return "";
  return std::string(Trim(record_.fields[index_[column]].text));
}

void ColumnRecord::Problem(std::size_t column, std::string reason) const {
  problems_->push_back({record_.line, index_[column] + 1,
                        std::string(spec_.names[column]), std::move(reason)});
}

CsvTokenizer TokenizerOf(std::string_view bytes) {
  bytes = WithoutBom(bytes);
  return CsvTokenizer(bytes, DetectSeparator(bytes));
}

bool StartFile(CsvTokenizer* tokenizer, const HeaderSpec& spec,
               std::vector<int>* index, std::vector<ImportProblem>* problems) {
  Record header;
  if (!NextNonBlank(tokenizer, &header)) {
    problems->push_back(RowProblem(1, "the file is empty"));
    return false;
  }
  return ReadHeader(header, spec, index, problems);
}

bool ShapeProblem(const Record& record, std::size_t columns,
                  std::vector<ImportProblem>* problems) {
  if (record.unterminated) {
    problems->push_back(
        RowProblem(record.line,
                   "a quoted field is not closed before the end of the file"));
    return true;
  }
  if (record.size != columns) {
    problems->push_back(RowProblem(
        record.line,
        absl::StrCat("has ", record.size, " fields, the header ", columns)));
    return true;
  }
  return false;
}

}  // namespace jstedu::csv
