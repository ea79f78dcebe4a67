#include "common/time/business_days.h"

#include <string_view>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace jstedu {
namespace {

// Every expected date below was checked against a calendar (Python's
// datetime and dateutil.easter) and by hand.

using Day = absl::CivilDay;

// The number of public holidays in `year` that fall Monday to Friday.
int WeekdayHolidays(int year) {
  int count = 0;
  for (Day day(year, 1, 1); day.year() == year; ++day) {
    absl::Weekday weekday = absl::GetWeekday(day);
    if (weekday == absl::Weekday::saturday ||
        weekday == absl::Weekday::sunday) {
      continue;
    }
    if (IsPolishPublicHoliday(day)) ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Easter.

TEST(BusinessDays, EasterSundayForKnownYears) {
  EXPECT_EQ(EasterSunday(2016), Day(2016, 3, 27));
  EXPECT_EQ(EasterSunday(2017), Day(2017, 4, 16));
  EXPECT_EQ(EasterSunday(2019), Day(2019, 4, 21));
  EXPECT_EQ(EasterSunday(2024), Day(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), Day(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2026), Day(2026, 4, 5));
  EXPECT_EQ(EasterSunday(2027), Day(2027, 3, 28));
  EXPECT_EQ(EasterSunday(2038), Day(2038, 4, 25));
}

TEST(BusinessDays, EasterSundayAtTheEdgesOfItsRange) {
  EXPECT_EQ(EasterSunday(1583), Day(1583, 4, 10));
  // The earliest possible date, 22 March, and the latest, 25 April.
  EXPECT_EQ(EasterSunday(1818), Day(1818, 3, 22));
  EXPECT_EQ(EasterSunday(2285), Day(2285, 3, 22));
  EXPECT_EQ(EasterSunday(1943), Day(1943, 4, 25));
  // 2000 is a Gregorian leap year, 2100 is not.
  EXPECT_EQ(EasterSunday(2000), Day(2000, 4, 23));
  EXPECT_EQ(EasterSunday(2100), Day(2100, 3, 28));
  EXPECT_EQ(EasterSunday(9999), Day(9999, 3, 28));
}

TEST(BusinessDays, EasterIsASundayBetween22MarchAnd25April) {
  for (int year = 1583; year <= 9999; ++year) {
    Day easter = EasterSunday(year);
    ASSERT_EQ(absl::GetWeekday(easter), absl::Weekday::sunday) << year;
    ASSERT_GE(easter, Day(year, 3, 22)) << year;
    ASSERT_LE(easter, Day(year, 4, 25)) << year;
  }
}

// ---------------------------------------------------------------------------
// Holidays.

TEST(BusinessDays, EasterMondayPentecostAndCorpusChristi) {
  EXPECT_EQ(HolidayName(Day(2026, 4, 5)), "Easter Sunday");
  EXPECT_EQ(HolidayName(Day(2026, 4, 6)), "Easter Monday");
  EXPECT_EQ(HolidayName(Day(2017, 4, 17)), "Easter Monday");
  EXPECT_EQ(HolidayName(Day(2026, 5, 24)), "Pentecost Sunday");
  EXPECT_EQ(HolidayName(Day(2017, 6, 15)), "Corpus Christi");
  EXPECT_EQ(HolidayName(Day(2026, 6, 4)), "Corpus Christi");
  // Neither Good Friday nor Pentecost Monday is a holiday in Poland.
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2026, 4, 3)));
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2026, 5, 25)));
  EXPECT_TRUE(IsBusinessDay(Day(2026, 5, 25)));
  // The day after Corpus Christi is an ordinary Friday.
  EXPECT_TRUE(IsBusinessDay(Day(2026, 6, 5)));
}

