#pragma once

// Didactic-hour arithmetic. A module holds a number of didactic hours (21 in
// the seeds); the length of a didactic hour is an edition setting (45
// minutes by default). Everything is counted in whole minutes, in integers:
// 21 hours of 45 minutes are 945 minutes, which is 10.5 sessions of 90
// minutes, so neither 10 nor 11 such sessions add up, and that is reported,
// never rounded.
//
// Hours shown to people are exact fractions of minutes over the hour length
// (90 minutes of 60-minute hours are 3/2 hours), so no floating-point value
// ever decides anything.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace jstedu::training {

inline constexpr int kDefaultHourMinutes = 45;
inline constexpr int kDefaultCompletionPercent = 80;

// The minutes `didactic_hours` hours of `hour_minutes` minutes last.
// InvalidArgument for negative hours or a non-positive hour length.
absl::StatusOr<int64_t> RequiredMinutes(int64_t didactic_hours,
                                        int hour_minutes = kDefaultHourMinutes);

// How a module's planned sessions compare with its didactic hours.
struct SessionBalance {
  int64_t required_minutes = 0;
  int64_t planned_minutes = 0;
  // planned − required: negative when sessions are missing, positive when
  // there are too many.
  int64_t difference_minutes = 0;

  bool AddsUp() const { return difference_minutes == 0; }
};

// Compares sessions of `session_minutes` each with `didactic_hours` hours of
// `hour_minutes` minutes. InvalidArgument for negative hours, a non-positive
// hour length, or a session that is not at least one minute long.
absl::StatusOr<SessionBalance> BalanceSessions(
    int64_t didactic_hours, absl::Span<const int> session_minutes,
    int hour_minutes = kDefaultHourMinutes);

// An exact, non-negative number of didactic hours: numerator / denominator
// in lowest terms, denominator ≥ 1.
struct DidacticHours {
  int64_t numerator = 0;
  int64_t denominator = 1;

  bool IsWhole() const { return denominator == 1; }
  // "2" for a whole number, otherwise the reduced fraction, e.g. "3/2".
  std::string ToString() const;

  friend bool operator==(const DidacticHours& a, const DidacticHours& b) {
    return a.numerator == b.numerator && a.denominator == b.denominator;
  }
  friend bool operator!=(const DidacticHours& a, const DidacticHours& b) {
    return !(a == b);
  }
};

// `minutes` (attended or planned) as didactic hours of `hour_minutes`.
// InvalidArgument for negative minutes or a non-positive hour length.
absl::StatusOr<DidacticHours> MinutesToHours(
    int64_t minutes, int hour_minutes = kDefaultHourMinutes);

// The completion rule: attended at least `percent` % of the required time,
// i.e. attended_minutes × 100 ≥ percent × required_minutes, decided exactly
// (no overflow for any int64 inputs). Both amounts are minutes, so the rule
// does not depend on the hour length. InvalidArgument for negative minutes
// or a percent outside 0–100.
absl::StatusOr<bool> HasCompleted(int64_t attended_minutes,
                                  int64_t required_minutes,
                                  int percent = kDefaultCompletionPercent);

// A participant's attended share: attended_minutes as a percentage of
// planned_minutes, rounded down and at most 100 (0 when nothing is
// planned). Rounded down so that, for an integer percent p,
// AttendedPercent(a, r) >= p exactly when HasCompleted(a, r, p).
// InvalidArgument for negative minutes.
absl::StatusOr<int> AttendedPercent(int64_t attended_minutes,
                                    int64_t planned_minutes);

}  // namespace jstedu::training
