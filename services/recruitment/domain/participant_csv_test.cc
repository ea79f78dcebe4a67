// The participant CSV reader: format variants (separators, BOM, line ends,
// quoting), header rules, every kind of row problem with its physical line
// and column, and generated files of 2,000 rows, good and with 37 broken
// rows.
#include "services/recruitment/domain/participant_csv.h"

#include <algorithm>
#include <cstddef>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/recruitment/domain/pesel.h"

namespace jstedu::recruitment {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const absl::CivilDay kToday(2026, 11, 23);

constexpr char kHeader[] = "first_name;last_name;pesel;target_group";

// A valid PESEL: born 19yy-mm-dd, serial number `serial` (0..9999; odd is
// a man).
std::string Pesel(int yy, int mm, int dd, int serial) {
  const std::string first_ten =
      absl::StrFormat("%02d%02d%02d%04d", yy, mm, dd, serial);
  return absl::StrCat(first_ten, PeselCheckDigit(first_ten));
}

// The same PESEL with a wrong check digit.
std::string WithWrongCheckDigit(std::string pesel) {
  pesel.back() =
      pesel.back() == '9' ? '0' : static_cast<char>(pesel.back() + 1);
  return pesel;
}

const std::string kPesel1 = Pesel(85, 3, 14, 1235);  // a man
const std::string kPesel2 = Pesel(90, 12, 1, 4562);  // a woman
const std::string kPesel3 = Pesel(72, 7, 30, 8);     // a woman

// `lines` joined by `line_end`, with a final line end.
std::string Lines(const std::vector<std::string>& lines,
                  const std::string& line_end = "\n") {
  std::string text;
  for (const std::string& line : lines) absl::StrAppend(&text, line, line_end);
  return text;
}

// "line:column:column_name:reason", to compare problems at a glance.
std::string Describe(const ImportProblem& problem) {
  return absl::StrCat(problem.line, ":", problem.column, ":",
                      problem.column_name, ":", problem.reason);
}

std::vector<std::string> Described(const ImportFile& file) {
  std::vector<std::string> described;
  for (const ImportProblem& problem : file.problems) {
    described.push_back(Describe(problem));
  }
  return described;
}

std::vector<int> ProblemLines(const ImportFile& file) {
  std::vector<int> lines;
  for (const ImportProblem& problem : file.problems) {
    lines.push_back(problem.line);
  }
  return lines;
}

std::vector<int> RowLines(const ImportFile& file) {
  std::vector<int> lines;
  for (const ImportRow& row : file.rows) lines.push_back(row.line);
  return lines;
}

ImportFile Read(const std::string& text) {
  return ReadParticipantCsv(text, kToday);
}

// ------------------------------------------------------------------ format

struct Variant {
  std::string name;
  char separator;
  bool bom;
  std::string line_end;
  bool final_line_end;
};

class FormatTest : public ::testing::TestWithParam<Variant> {};

TEST_P(FormatTest, ReadsTheSameRowsInEveryVariant) {
  const Variant& v = GetParam();
  const std::string s(1, v.separator);
  std::string text = absl::StrCat(
      v.bom ? "\xEF\xBB\xBF" : "",
      absl::StrJoin(
          {"first_name", "last_name", "pesel", "target_group", "email"}, s),
      v.line_end,
      absl::StrJoin({"Łukasz", "Wiśniewski", kPesel1.c_str(), "DECISION_MAKER",
                     "l.w@gmina.pl"},
                    s),
      v.line_end,
      absl::StrJoin(
          {"Zofia", "Nowak", kPesel2.c_str(), "OPERATIONAL_STAFF", ""}, s));
  if (v.final_line_end) absl::StrAppend(&text, v.line_end);

  const ImportFile file = Read(text);

  ASSERT_THAT(file.problems, IsEmpty()) << Described(file)[0];
  ASSERT_THAT(file.rows, SizeIs(2));
  EXPECT_EQ(file.rows[0].line, 2);
  EXPECT_EQ(file.rows[0].data.first_name, "Łukasz");
  EXPECT_EQ(file.rows[0].data.last_name, "Wiśniewski");
  EXPECT_EQ(file.rows[0].data.pesel, kPesel1);
  EXPECT_EQ(file.rows[0].data.sex, Sex::kMale);
  EXPECT_EQ(file.rows[0].data.birth_date, absl::CivilDay(1985, 3, 14));
  EXPECT_EQ(file.rows[0].data.target_group, TargetGroup::kDecisionMaker);
  EXPECT_EQ(file.rows[0].data.email, "l.w@gmina.pl");
  EXPECT_EQ(file.rows[0].data.participation_start, kToday);
  EXPECT_EQ(file.rows[1].line, 3);
  EXPECT_EQ(file.rows[1].data.last_name, "Nowak");
  EXPECT_EQ(file.rows[1].data.sex, Sex::kFemale);
  EXPECT_EQ(file.rows[1].data.target_group, TargetGroup::kOperationalStaff);
  EXPECT_EQ(file.rows[1].data.email, "");
}

INSTANTIATE_TEST_SUITE_P(
    Variants, FormatTest,
    ::testing::Values(Variant{"SemicolonLf", ';', false, "\n", true},
                      Variant{"SemicolonCrlfBom", ';', true, "\r\n", true},
                      Variant{"CommaLfBom", ',', true, "\n", false},
                      Variant{"CommaCrlf", ',', false, "\r\n", true},
                      Variant{"SemicolonCrlfNoFinalLineEnd", ';', false, "\r\n",
                              false}),
    [](const ::testing::TestParamInfo<Variant>& info) {
      return info.param.name;
    });

// Participant rules allow ';', ',' and '"' in a position but no line
// break inside a value; a line break at its end is trimmed away.
TEST(ParticipantCsvTest, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;position",
      absl::StrCat(
          "\"Anna Maria\";\"Kowalska\";\"", kPesel2,
          "\";DECISION_MAKER;\"Kierownik; referatu, \"\"IT\"\"\r\n\n\""),
      absl::StrCat("Jan;Nowak;", kPesel1, ";\"OPERATIONAL_STAFF\";\"\""),
  });

  const ImportFile file = Read(text);

  ASSERT_THAT(file.problems, IsEmpty()) << Described(file)[0];
  ASSERT_THAT(file.rows, SizeIs(2));
  EXPECT_EQ(file.rows[0].data.first_name, "Anna Maria");
  EXPECT_EQ(file.rows[0].data.pesel, kPesel2);
  EXPECT_EQ(file.rows[0].data.position, "Kierownik; referatu, \"IT\"");
  EXPECT_EQ(file.rows[0].line, 2);
  EXPECT_EQ(file.rows[1].line, 5);  // physical: the quoted field spans 2..4
  EXPECT_EQ(file.rows[1].data.target_group, TargetGroup::kOperationalStaff);
  EXPECT_EQ(file.rows[1].data.position, "");
}