TEST(BusinessDays, MovableHolidaysKeepTheirWeekday) {
  for (int year = 1990; year <= 2100; ++year) {
    Day easter = EasterSunday(year);
    EXPECT_EQ(absl::GetWeekday(easter + 1), absl::Weekday::monday) << year;
    EXPECT_EQ(absl::GetWeekday(easter + 49), absl::Weekday::sunday) << year;
    EXPECT_EQ(absl::GetWeekday(easter + 60), absl::Weekday::thursday) << year;
    EXPECT_TRUE(IsPolishPublicHoliday(easter + 60)) << year;
    EXPECT_FALSE(IsBusinessDay(easter + 1)) << year;
  }
}

TEST(BusinessDays, FixedHolidaysHaveTheirNames) {
  EXPECT_EQ(HolidayName(Day(2026, 1, 1)), "New Year's Day");
  EXPECT_EQ(HolidayName(Day(2026, 1, 6)), "Epiphany");
  EXPECT_EQ(HolidayName(Day(2026, 5, 1)), "Labour Day");
  EXPECT_EQ(HolidayName(Day(2026, 5, 3)), "Constitution Day");
  EXPECT_EQ(HolidayName(Day(2026, 8, 15)), "Assumption of Mary");
  EXPECT_EQ(HolidayName(Day(2026, 11, 1)), "All Saints' Day");
  EXPECT_EQ(HolidayName(Day(2026, 11, 11)), "Independence Day");
  EXPECT_EQ(HolidayName(Day(2026, 12, 24)), "Christmas Eve");
  EXPECT_EQ(HolidayName(Day(2026, 12, 25)), "Christmas Day");
  EXPECT_EQ(HolidayName(Day(2026, 12, 26)), "Second Day of Christmas");
}

TEST(BusinessDays, OrdinaryDaysHaveNoName) {
  EXPECT_TRUE(HolidayName(Day(2026, 5, 2)).empty());
  EXPECT_TRUE(HolidayName(Day(2026, 12, 31)).empty());
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2026, 5, 2)));
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2026, 12, 31)));
}

TEST(BusinessDays, FirstAndThirdMay2026) {
  // 1 May 2026 is a Friday, 3 May a Sunday.
  EXPECT_EQ(absl::GetWeekday(Day(2026, 5, 1)), absl::Weekday::friday);
  EXPECT_EQ(absl::GetWeekday(Day(2026, 5, 3)), absl::Weekday::sunday);
  EXPECT_TRUE(IsPolishPublicHoliday(Day(2026, 5, 1)));
  EXPECT_TRUE(IsPolishPublicHoliday(Day(2026, 5, 3)));
  EXPECT_FALSE(IsBusinessDay(Day(2026, 5, 1)));
  // 2 May (Flag Day) is not a non-working day, merely a Saturday here.
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2026, 5, 2)));
  // Thursday 30 April: Friday is Labour Day, then the weekend.
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 30), 1), Day(2026, 5, 4));
}

TEST(BusinessDays, IndependenceDay) {
  // Wednesday 11 November 2026.
  EXPECT_FALSE(IsBusinessDay(Day(2026, 11, 11)));
  EXPECT_EQ(AddBusinessDays(Day(2026, 11, 10), 1), Day(2026, 11, 12));
  // Saturday 11 November 2017: no substitute Monday in this arithmetic.
  EXPECT_TRUE(IsPolishPublicHoliday(Day(2017, 11, 11)));
  EXPECT_TRUE(IsBusinessDay(Day(2017, 11, 13)));
  EXPECT_EQ(AddBusinessDays(Day(2017, 11, 10), 1), Day(2017, 11, 13));
}

TEST(BusinessDays, ChristmasEveIsAHolidayFrom2025On) {
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2024, 12, 24)));
  EXPECT_TRUE(HolidayName(Day(2024, 12, 24)).empty());
  EXPECT_TRUE(IsBusinessDay(Day(2024, 12, 24)));
  EXPECT_EQ(AddBusinessDays(Day(2024, 12, 23), 1), Day(2024, 12, 24));

  EXPECT_EQ(HolidayName(Day(2025, 12, 24)), "Christmas Eve");
  EXPECT_EQ(HolidayName(Day(2026, 12, 24)), "Christmas Eve");
  // Tuesday 23 December 2025: Wednesday to Friday are holidays, then the
  // weekend.
  EXPECT_EQ(AddBusinessDays(Day(2025, 12, 23), 1), Day(2025, 12, 29));
}

