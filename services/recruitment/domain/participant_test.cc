#include "services/recruitment/domain/participant.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/recruitment/domain/pesel.h"

namespace jstedu::recruitment {

// Readable failure output.
void PrintTo(const FieldViolation& violation, std::ostream* os) {
  *os << violation.field << ": " << violation.description;
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const absl::CivilDay kToday(2025, 3, 10);

constexpr char kPesel1944Male[] = "44051401359";    // 1944-05-14, male
constexpr char kPesel1902Female[] = "02070803628";  // 1902-07-08, female

// A PESEL for `birth` (1900..2099) with the given 10th digit.
std::string PeselFor(absl::CivilDay birth, int sex_digit) {
  int offset = birth.year() >= 2000 ? 20 : 0;
  std::string first_ten =
      absl::StrFormat("%02d%02d%02d543%d", static_cast<int>(birth.year() % 100),
                      birth.month() + offset, birth.day(), sex_digit);
  return first_ten + std::to_string(PeselCheckDigit(first_ten));
}

ParticipantInput WithPesel() {
  ParticipantInput input;
  input.first_name = "Zażółć";
  input.last_name = "Gęślą-Jaźń";
  input.pesel = kPesel1944Male;
  input.target_group = "DECISION_MAKER";
  return input;
}

ParticipantInput WithoutPesel() {
  ParticipantInput input;
  input.first_name = "Anna";
  input.last_name = "Nowak";
  input.no_pesel = true;
  input.other_identifier = "DE-PASS C01X00T47";
  input.sex = "FEMALE";
  input.birth_date = "1990-04-02";
  input.target_group = "OPERATIONAL_STAFF";
  return input;
}

std::vector<std::string> FieldsOf(const std::vector<FieldViolation>& list) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : list)
    fields.push_back(violation.field);
  return fields;
}

// Validates `input`, which must be valid, and returns the record.
ParticipantData ValidOrDie(const ParticipantInput& input,
                           absl::CivilDay today = kToday) {
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, today, &data);
  EXPECT_THAT(violations, IsEmpty());
  return data;
}

// Exactly one violation, on `field`, whose description contains `reason`.
void ExpectOnly(const ParticipantInput& input, const std::string& field,
                const std::string& reason = "") {
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, kToday, &data);
  ASSERT_EQ(violations.size(), 1u) << ::testing::PrintToString(violations);
  EXPECT_EQ(violations[0].field, field);
  EXPECT_THAT(violations[0].description, HasSubstr(reason));
}

// ---------------------------------------------------------------------------
// The happy paths.

TEST(ValidateParticipant, MinimalWithPeselDerivesSexAndBirthDate) {
  ParticipantData data = ValidOrDie(WithPesel());
  EXPECT_EQ(data.first_name, "Zażółć");
  EXPECT_EQ(data.last_name, "Gęślą-Jaźń");
  EXPECT_EQ(data.pesel, kPesel1944Male);
  EXPECT_EQ(data.other_identifier, "");
  EXPECT_EQ(data.sex, Sex::kMale);
  EXPECT_EQ(data.birth_date, absl::CivilDay(1944, 5, 14));
  EXPECT_FALSE(data.education_level.has_value());
  EXPECT_EQ(data.email, "");
  EXPECT_EQ(data.phone, "");
  EXPECT_EQ(data.position, "");
  EXPECT_EQ(data.target_group, TargetGroup::kDecisionMaker);
  EXPECT_EQ(data.participation_start, kToday);
  EXPECT_EQ(data.age_at_start, 80);
  EXPECT_FALSE(data.declaration.has_value());
}

TEST(ValidateParticipant, FemalePeselGivesFemale) {
  ParticipantInput input = WithPesel();
  input.pesel = kPesel1902Female;
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.sex, Sex::kFemale);
  EXPECT_EQ(data.birth_date, absl::CivilDay(1902, 7, 8));
}

TEST(ValidateParticipant, NoPeselPathUsesTheGivenSexAndBirthDate) {
  ParticipantData data = ValidOrDie(WithoutPesel());
  EXPECT_EQ(data.pesel, "");
  EXPECT_EQ(data.other_identifier, "DE-PASS C01X00T47");
  EXPECT_EQ(data.sex, Sex::kFemale);
  EXPECT_EQ(data.birth_date, absl::CivilDay(1990, 4, 2));
  EXPECT_EQ(data.target_group, TargetGroup::kOperationalStaff);
  EXPECT_EQ(data.age_at_start, 34);
}