TEST(ParticipantCsvTest, LinesAfterAQuotedLineBreakKeepPhysicalNumbers) {
  const std::string text = Lines({
      "first_name,last_name,pesel,target_group,position",
      absl::StrCat("Anna,Kowalska,", kPesel2,
                   ",DECISION_MAKER,\"Wójt; \"\"a, b\"\"\nc\nd\""),
      absl::StrCat("Jan,Nowak,", kPesel1, ",BOSS,"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:5:position:must not contain control characters or "
                          "line breaks (found U+000A)",
                          HasSubstr("5:4:target_group:must be")));
}

TEST(ParticipantCsvTest, SeparatorIsTheMoreFrequentOneOutsideQuotes) {
  // Commas inside the quoted header name do not count.
  const std::string text = Lines({
      "\"first_name\";last_name;pesel;target_group;\"position\"",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;\"a, b, c, d\""),
  });

  const ImportFile file = Read(text);

  ASSERT_THAT(file.rows, SizeIs(1));
  EXPECT_EQ(file.rows[0].data.position, "a, b, c, d");
}

TEST(ParticipantCsvTest, SkipsBlankLinesKeepingPhysicalNumbers) {
  const std::string text = Lines(
      {"", kHeader, "", absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER"),
       "   ", ";;;", absl::StrCat("Anna;Nowak;", kPesel2, ";DECISION_MAKER"),
       "", ""},
      "\r\n");

  const ImportFile file = Read(text);

  EXPECT_THAT(file.problems, IsEmpty());
  EXPECT_THAT(RowLines(file), ElementsAre(4, 7));
}

