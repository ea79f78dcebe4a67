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
ImportProblem Problem(int line, const std::vector<int>& index, int column,
                      std::string reason) {
  return ImportProblem{line, index[column] + 1, kColumns[column],
                       std::move(reason)};
}

const csv::HeaderSpec& Spec() {
  static const auto* const spec =
      new csv::HeaderSpec{{kColumns, kColumns + 2}, 2, "teryt;degurba"};
  return *spec;
}

bool IsDigits(std::string_view text, std::size_t size) {
  return text.size() == size &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

DegurbaFile ReadDegurbaCsv(std::string_view bytes) {
  csv::CsvTokenizer tokenizer = csv::TokenizerOf(bytes);
  DegurbaFile file;
  std::vector<int> index;
  if (!csv::StartFile(&tokenizer, Spec(), &index, &file.problems)) return file;
  csv::Record record;
  file.teryt_column = index[kTeryt] + 1;
  std::map<std::string, int> seen;  // code → line
  int data_rows = 0;
  while (csv::NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxDegurbaRows) {
      return FileProblem<DegurbaFile>(
          absl::StrCat("more than ", kMaxDegurbaRows, " data rows"));
    }
    const int line = record.line;
    if (csv::ShapeProblem(record, 2, &file.problems)) continue;
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
