#pragma once

// "Modules run in the third week of the month": the seeds never say which
// week that is, so an edition stores its reading and the dates it resolved.
//
//   - kDays15To21: days 15–21 of the month, whatever weekdays they fall on;
//   - kThirdMondayWeek: the Monday–Sunday week that starts on the month's
//     third Monday (days 15–21 at the earliest, 21–27 at the latest). For
//     2017: 19–25 June, 21–27 August, 16–22 October, 20–26 November.
//
// A module's three days are then proposed inside that week: they start on
// the first chosen weekday in it (Wednesday unless the edition says
// otherwise, as in the pilot's 5–7 April 2017) and run on consecutive days.
// A proposal that would spill past the week's last day is refused rather
// than moved, so the office decides.
//
// Thread-safety: pure functions.

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace jstedu::training {

enum class ThirdWeekReading {
  kDays15To21,
  kThirdMondayWeek,
};

// The stored and wire names of the readings: "DAYS_15_TO_21",
// "THIRD_MONDAY_WEEK".
std::string_view ThirdWeekReadingName(ThirdWeekReading reading);

// The reading with that exact name; InvalidArgument otherwise.
absl::StatusOr<ThirdWeekReading> ParseThirdWeekReading(std::string_view name);

// Consecutive calendar days, both ends included.
struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;

  friend bool operator==(const DayRange& a, const DayRange& b) {
    return a.first == b.first && a.last == b.last;
  }
  friend bool operator!=(const DayRange& a, const DayRange& b) {
    return !(a == b);
  }
};

// The third week of `month` (1–12) of `year` under `reading`.
// InvalidArgument for a month outside 1–12.
absl::StatusOr<DayRange> ResolveThirdWeek(int year, int month,
                                          ThirdWeekReading reading);

// A module lasts three days (DOMAIN: "each module lasts 3 days").
inline constexpr int kModuleDays = 3;

// The kModuleDays consecutive days starting on the first `start_weekday` on
// or after `week.first`. InvalidArgument when they would end after
// `week.last` (e.g. a Wednesday start when days 15–21 run Thursday to
// Wednesday); the message names the week and the weekday.
absl::StatusOr<DayRange> ProposeModuleDays(
    const DayRange& week,
    absl::Weekday start_weekday = absl::Weekday::wednesday);

}  // namespace jstedu::training