TEST(ValidateParticipant, FullRecord) {
  ParticipantInput input = WithPesel();
  input.sex = "MALE";
  input.birth_date = "1944-05-14";
  input.education_level = "ISCED_5_8";
  input.email = "jan.kowalski@Gmina.Example.PL";
  input.phone = "+48 600-700-800";
  input.position = "Wójt gminy";
  input.target_group = "COUNCILLOR_OR_SOCIAL_PARTNER";
  input.participation_start = "2025-04-01";
  input.declaration_signed_on = "2025-03-01";
  input.information_clause_handed_over = true;
  input.minority_or_foreign_origin = "no";
  input.homeless = " NO ";
  input.disability = "REFUSED";
  input.other_disadvantage = "Tak";
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.situation.minority_or_foreign_origin, SituationAnswer::kNo);
  EXPECT_EQ(data.situation.homeless, SituationAnswer::kNo);
  EXPECT_EQ(data.situation.disability, SituationAnswer::kRefused);
  EXPECT_EQ(data.situation.other_disadvantage, SituationAnswer::kYes);
  EXPECT_EQ(data.education_level, EducationLevel::kIsced5To8);
  EXPECT_EQ(data.email, "jan.kowalski@gmina.example.pl");
  EXPECT_EQ(data.phone, "+48600700800");
  EXPECT_EQ(data.position, "Wójt gminy");
  EXPECT_EQ(data.target_group, TargetGroup::kCouncillorOrSocialPartner);
  EXPECT_EQ(data.participation_start, absl::CivilDay(2025, 4, 1));
  EXPECT_EQ(data.age_at_start, 80);
  ASSERT_TRUE(data.declaration.has_value());
  EXPECT_EQ(data.declaration->signed_on, absl::CivilDay(2025, 3, 1));
  EXPECT_TRUE(data.declaration->information_clause_handed_over);
  EXPECT_THAT(MissingMonitoringFields(data), IsEmpty());
}

TEST(ValidateParticipant, OutIsUntouchedOnFailureAndMayBeNull) {
  ParticipantData data;
  data.first_name = "sentinel";
  ParticipantInput input = WithPesel();
  input.first_name = "";
  EXPECT_FALSE(ValidateParticipant(input, kToday, &data).empty());
  EXPECT_EQ(data.first_name, "sentinel");
  EXPECT_THAT(ValidateParticipant(WithPesel(), kToday, nullptr), IsEmpty());
}

// ---------------------------------------------------------------------------
// Trimming.

TEST(ValidateParticipant, SurroundingWhitespaceAndNbspAreTrimmed) {
  ParticipantInput input = WithPesel();
  input.first_name = " \t Jan\xC2\xA0";
  input.last_name = "\xC2\xA0 Kowalski \r\n";
  input.pesel = absl::StrCat("  ", kPesel1944Male, "\xC2\xA0");
  input.sex = " male ";
  input.birth_date = " 1944-05-14\t";
  input.education_level = " isced_3 ";
  input.email = "  jan@example.pl ";
  input.phone = " 600 700 800 ";
  input.position = "  Skarbnik  ";
  input.target_group = "\u00A0DECISION_MAKER ";
  input.participation_start = " 2025-03-11 ";
  input.declaration_signed_on = " 2025-03-10 ";
  input.information_clause_handed_over = true;
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.first_name, "Jan");
  EXPECT_EQ(data.last_name, "Kowalski");
  EXPECT_EQ(data.pesel, kPesel1944Male);
  EXPECT_EQ(data.education_level, EducationLevel::kIsced3);
  EXPECT_EQ(data.email, "jan@example.pl");
  EXPECT_EQ(data.phone, "600700800");
  EXPECT_EQ(data.position, "Skarbnik");
  EXPECT_EQ(data.participation_start, absl::CivilDay(2025, 3, 11));
}

TEST(ValidateParticipant, InnerSpacesAreKept) {
  ParticipantInput input = WithPesel();
  input.first_name = "Anna  Maria";
  input.position = "Sekretarz   gminy";
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.first_name, "Anna  Maria");
  EXPECT_EQ(data.position, "Sekretarz   gminy");
}

TEST(ValidateParticipant, WhitespaceOnlyIsNotGiven) {
  ParticipantInput input = WithPesel();
  input.email = "   ";
  input.phone = "\xC2\xA0";
  input.education_level = " ";
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.email, "");
  EXPECT_EQ(data.phone, "");
  EXPECT_FALSE(data.education_level.has_value());
}

// ---------------------------------------------------------------------------
// Names.

TEST(ValidateParticipant, NamesInAnyScriptPass) {
  for (const char* name :
       {"ąćęłńóśźż", "ĄĆĘŁŃÓŚŹŻ", "Łukasz", "Źdźbło-Żółć", "O'Brien",
        "St. John", "Jean-Luc", "Ольга", "Ἀλέξανδρος", "محمد", "李", "Þórr",
        "e\xCC\xA8"}) {  // 'e' + COMBINING OGONEK
    SCOPED_TRACE(name);
    ParticipantInput input = WithPesel();
    input.first_name = name;
    input.last_name = name;
    EXPECT_EQ(ValidOrDie(input).first_name, name);
  }
}

TEST(ValidateParticipant, NameLengthCountsCodePoints) {
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "ż";  // 200 bytes
  ParticipantInput input = WithPesel();
  input.last_name = hundred;
  EXPECT_EQ(ValidOrDie(input).last_name, hundred);
  input.last_name = hundred + "a";
  ExpectOnly(input, "last_name", "at most 100");
}

TEST(ValidateParticipant, MissingNamesAreRequired) {
  ParticipantInput input = WithPesel();
  input.first_name = "";
  input.last_name = "  ";
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, kToday, &data);
  EXPECT_THAT(FieldsOf(violations), ElementsAre("first_name", "last_name"));
  for (const FieldViolation& violation : violations) {
    EXPECT_EQ(violation.description, "is required");
  }
}

