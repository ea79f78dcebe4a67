#include "services/training/domain/elearning_csv.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kAnna[] = "3f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91";
constexpr char kBartosz[] = "6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c92";
const absl::CivilDay kToday(2017, 6, 30);

// "line: column_name: reason" of each problem.
std::vector<std::string> Problems(const CompletionFile& file) {
  std::vector<std::string> out;
  for (const auto& p : file.problems) {
    out.push_back(absl::StrCat(p.line, ": ", p.column_name, ": ", p.reason));
  }
  return out;
}

TEST(ElearningCsvTest, AGoodFileIsReadInAnyColumnOrderAndSeparator) {
  const CompletionFile semicolons = ReadCompletionCsv(
      absl::StrCat(
          "\xEF\xBB\xBF"
          "participant_id;course_code;completed_on;score\r\n",
          kAnna, ";DIAG-1;2017-05-02;87\r\n\r\n",
          // An id in capitals is the same id; no score.
          "6F1C2A4E-0B7D-4C1E-9A35-2D8F0E6B7C92;DIAG-1;2017-05-03;\r\n"),
      kToday);
  EXPECT_THAT(Problems(semicolons), IsEmpty());
  ASSERT_EQ(semicolons.rows.size(), 2u);
  EXPECT_EQ(semicolons.rows[0].participant_id, kAnna);
  EXPECT_EQ(semicolons.rows[0].course_code, "DIAG-1");
  EXPECT_EQ(semicolons.rows[0].completed_on, absl::CivilDay(2017, 5, 2));
  EXPECT_EQ(semicolons.rows[0].score, 87);
  EXPECT_EQ(semicolons.rows[1].participant_id, kBartosz);
  EXPECT_EQ(semicolons.rows[1].line, 4);
  EXPECT_FALSE(semicolons.rows[1].score.has_value());

  const CompletionFile commas = ReadCompletionCsv(
      absl::StrCat("Completed_On,Course_Code,Participant_Id\n2017-05-02,"
                   "\"FIN.2\",",
                   kAnna, "\n"),
      kToday);
  EXPECT_THAT(Problems(commas), IsEmpty());
  ASSERT_EQ(commas.rows.size(), 1u);
  EXPECT_EQ(commas.rows[0].course_code, "FIN.2");
  EXPECT_EQ(commas.participant_column, 3);
  EXPECT_EQ(commas.course_column, 2);
}

TEST(ElearningCsvTest, EveryBadFieldIsNamedAndNoRowIsKept) {
  const CompletionFile file = ReadCompletionCsv(
      absl::StrCat("participant_id;course_code;completed_on;score\n",
                   "nie-uuid;DIAG 1;2017-02-30;101\n",  // 4 problems
                   kAnna, ";DIAG-1;2017-07-01;\n",      // the future
                   kAnna, ";DIAG-1;2017-05-02;50\n",    // good
                   kAnna, ";DIAG-1;2017-05-01;50\n",    // twice
                   kAnna, ";DIAG-1\n"),                 // short
      kToday);
  EXPECT_THAT(file.rows, IsEmpty());
  EXPECT_THAT(
      Problems(file),
      ElementsAre("2: participant_id: must be the participant's id (a UUID)",
                  "2: course_code: must be a course code: 1..32 of A-Z a-z "
                  "0-9 . _ -",
                  "2: completed_on: must be a date YYYY-MM-DD",
                  "2: score: must be a whole number 0..100, or empty",
                  "3: completed_on: must not be in the future",
                  "5: course_code: the same participant and course as line 4",
                  "6: : has 2 fields, the header 4"));
}

TEST(ElearningCsvTest, AMistypedYearIsRefusedNotKeptForGood) {
  for (const char* day : {"1017-05-02", "0001-01-01", "2014-12-31"}) {
    EXPECT_THAT(Problems(ReadCompletionCsv(
                    absl::StrCat("participant_id;course_code;completed_on\n",
                                 kAnna, ";DIAG-1;", day, "\n"),
                    kToday)),
                ElementsAre("2: completed_on: must not be before 2015-01-01"))
        << day;
  }
}

TEST(ElearningCsvTest, TheHeaderNamesItsColumns) {
  EXPECT_THAT(Problems(ReadCompletionCsv("", kToday)),
              ElementsAre("1: : the file is empty"));
  EXPECT_THAT(Problems(ReadCompletionCsv("participant_id;course;completed_on\n",
                                         kToday)),
              ElementsAre("1: : unknown column: the header is "
                          "participant_id;course_code;completed_on[;score]",
                          "1: : missing column course_code"));
  EXPECT_THAT(Problems(ReadCompletionCsv(
                  "participant_id;course_code;completed_on\n", kToday)),
              ElementsAre("1: : no data rows"));
}

}  // namespace
}  // namespace jstedu::training