TEST(ParticipantCsvTest, TrimsValuesAndReadsEveryColumn) {
  const std::string text = Lines({
      "first_name;last_name;pesel;other_identifier;sex;birth_date;"
      "education_level;email;phone;position;target_group;"
      "participation_start;declaration_signed_on;"
      "information_clause_handed_over",
      "  Jan ;Nowak;;PASZPORT-77;MALE;1970-05-06;ISCED_3;j@x.pl;"
      "+48 600-100-200;Wójt;COUNCILLOR_OR_SOCIAL_PARTNER;2026-10-01;"
      "2026-11-20;TAK",
  });

  const ImportFile file = Read(text);

  ASSERT_THAT(file.problems, IsEmpty()) << Described(file)[0];
  ASSERT_THAT(file.rows, SizeIs(1));
  const ParticipantData& data = file.rows[0].data;
  EXPECT_EQ(data.first_name, "Jan");
  EXPECT_EQ(data.pesel, "");
  EXPECT_EQ(data.other_identifier, "PASZPORT-77");
  EXPECT_EQ(data.sex, Sex::kMale);
  EXPECT_EQ(data.birth_date, absl::CivilDay(1970, 5, 6));
  EXPECT_EQ(data.education_level, EducationLevel::kIsced3);
  EXPECT_EQ(data.phone, "+48600100200");
  EXPECT_EQ(data.position, "Wójt");
  EXPECT_EQ(data.target_group, TargetGroup::kCouncillorOrSocialPartner);
  EXPECT_EQ(data.participation_start, absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(data.age_at_start, 56);
  ASSERT_TRUE(data.declaration.has_value());
  EXPECT_EQ(data.declaration->signed_on, absl::CivilDay(2026, 11, 20));
}

TEST(ParticipantCsvTest, ReadsTheDisadvantagedSituationAnswers) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;minority_or_foreign_origin;"
      "homeless;disability;other_disadvantage",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;nie;NO;odmowa;Tak"),
      absl::StrCat("Ewa;Nowak;", kPesel2, ";DECISION_MAKER;;;;"),
      absl::StrCat("Ola;Nowak;", kPesel3, ";DECISION_MAKER;NO;NO;perhaps;NO"),
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file),
              ElementsAre("4:7:disability:must be YES, NO or REFUSED (refused "
                          "to answer)"));
  const ImportFile good = Read(Lines({
      "first_name;last_name;pesel;target_group;minority_or_foreign_origin;"
      "homeless;disability;other_disadvantage",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;nie;NO;odmowa;Tak"),
      absl::StrCat("Ewa;Nowak;", kPesel2, ";DECISION_MAKER;;;;"),
  }));
  ASSERT_THAT(good.rows, SizeIs(2));
  const SituationAnswers& answers = good.rows[0].data.situation;
  EXPECT_EQ(answers.minority_or_foreign_origin, SituationAnswer::kNo);
  EXPECT_EQ(answers.homeless, SituationAnswer::kNo);
  EXPECT_EQ(answers.disability, SituationAnswer::kRefused);
  EXPECT_EQ(answers.other_disadvantage, SituationAnswer::kYes);
  EXPECT_TRUE(good.rows[0].situation_given);
  EXPECT_FALSE(good.rows[1].data.situation.disability.has_value());
  // A file without the columns leaves stored answers as they are.
  const ImportFile old_template = Read(
      Lines({kHeader, absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER")}));
  ASSERT_THAT(old_template.rows, SizeIs(1));
  EXPECT_FALSE(old_template.rows[0].situation_given);
}

TEST(ParticipantCsvTest, TheFourSituationColumnsGoTogether) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;disability",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;NO"),
  });

  EXPECT_THAT(
      Described(Read(text)),
      ElementsAre(
          "1:0::missing column minority_or_foreign_origin: the four "
          "disadvantaged-situation columns go together",
          "1:0::missing column homeless: the four disadvantaged-situation "
          "columns go together",
          "1:0::missing column other_disadvantage: the four "
          "disadvantaged-situation columns go together"));
}

TEST(ParticipantCsvTest, ClauseAcceptsYesNoWordsCaseInsensitively) {
  for (const char* yes : {"true", "YES", "Tak", "1"}) {
    const std::string text = Lines({
        "first_name;last_name;pesel;target_group;declaration_signed_on;"
        "information_clause_handed_over",
        absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;2026-11-20;", yes),
    });
    const ImportFile file = Read(text);
    EXPECT_THAT(file.problems, IsEmpty()) << yes;
    EXPECT_THAT(file.rows, SizeIs(1)) << yes;
  }
  for (const char* no : {"false", "No", "NIE", "0"}) {
    const std::string text = Lines({
        "first_name;last_name;pesel;target_group;declaration_signed_on;"
        "information_clause_handed_over",
        absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;2026-11-20;", no),
    });
    EXPECT_THAT(Described(Read(text)),
                ElementsAre(HasSubstr(
                    "2:6:information_clause_handed_over:the information "
                    "clause")))
        << no;
  }
}