TEST(ValidateParticipant, BadNameCharactersAreRejected) {
  struct Case {
    std::string name;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"Jan2", "digits"},
           {"Ja\tn", "control"},
           {"Ja\x7Fn", "control"},
           {"Ja\xC2\x85n", "control"},      // NEL (C1)
           {"Ja\xE2\x80\x8Bn", "control"},  // ZERO WIDTH SPACE
           {"Jan@", "only letters"},
           {"Jan_Kowalski", "only letters"},
           {"Jan\xE2\x80\x99s", "only letters"},     // U+2019
           {"Jan\xC3\x97", "only letters"},          // ×
           {"Jan\xC2\xA0Kowalski", "only letters"},  // inner NBSP
           {"J\xC3", "UTF-8"},
           {"J\xC0\xAF", "UTF-8"},      // overlong '/'
           {"J\xED\xA0\x80", "UTF-8"},  // surrogate
           {"-", "letter"},
           {". '", "letter"},
       }) {
    SCOPED_TRACE(c.name);
    ParticipantInput input = WithPesel();
    input.first_name = c.name;
    ExpectOnly(input, "first_name", c.reason);
  }
}

// ---------------------------------------------------------------------------
// PESEL, no_pesel, other_identifier.

TEST(ValidateParticipant, InvalidPeselIsReportedWithItsReason) {
  ParticipantInput input = WithPesel();
  input.pesel = "44051401358";
  ExpectOnly(input, "pesel", "check digit does not match");
  input.pesel = "4405140135";
  ExpectOnly(input, "pesel", "11 digits");
  input.pesel = "44133101354";
  ExpectOnly(input, "pesel", "month");
}

TEST(ValidateParticipant, PeselOfAFutureBirthIsRejected) {
  ParticipantInput input = WithPesel();
  input.pesel = PeselFor(absl::CivilDay(2025, 3, 11), 1);
  ExpectOnly(input, "pesel", "future");
  input.pesel = PeselFor(kToday, 1);  // born today is fine
  EXPECT_EQ(ValidOrDie(input).age_at_start, 0);
}

TEST(ValidateParticipant, PeselWithNoPeselIsAViolationOnNoPesel) {
  ParticipantInput input = WithPesel();
  input.no_pesel = true;
  ExpectOnly(input, "no_pesel");
}

TEST(ValidateParticipant, PeselWithOtherIdentifierIsAViolationOnIt) {
  ParticipantInput input = WithPesel();
  input.other_identifier = "X123";
  ExpectOnly(input, "other_identifier", "PESEL");
}

TEST(ValidateParticipant, NeitherIdentifierIsAViolationOnPesel) {
  ParticipantInput input = WithPesel();
  input.sex = "MALE";
  input.birth_date = "1944-05-14";
  input.pesel = "";
  ExpectOnly(input, "pesel",
             "required unless no_pesel is set with other_identifier");
  input.other_identifier = "X123";  // without no_pesel
  ExpectOnly(input, "pesel",
             "required unless no_pesel is set with other_identifier");
  // Without a PESEL nothing gives sex and birth date: they are required too.
  input.sex = "";
  input.birth_date = "";
  ParticipantData data;
  EXPECT_THAT(FieldsOf(ValidateParticipant(input, kToday, &data)),
              ElementsAre("pesel", "sex", "birth_date"));
}

TEST(ValidateParticipant, NoPeselNeedsOtherIdentifier) {
  ParticipantInput input = WithoutPesel();
  input.other_identifier = " ";
  ExpectOnly(input, "other_identifier", "required");
}

TEST(ValidateParticipant, OtherIdentifierIsAtMost50PrintableCharacters) {
  ParticipantInput input = WithoutPesel();
  input.other_identifier = std::string(50, 'X');
  EXPECT_EQ(ValidOrDie(input).other_identifier, std::string(50, 'X'));
  input.other_identifier = std::string(51, 'X');
  ExpectOnly(input, "other_identifier", "at most 50");
  input.other_identifier = "AB\x01-12";
  ExpectOnly(input, "other_identifier", "control");
  input.other_identifier = "Ü-123 ż";  // non-ASCII is printable too
  EXPECT_EQ(ValidOrDie(input).other_identifier, "Ü-123 ż");
}

TEST(ValidateParticipant, WithoutPeselSexAndBirthDateAreRequired) {
  ParticipantInput input = WithoutPesel();
  input.sex = "";
  input.birth_date = "";
  ParticipantData data;
  EXPECT_THAT(FieldsOf(ValidateParticipant(input, kToday, &data)),
              ElementsAre("sex", "birth_date"));
}

// ---------------------------------------------------------------------------
// Sex and birth date against the PESEL.

TEST(ValidateParticipant, MatchingSexAndBirthDateAreAccepted) {
  ParticipantInput input = WithPesel();
  input.sex = "MALE";
  input.birth_date = "1944-05-14";
  ValidOrDie(input);
}

TEST(ValidateParticipant, SexMismatchIsRejected) {
  ParticipantInput input = WithPesel();
  input.sex = "FEMALE";
  ExpectOnly(input, "sex", "does not match the PESEL");
}

TEST(ValidateParticipant, BirthDateMismatchIsRejected) {
  ParticipantInput input = WithPesel();
  input.birth_date = "1944-05-15";
  ExpectOnly(input, "birth_date", "does not match the PESEL");
}

TEST(ValidateParticipant, BothMismatchesAreReported) {
  ParticipantInput input = WithPesel();
  input.sex = "FEMALE";
  input.birth_date = "2044-05-14";  // the same digits a century later
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, kToday, &data);
  EXPECT_THAT(FieldsOf(violations), ElementsAre("sex", "birth_date"));
}

