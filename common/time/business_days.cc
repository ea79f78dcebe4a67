#include "common/time/business_days.h"

namespace jstedu {
namespace {

// The first years in which the amendments' holidays applied.
constexpr int kFirstYearWithEpiphany = 2011;
constexpr int kFirstYearWithChristmasEve = 2025;

struct FixedHoliday {
  int month;
  int day;
  int first_year;  // The first year it is a holiday.
  std::string_view name;
};

constexpr FixedHoliday kFixedHolidays[] = {
    {1, 1, 0, "New Year's Day"},
    {1, 6, kFirstYearWithEpiphany, "Epiphany"},
    {5, 1, 0, "Labour Day"},
    {5, 3, 0, "Constitution Day"},
    {8, 15, 0, "Assumption of Mary"},
    {11, 1, 0, "All Saints' Day"},
    {11, 11, 0, "Independence Day"},
    {12, 24, kFirstYearWithChristmasEve, "Christmas Eve"},
    {12, 25, 0, "Christmas Day"},
    {12, 26, 0, "Second Day of Christmas"},
};

struct MovableHoliday {
  int days_after_easter;
  std::string_view name;
};

constexpr MovableHoliday kMovableHolidays[] = {
    {0, "Easter Sunday"},
    {1, "Easter Monday"},
    {49, "Pentecost Sunday"},
    {60, "Corpus Christi"},
};

bool IsWeekend(absl::CivilDay day) {
  absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

absl::CivilDay NextBusinessDayOnOrAfter(absl::CivilDay day) {
  while (!IsBusinessDay(day)) ++day;
  return day;
}

}  // namespace

absl::CivilDay EasterSunday(int year) {
  // The anonymous Gregorian algorithm as given in Meeus, Astronomical
  // Algorithms, ch. 8: integer arithmetic only, no tables, and it matches
  // the church's tables for every Gregorian year. The letters are Meeus's.
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return absl::CivilDay(year, month, day);
}

std::string_view HolidayName(absl::CivilDay day) {
  const int year = static_cast<int>(day.year());
  for (const FixedHoliday& holiday : kFixedHolidays) {
    if (day.month() == holiday.month && day.day() == holiday.day &&
        year >= holiday.first_year) {
      return holiday.name;
    }
  }
  const absl::civil_diff_t days_after_easter = day - EasterSunday(year);
  for (const MovableHoliday& holiday : kMovableHolidays) {
    if (days_after_easter == holiday.days_after_easter) return holiday.name;
  }
  return {};
}

bool IsPolishPublicHoliday(absl::CivilDay day) {
  return !HolidayName(day).empty();
}

bool IsBusinessDay(absl::CivilDay day) {
  return !IsWeekend(day) && !IsPolishPublicHoliday(day);
}

absl::CivilDay AddBusinessDays(absl::CivilDay start, int days) {
  if (days <= 0) return NextBusinessDayOnOrAfter(start);
  absl::CivilDay day = start;
  for (int counted = 0; counted < days; ++counted) {
    day = NextBusinessDayOnOrAfter(day + 1);
  }
  return day;
}

absl::CivilDay SubtractBusinessDays(absl::CivilDay end, int days) {
  absl::CivilDay day = end;
  if (days <= 0) {
    while (!IsBusinessDay(day)) --day;
    return day;
  }
  for (int counted = 0; counted < days;) {
    --day;
    if (IsBusinessDay(day)) ++counted;
  }
  return day;
}

int BusinessDaysBetween(absl::CivilDay from, absl::CivilDay to) {
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    if (IsBusinessDay(day)) ++count;
  }
  return count;
}

}  // namespace jstedu
