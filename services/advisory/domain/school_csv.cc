#include "services/advisory/domain/school_csv.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/fields.h"

namespace jstedu::advisory {
namespace {

enum Column { kRspo, kName, kType, kTeryt, kColumns };
constexpr const char* kNames[kColumns] = {"rspo", "name", "type",
                                          "teryt_of_running_jst"};

const csv::HeaderSpec& Spec() {
  static const auto* const spec =
      new csv::HeaderSpec{{kNames, kNames + kColumns},
                          kColumns,
                          "rspo;name;type;teryt_of_running_jst"};
  return *spec;
}

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

bool IsRspo(std::string_view text) {
  return !text.empty() && text.size() <= 10 && AllDigits(text);
}

SchoolFile ReadSchoolCsv(std::string_view bytes,
                         const std::string& voivodeship) {
  csv::CsvTokenizer tokenizer = csv::TokenizerOf(bytes);
  SchoolFile file;
  std::vector<int> index;
  if (!csv::StartFile(&tokenizer, Spec(), &index, &file.problems)) return file;
  csv::Record record;
  std::map<std::string, int> seen;
  int data_rows = 0;
  while (csv::NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxSchoolRows) {
      return csv::FileProblem<SchoolFile>(
          absl::StrCat("more than ", kMaxSchoolRows, " data rows"));
    }
    if (csv::ShapeProblem(record, kColumns, &file.problems)) continue;
    const int line = record.line;
    const csv::ColumnRecord fields(record, index, Spec(), &file.problems);
    auto text = [&](Column c) { return fields.Text(c); };
    auto problem = [&](Column c, std::string reason) {
      fields.Problem(c, std::move(reason));
    };
    const size_t before = file.problems.size();
    for (int c = 0; c < kColumns; ++c) {
      csv::CheckFieldText(record.fields[index[c]], line, index[c] + 1,
                          kNames[c], &file.problems);
    }
    if (file.problems.size() != before) continue;
    SchoolRow row{line, text(kRspo), text(kName), text(kType), text(kTeryt)};
    if (!IsRspo(row.rspo))
      problem(kRspo, "must be an RSPO number: 1..10 digits");
    for (auto [column, value, max] : {std::make_tuple(kName, &row.name, 300),
                                      std::make_tuple(kType, &row.type, 100)}) {
      std::vector<errors::FieldProblem> problems;
      errors::CheckText(problems, kNames[column], *value, 1, max);
      for (auto& p : problems) problem(column, p.description);
    }
    if (!AllDigits(row.running_teryt) ||
        (row.running_teryt.size() != 4 && row.running_teryt.size() != 7)) {
      problem(kTeryt,
              "must be a TERYT code of 4 digits (county) or 7 digits "
              "(commune)");
    } else if (row.running_teryt.substr(0, 2) != voivodeship) {
      problem(kTeryt, absl::StrCat("is a JST of voivodeship ",
                                   row.running_teryt.substr(0, 2), ", not ",
                                   voivodeship, ", which this file covers"));
    }
    if (file.problems.size() != before) continue;
    auto [it, fresh] = seen.emplace(row.rspo, line);
    if (!fresh) {
      problem(kRspo, absl::StrCat("the same RSPO number as line ", it->second));
      continue;
    }
    file.rows.push_back(std::move(row));
  }
  return csv::FinishFile(std::move(file), data_rows);
}

}  // namespace jstedu::advisory