TEST(ValidateParticipant, MalformedSexOrBirthDateIsReportedEvenWithPesel) {
  ParticipantInput input = WithPesel();
  input.sex = "M";
  ExpectOnly(input, "sex", "FEMALE or MALE");
  input.sex = "";
  input.birth_date = "14.05.1944";
  ExpectOnly(input, "birth_date", "YYYY-MM-DD");
}

TEST(ValidateParticipant, WithAnInvalidPeselSexAndBirthDateAreNotRequired) {
  ParticipantInput input = WithPesel();
  input.pesel = "44051401358";
  ParticipantData data;
  EXPECT_THAT(FieldsOf(ValidateParticipant(input, kToday, &data)),
              ElementsAre("pesel"));
}

TEST(ValidateParticipant, BirthDateInTheFutureIsRejected) {
  ParticipantInput input = WithoutPesel();
  input.birth_date = "2025-03-11";
  ExpectOnly(input, "birth_date", "future");
  input.birth_date = "2025-03-10";
  EXPECT_EQ(ValidOrDie(input).birth_date, kToday);
}

// ---------------------------------------------------------------------------
// Every violation at once.

TEST(ValidateParticipant, FourProblemsGiveFourViolations) {
  ParticipantInput input = WithPesel();
  input.first_name = "Jan3";       // digit
  input.sex = "FEMALE";            // PESEL says male
  input.email = "jan.example.pl";  // no '@'
  input.target_group = "MAYOR";    // unknown
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, kToday, &data);
  EXPECT_THAT(FieldsOf(violations),
              ElementsAre("first_name", "sex", "email", "target_group"));
}

TEST(ValidateParticipant, EmptyInputReportsEveryRequiredField) {
  ParticipantData data;
  EXPECT_THAT(FieldsOf(ValidateParticipant({}, kToday, &data)),
              ElementsAre("first_name", "last_name", "pesel", "sex",
                          "birth_date", "target_group"));
}

TEST(ValidateParticipant, ManyProblemsAreAllReportedInFieldOrder) {
  ParticipantInput input;
  input.first_name = "J4n";
  input.last_name = "K0walski";
  input.pesel = "44051401358";
  input.no_pesel = true;
  input.other_identifier = "X";
  input.education_level = "ISCED_9";
  input.email = "a@b";
  input.phone = "12345";
  input.position = "a\x01";
  input.target_group = "";
  input.participation_start = "2025-13-01";
  input.declaration_signed_on = "2030-01-01";
  input.information_clause_handed_over = false;
  ParticipantData data;
  EXPECT_THAT(
      FieldsOf(ValidateParticipant(input, kToday, &data)),
      ElementsAre("first_name", "last_name", "pesel", "no_pesel",
                  "other_identifier", "education_level", "email", "phone",
                  "position", "target_group", "participation_start",
                  "declaration_signed_on", "information_clause_handed_over"));
}

// ---------------------------------------------------------------------------
// Enums.

TEST(ValidateParticipant, EnumNamesAreAcceptedInAnyCase) {
  ParticipantInput input = WithoutPesel();
  input.sex = "male";
  input.education_level = "Isced_5_8";
  input.target_group = "councillor_or_social_partner";
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.sex, Sex::kMale);
  EXPECT_EQ(data.education_level, EducationLevel::kIsced5To8);
  EXPECT_EQ(data.target_group, TargetGroup::kCouncillorOrSocialPartner);
}

TEST(ValidateParticipant, UnknownEnumNamesAreRejected) {
  ParticipantInput input = WithPesel();
  input.education_level = "ISCED_5";
  ExpectOnly(input, "education_level", "ISCED_5_8");
  input = WithPesel();
  input.target_group = "DECISION MAKER";
  ExpectOnly(input, "target_group", "DECISION_MAKER");
  input.target_group = "";
  ExpectOnly(input, "target_group", "required");
  input = WithoutPesel();
  input.sex = "KOBIETA";
  ExpectOnly(input, "sex", "FEMALE or MALE");
}

TEST(EnumNames, RoundTripForEveryValue) {
  for (Sex sex : {Sex::kFemale, Sex::kMale}) {
    Sex parsed;
    ASSERT_TRUE(ParseSex(SexName(sex), &parsed));
    EXPECT_EQ(parsed, sex);
  }
  for (EducationLevel level :
       {EducationLevel::kIsced0, EducationLevel::kIsced1,
        EducationLevel::kIsced2, EducationLevel::kIsced3,
        EducationLevel::kIsced4, EducationLevel::kIsced5To8}) {
    EducationLevel parsed;
    ASSERT_TRUE(ParseEducationLevel(EducationLevelName(level), &parsed));
    EXPECT_EQ(parsed, level);
  }
  for (TargetGroup group :
       {TargetGroup::kDecisionMaker, TargetGroup::kOperationalStaff,
        TargetGroup::kCouncillorOrSocialPartner}) {
    TargetGroup parsed;
    ASSERT_TRUE(ParseTargetGroup(TargetGroupName(group), &parsed));
    EXPECT_EQ(parsed, group);
  }
}

