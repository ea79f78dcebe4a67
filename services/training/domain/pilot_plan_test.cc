// The seeds' pilot plan, from the domain rules alone: module 1 on 5–7 April
// 2017 (entered), then June, August, October and November in the third week
// (the Monday-week reading), each module Wednesday to Friday, day 1 from
// 11:00 and day 3 until 14:30 Warsaw time; the UTC instants on both sides of
// the DST change (CEST until 29 October 2017, CET after).
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/time/civil_time.h"
#include "gtest/gtest.h"
#include "services/training/domain/third_week.h"

namespace jstedu::training {
namespace {

std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%MZ", t, absl::UTCTimeZone());
}

std::string Local(absl::CivilDay day, int hour, int minute) {
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d", day.year(), day.month(),
                         day.day(), hour, minute);
}

struct ModuleDates {
  absl::CivilDay first;
  absl::CivilDay last;
};

std::vector<ModuleDates> PilotModules() {
  std::vector<ModuleDates> modules = {
      {absl::CivilDay(2017, 4, 5), absl::CivilDay(2017, 4, 7)}};
  for (int month : {6, 8, 10, 11}) {
    auto week =
        ResolveThirdWeek(2017, month, ThirdWeekReading::kThirdMondayWeek);
    EXPECT_TRUE(week.ok()) << week.status();
    auto days = ProposeModuleDays(*week);
    EXPECT_TRUE(days.ok()) << days.status();
    modules.push_back({days->first, days->last});
  }
  return modules;
}

TEST(PilotPlanTest, ModulesFallInTheThirdWeeksOfTheSeeds) {
  const std::vector<ModuleDates> modules = PilotModules();
  ASSERT_EQ(modules.size(), 5u);
  EXPECT_EQ(modules[1].first, absl::CivilDay(2017, 6, 21));  // week 19–25 June
  EXPECT_EQ(modules[2].first,
            absl::CivilDay(2017, 8, 23));  // week 21–27 August
  EXPECT_EQ(modules[3].first,
            absl::CivilDay(2017, 10, 18));  // week 16–22 October
  EXPECT_EQ(modules[4].first,
            absl::CivilDay(2017, 11, 22));  // week 20–26 November
  for (const ModuleDates& m : modules) EXPECT_EQ(m.last - m.first, 2);
}

TEST(PilotPlanTest, UtcInstantsAreRightOnBothSidesOfTheDstChange) {
  const std::vector<ModuleDates> modules = PilotModules();
  std::vector<std::string> starts, ends;
  for (const ModuleDates& m : modules) {
    auto start = ParseLocalInstant(Local(m.first, 11, 0));
    auto end = ParseLocalInstant(Local(m.last, 14, 30));
    ASSERT_TRUE(start.ok() && end.ok());
    starts.push_back(Utc(*start));
    ends.push_back(Utc(*end));
  }
  // Summer time (UTC+2) through October; winter time (UTC+1) in November.
  EXPECT_EQ(starts,
            (std::vector<std::string>{"2017-04-05T09:00Z", "2017-06-21T09:00Z",
                                      "2017-08-23T09:00Z", "2017-10-18T09:00Z",
                                      "2017-11-22T10:00Z"}));
  EXPECT_EQ(ends,
            (std::vector<std::string>{"2017-04-07T12:30Z", "2017-06-23T12:30Z",
                                      "2017-08-25T12:30Z", "2017-10-20T12:30Z",
                                      "2017-11-24T13:30Z"}));
}

}  // namespace
}  // namespace jstedu::training
