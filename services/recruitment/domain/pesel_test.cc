#include "services/recruitment/domain/pesel.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::recruitment {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A PESEL for the date written with `month_field` (month + century offset),
// serial "123" and `sex_digit` as the 10th digit, with the right check
// digit.
std::string MakePesel(int yy, int month_field, int day, int sex_digit) {
  std::string first_ten =
      absl::StrFormat("%02d%02d%02d123%d", yy, month_field, day, sex_digit);
  return first_ten + std::to_string(PeselCheckDigit(first_ten));
}

// The same number with the check digit changed to a wrong one.
std::string WithWrongCheckDigit(std::string pesel) {
  pesel[10] = static_cast<char>('0' + (pesel[10] - '0' + 1) % 10);
  return pesel;
}

void ExpectFacts(const std::string& pesel, absl::CivilDay birth, Sex sex) {
  absl::StatusOr<PeselFacts> facts = ParsePesel(pesel);
  ASSERT_TRUE(facts.ok()) << pesel << ": " << facts.status();
  EXPECT_EQ(facts->birth_date, birth) << pesel;
  EXPECT_EQ(facts->sex, sex) << pesel;
}

// Rejected as InvalidArgument, with a message containing `reason` and
// neither the number nor the digits of the date it spells.
void ExpectRejected(const std::string& pesel, const std::string& reason) {
  absl::StatusOr<PeselFacts> facts = ParsePesel(pesel);
  ASSERT_FALSE(facts.ok()) << pesel << " accepted";
  EXPECT_TRUE(absl::IsInvalidArgument(facts.status())) << facts.status();
  std::string message(facts.status().message());
  EXPECT_THAT(message, HasSubstr(reason)) << pesel;
  if (!pesel.empty()) {
    EXPECT_THAT(message, Not(HasSubstr(pesel)));
  }
  if (pesel.size() >= 6) {
    EXPECT_THAT(message, Not(HasSubstr(pesel.substr(0, 6)))) << pesel;
  }
}

constexpr char kBadMonth[] = "month digits do not encode a month";
constexpr char kBadDate[] = "birth date that does not exist";
constexpr char kBadCheck[] = "check digit does not match";

// ---------------------------------------------------------------------------
// Hand-checked numbers (check digits computed independently).

TEST(ParsePesel, HandCheckedMale1944) {
  // 4·1+4·3+0·7+5·9+1·1+4·3+0·7+1·9+3·1+5·3 = 101 → (10 − 1) mod 10 = 9.
  ExpectFacts("44051401359", absl::CivilDay(1944, 5, 14), Sex::kMale);
}

TEST(ParsePesel, HandCheckedFemale1902) {
  // 0+6+0+63+0+24+0+27+2+0 = 122 → 8.
  ExpectFacts("02070803628", absl::CivilDay(1902, 7, 8), Sex::kFemale);
}

TEST(ParsePesel, HandCheckedOnePerCentury) {
  ExpectFacts("85832512347", absl::CivilDay(1885, 3, 25), Sex::kFemale);
  ExpectFacts("99100100134", absl::CivilDay(1999, 10, 1), Sex::kMale);
  ExpectFacts("04313000876", absl::CivilDay(2004, 11, 30), Sex::kMale);
  ExpectFacts("01410104568", absl::CivilDay(2101, 1, 1), Sex::kFemale);
  ExpectFacts("99723111135", absl::CivilDay(2299, 12, 31), Sex::kMale);
}

TEST(PeselCheckDigit, MatchesHandComputedValues) {
  EXPECT_EQ(PeselCheckDigit("4405140135"), 9);
  EXPECT_EQ(PeselCheckDigit("0207080362"), 8);
  EXPECT_EQ(PeselCheckDigit("0000000000"), 0);
  // 1+3+7+9+1+3+7+9+1+3 = 44 → 6.
  EXPECT_EQ(PeselCheckDigit("1111111111"), 6);
}

// ---------------------------------------------------------------------------
// Every century encoding, valid and invalid.

struct Century {
  int first_year;
  int month_offset;
};

class PeselCenturyTest : public ::testing::TestWithParam<Century> {};

TEST_P(PeselCenturyTest, ValidDatesDecodeWithSex) {
  const Century c = GetParam();
  ExpectFacts(MakePesel(0, 1 + c.month_offset, 1, 0),
              absl::CivilDay(c.first_year, 1, 1), Sex::kFemale);
  ExpectFacts(MakePesel(99, 12 + c.month_offset, 31, 9),
              absl::CivilDay(c.first_year + 99, 12, 31), Sex::kMale);
  ExpectFacts(MakePesel(44, 5 + c.month_offset, 14, 5),
              absl::CivilDay(c.first_year + 44, 5, 14), Sex::kMale);
  ExpectFacts(MakePesel(2, 7 + c.month_offset, 8, 2),
              absl::CivilDay(c.first_year + 2, 7, 8), Sex::kFemale);
}

