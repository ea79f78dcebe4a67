#include "services/training/domain/third_week.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

DayRange Days(int year, int month, int first_day, int last_day) {
  return {absl::CivilDay(year, month, first_day),
          absl::CivilDay(year, month, last_day)};
}

void ExpectWeek(int year, int month, ThirdWeekReading reading,
                const DayRange& expected) {
  absl::StatusOr<DayRange> week = ResolveThirdWeek(year, month, reading);
  ASSERT_TRUE(week.ok()) << year << "-" << month << ": " << week.status();
  EXPECT_EQ(week->first, expected.first) << year << "-" << month;
  EXPECT_EQ(week->last, expected.last) << year << "-" << month;
}

DayRange MustPropose(const DayRange& week,
                     absl::Weekday start = absl::Weekday::wednesday) {
  absl::StatusOr<DayRange> module = ProposeModuleDays(week, start);
  EXPECT_TRUE(module.ok()) << module.status();
  return module.value_or(DayRange{});
}

// ---------------------------------------------------------------------------
// Resolving the week.

TEST(ResolveThirdWeekTest, ThirdMondayWeekGivesTheDomainDatesFor2017) {
  constexpr auto kReading = ThirdWeekReading::kThirdMondayWeek;
  ExpectWeek(2017, 6, kReading, Days(2017, 6, 19, 25));
  ExpectWeek(2017, 8, kReading, Days(2017, 8, 21, 27));
  ExpectWeek(2017, 10, kReading, Days(2017, 10, 16, 22));
  ExpectWeek(2017, 11, kReading, Days(2017, 11, 20, 26));
}

TEST(ResolveThirdWeekTest, ThirdMondayWeekRunsMondayToSunday) {
  for (int year : {2017, 2018, 2020, 2024}) {
    for (int month = 1; month <= 12; ++month) {
      absl::StatusOr<DayRange> week =
          ResolveThirdWeek(year, month, ThirdWeekReading::kThirdMondayWeek);
      ASSERT_TRUE(week.ok()) << week.status();
      EXPECT_EQ(absl::GetWeekday(week->first), absl::Weekday::monday);
      EXPECT_EQ(absl::GetWeekday(week->last), absl::Weekday::sunday);
      EXPECT_EQ(week->last - week->first, 6);
      // The third Monday is never before the 15th nor after the 21st.
      EXPECT_GE(week->first.day(), 15);
      EXPECT_LE(week->first.day(), 21);
      EXPECT_EQ(week->first.month(), month);
    }
  }
}

TEST(ResolveThirdWeekTest, ThirdMondayWeekAtBothExtremes) {
  // May 2017 begins on a Monday: the third Monday is the 15th.
  ExpectWeek(2017, 5, ThirdWeekReading::kThirdMondayWeek,
             Days(2017, 5, 15, 21));
  // February 2017 begins on a Wednesday: the third Monday is the 20th.
  ExpectWeek(2017, 2, ThirdWeekReading::kThirdMondayWeek,
             Days(2017, 2, 20, 26));
  // October 2017 begins on a Sunday: the first Monday is the 2nd.
  ExpectWeek(2017, 10, ThirdWeekReading::kThirdMondayWeek,
             Days(2017, 10, 16, 22));
  // September 2018 begins on a Saturday: the third Monday is the 17th.
  ExpectWeek(2018, 9, ThirdWeekReading::kThirdMondayWeek,
             Days(2018, 9, 17, 23));
  // July 2019 begins on a Monday, August 2019 on a Thursday.
  ExpectWeek(2019, 7, ThirdWeekReading::kThirdMondayWeek,
             Days(2019, 7, 15, 21));
  ExpectWeek(2019, 8, ThirdWeekReading::kThirdMondayWeek,
             Days(2019, 8, 19, 25));
}

TEST(ResolveThirdWeekTest, Days15To21ForEveryMonth) {
  for (int year : {2017, 2020}) {
    for (int month = 1; month <= 12; ++month) {
      ExpectWeek(year, month, ThirdWeekReading::kDays15To21,
                 Days(year, month, 15, 21));
    }
  }
}

TEST(ResolveThirdWeekTest, TheReadingsDifferFor2017Modules) {
  // June 2017: the 15th is a Thursday, so the readings give different weeks.
  ExpectWeek(2017, 6, ThirdWeekReading::kDays15To21, Days(2017, 6, 15, 21));
  ExpectWeek(2017, 6, ThirdWeekReading::kThirdMondayWeek,
             Days(2017, 6, 19, 25));
}