TEST(ParticipantCsvTest, UnknownClauseWordIsOneProblem) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;declaration_signed_on;"
      "information_clause_handed_over",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;2026-11-20;maybe"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:6:information_clause_handed_over:expected "
                          "true/false, yes/no, tak/nie or 1/0"));
}

// ------------------------------------------------------------------ header

TEST(ParticipantCsvTest, HeaderNamesAreCaseInsensitiveTrimmedInAnyOrder) {
  const std::string text = Lines({
      " Target_Group ;PESEL;  last_name;\"First_Name \"",
      absl::StrCat("DECISION_MAKER;", kPesel1, ";Nowak;Jan"),
  });

  const ImportFile file = Read(text);

  ASSERT_THAT(file.problems, IsEmpty());
  ASSERT_THAT(file.rows, SizeIs(1));
  EXPECT_EQ(file.rows[0].data.first_name, "Jan");
  EXPECT_EQ(file.rows[0].data.last_name, "Nowak");
}

TEST(ParticipantCsvTest, UnknownColumnIsNamedOnLineOne) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;nickname",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;Janek"),
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file), ElementsAre("1:5::unknown column \"nickname\""));
  EXPECT_THAT(file.rows, IsEmpty());
}

TEST(ParticipantCsvTest, RepeatedColumnIsAnError) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;Last_Name",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;Nowak"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("1:5:last_name:repeated column (also column 2)"));
}

TEST(ParticipantCsvTest, MissingColumnsAreNamed) {
  const std::string text = Lines({"first_name;email", "Jan;j@x.pl"});

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("1:0::missing column last_name",
                          "1:0::missing column target_group",
                          "1:0::missing column pesel or other_identifier"));
}

TEST(ParticipantCsvTest, OtherIdentifierColumnAloneIsEnough) {
  const std::string text = Lines({
      "first_name;last_name;other_identifier;sex;birth_date;target_group",
      "Jan;Nowak;ID-1;MALE;1980-01-02;DECISION_MAKER",
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(file.problems, IsEmpty());
  EXPECT_THAT(file.rows, SizeIs(1));
}

TEST(ParticipantCsvTest, FileWithoutHeaderDoesNotEchoItsFirstRow) {
  const std::string text = Lines({
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER"),
      absl::StrCat("Anna;Nowak;", kPesel2, ";DECISION_MAKER"),
  });

  const ImportFile file = Read(text);

  ASSERT_THAT(file.problems, SizeIs(1));
  EXPECT_EQ(file.problems[0].line, 1);
  EXPECT_THAT(file.problems[0].reason, HasSubstr("not a header"));
  EXPECT_THAT(file.problems[0].reason, Not(HasSubstr("Nowak")));
  EXPECT_THAT(file.problems[0].reason, Not(HasSubstr(kPesel1)));
}

TEST(ParticipantCsvTest, UnknownColumnThatLooksLikeDataIsNotQuoted) {
  const std::string text = Lines({
      absl::StrCat("first_name;last_name;pesel;target_group;", kPesel3,
                   ";a@b.pl"),
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;x;y"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("1:5::unknown column", "1:6::unknown column"));
}

TEST(ParticipantCsvTest, EmptyFilesAreProblems) {
  for (const char* text : {"", "\xEF\xBB\xBF", "\n\r\n  \n"}) {
    EXPECT_THAT(Described(Read(text)), ElementsAre("1:0::the file is empty"))
        << "\"" << text << "\"";
  }
}

TEST(ParticipantCsvTest, HeaderOnlyHasNoDataRows) {
  EXPECT_THAT(Described(Read(kHeader)), ElementsAre("1:0::no data rows"));
  EXPECT_THAT(Described(Read(Lines({kHeader, "", ";;;"}, "\r\n"))),
              ElementsAre("1:0::no data rows"));
}

// -------------------------------------------------------------------- rows

TEST(ParticipantCsvTest, ReportsExactlyTheBadRows) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;email",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;"),      // 2
      absl::StrCat("Anna;Kowalska;", WithWrongCheckDigit(kPesel2),  // 3
                   ";DECISION_MAKER;"),
      absl::StrCat("Ewa;Lis;", kPesel3, ";OPERATIONAL_STAFF;e@x.pl"),     // 4
      absl::StrCat("Ol3k;Zając;", Pesel(60, 1, 1, 11), ";;ola-at-x.pl"),  // 5
      absl::StrCat("Piotr;Wróbel;", Pesel(61, 2, 2, 13),
                   ";DECISION_MAKER"),                                      // 6
      absl::StrCat("Maria;Maj;", Pesel(62, 3, 3, 22), ";DECISION_MAKER;"),  // 7
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file),
              ElementsAre("3:3:pesel:check digit does not match",
                          "5:1:first_name:must not contain digits",
                          "5:4:target_group:is required: DECISION_MAKER, "
                          "OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER",
                          "5:5:email:must contain exactly one '@'",
                          "6:0::expected 5 fields, found 4"));
  EXPECT_THAT(file.rows, IsEmpty());
  for (const ImportProblem& problem : file.problems) {
    EXPECT_THAT(problem.reason, Not(HasSubstr("Ol3k")));
    EXPECT_THAT(problem.reason, Not(HasSubstr("ola-at-x.pl")));
    EXPECT_THAT(problem.reason, Not(HasSubstr(kPesel2.substr(0, 10))));
  }
}

