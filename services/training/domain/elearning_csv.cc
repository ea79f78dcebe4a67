#include "services/training/domain/elearning_csv.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/fields.h"
#include "common/status/ids.h"

namespace jstedu::training {
namespace {

enum Column { kParticipant, kCourse, kCompletedOn, kScore, kColumns };
constexpr const char* kNames[kColumns] = {"participant_id", "course_code",
                                          "completed_on", "score"};
constexpr char kHeader[] = "participant_id;course_code;completed_on[;score]";

bool IsCourseCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

// Each column's field index from the header (-1: absent); false with
// problems added when a column is unknown, repeated or missing.
bool ReadHeader(const csv::Record& record, int (&index)[kColumns],
                std::vector<csv::ImportProblem>& problems) {
  for (int& i : index) i = -1;
  for (std::size_t i = 0; i < record.size; ++i) {
    std::string name(csv::Trim(record.fields[i].text));
    absl::AsciiStrToLower(&name);
    const int column = static_cast<int>(i) + 1;
    int found = -1;
    for (int c = 0; c < kColumns; ++c) {
      if (name == kNames[c]) found = c;
    }
    if (found < 0) {
      problems.push_back(
          {record.line, column, "",
           absl::StrCat("unknown column: the header is ", kHeader)});
    } else if (index[found] >= 0) {
      problems.push_back({record.line, column, "", "repeated column"});
    } else {
      index[found] = static_cast<int>(i);
    }
  }
  for (int c : {kParticipant, kCourse, kCompletedOn}) {
    if (index[c] < 0) {
      problems.push_back(csv::RowProblem(
          record.line, absl::StrCat("missing column ", kNames[c])));
    }
  }
  return problems.empty();
}

}  // namespace

CompletionFile ReadCompletionCsv(std::string_view bytes, absl::CivilDay today) {
  bytes = csv::WithoutBom(bytes);
  csv::CsvTokenizer tokenizer(bytes, csv::DetectSeparator(bytes));
  csv::Record record;
  if (!csv::NextNonBlank(&tokenizer, &record)) {
    return csv::FileProblem<CompletionFile>("the file is empty");
  }
  CompletionFile file;
  int index[kColumns];
  if (!ReadHeader(record, index, file.problems)) return file;
  file.participant_column = index[kParticipant] + 1;
  file.course_column = index[kCourse] + 1;
  file.completed_on_column = index[kCompletedOn] + 1;
  const std::size_t columns = static_cast<std::size_t>(std::count_if(
      std::begin(index), std::end(index), [](int i) { return i >= 0; }));
  std::map<std::pair<std::string, std::string>, int> seen;
  int data_rows = 0;
  while (csv::NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxCompletionRows) {
      return csv::FileProblem<CompletionFile>(
          absl::StrCat("more than ", kMaxCompletionRows, " data rows"));
    }
    const int line = record.line;
    if (record.unterminated) {
      file.problems.push_back(csv::RowProblem(
          line, "a quoted field is not closed before the end of the file"));
      continue;
    }
    if (record.size != columns) {
      file.problems.push_back(csv::RowProblem(
          line,
          absl::StrCat("has ", record.size, " fields, the header ", columns)));
      continue;
    }
    auto text = [&](Column c) {
      return std::string(csv::Trim(record.fields[index[c]].text));
    };
    auto problem = [&](Column c, std::string reason) {
      file.problems.push_back(
          {line, index[c] + 1, kNames[c], std::move(reason)});
    };
    const size_t before = file.problems.size();
    CompletionRow row;
    row.line = line;
    row.participant_id = absl::AsciiStrToLower(text(kParticipant));
    row.course_code = text(kCourse);
    if (!ids::IsUuid(row.participant_id)) {
      problem(kParticipant, "must be the participant's id (a UUID)");
    }
    if (!IsCourseCode(row.course_code)) {
      problem(kCourse, "must be a course code: 1..32 of A-Z a-z 0-9 . _ -");
    }
    auto day = errors::ParseDate(text(kCompletedOn));
    if (!day) {
      problem(kCompletedOn, "must be a date YYYY-MM-DD");
    } else if (*day > today) {
      problem(kCompletedOn, "must not be in the future");
    } else if (*day < kFirstCompletionDay) {
      problem(kCompletedOn,
              absl::StrCat("must not be before ",
                           absl::FormatCivilTime(kFirstCompletionDay)));
    } else {
      row.completed_on = *day;
    }
    if (index[kScore] >= 0 && !text(kScore).empty()) {
      int score = -1;
      if (!absl::SimpleAtoi(text(kScore), &score) || score < 0 || score > 100) {
        problem(kScore, "must be a whole number 0..100, or empty");
      } else {
        row.score = score;
      }
    }
    if (file.problems.size() != before) continue;
    auto [it, fresh] =
        seen.emplace(std::make_pair(row.participant_id, row.course_code), line);
    if (!fresh) {
      problem(kCourse, absl::StrCat("the same participant and course as line ",
                                    it->second));
      continue;
    }
    file.rows.push_back(std::move(row));
  }
  return csv::FinishFile(std::move(file), data_rows);
}

}  // namespace jstedu::training
