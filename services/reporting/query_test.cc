// query.h: the days figures span when no period is asked for, with "today"
// pinned (the service's clock, never the wall clock).

#include "services/reporting/query.h"

#include "gtest/gtest.h"

namespace jstedu::reporting {
namespace {

constexpr absl::CivilDay kToday(2017, 5, 10);

TEST(DisplayRange, WithNeitherDatesNorRecordsIsTheDayGivenAsToday) {
  Counted counted;
  QueryInput input;
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, kToday);
  EXPECT_EQ(range.last, kToday);
}

TEST(DisplayRange, TheEditionsDatesWidenedToItsRecordsIgnoreToday) {
  Counted counted;
  counted.facts.edition.known = true;
  counted.facts.edition.starts_on = absl::CivilDay(2017, 4, 1);
  counted.facts.edition.ends_on = absl::CivilDay(2017, 12, 31);
  Record early;
  early.date = absl::CivilDay(2017, 3, 2);
  counted.measures["OFFICIALS_SUPPORTED"] = {early};
  QueryInput input;
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, absl::CivilDay(2017, 3, 2));
  EXPECT_EQ(range.last, absl::CivilDay(2017, 12, 31));
}

TEST(DisplayRange, AnAskedPeriodIsKept) {
  Counted counted;
  QueryInput input;
  input.period_given = true;
  input.filter.period =
      Period{absl::CivilDay(2017, 4, 1), absl::CivilDay(2017, 4, 30)};
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, absl::CivilDay(2017, 4, 1));
  EXPECT_EQ(range.last, absl::CivilDay(2017, 4, 30));
}

}  // namespace
}  // namespace jstedu::reporting