TEST_P(PeselCenturyTest, EveryTenthDigitGivesItsSex) {
  const Century c = GetParam();
  for (int digit = 0; digit <= 9; ++digit) {
    ExpectFacts(MakePesel(50, 6 + c.month_offset, 15, digit),
                absl::CivilDay(c.first_year + 50, 6, 15),
                digit % 2 == 1 ? Sex::kMale : Sex::kFemale);
  }
}

TEST_P(PeselCenturyTest, WrongCheckDigitIsRejected) {
  const Century c = GetParam();
  ExpectRejected(WithWrongCheckDigit(MakePesel(44, 5 + c.month_offset, 14, 5)),
                 kBadCheck);
}

TEST_P(PeselCenturyTest, ImpossibleDatesAreRejected) {
  const Century c = GetParam();
  ExpectRejected(MakePesel(50, 2 + c.month_offset, 30, 1), kBadDate);
  ExpectRejected(MakePesel(50, 4 + c.month_offset, 31, 1), kBadDate);
  ExpectRejected(MakePesel(50, 1 + c.month_offset, 0, 1), kBadDate);
  ExpectRejected(MakePesel(50, 1 + c.month_offset, 32, 1), kBadDate);
  ExpectRejected(MakePesel(1, 2 + c.month_offset, 29, 1), kBadDate);  // common
}

TEST_P(PeselCenturyTest, LeapDayOfALeapYearIsAccepted) {
  const Century c = GetParam();
  ExpectFacts(MakePesel(4, 2 + c.month_offset, 29, 0),
              absl::CivilDay(c.first_year + 4, 2, 29), Sex::kFemale);
}

INSTANTIATE_TEST_SUITE_P(AllCenturies, PeselCenturyTest,
                         ::testing::Values(Century{1800, 80}, Century{1900, 0},
                                           Century{2000, 20}, Century{2100, 40},
                                           Century{2200, 60}),
                         [](const ::testing::TestParamInfo<Century>& info) {
                           return "Year" +
                                  std::to_string(info.param.first_year);
                         });

// ---------------------------------------------------------------------------
// Leap years at century boundaries.

TEST(ParsePesel, LeapDay2000IsAccepted) {
  ExpectFacts(MakePesel(0, 22, 29, 4), absl::CivilDay(2000, 2, 29),
              Sex::kFemale);
}

TEST(ParsePesel, LeapDayOfCenturyYearsNotDivisibleBy400IsRejected) {
  ExpectRejected(MakePesel(0, 82, 29, 4), kBadDate);  // 1800
  ExpectRejected(MakePesel(0, 2, 29, 4), kBadDate);   // 1900
  ExpectRejected(MakePesel(0, 42, 29, 4), kBadDate);  // 2100
  ExpectRejected(MakePesel(0, 62, 29, 4), kBadDate);  // 2200
}

TEST(ParsePesel, LeapDayInACommonYearIsRejected) {
  ExpectRejected(MakePesel(23, 22, 29, 1), kBadDate);  // 2023
  ExpectRejected(MakePesel(85, 2, 29, 1), kBadDate);   // 1985
}

TEST(ParsePesel, ThirtiethOfFebruaryIsRejected) {
  ExpectRejected(MakePesel(0, 22, 30, 1), kBadDate);
  ExpectRejected(MakePesel(84, 2, 30, 1), kBadDate);
}

// ---------------------------------------------------------------------------
// Month fields no century uses.

TEST(ParsePesel, MonthFieldsOutsideEveryCenturyAreRejected) {
  std::vector<int> bad = {0};
  for (int base : {0, 20, 40, 60, 80}) {
    for (int month = 13; month <= 20; ++month) bad.push_back(base + month);
  }
  // 13..20, 33..40, 53..60, 73..80, 93..99 (and 00).
  for (int field : bad) {
    if (field > 99) continue;
    SCOPED_TRACE(field);
    ExpectRejected(MakePesel(50, field, 10, 1), kBadMonth);
  }
}

TEST(ParsePesel, BoundaryMonthFieldsAreAccepted) {
  for (int field : {1, 12, 21, 32, 41, 52, 61, 72, 81, 92}) {
    SCOPED_TRACE(field);
    EXPECT_TRUE(ParsePesel(MakePesel(50, field, 10, 1)).ok());
  }
}

// ---------------------------------------------------------------------------
// Shape.