TEST(EnumNames, StableNames) {
  EXPECT_STREQ(SexName(Sex::kFemale), "FEMALE");
  EXPECT_STREQ(SexName(Sex::kMale), "MALE");
  EXPECT_STREQ(EducationLevelName(EducationLevel::kIsced0), "ISCED_0");
  EXPECT_STREQ(EducationLevelName(EducationLevel::kIsced4), "ISCED_4");
  EXPECT_STREQ(EducationLevelName(EducationLevel::kIsced5To8), "ISCED_5_8");
  EXPECT_STREQ(TargetGroupName(TargetGroup::kDecisionMaker), "DECISION_MAKER");
  EXPECT_STREQ(TargetGroupName(TargetGroup::kOperationalStaff),
               "OPERATIONAL_STAFF");
  EXPECT_STREQ(TargetGroupName(TargetGroup::kCouncillorOrSocialPartner),
               "COUNCILLOR_OR_SOCIAL_PARTNER");
}

TEST(EnumNames, UnknownNamesAreRefusedAndLeaveTheOutputAlone) {
  Sex sex = Sex::kMale;
  EXPECT_FALSE(ParseSex("", &sex));
  EXPECT_FALSE(ParseSex("MALES", &sex));
  EXPECT_EQ(sex, Sex::kMale);
  EducationLevel level;
  EXPECT_FALSE(ParseEducationLevel("ISCED_5-8", &level));
  TargetGroup group;
  EXPECT_FALSE(ParseTargetGroup("TARGET_GROUP_UNSPECIFIED", &group));
}

// ---------------------------------------------------------------------------
// Dates.

TEST(ParseIsoDate, AcceptsRealDatesInRange) {
  absl::CivilDay day;
  ASSERT_TRUE(ParseIsoDate("2024-02-29", &day));
  EXPECT_EQ(day, absl::CivilDay(2024, 2, 29));
  ASSERT_TRUE(ParseIsoDate("1800-01-01", &day));
  EXPECT_EQ(day, absl::CivilDay(1800, 1, 1));
  ASSERT_TRUE(ParseIsoDate("2299-12-31", &day));
  EXPECT_EQ(day, absl::CivilDay(2299, 12, 31));
}

TEST(ParseIsoDate, RejectsEverythingElse) {
  for (const char* text : {"",
                           "2023-02-29",
                           "2024-02-30",
                           "2024-04-31",
                           "2024-13-01",
                           "2024-00-10",
                           "2024-01-00",
                           "1799-12-31",
                           "2300-01-01",
                           "2024-2-01",
                           "2024-02-1",
                           "24-02-01",
                           "02024-02-01",
                           "2024/02/01",
                           "2024-02-01T",
                           " 2024-02-01",
                           "2024-02-01 ",
                           "+024-02-01",
                           "2024-0a-01",
                           "20240201",
                           "01.02.2024"}) {
    SCOPED_TRACE(text);
    absl::CivilDay day(1999, 1, 1);
    EXPECT_FALSE(ParseIsoDate(text, &day));
    EXPECT_EQ(day, absl::CivilDay(1999, 1, 1));
  }
}

TEST(FormatIsoDate, PadsAndRoundTrips) {
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(1800, 1, 5)), "1800-01-05");
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(2024, 12, 31)), "2024-12-31");
  absl::CivilDay day;
  ASSERT_TRUE(ParseIsoDate(FormatIsoDate(absl::CivilDay(1944, 5, 14)), &day));
  EXPECT_EQ(day, absl::CivilDay(1944, 5, 14));
}

TEST(ValidateParticipant, ParticipationStartDefaultsToToday) {
  EXPECT_EQ(ValidOrDie(WithPesel()).participation_start, kToday);
  EXPECT_EQ(
      ValidOrDie(WithPesel(), absl::CivilDay(2026, 1, 2)).participation_start,
      absl::CivilDay(2026, 1, 2));
}

TEST(ValidateParticipant, ParticipationStartMustBeADateNotBeforeBirth) {
  ParticipantInput input = WithoutPesel();
  input.participation_start = "1990-04-01";
  ExpectOnly(input, "participation_start", "before the birth date");
  input.participation_start = "1990-04-02";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 0);
  input.participation_start = "2025-02-30";
  ExpectOnly(input, "participation_start", "real calendar date");
  input.participation_start = "2025-3-1";
  ExpectOnly(input, "participation_start", "YYYY-MM-DD");
  input.participation_start = "2026-09-01";  // a planned start
  EXPECT_EQ(ValidOrDie(input).participation_start, absl::CivilDay(2026, 9, 1));
}

TEST(ValidateParticipant, DateOutsideTheSupportedYearsIsRejected) {
  ParticipantInput input = WithoutPesel();
  input.birth_date = "1799-12-31";
  ExpectOnly(input, "birth_date", "between 1800 and 2299");
}

// ---------------------------------------------------------------------------
// Age at start.

TEST(ValidateParticipant, AgeAtStartAroundTheBirthday) {
  ParticipantInput input = WithPesel();  // born 1944-05-14
  input.participation_start = "2024-05-13";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 79);
  input.participation_start = "2024-05-14";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 80);
  input.participation_start = "2024-05-15";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 80);
}

TEST(ValidateParticipant, AgeAtStartOfALeapDayBaby) {
  ParticipantInput input = WithoutPesel();
  input.birth_date = "2000-02-29";
  input.participation_start = "2023-02-28";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 22);
  input.participation_start = "2023-03-01";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 23);
  input.participation_start = "2024-02-29";
  EXPECT_EQ(ValidOrDie(input).age_at_start, 24);

  ParticipantInput with_pesel = WithPesel();
  with_pesel.pesel = PeselFor(absl::CivilDay(2000, 2, 29), 2);
  with_pesel.participation_start = "2021-02-28";
  ParticipantData data = ValidOrDie(with_pesel);
  EXPECT_EQ(data.birth_date, absl::CivilDay(2000, 2, 29));
  EXPECT_EQ(data.sex, Sex::kFemale);
  EXPECT_EQ(data.age_at_start, 20);
  with_pesel.participation_start = "2021-03-01";
  EXPECT_EQ(ValidOrDie(with_pesel).age_at_start, 21);
}

