#include "common/csv/csv_writer.h"

#include <string>
#include <vector>

#include "common/csv/test_csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::csv {
namespace {

using ::testing::ElementsAre;

TEST(CsvRowTest, PlainFieldsAreCommaSeparatedAndEndWithCrlf) {
  EXPECT_EQ(CsvRow({"a", "b", "c"}), "a,b,c\r\n");
  EXPECT_EQ(CsvRow({"", "x", ""}), ",x,\r\n");
}

TEST(CsvRowTest, EmptyRowIsAnEmptyLine) {
  EXPECT_EQ(CsvRow({}), "\r\n");
  EXPECT_EQ(CsvRow({""}), "\r\n");
}

TEST(CsvRowTest, QuotesFieldsWithSeparatorsQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("\""), "\"\"\"\"");
  EXPECT_EQ(CsvField("line 1\nline 2"), "\"line 1\nline 2\"");
  EXPECT_EQ(CsvField("line 1\r\nline 2"), "\"line 1\r\nline 2\"");
  EXPECT_EQ(CsvField("a\rb"), "\"a\rb\"");
}

TEST(CsvRowTest, QuotesLeadingAndTrailingSpaces) {
  EXPECT_EQ(CsvField(" lead"), "\" lead\"");
  EXPECT_EQ(CsvField("trail "), "\"trail \"");
  EXPECT_EQ(CsvField(" "), "\" \"");
  EXPECT_EQ(CsvField("in side"), "in side");
}

TEST(CsvRowTest, KeepsPolishLettersByteForByte) {
  const std::string text = "Zażółć gęślą jaźń – ŁÓDŹ, Śródmieście";
  std::string row = CsvRow({text, "Łęczyca"});
  EXPECT_EQ(row, "\"" + text + "\",Łęczyca\r\n");
  EXPECT_THAT(testing::ReadCsv(row), ElementsAre(ElementsAre(text, "Łęczyca")));
}

TEST(CsvRowTest, GuardsFormulaTriggers) {
  EXPECT_EQ(CsvField("=1+1"), "'=1+1");
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(CsvField("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvField("-2+3+cmd"), "'-2+3+cmd");
  EXPECT_EQ(CsvField("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(CsvField("\t=1"), "'\t=1");
  EXPECT_EQ(CsvField("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvField("-"), "'-");
  EXPECT_EQ(CsvField("+"), "'+");
  EXPECT_EQ(CsvField("-5-5"), "'-5-5");
  EXPECT_EQ(CsvField("-1:1"), "'-1:1");
  EXPECT_EQ(CsvField("+48 600 100 200 =1"), "'+48 600 100 200 =1");
  EXPECT_EQ(CsvField("-48 600"), "'-48 600");  // phone numbers start with +
}

TEST(CsvRowTest, DoesNotGuardNumbersPhonesDatesOrInnerTriggers) {
  EXPECT_EQ(CsvField("-5"), "-5");
  EXPECT_EQ(CsvField("+3"), "+3");
  EXPECT_EQ(CsvField("-0.25"), "-0.25");
  EXPECT_EQ(CsvField("-1,5"), "\"-1,5\"");  // quoted for the comma only
  EXPECT_EQ(CsvField("+48 600 100 200"), "+48 600 100 200");
  EXPECT_EQ(CsvField("+48-22-123-45-67"), "+48-22-123-45-67");
  EXPECT_EQ(CsvField("+48600100200"), "+48600100200");
  EXPECT_EQ(CsvField("2017-04-01"), "2017-04-01");
  EXPECT_EQ(CsvField("2017-04-01/P1M"), "2017-04-01/P1M");
  EXPECT_EQ(CsvField("jan@example.pl"), "jan@example.pl");
  EXPECT_EQ(CsvField("a=b"), "a=b");
  EXPECT_EQ(CsvField(" =1"), "\" =1\"");  // not a trigger: starts with space
  EXPECT_FALSE(NeedsFormulaGuard(""));
  EXPECT_FALSE(NeedsFormulaGuard("-1.5"));
  EXPECT_TRUE(NeedsFormulaGuard("-1."));
  EXPECT_TRUE(NeedsFormulaGuard("-1.5.5"));
  EXPECT_TRUE(NeedsFormulaGuard("+48  600"));
  EXPECT_TRUE(NeedsFormulaGuard("+48 "));
}

TEST(CsvRowTest, AwkwardRowReadsBackFieldForField) {
  const std::vector<std::string> fields = {"O'Connor, \"Jr\"",
                                           "wiersz 1\r\nwiersz 2",
                                           " ul. Źródlana 1 ",
                                           "=SUM(A1)",
                                           "-5",
                                           "",
                                           "Gmina \"Łódź\", Urząd",
                                           "&<>\"'",
                                           "\tukryte"};
  std::vector<std::string> expected = fields;
  expected[3] = "'=SUM(A1)";
  expected[8] = "'\tukryte";
  std::string row = CsvRow(fields);
  EXPECT_THAT(testing::ReadCsv(row + row), ElementsAre(expected, expected));
}

}  // namespace
}  // namespace jstedu::csv
