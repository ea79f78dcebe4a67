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
const csv::HeaderSpec& Spec() {
  static const auto* const spec =
      new csv::HeaderSpec{{kNames, kNames + kColumns},
                          3,
                          "participant_id;course_code;completed_on[;score]"};
  return *spec;
}

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

}  // namespace

CompletionFile ReadCompletionCsv(std::string_view bytes, absl::CivilDay today) {
  csv::CsvTokenizer tokenizer = csv::TokenizerOf(bytes);
  CompletionFile file;
  std::vector<int> index;
  if (!csv::StartFile(&tokenizer, Spec(), &index, &file.problems)) return file;
  csv::Record record;
  file.participant_column = index[kParticipant] + 1;
  file.course_column = index[kCourse] + 1;
  file.completed_on_column = index[kCompletedOn] + 1;
  const std::size_t columns = static_cast<std::size_t>(
      std::count_if(index.begin(), index.end(), [](int i) { return i >= 0; }));
  std::map<std::pair<std::string, std::string>, int> seen;
  int data_rows = 0;
  while (csv::NextNonBlank(&tokenizer, &record)) {
    if (++data_rows > kMaxCompletionRows) {
      return csv::FileProblem<CompletionFile>(
          absl::StrCat("more than ", kMaxCompletionRows, " data rows"));
    }
    const int line = record.line;
    if (csv::ShapeProblem(record, columns, &file.problems)) continue;
    const csv::ColumnRecord fields(record, index, Spec(), &file.problems);
    auto text = [&](Column c) { return fields.Text(c); };
    auto problem = [&](Column c, std::string reason) {
      fields.Problem(c, std::move(reason));
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