TEST(ParticipantCsvTest, ViolationOfAFieldWithoutAColumnNamesTheField) {
  const std::string text = Lines({
      "first_name;last_name;pesel;other_identifier;target_group",
      "Jan;Nowak;;PASZPORT-1;DECISION_MAKER",
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:0::sex: is required when there is no PESEL",
                          "2:0::birth_date: is required when there is no "
                          "PESEL"));
}

TEST(ParticipantCsvTest, PeselAndOtherIdentifierTogetherAreAProblem) {
  const std::string text = Lines({
      "first_name;last_name;pesel;other_identifier;target_group",
      absl::StrCat("Jan;Nowak;", kPesel1, ";PASZPORT-1;DECISION_MAKER"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:4:other_identifier:must be empty when a PESEL "
                          "is given"));
}

TEST(ParticipantCsvTest, DuplicatePeselIsReportedOnTheLaterLine) {
  const std::string text = Lines({
      kHeader,
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER"),
      absl::StrCat("Anna;Nowak;", kPesel2, ";DECISION_MAKER"),
      absl::StrCat("Janusz;Nowak;", kPesel1, ";DECISION_MAKER"),
      absl::StrCat("Janina;Nowak; ", kPesel1, " ;DECISION_MAKER"),
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file),
              ElementsAre("4:3:pesel:the same PESEL as line 2",
                          "5:3:pesel:the same PESEL as line 2"));
  EXPECT_THAT(file.rows, IsEmpty());
}

TEST(ParticipantCsvTest, DuplicateOtherIdentifierIsReported) {
  const std::string text = Lines({
      "first_name;last_name;pesel;other_identifier;sex;birth_date;"
      "target_group",
      "Jan;Nowak;;ID-1;MALE;1980-01-02;DECISION_MAKER",
      "Ewa;Nowak;;ID-2;FEMALE;1980-01-02;DECISION_MAKER",
      "Jan;Kos;;ID-1;MALE;1981-01-02;DECISION_MAKER",
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("4:4:other_identifier:the same other_identifier as "
                          "line 2"));
}

TEST(ParticipantCsvTest, WrongFieldCountIsAWholeRowProblem) {
  const std::string text = Lines({
      kHeader,
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;extra"),
      absl::StrCat("Anna;Nowak;", kPesel2),
      absl::StrCat("Ewa;Lis;", kPesel3, ";DECISION_MAKER"),
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file), ElementsAre("2:0::expected 4 fields, found 5",
                                           "3:0::expected 4 fields, found 3"));
  EXPECT_THAT(file.rows, IsEmpty());
}

TEST(ParticipantCsvTest, InvalidUtf8IsThatRowsProblemAndReadingGoesOn) {
  const std::string text = Lines({
      kHeader, absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER"),
      absl::StrCat("Anna;Now\xC3\x28k;", kPesel2, ";DECISION_MAKER"),
      absl::StrCat("\"Ewa\xFF\nMaria\";Lis;", kPesel3, ";DECISION_MAKER"),
      absl::StrCat("Olga;Lis;", Pesel(70, 1, 1, 2), ";BOSS"),
      "Ala\xE0\x80\xAF;Lis;;DECISION_MAKER",  // overlong '/'
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("3:2:last_name:must be valid UTF-8 text",
                          "4:1:first_name:must be valid UTF-8 text",
                          HasSubstr("6:4:target_group:must be"),
                          "7:1:first_name:must be valid UTF-8 text"));
}

TEST(ParticipantCsvTest, TextAfterAClosingQuoteIsAProblem) {
  const std::string text = Lines({
      kHeader,
      absl::StrCat("\"Jan\"ek;Nowak;", kPesel1, ";\"DECISION_MAKER\"  "),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:1:first_name:text after the closing quote"));
}

TEST(ParticipantCsvTest, NulByteIsAProblem) {
  const std::string text = Lines({
      kHeader,
      absl::StrCat("Jan;No", std::string(1, '\0'), "wak;", kPesel1,
                   ";DECISION_MAKER"),
  });

  EXPECT_THAT(Described(Read(text)),
              ElementsAre("2:2:last_name:must not contain control "
                          "characters or line breaks (found U+0000)"));
}

// The API's one rule for text (errors::TextProblem), per line and column:
// a tab, DEL or a C1 control inside any value.
TEST(ParticipantCsvTest, ControlCharactersAreProblemsOfTheirColumn) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;phone;email;position",
      absl::StrCat("Jan;Nowak;", kPesel1,
                   ";DECISION_MAKER;600\t100200;j\x7f@gmina.pl;Referent"),
      absl::StrCat("Anna;Lis;", kPesel2,
                   ";DECISION_MAKER;600100200;;Kierownik \xC2\x85referatu"),
  });

  EXPECT_THAT(
      Described(Read(text)),
      ElementsAre(
          "2:5:phone:must not contain control characters or line breaks "
          "(found U+0009)",
          "2:6:email:must not contain control characters or line breaks "
          "(found U+007F)",
          "3:7:position:must not contain control characters or line breaks "
          "(found U+0085)"));
}

TEST(ParticipantCsvTest, HeaderColumnWithoutANameIsAProblem) {
  const std::string text = Lines({
      absl::StrCat(kHeader, ";"),
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;"),
  });

  EXPECT_THAT(Described(Read(text)), ElementsAre("1:5::column without a name"));
}

TEST(ParticipantCsvTest, UnterminatedQuoteIsReportedWhereItOpened) {
  const std::string text = Lines({
      "first_name;last_name;pesel;target_group;position",
      absl::StrCat("Jan;Nowak;", kPesel1, ";DECISION_MAKER;"),
      absl::StrCat("\"Anna\nMaria\";Nowak;", kPesel2,
                   ";DECISION_MAKER;\"Wójt"),  // opens on line 4
      absl::StrCat("Ewa;Lis;", kPesel3, ";DECISION_MAKER;"),
  });

  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file),
              ElementsAre("4:0::a quoted field is not closed before the end "
                          "of the file"));
  EXPECT_THAT(file.rows, IsEmpty());
}

