#include "services/recruitment/domain/degurba_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace jstedu::recruitment {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Where(const ImportProblem& p) {
  return absl::StrCat(p.line, ":", p.column, ":", p.column_name, ": ",
                      p.reason);
}

std::vector<std::string> Problems(const DegurbaFile& file) {
  std::vector<std::string> out;
  for (const ImportProblem& p : file.problems) out.push_back(Where(p));
  return out;
}

TEST(ReadDegurbaCsv, ReadsAGoodFileInAnyColumnOrder) {
  const DegurbaFile file = ReadDegurbaCsv(
      "\xEF\xBB\xBF"
      "DEGURBA,TERYT\r\n1,2476011\r\n\r\n\"3\", 0201022 \r\n");
  ASSERT_THAT(file.problems, IsEmpty());
  ASSERT_EQ(file.rows.size(), 2u);
  EXPECT_EQ(file.rows[0].teryt, "2476011");
  EXPECT_EQ(file.rows[0].degurba, 1);
  EXPECT_EQ(file.rows[0].line, 2);
  EXPECT_EQ(file.rows[1].teryt, "0201022");
  EXPECT_EQ(file.rows[1].degurba, 3);
  EXPECT_EQ(file.rows[1].line, 4);
}

TEST(ReadDegurbaCsv, ReportsEveryProblemAndReturnsNoRow) {
  const DegurbaFile file = ReadDegurbaCsv(
      "teryt;degurba\n"
      "2476011;1\n"
      "247601;2\n"
      "2476011;4\n"
      "0201022\n");
  EXPECT_THAT(file.rows, IsEmpty());
  // The well-formed codes, for the registry check, problems or not.
  ASSERT_EQ(file.codes.size(), 1u);
  EXPECT_EQ(file.codes[0].teryt, "2476011");
  EXPECT_EQ(file.codes[0].line, 2);
  EXPECT_EQ(file.teryt_column, 1);
  EXPECT_THAT(
      Problems(file),
      ElementsAre("3:1:teryt: must be a commune's 7-digit TERYT code WWPPGGR",
                  "4:1:teryt: the same TERYT code as line 2",
                  "4:2:degurba: must be 1 (cities), 2 (towns and suburbs) or "
                  "3 (rural areas)",
                  "5:0:: has 1 fields, the header 2"));
}

TEST(ReadDegurbaCsv, RefusesABadHeader) {
  EXPECT_THAT(Problems(ReadDegurbaCsv("teryt;class\n2476011;1\n")),
              ElementsAre("1:2:: unknown column: the header is "
                          "teryt;degurba",
                          "1:0:: missing column degurba"));
  EXPECT_THAT(Problems(ReadDegurbaCsv("")),
              ElementsAre("1:0:: the file is empty"));
  EXPECT_THAT(Problems(ReadDegurbaCsv("teryt;degurba\n")),
              ElementsAre("1:0:: no data rows"));
}

}  // namespace
}  // namespace jstedu::recruitment