// ---------------------------------------------------------------------------
// Declaration.

ParticipantInput WithDeclaration(const std::string& signed_on,
                                 std::optional<bool> clause) {
  ParticipantInput input = WithoutPesel();  // born 1990-04-02
  input.declaration_signed_on = signed_on;
  input.information_clause_handed_over = clause;
  return input;
}

TEST(ValidateParticipant, DeclarationWithBothFieldsIsRecorded) {
  ParticipantData data = ValidOrDie(WithDeclaration("2025-03-10", true));
  ASSERT_TRUE(data.declaration.has_value());
  EXPECT_EQ(data.declaration->signed_on, kToday);
  EXPECT_TRUE(data.declaration->information_clause_handed_over);
}

TEST(ValidateParticipant, DeclarationIsOptional) {
  EXPECT_FALSE(
      ValidOrDie(WithDeclaration("", std::nullopt)).declaration.has_value());
}

TEST(ValidateParticipant, DeclarationDateAloneNeedsTheClause) {
  ExpectOnly(WithDeclaration("2025-03-01", std::nullopt),
             "information_clause_handed_over", "required");
}

TEST(ValidateParticipant, ClauseAloneNeedsTheDeclarationDate) {
  ExpectOnly(WithDeclaration("", true), "declaration_signed_on", "required");
}

TEST(ValidateParticipant, ClauseNotHandedOverIsRejected) {
  ExpectOnly(WithDeclaration("2025-03-01", false),
             "information_clause_handed_over",
             "the information clause on personal data must be handed over "
             "before the declaration is recorded");
}

TEST(ValidateParticipant, ClauseFalseAloneGivesBothViolations) {
  ParticipantData data;
  EXPECT_THAT(
      FieldsOf(ValidateParticipant(WithDeclaration("", false), kToday, &data)),
      ElementsAre("declaration_signed_on", "information_clause_handed_over"));
}

TEST(ValidateParticipant, DeclarationDateIsBetweenBirthAndToday) {
  ExpectOnly(WithDeclaration("2025-03-11", true), "declaration_signed_on",
             "future");
  ExpectOnly(WithDeclaration("1990-04-01", true), "declaration_signed_on",
             "before the birth date");
  ValidOrDie(WithDeclaration("1990-04-02", true));
  ExpectOnly(WithDeclaration("2025-02-29", true), "declaration_signed_on",
             "real calendar date");
  ExpectOnly(WithDeclaration("10.03.2025", true), "declaration_signed_on",
             "YYYY-MM-DD");
}

// ---------------------------------------------------------------------------
// Email, phone, position.

TEST(ValidateParticipant, EmailDomainIsLowerCasedLocalPartKept) {
  ParticipantInput input = WithPesel();
  input.email = "Jan.Kowalski+jst@Urzad.Gmina.PL";
  EXPECT_EQ(ValidOrDie(input).email, "Jan.Kowalski+jst@urzad.gmina.pl");
}

TEST(ValidateParticipant, BadEmailsAreRejected) {
  std::string long_local(250, 'a');
  for (const std::string& email : std::vector<std::string>{
           "jan.example.pl", "jan@@example.pl", "jan@ex@ample.pl",
           "@example.pl", "jan@localhost", "jan@.pl", "jan@example.",
           "jan@example..pl", "jan kowalski@example.pl", "jan@exa mple.pl",
           "jan\t@example.pl", "jan\xC2\xA0k@example.pl", "jan\x01@example.pl",
           "j\xC3@example.pl", long_local + "@b.pl"}) {
    SCOPED_TRACE(email);
    ParticipantInput input = WithPesel();
    input.email = email;
    ExpectOnly(input, "email");
  }
}

TEST(ValidateParticipant, EmailOf254CharactersIsAccepted) {
  ParticipantInput input = WithPesel();
  input.email = std::string(249, 'a') + "@b.pl";
  ASSERT_EQ(input.email.size(), 254u);
  EXPECT_EQ(ValidOrDie(input).email, input.email);
  input.email = "a" + input.email;
  ExpectOnly(input, "email", "254");
}

TEST(ValidateParticipant, PhoneIsNormalised) {
  struct Case {
    const char* entered;
    const char* stored;
  };
  for (const Case& c :
       {Case{"+48 600-700-800", "+48600700800"},
        Case{"600 700 800", "600700800"}, Case{"600-700-800", "600700800"},
        Case{"+48600700800", "+48600700800"}, Case{"123456789", "123456789"},
        Case{"+123 456 789 012 345", "+123456789012345"}}) {
    SCOPED_TRACE(c.entered);
    ParticipantInput input = WithPesel();
    input.phone = c.entered;
    EXPECT_EQ(ValidOrDie(input).phone, c.stored);
  }
}