TEST(ParticipantCsvTest, UnterminatedQuoteInTheHeader) {
  EXPECT_THAT(
      Described(Read("first_name;\"last_name;pesel;target_group\n")),
      ElementsAre("1:0::a quoted field is not closed before the end of the "
                  "file"));
}

// --------------------------------------------------------------- generated

constexpr char kFullHeader[] =
    "first_name;last_name;pesel;other_identifier;sex;birth_date;"
    "education_level;email;phone;position;target_group;participation_start;"
    "declaration_signed_on;information_clause_handed_over";

constexpr int kPeselColumn = 2;  // 0-based, as in kFullHeader

// One CSV record: fields quoted when they need it, then "\r\n".
std::string Record(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  for (const std::string& field : fields) {
    if (field.find_first_of(";\"\n\r") == std::string::npos) {
      quoted.push_back(field);
      continue;
    }
    std::string text = "\"";
    for (const char c : field) {
      if (c == '"') text.push_back('"');
      text.push_back(c);
    }
    quoted.push_back(absl::StrCat(text, "\""));
  }
  return absl::StrCat(absl::StrJoin(quoted, ";"), "\r\n");
}

// The fields of valid row `i`: mostly with a PESEL, every 50th with another
// identifier; some with a multi-line quoted position, so physical lines and
// row numbers drift apart.
std::vector<std::string> GoodFields(int i) {
  static const char* const kFirst[] = {"Zofia", "Łukasz",    "Małgorzata",
                                       "Jan",   "Agnieszka", "Grzegorz"};
  static const char* const kLast[] = {"Kowalska",  "Wiśniewski", "Nowak",
                                      "Żółtowska", "Dąbrowski",  "Lis"};
  static const char* const kGroups[] = {"DECISION_MAKER", "OPERATIONAL_STAFF",
                                        "COUNCILLOR_OR_SOCIAL_PARTNER"};
  const bool no_pesel = i % 50 == 0;
  std::vector<std::string> fields(14);
  fields[0] = kFirst[i % 6];
  fields[1] = kLast[(i / 6) % 6];
  if (no_pesel) {
    fields[3] = absl::StrCat("PASZPORT-", i);
    fields[4] = i % 100 == 0 ? "FEMALE" : "male";
    fields[5] = "1975-06-15";
  } else {
    fields[2] = Pesel(50 + i % 50, 1 + (i / 50) % 12, 1 + (i / 600) % 28, i);
  }
  fields[6] = i % 3 == 0 ? "ISCED_5_8" : "";
  fields[7] = i % 4 == 0 ? absl::StrCat("osoba", i, "@gmina.pl") : "";
  fields[8] = i % 5 == 0 ? "+48 600 100 200" : "";
  fields[9] = i % 7 == 0 ? "Sekretarz; \"gmina\", wydział B\r\n" : "Referent";
  fields[10] = kGroups[i % 3];
  fields[11] = i % 2 == 0 ? "2026-10-01" : "";
  if (i % 9 == 0) {
    fields[12] = "2026-11-20";
    fields[13] = "tak";
  }
  return fields;
}

