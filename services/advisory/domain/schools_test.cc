// Which schools an action may name: in the register, open, run by the
// case's JST; and the register file's reading.
#include "services/advisory/domain/schools.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/advisory/domain/school_csv.h"

namespace jstedu::advisory {
namespace {

using ::testing::ElementsAre;
using ::testing::FieldsAre;
using ::testing::IsEmpty;

TEST(ActionSchools, EachMustBeOpenAndRunByTheCasesJst) {
  const std::map<std::string, RegisteredSchool> register_rows = {
      {"1001", {"2476011", std::nullopt}},
      {"1002", {"2476011", "2026-09-01"}},
      {"1003", {"2476", std::nullopt}},
  };
  EXPECT_THAT(CheckActionSchools({{"1001"}, {}}, register_rows, "2476011"),
              IsEmpty());
  // A county runs only its own (a commune's school is not the county's).
  EXPECT_THAT(CheckActionSchools({{"1003"}}, register_rows, "2476"), IsEmpty());
  const auto problems = CheckActionSchools({{"1001", "9999"}, {"1002", "1003"}},
                                           register_rows, "2476011");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "actions[0].schools[1]");
  EXPECT_EQ(problems[0].description,
            "no school of RSPO number 9999 in the register");
  EXPECT_EQ(problems[1].field, "actions[1].schools[0]");
  EXPECT_EQ(problems[1].description,
            "school 1002 is closed (since 2026-09-01)");
  EXPECT_EQ(problems[2].field, "actions[1].schools[1]");
  EXPECT_EQ(problems[2].description,
            "school 1003 is run by JST 2476, not by the case's JST 2476011");
}

TEST(SchoolCsv, ReadsColumnsInAnyOrderWithBomAndQuotes) {
  const SchoolFile file = ReadSchoolCsv(
      "\xEF\xBB\xBFname;rspo;TYPE;teryt_of_running_jst\r\n"
      "\"Szkoła Podstawowa nr 1; im. Kopernika\";12345;Szkoła "
      "podstawowa;2476011\r\n"
      "\r\n"
      "Liceum Ogólnokształcące;678;Liceum;2476\r\n",
      "24");
  ASSERT_THAT(file.problems, IsEmpty());
  ASSERT_EQ(file.rows.size(), 2u);
  EXPECT_EQ(file.rows[0].rspo, "12345");
  EXPECT_EQ(file.rows[0].name, "Szkoła Podstawowa nr 1; im. Kopernika");
  EXPECT_EQ(file.rows[0].type, "Szkoła podstawowa");
  EXPECT_EQ(file.rows[0].running_teryt, "2476011");
  EXPECT_EQ(file.rows[1].line, 4);
  EXPECT_EQ(file.rows[1].running_teryt, "2476");
}

TEST(SchoolCsv, EveryBadRowIsNamedAndNoRowKept) {
  const SchoolFile file = ReadSchoolCsv(
      "rspo,name,type,teryt_of_running_jst\n"
      "12a,Szkoła,SP,2476011\n"
      "1,,SP,24760\n"
      "2,Szkoła,SP,2476011\n"
      "2,Inna,SP,2476011\n"
      "3,Za mało pól\n",
      "24");
  EXPECT_THAT(file.rows, IsEmpty());
  std::vector<std::string> where;
  for (const auto& p : file.problems) {
    where.push_back(csv::ImportProblemField(p.line, p.column_name));
  }
  EXPECT_THAT(where, ElementsAre("line 2, column rspo", "line 3, column name",
                                 "line 3, column teryt_of_running_jst",
                                 "line 5, column rspo", "line 6"));
  EXPECT_EQ(file.problems[3].reason, "the same RSPO number as line 4");
}

TEST(SchoolCsv, ASchoolOfAnotherVoivodeshipOrBadTextIsALineProblem) {
  const SchoolFile file = ReadSchoolCsv(
      "rspo;name;type;teryt_of_running_jst\n"
      "1;Szkoła we Wrocławiu;SP;0264011\n"
      "2;\"Szkoła\"x;SP;2476011\n"
      "3;Szkoła\x01;SP;2476011\n"
      "4;Szkoła;SP;2476011\n",
      "24");
  EXPECT_THAT(file.rows, IsEmpty());
  ASSERT_EQ(file.problems.size(), 3u);
  EXPECT_EQ(file.problems[0].reason,
            "is a JST of voivodeship 02, not 24, which this file covers");
  EXPECT_EQ(file.problems[1].line, 3);
  EXPECT_EQ(file.problems[1].reason, "text after the closing quote");
  EXPECT_EQ(file.problems[2].line, 4);
  EXPECT_EQ(file.problems[2].column_name, "name");
}

TEST(SchoolCsv, AWrongHeaderOrAnEmptyFileIsRefused) {
  EXPECT_EQ(ReadSchoolCsv("", "24").problems.size(), 1u);
  const SchoolFile file = ReadSchoolCsv("rspo;nazwa;type\n1;a;b\n", "24");
  ASSERT_EQ(file.problems.size(), 3u);
  EXPECT_EQ(
      file.problems[0].reason,
      "unknown column: the header is rspo;name;type;teryt_of_running_jst");
  EXPECT_EQ(file.problems[1].reason, "missing column name");
  EXPECT_EQ(file.problems[2].reason, "missing column teryt_of_running_jst");
  EXPECT_EQ(ReadSchoolCsv("rspo;name;type;teryt_of_running_jst\n", "24")
                .problems[0]
                .reason,
            "no data rows");
}

}  // namespace
}  // namespace jstedu::advisory