TEST(ValidateParticipant, BadPhonesAreRejected) {
  for (const char* phone :
       {"12345678", "1234567890123456", "+", "++48600700800", "48+600700800",
        "(22) 600 700 800", "600.700.800", "600 700 80O", "600/700/800",
        "+48 600 700 800 ext 1"}) {
    SCOPED_TRACE(phone);
    ParticipantInput input = WithPesel();
    input.phone = phone;
    ExpectOnly(input, "phone", "9 to 15 digits");
  }
}

TEST(ValidateParticipant, PositionIsAtMost200CharactersWithoutControls) {
  ParticipantInput input = WithPesel();
  std::string position;
  for (int i = 0; i < 200; ++i) position += "ó";
  input.position = position;
  EXPECT_EQ(ValidOrDie(input).position, position);
  input.position = position + "x";
  ExpectOnly(input, "position", "at most 200");
  input.position = "Wójt\ngminy";
  ExpectOnly(input, "position", "control");
}

// ---------------------------------------------------------------------------
// No personal data in descriptions.

TEST(ValidateParticipant, DescriptionsNeverContainPersonalData) {
  ParticipantInput input;
  input.first_name = "Krzysztof9";
  input.last_name = "Brzęczyszczykiewicz#";
  input.pesel = "44051401358";
  input.no_pesel = true;
  input.other_identifier = "PASSPORT-XYZ-777";
  input.sex = "FEMALE";
  input.birth_date = "1944-05-15";
  input.email = "krzysztof@@brzeczyszczykiewicz.pl";
  input.phone = "+48 600 700 80x";
  input.position = "Sołtys\x01";
  input.target_group = "X";
  ParticipantData data;
  std::vector<FieldViolation> violations =
      ValidateParticipant(input, kToday, &data);
  EXPECT_GE(violations.size(), 8u);
  for (const FieldViolation& violation : violations) {
    for (const std::string& secret :
         {std::string("Krzysztof"), std::string("Brzęczyszczykiewicz"),
          std::string("brzeczyszczykiewicz"), std::string("44051401358"),
          std::string("440514"), std::string("PASSPORT"),
          std::string("600 700"), std::string("600700"), std::string("Sołtys"),
          std::string("1944")}) {
      EXPECT_THAT(violation.description, Not(HasSubstr(secret)))
          << violation.field;
    }
  }

  // And with a valid PESEL that disagrees with the entered facts.
  ParticipantInput mismatch = WithPesel();
  mismatch.sex = "FEMALE";
  mismatch.birth_date = "1944-05-15";
  for (const FieldViolation& violation :
       ValidateParticipant(mismatch, kToday, &data)) {
    EXPECT_THAT(violation.description, Not(HasSubstr(kPesel1944Male)));
    EXPECT_THAT(violation.description, Not(HasSubstr("1944")));
  }
}

// ---------------------------------------------------------------------------
// ToInput, equality, monitoring data.

TEST(ToInput, WritesCanonicalText) {
  ParticipantInput entered = WithPesel();
  entered.education_level = "isced_2";
  entered.phone = "+48 600-700-800";
  entered.declaration_signed_on = "2025-03-01";
  entered.information_clause_handed_over = true;
  ParticipantInput input = ToInput(ValidOrDie(entered));
  EXPECT_EQ(input.first_name, "Zażółć");
  EXPECT_EQ(input.pesel, kPesel1944Male);
  EXPECT_FALSE(input.no_pesel);
  EXPECT_EQ(input.other_identifier, "");
  EXPECT_EQ(input.sex, "");         // derived from the PESEL
  EXPECT_EQ(input.birth_date, "");  // derived from the PESEL
  EXPECT_EQ(input.education_level, "ISCED_2");
  EXPECT_EQ(input.phone, "+48600700800");
  EXPECT_EQ(input.target_group, "DECISION_MAKER");
  EXPECT_EQ(input.participation_start, "2025-03-10");
  EXPECT_EQ(input.declaration_signed_on, "2025-03-01");
  EXPECT_EQ(input.information_clause_handed_over, std::optional<bool>(true));
}

TEST(ToInput, NoPeselRecordSetsNoPesel) {
  ParticipantInput input = ToInput(ValidOrDie(WithoutPesel()));
  EXPECT_TRUE(input.no_pesel);
  EXPECT_EQ(input.pesel, "");
  EXPECT_EQ(input.other_identifier, "DE-PASS C01X00T47");
  EXPECT_EQ(input.sex, "FEMALE");
  EXPECT_EQ(input.birth_date, "1990-04-02");
  EXPECT_EQ(input.education_level, "");
  EXPECT_EQ(input.declaration_signed_on, "");
  EXPECT_FALSE(input.information_clause_handed_over.has_value());
}

TEST(ToInput, ValidatingItGivesTheRecordBack) {
  ParticipantInput full = WithPesel();
  full.first_name = "  Łucja ";
  full.pesel = kPesel1902Female;
  full.education_level = "ISCED_0";
  full.email = "L.Nowak@Example.COM";
  full.phone = "22 123-45-67";
  full.position = "Radna";
  full.target_group = "councillor_or_social_partner";
  full.participation_start = "2024-02-29";
  full.declaration_signed_on = "2024-02-28";
  full.information_clause_handed_over = true;
  ParticipantInput no_pesel = WithoutPesel();
  no_pesel.birth_date = "2000-02-29";
  no_pesel.sex = "male";
  no_pesel.phone = "+420 777 888 999";
  for (const ParticipantInput& entered :
       {WithPesel(), WithoutPesel(), full, no_pesel}) {
    ParticipantData data = ValidOrDie(entered);
    ParticipantData again;
    // A later `today` too: a stored record must stay valid.
    for (absl::CivilDay today : {kToday, absl::CivilDay(2030, 1, 1)}) {
      ASSERT_THAT(ValidateParticipant(ToInput(data), today, &again), IsEmpty());
      EXPECT_TRUE(again == data) << data.first_name;
    }
  }
}