// Breaks `fields` of a row in one of 13 ways; `earlier_pesel` is a PESEL
// of an earlier good row. Returns the (1-based) column the problem is
// reported in.
int Break(int kind, const std::string& earlier_pesel,
          std::vector<std::string>* fields) {
  static constexpr int kColumns[13] = {3, 1, 11, 0,  2, 3, 6,
                                       8, 9, 14, 13, 5, 0};
  std::vector<std::string>& f = *fields;
  switch (kind % 13) {
    case 0:
      f[2] = WithWrongCheckDigit(f[2]);
      break;
    case 1:
      f[0] = "";
      break;
    case 2:
      f[10] = "MANAGER";
      break;
    case 3:
      f.push_back("extra");
      break;
    case 4:
      f[1] += "\xFF";
      break;
    case 5:
      f[2] = earlier_pesel;
      break;
    case 6:
      f[5] = "1901-01-01";  // does not match the PESEL
      break;
    case 7:
      f[7] = "no-at-sign";
      break;
    case 8:
      f[8] = "12";
      break;
    case 9:
      f[12] = "2026-11-20";
      f[13] = "maybe";
      break;
    case 10:
      f[12] = "2027-01-01";
      f[13] = "tak";
      break;
    case 11:
      f[4] = "UNKNOWN";
      break;
    case 12:
      f.pop_back();
      break;
  }
  return kColumns[kind % 13];
}

struct Generated {
  std::string text;
  std::vector<int> lines;                  // the physical line of every row
  std::vector<int> broken_lines;           // lines of the broken rows
  std::vector<std::string> broken_places;  // "line:column" of each
};

// 2,000 rows after the header; rows listed in `broken` are broken, each
// in a different way from the one before.
Generated Generate(const std::set<int>& broken) {
  Generated generated;
  generated.text = absl::StrCat("\xEF\xBB\xBF", kFullHeader, "\r\n");
  int line = 2;
  int kind = 0;
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> fields = GoodFields(i);
    if (broken.count(i) != 0) {
      const int column = Break(kind++, GoodFields(1)[kPeselColumn], &fields);
      generated.broken_lines.push_back(line);
      generated.broken_places.push_back(absl::StrCat(line, ":", column));
    }
    const std::string record = Record(fields);
    generated.lines.push_back(line);
    line += static_cast<int>(std::count(record.begin(), record.end(), '\n'));
    generated.text += record;
  }
  return generated;
}