TEST(BusinessDays, EpiphanyIsAHolidayFrom2011On) {
  // Wednesday 6 January 2010 was a working day.
  EXPECT_FALSE(IsPolishPublicHoliday(Day(2010, 1, 6)));
  EXPECT_EQ(AddBusinessDays(Day(2010, 1, 5), 1), Day(2010, 1, 6));
  // Thursday 6 January 2011 was the first of the restored holiday.
  EXPECT_EQ(HolidayName(Day(2011, 1, 6)), "Epiphany");
  EXPECT_EQ(AddBusinessDays(Day(2011, 1, 5), 1), Day(2011, 1, 7));
}

TEST(BusinessDays, TurnOfTheYear) {
  // Thursday 31 December 2026: New Year's Day is Friday, then the weekend.
  EXPECT_EQ(AddBusinessDays(Day(2026, 12, 31), 1), Day(2027, 1, 4));
  // Tuesday 5 January 2027: Wednesday is Epiphany.
  EXPECT_EQ(AddBusinessDays(Day(2027, 1, 5), 1), Day(2027, 1, 7));
}

TEST(BusinessDays, WeekdayHolidaysPerYear) {
  // 2010: 1 Jan, Easter Monday 5 Apr, 3 May, Corpus Christi 3 Jun, 1 Nov,
  // 11 Nov (1 May and 25 Dec were Saturdays; 6 Jan not yet a holiday).
  EXPECT_EQ(WeekdayHolidays(2010), 6);
  // 2024: 1 Jan, 1 Apr, 1 May, 3 May, 30 May, 15 Aug, 1 Nov, 11 Nov, 25 Dec,
  // 26 Dec (6 Jan was a Saturday; 24 Dec not yet a holiday).
  EXPECT_EQ(WeekdayHolidays(2024), 10);
  // 2025: 1 Jan, 6 Jan, 21 Apr, 1 May, 19 Jun, 15 Aug, 11 Nov, 24 Dec,
  // 25 Dec, 26 Dec (3 May and 1 Nov were Saturdays).
  EXPECT_EQ(WeekdayHolidays(2025), 10);
  // 2026: 1 Jan, 6 Jan, 6 Apr, 1 May, 4 Jun, 11 Nov, 24 Dec, 25 Dec
  // (15 Aug and 26 Dec are Saturdays, 3 May and 1 Nov Sundays).
  EXPECT_EQ(WeekdayHolidays(2026), 8);
}

TEST(BusinessDays, BusinessDaysPerYear) {
  // 2024 has 262 weekdays, 2025 and 2026 have 261; less the counts above.
  EXPECT_EQ(BusinessDaysBetween(Day(2023, 12, 31), Day(2024, 12, 31)), 252);
  EXPECT_EQ(BusinessDaysBetween(Day(2024, 12, 31), Day(2025, 12, 31)), 251);
  EXPECT_EQ(BusinessDaysBetween(Day(2025, 12, 31), Day(2026, 12, 31)), 253);
}

// ---------------------------------------------------------------------------
// Adding and counting.

TEST(BusinessDays, AcrossEasterMonday) {
  // Thursday 2 April 2026: Friday 3 April, then Easter Monday 6 April is
  // skipped, so the second business day is Tuesday 7 April.
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 2), 1), Day(2026, 4, 3));
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 2), 2), Day(2026, 4, 7));
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 4, 2), Day(2026, 4, 7)), 2);
}