TEST(ToInput, CorrectingOnlyThePeselValidatesAgainstTheNewNumber) {
  ParticipantInput input = ToInput(ValidOrDie(WithPesel()));
  input.pesel = kPesel1902Female;  // what an update of "pesel" does
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.sex, Sex::kFemale);
  EXPECT_EQ(data.birth_date, absl::CivilDay(1902, 7, 8));
}

TEST(ParticipantData, EqualityComparesEveryField) {
  ParticipantInput entered = WithPesel();
  entered.education_level = "ISCED_1";
  entered.declaration_signed_on = "2025-03-01";
  entered.information_clause_handed_over = true;
  const ParticipantData base = ValidOrDie(entered);
  EXPECT_TRUE(base == ValidOrDie(entered));
  std::vector<std::function<void(ParticipantData&)>> changes = {
      [](ParticipantData& d) { d.first_name = "X"; },
      [](ParticipantData& d) { d.last_name = "X"; },
      [](ParticipantData& d) { d.pesel = ""; },
      [](ParticipantData& d) { d.other_identifier = "X"; },
      [](ParticipantData& d) { d.sex = Sex::kFemale; },
      [](ParticipantData& d) { d.birth_date += 1; },
      [](ParticipantData& d) { d.education_level.reset(); },
      [](ParticipantData& d) { d.education_level = EducationLevel::kIsced2; },
      [](ParticipantData& d) { d.email = "a@b.pl"; },
      [](ParticipantData& d) { d.phone = "600700800"; },
      [](ParticipantData& d) { d.position = "X"; },
      [](ParticipantData& d) {
        d.target_group = TargetGroup::kOperationalStaff;
      },
      [](ParticipantData& d) { d.participation_start += 1; },
      [](ParticipantData& d) { d.age_at_start += 1; },
      [](ParticipantData& d) { d.declaration.reset(); },
      [](ParticipantData& d) { d.declaration->signed_on += 1; },
      [](ParticipantData& d) {
        d.declaration->information_clause_handed_over = false;
      },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    ParticipantData changed = base;
    changes[i](changed);
    EXPECT_FALSE(changed == base) << "change " << i;
    EXPECT_FALSE(base == changed) << "change " << i;
  }
}

TEST(MissingMonitoringFields, ListsWhatIsMissingInOrder) {
  ParticipantData data = ValidOrDie(WithPesel());
  EXPECT_THAT(MissingMonitoringFields(data),
              ElementsAre("education_level", "position", "contact",
                          "minority_or_foreign_origin", "homeless",
                          "disability", "other_disadvantage"));
  data.phone = "600700800";
  data.email = "a@b.pl";
  data.position = "Wójt";
  data.education_level = EducationLevel::kIsced0;
  EXPECT_THAT(MissingMonitoringFields(data),
              ElementsAre("minority_or_foreign_origin", "homeless",
                          "disability", "other_disadvantage"));
  data.situation.minority_or_foreign_origin = SituationAnswer::kNo;
  data.situation.homeless = SituationAnswer::kNo;
  data.situation.disability = SituationAnswer::kYes;
  EXPECT_THAT(MissingMonitoringFields(data), ElementsAre("other_disadvantage"));
  // "Refused to answer" is an answer: the record is complete.
  data.situation.other_disadvantage = SituationAnswer::kRefused;
  EXPECT_THAT(MissingMonitoringFields(data), IsEmpty());
}

TEST(ValidateParticipant, SituationAnswersAreYesNoOrRefused) {
  ParticipantInput input = WithPesel();
  input.disability = "maybe";
  input.homeless = "ODMOWA";
  ExpectOnly(input, "disability", "must be YES, NO or REFUSED");
  input.disability = "";
  ParticipantData data = ValidOrDie(input);
  EXPECT_EQ(data.situation.homeless, SituationAnswer::kRefused);
  EXPECT_FALSE(data.situation.disability.has_value());
}

TEST(OnlyMonitoringFieldsDiffer, AllowsCompletingTheMonitoringRecordOnly) {
  const ParticipantData before = ValidOrDie(WithPesel());
  ParticipantData after = before;
  after.education_level = EducationLevel::kIsced3;
  after.position = "Skarbnik";
  after.email = "a@b.pl";
  after.situation.disability = SituationAnswer::kRefused;
  EXPECT_TRUE(OnlyMonitoringFieldsDiffer(before, after));
  after.last_name = "Inna";
  EXPECT_FALSE(OnlyMonitoringFieldsDiffer(before, after));
}

TEST(ToInput, KeepsTheSituationAnswers) {
  ParticipantInput input = WithPesel();
  input.minority_or_foreign_origin = "YES";
  input.other_disadvantage = "refused";
  ParticipantData data = ValidOrDie(input);
  ParticipantData again = ValidOrDie(ToInput(data));
  EXPECT_EQ(again, data);
  EXPECT_EQ(ToInput(data).other_disadvantage, "REFUSED");
}

}  // namespace
}  // namespace jstedu::recruitment