TEST(ParticipantCsvTest, ReadsAGenerated2000RowFile) {
  const Generated generated = Generate({});

  const ImportFile file = Read(generated.text);

  ASSERT_THAT(file.problems, IsEmpty()) << Described(file)[0];
  ASSERT_THAT(file.rows, SizeIs(2000));
  EXPECT_EQ(RowLines(file), generated.lines);
  EXPECT_GT(generated.lines.back(), 2001);  // multi-line fields were there
  EXPECT_EQ(file.rows[1].data.pesel, GoodFields(1)[kPeselColumn]);
  EXPECT_EQ(file.rows[50].data.other_identifier, "PASZPORT-50");
  EXPECT_EQ(file.rows[50].data.sex, Sex::kMale);
  EXPECT_EQ(file.rows[7].data.position, "Sekretarz; \"gmina\", wydział B");
  EXPECT_TRUE(file.rows[9].data.declaration.has_value());
}

TEST(ParticipantCsvTest, Generated2000RowFileWith37BrokenRows) {
  std::set<int> broken;
  for (int k = 0; k < 37; ++k) {
    int i = 7 + 53 * k;
    if (i % 50 == 0) ++i;  // break rows with a PESEL
    broken.insert(i);
  }
  const Generated generated = Generate(broken);

  const ImportFile file = Read(generated.text);

  EXPECT_THAT(file.rows, IsEmpty());
  const std::vector<int> problem_lines = ProblemLines(file);
  const std::set<int> distinct(problem_lines.begin(), problem_lines.end());
  EXPECT_THAT(distinct, SizeIs(37));
  EXPECT_EQ(distinct, std::set<int>(generated.broken_lines.begin(),
                                    generated.broken_lines.end()));
  std::vector<std::string> places;
  for (const ImportProblem& problem : file.problems) {
    places.push_back(absl::StrCat(problem.line, ":", problem.column));
  }
  EXPECT_EQ(places, generated.broken_places);  // one problem per broken row
  for (const ImportProblem& problem : file.problems) {
    // No PESEL, phone or other long number, no name, no e-mail.
    EXPECT_THAT(problem.reason, Not(::testing::ContainsRegex("[0-9]{5}")))
        << Describe(problem);
    EXPECT_THAT(problem.reason, Not(HasSubstr("@gmina")));
    EXPECT_THAT(problem.reason, Not(HasSubstr("Kowalsk")));
  }
}

// Random edits of a small file (bytes replaced by separators, quotes,
// line ends or invalid UTF-8): the reader never fails hard, and its answer
// is consistent.
TEST(ParticipantCsvTest, SurvivesRandomEdits) {
  const std::string good = Lines({
      "first_name;last_name;pesel;target_group;position",
      absl::StrCat("Jan;Nowak;", kPesel1,
                   ";DECISION_MAKER;\"Wójt; \"\"A\"\"\""),
      absl::StrCat("Anna;Lis;", kPesel2, ";OPERATIONAL_STAFF;"),
  });
  const char kNasty[] = {';', ',', '"', '\n', '\r', '\xFF', '\xC3', ' '};
  std::mt19937 random(20261123);
  for (int round = 0; round < 3000; ++round) {
    std::string text = good;
    for (int edit = 0; edit < 1 + round % 4; ++edit) {
      text[random() % text.size()] = kNasty[random() % sizeof(kNasty)];
    }
    const ImportFile file = Read(text);
    const int last_line =
        1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    EXPECT_NE(file.rows.empty(), file.problems.empty()) << text;
    for (std::size_t i = 0; i < file.problems.size(); ++i) {
      const ImportProblem& problem = file.problems[i];
      EXPECT_GE(problem.line, 1);
      EXPECT_LE(problem.line, last_line);
      if (problem.column == 0) {
        EXPECT_EQ(problem.column_name, "") << Describe(problem);
      }
      if (i > 0) {
        EXPECT_LE(file.problems[i - 1].line, problem.line);
      }
    }
  }
}

TEST(ParticipantCsvTest, AtMostMaxImportRowsDataRows) {
  std::string text = absl::StrCat(kHeader, "\n");
  for (int i = 0; i < kMaxImportRows; ++i) {
    absl::StrAppend(&text, "Jan;Nowak;", Pesel(50 + i % 50, 1, 1, i),
                    ";DECISION_MAKER\n");
  }
  EXPECT_THAT(Read(text).rows, SizeIs(kMaxImportRows));

  absl::StrAppend(&text, "Jan;Nowak;;\n");
  const ImportFile file = Read(text);

  EXPECT_THAT(Described(file), ElementsAre("1:0::more than 10000 data rows"));
  EXPECT_THAT(file.rows, IsEmpty());
}

}  // namespace
}  // namespace jstedu::recruitment