TEST(ParsePesel, WrongLengthIsRejected) {
  ExpectRejected("", "11 digits");
  ExpectRejected("4405140135", "11 digits");    // 10
  ExpectRejected("440514013590", "11 digits");  // 12
  ExpectRejected("44051401359 ", "11 digits");  // trailing space
}

TEST(ParsePesel, NonDigitsAreRejected) {
  ExpectRejected("4405140135a", "only digits");
  ExpectRejected("44O51401359", "only digits");  // letter O
  ExpectRejected("4405 401359", "only digits");
  ExpectRejected("-4051401359", "only digits");
  ExpectRejected("+4405140135", "only digits");
  ExpectRejected("440514\u06631359", "11 digits");  // Arabic-Indic 3
}

// ---------------------------------------------------------------------------
// Single-digit typos: weights 1, 3, 7, 9 are all coprime with 10, so
// changing one digit always changes the sum mod 10 (and a wrong check digit
// is wrong by definition): all 11 × 9 = 99 substitutions are caught.

void ExpectEveryTypoRejected(const std::string& valid) {
  ASSERT_TRUE(ParsePesel(valid).ok()) << valid;
  int rejected = 0;
  for (int position = 0; position < 11; ++position) {
    for (char digit = '0'; digit <= '9'; ++digit) {
      if (digit == valid[position]) continue;
      std::string typo = valid;
      typo[position] = digit;
      absl::StatusOr<PeselFacts> facts = ParsePesel(typo);
      EXPECT_FALSE(facts.ok()) << "typo at " << position << " accepted";
      if (!facts.ok()) {
        EXPECT_TRUE(absl::IsInvalidArgument(facts.status()));
        EXPECT_THAT(std::string(facts.status().message()),
                    Not(HasSubstr(typo)));
        ++rejected;
      }
    }
  }
  EXPECT_EQ(rejected, 99);
}

TEST(ParsePesel, EverySingleDigitTypoIsRejected) {
  for (const std::string& valid :
       {std::string("44051401359"), std::string("02070803628"),
        std::string("85832512347"), std::string("04313000876"),
        std::string("01410104568"), std::string("99723111135"),
        MakePesel(0, 22, 29, 8), MakePesel(77, 7, 7, 7)}) {
    SCOPED_TRACE(valid);
    ExpectEveryTypoRejected(valid);
  }
}

// ---------------------------------------------------------------------------
// Messages.

TEST(ParsePesel, MessagesNameTheProblemWithoutTheNumberOrDate) {
  const std::string valid = "44051401359";
  std::vector<std::string> bad = {WithWrongCheckDigit(valid),
                                  MakePesel(44, 13, 14, 5),
                                  MakePesel(44, 2, 30, 5), "4405140135"};
  for (const std::string& pesel : bad) {
    absl::StatusOr<PeselFacts> facts = ParsePesel(pesel);
    ASSERT_FALSE(facts.ok()) << pesel;
    std::string message(facts.status().message());
    EXPECT_FALSE(message.empty());
    EXPECT_THAT(message, Not(HasSubstr(pesel)));
    EXPECT_THAT(message, Not(HasSubstr("1944")));
    EXPECT_THAT(message, Not(HasSubstr("440514")));
    EXPECT_THAT(message, Not(HasSubstr("05-14")));
  }
}

// ---------------------------------------------------------------------------
// AgeOn.

TEST(AgeOn, DayBeforeOnAndAfterTheBirthday) {
  absl::CivilDay birth(1980, 6, 15);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2020, 6, 14)), 39);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2020, 6, 15)), 40);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2020, 6, 16)), 40);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2020, 5, 31)), 39);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2020, 7, 1)), 40);
}

TEST(AgeOn, BornOnTheDayIsZero) {
  EXPECT_EQ(AgeOn(absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 3, 1)), 0);
  EXPECT_EQ(AgeOn(absl::CivilDay(2023, 12, 31), absl::CivilDay(2024, 12, 30)),
            0);
}

TEST(AgeOn, LeapDayBabyTurnsOlderOnFirstMarchInCommonYears) {
  absl::CivilDay birth(2000, 2, 29);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2023, 2, 28)), 22);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2023, 3, 1)), 23);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2024, 2, 28)), 23);
  EXPECT_EQ(AgeOn(birth, absl::CivilDay(2024, 2, 29)), 24);
}

TEST(AgeOn, NegativeBeforeBirth) {
  absl::CivilDay birth(2000, 5, 5);
  EXPECT_LT(AgeOn(birth, absl::CivilDay(2000, 5, 4)), 0);
  EXPECT_LT(AgeOn(birth, absl::CivilDay(1999, 6, 1)), 0);
}

}  // namespace
}  // namespace jstedu::recruitment