TEST(ResolveThirdWeekTest, RefusesMonthsOutsideTheYear) {
  for (int month : {0, 13, -1}) {
    for (ThirdWeekReading reading :
         {ThirdWeekReading::kDays15To21, ThirdWeekReading::kThirdMondayWeek}) {
      EXPECT_TRUE(absl::IsInvalidArgument(
          ResolveThirdWeek(2017, month, reading).status()))
          << month;
    }
  }
}

// ---------------------------------------------------------------------------
// Names of the readings.

TEST(ThirdWeekReadingNameTest, RoundTrips) {
  for (ThirdWeekReading reading :
       {ThirdWeekReading::kDays15To21, ThirdWeekReading::kThirdMondayWeek}) {
    absl::StatusOr<ThirdWeekReading> parsed =
        ParseThirdWeekReading(ThirdWeekReadingName(reading));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, reading);
  }
  EXPECT_EQ(ThirdWeekReadingName(ThirdWeekReading::kDays15To21),
            "DAYS_15_TO_21");
  EXPECT_EQ(ThirdWeekReadingName(ThirdWeekReading::kThirdMondayWeek),
            "THIRD_MONDAY_WEEK");
}

TEST(ThirdWeekReadingNameTest, RefusesUnknownNames) {
  for (const char* name : {"", "days_15_to_21", "THIRD_WEEK", "1"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseThirdWeekReading(name).status()))
        << name;
  }
}

// ---------------------------------------------------------------------------
// Proposing a module's days.

TEST(ProposeModuleDaysTest, WednesdayToFridayOfThe2017ThirdMondayWeeks) {
  EXPECT_EQ(MustPropose(Days(2017, 6, 19, 25)), Days(2017, 6, 21, 23));
  EXPECT_EQ(MustPropose(Days(2017, 8, 21, 27)), Days(2017, 8, 23, 25));
  EXPECT_EQ(MustPropose(Days(2017, 10, 16, 22)), Days(2017, 10, 18, 20));
  EXPECT_EQ(MustPropose(Days(2017, 11, 20, 26)), Days(2017, 11, 22, 24));
}

TEST(ProposeModuleDaysTest, StartWeekdayIsAParameter) {
  EXPECT_EQ(MustPropose(Days(2017, 6, 19, 25), absl::Weekday::monday),
            Days(2017, 6, 19, 21));
  EXPECT_EQ(MustPropose(Days(2017, 6, 19, 25), absl::Weekday::friday),
            Days(2017, 6, 23, 25));
}

TEST(ProposeModuleDaysTest, FindsTheWeekdayInsideADays15To21Week) {
  // 15–21 October 2017 runs Sunday to Saturday: Wednesday is the 18th.
  EXPECT_EQ(MustPropose(Days(2017, 10, 15, 21)), Days(2017, 10, 18, 20));
  // A week that starts on the chosen weekday starts the module on its
  // first day: 15–21 November 2017 begins on a Wednesday.
  EXPECT_EQ(MustPropose(Days(2017, 11, 15, 21)), Days(2017, 11, 15, 17));
}

TEST(ProposeModuleDaysTest, RefusesAModuleThatWouldLeaveTheWeek) {
  // 15–21 June 2017 runs Thursday to Wednesday: the first Wednesday is the
  // week's last day, so Wednesday–Friday does not fit.
  absl::StatusOr<DayRange> module = ProposeModuleDays(Days(2017, 6, 15, 21));
  ASSERT_TRUE(absl::IsInvalidArgument(module.status())) << module.status();
  EXPECT_THAT(std::string(module.status().message()),
              AllOf(HasSubstr("Wednesday"), HasSubstr("2017-06-15..2017-06-21"),
                    HasSubstr("2017-06-23")));
  // Saturday–Monday would leave a Monday–Sunday week.
  EXPECT_TRUE(absl::IsInvalidArgument(
      ProposeModuleDays(Days(2017, 6, 19, 25), absl::Weekday::saturday)
          .status()));
}

TEST(ProposeModuleDaysTest, ChainsWithResolveThirdWeek) {
  absl::StatusOr<DayRange> week =
      ResolveThirdWeek(2017, 11, ThirdWeekReading::kThirdMondayWeek);
  ASSERT_TRUE(week.ok()) << week.status();
  EXPECT_EQ(MustPropose(*week), Days(2017, 11, 22, 24));
}

}  // namespace
}  // namespace jstedu::training