TEST(BusinessDays, TwentyBusinessDays) {
  // Friday 24 April 2026, across Labour Day (Friday 1 May), 3 May and
  // Pentecost (Sundays): 4 days in the week of 27 April, then 5 in each of
  // the weeks of 4, 11 and 18 May, and Monday 25 May is the 20th.
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 24), 20), Day(2026, 5, 25));
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 4, 24), Day(2026, 5, 25)), 20);
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 4, 24), Day(2026, 5, 24)), 19);
  // Monday 15 December 2025, across Christmas, New Year and Epiphany.
  EXPECT_EQ(AddBusinessDays(Day(2025, 12, 15), 20), Day(2026, 1, 19));
}

TEST(BusinessDays, ZeroDaysGivesTheStartOrTheNextBusinessDay) {
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 2), 0), Day(2026, 4, 2));
  // Saturday 4 April 2026: Easter Sunday and Easter Monday follow.
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 4), 0), Day(2026, 4, 7));
}

TEST(BusinessDays, StartOnADayOffIsNotCounted) {
  // Saturday 4 April 2026: the first business day after it is Tuesday.
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 4), 1), Day(2026, 4, 7));
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 4), 2), Day(2026, 4, 8));
  // Saturday 9 May 2026, an ordinary weekend.
  EXPECT_EQ(AddBusinessDays(Day(2026, 5, 9), 1), Day(2026, 5, 11));
}

TEST(BusinessDays, NegativeDaysCountAsZero) {
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 3), -5), Day(2026, 4, 3));
  EXPECT_EQ(AddBusinessDays(Day(2026, 4, 4), -1), Day(2026, 4, 7));
}

TEST(BusinessDays, BetweenIsZeroUnlessToIsLater) {
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 4, 7), Day(2026, 4, 7)), 0);
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 4, 7), Day(2026, 4, 2)), 0);
  // Only days off in between: Friday to the Sunday after.
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 5, 8), Day(2026, 5, 10)), 0);
  EXPECT_EQ(BusinessDaysBetween(Day(2026, 5, 8), Day(2026, 5, 11)), 1);
}

TEST(BusinessDays, SubtractAcrossEasterAndCorpusChristi) {
  // Tuesday 7 April 2026, after Easter Monday: Friday 3 April is the first
  // business day before it, Thursday 2 April the second.
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 4, 7), 1), Day(2026, 4, 3));
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 4, 7), 3), Day(2026, 4, 1));
  // Monday 8 June 2026, after Corpus Christi (Thursday 4 June): Friday 5,
  // Wednesday 3, Tuesday 2.
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 6, 8), 3), Day(2026, 6, 2));
  // Zero: the day itself, or the business day before a day off.
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 4, 7), 0), Day(2026, 4, 7));
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 4, 6), 0), Day(2026, 4, 3));
  EXPECT_EQ(SubtractBusinessDays(Day(2026, 4, 6), -2), Day(2026, 4, 3));
}

TEST(BusinessDays, SubtractInvertsAdd) {
  for (Day end(2016, 1, 1); end <= Day(2030, 12, 31); ++end) {
    for (int n = 1; n <= 20; ++n) {
      const Day start = SubtractBusinessDays(end, n);
      ASSERT_TRUE(IsBusinessDay(start)) << end << " - " << n;
      // The n - 1 business days between them, and `end` when it is one.
      ASSERT_EQ(BusinessDaysBetween(start, end), IsBusinessDay(end) ? n : n - 1)
          << end << " - " << n;
    }
  }
}

TEST(BusinessDays, BetweenInvertsAdd) {
  for (Day start(2016, 1, 1); start <= Day(2030, 12, 31); ++start) {
    for (int n = 0; n <= 60; ++n) {
      Day end = AddBusinessDays(start, n);
      ASSERT_TRUE(IsBusinessDay(end)) << start << " + " << n;
      if (n == 0 && !IsBusinessDay(start)) continue;
      ASSERT_EQ(BusinessDaysBetween(start, end), n) << start << " + " << n;
    }
  }
}

}  // namespace
}  // namespace jstedu
