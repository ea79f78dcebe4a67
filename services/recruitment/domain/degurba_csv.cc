#include "services/recruitment/domain/degurba_csv.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jstedu::recruitment {
namespace {

constexpr const char* kColumns[] = {"teryt", "degurba"};
constexpr int kTeryt = 0;
constexpr int kDegurba = 1;

// A problem of `column` (kTeryt or kDegurba), at its place in the file.
ImportProblem Problem(int line, const int (&index)[2], int column,
                      std::string reason) {
  return ImportProblem{line, index[column] + 1, kColumns[column],
                       std::move(reason)};
}

// Field index of each column, from the header; false with problems added
// when the header is not `teryt` and `degurba`.
bool ReadHeader(const csv::Record& record, int (&index)[2],
                std::vector<ImportProblem>* problems) {
  index[kTeryt] = index[kDegurba] = -1;
  for (std::size_t i = 0; i < record.size; ++i) {
    std::string name(csv::Trim(record.fields[i].text));
    absl::AsciiStrToLower(&name);
    const int column = static_cast<int>(i) + 1;
    int* slot = name == kColumns[kTeryt]     ? &index[kTeryt]
                : name == kColumns[kDegurba] ? &index[kDegurba]
                                             : nullptr;
    if (slot == nullptr) {
      problems->push_back({record.line, column, "",
                           "unknown column: the header must be teryt;degurba"});
    } else if (*slot >= 0) {
      problems->push_back({record.line, column, "", "repeated column"});
    } else {
      *slot = static_cast<int>(i);
    }
  }
  for (int column : {kTeryt, kDegurba}) {
    if (index[column] < 0) {
      problems->push_back(RowProblem(
          record.line, absl::StrCat("missing column ", kColumns[column])));
    }
  }
  return problems->empty();
}

bool IsDigits(std::string_view text, std::size_t size) {
  return text.size() == size &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

DegurbaFile ReadDegurbaCsv(std::string_view bytes) {
  bytes = csv::WithoutBom(bytes);
  csv::CsvTokenizer tokenizer(bytes, csv::DetectSeparator(bytes));
  csv::Record record;
  if (!csv::NextNonBlank(&tokenizer, &record)) {
    return FileProblem<DegurbaFile>("the file is empty");
  }
  DegurbaFile file;
  int index[2];
  if (!ReadHeader(record, index, &file.problems)) return file;
  file.teryt_column = index[kTeryt] + 1;
  std::map<std::string, int> seen;  // code → line
  int data_rows = 0;
  while (csv::NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxDegurbaRows) {
      return FileProblem<DegurbaFile>(
          absl::StrCat("more than ", kMaxDegurbaRows, " data rows"));
    }
    const int line = record.line;
    if (record.unterminated) {
      file.problems.push_back(RowProblem(
          line, "a quoted field is not closed before the end of the file"));
      continue;
    }
    if (record.size != 2) {
      file.problems.push_back(RowProblem(
          line, absl::StrCat("has ", record.size, " fields, the header 2")));
      continue;
    }
    DegurbaRow row;
    row.line = line;
    row.teryt = std::string(csv::Trim(record.fields[index[kTeryt]].text));
    const std::string_view degurba =
        csv::Trim(record.fields[index[kDegurba]].text);
    bool good = true;
    if (!IsDigits(row.teryt, 7)) {
      file.problems.push_back(
          Problem(line, index, kTeryt,
                  "must be a commune's 7-digit TERYT code WWPPGGR"));
      good = false;
    } else if (auto [it, fresh] = seen.emplace(row.teryt, line); !fresh) {
      file.problems.push_back(
          Problem(line, index, kTeryt,
                  absl::StrCat("the same TERYT code as line ", it->second)));
      good = false;
    } else {
      file.codes.push_back(row);
    }
    if (degurba != "1" && degurba != "2" && degurba != "3") {
      file.problems.push_back(Problem(
          line, index, kDegurba,
          "must be 1 (cities), 2 (towns and suburbs) or 3 (rural areas)"));
      good = false;
    } else {
      row.degurba = degurba[0] - '0';
    }
    if (good && file.problems.empty()) file.rows.push_back(std::move(row));
  }
  return FinishFile(std::move(file), data_rows);
}

}  // namespace jstedu::recruitment
