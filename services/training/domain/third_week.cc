#include "services/training/domain/third_week.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jstedu::training {
namespace {

constexpr char kDays15To21Name[] = "DAYS_15_TO_21";
constexpr char kThirdMondayWeekName[] = "THIRD_MONDAY_WEEK";
constexpr int kDaysPerWeek = 7;

// The first `weekday` on or after `day` (absl::NextWeekday is strictly
// after).
absl::CivilDay OnOrAfter(absl::CivilDay day, absl::Weekday weekday) {
  return absl::NextWeekday(day - 1, weekday);
}

DayRange WeekStartingOn(absl::CivilDay first) {
  return {first, first + (kDaysPerWeek - 1)};
}

DayRange ThirdMondayWeek(int year, int month) {
  absl::CivilDay first_monday =
      OnOrAfter(absl::CivilDay(year, month, 1), absl::Weekday::monday);
  return WeekStartingOn(first_monday + 2 * kDaysPerWeek);
}

const char* WeekdayName(absl::Weekday weekday) {
  switch (weekday) {
    case absl::Weekday::monday:
      return "Monday";
    case absl::Weekday::tuesday:
      return "Tuesday";
    case absl::Weekday::wednesday:
      return "Wednesday";
    case absl::Weekday::thursday:
      return "Thursday";
    case absl::Weekday::friday:
      return "Friday";
    case absl::Weekday::saturday:
      return "Saturday";
    case absl::Weekday::sunday:
      return "Sunday";
  }
  return "?";
}

std::string FormatRange(const DayRange& range) {
  return absl::StrCat(absl::FormatCivilTime(range.first), "..",
                      absl::FormatCivilTime(range.last));
}

}  // namespace

std::string_view ThirdWeekReadingName(ThirdWeekReading reading) {
  switch (reading) {
    case ThirdWeekReading::kDays15To21:
      return kDays15To21Name;
    case ThirdWeekReading::kThirdMondayWeek:
      return kThirdMondayWeekName;
  }
  return "?";
}

absl::StatusOr<ThirdWeekReading> ParseThirdWeekReading(std::string_view name) {
  if (name == kDays15To21Name) return ThirdWeekReading::kDays15To21;
  if (name == kThirdMondayWeekName) return ThirdWeekReading::kThirdMondayWeek;
  return absl::InvalidArgumentError(absl::StrCat("third-week reading must be ",
                                                 kDays15To21Name, " or ",
                                                 kThirdMondayWeekName));
}

absl::StatusOr<DayRange> ResolveThirdWeek(int year, int month,
                                          ThirdWeekReading reading) {
  // Checked here because absl::CivilDay would silently carry month 13 into
  // January of the next year.
  if (month < 1 || month > 12) {
    return absl::InvalidArgumentError(
        absl::StrCat("month must be 1-12, got ", month));
  }
  switch (reading) {
    case ThirdWeekReading::kDays15To21:
      return WeekStartingOn(absl::CivilDay(year, month, 15));
    case ThirdWeekReading::kThirdMondayWeek:
      return ThirdMondayWeek(year, month);
  }
  return absl::InvalidArgumentError("unknown third-week reading");
}

absl::StatusOr<DayRange> ProposeModuleDays(const DayRange& week,
                                           absl::Weekday start_weekday) {
  absl::CivilDay first = OnOrAfter(week.first, start_weekday);
  DayRange module{first, first + (kModuleDays - 1)};
  if (module.last > week.last) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", kModuleDays, "-day module starting on the first ",
        WeekdayName(start_weekday), " of the week ", FormatRange(week),
        " would end on ", absl::FormatCivilTime(module.last),
        ", after the week; choose another start weekday"));
  }
  return module;
}

}  // namespace jstedu::training
