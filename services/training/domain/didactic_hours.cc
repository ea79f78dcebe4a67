#include "services/training/domain/didactic_hours.h"

#include <limits>
#include <numeric>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jstedu::training {
namespace {

absl::Status CheckHourMinutes(int hour_minutes) {
  if (hour_minutes <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "didactic hour length must be positive minutes, got ", hour_minutes));
  }
  return absl::OkStatus();
}

// (absl::string_view: this build's absl::StrCat does not take std's.)
absl::Status CheckNotNegative(int64_t value, absl::string_view what) {
  if (value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must not be negative, got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> RequiredMinutes(int64_t didactic_hours,
                                        int hour_minutes) {
  if (absl::Status s = CheckNotNegative(didactic_hours, "didactic hours");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHourMinutes(hour_minutes); !s.ok()) return s;
  if (didactic_hours > std::numeric_limits<int64_t>::max() / hour_minutes) {
    return absl::InvalidArgumentError("didactic hours are out of range");
  }
  return didactic_hours * hour_minutes;
}

absl::StatusOr<SessionBalance> BalanceSessions(
    int64_t didactic_hours, absl::Span<const int> session_minutes,
    int hour_minutes) {
  absl::StatusOr<int64_t> required =
      RequiredMinutes(didactic_hours, hour_minutes);
  if (!required.ok()) return required.status();
  SessionBalance balance;
  balance.required_minutes = *required;
  // Each term is an int and there are far fewer than 2^32 sessions, so the
  // int64 sum cannot overflow.
  for (int minutes : session_minutes) {
    if (minutes <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a session must last at least one minute, got ", minutes));
    }
    balance.planned_minutes += minutes;
  }
  balance.difference_minutes =
      balance.planned_minutes - balance.required_minutes;
  return balance;
}

std::string DidacticHours::ToString() const {
  if (IsWhole()) return absl::StrCat(numerator);
  return absl::StrCat(numerator, "/", denominator);
}

absl::StatusOr<DidacticHours> MinutesToHours(int64_t minutes,
                                             int hour_minutes) {
  if (absl::Status s = CheckNotNegative(minutes, "minutes"); !s.ok()) return s;
  if (absl::Status s = CheckHourMinutes(hour_minutes); !s.ok()) return s;
  // gcd(0, h) = h, so zero minutes reduce to 0/1.
  int64_t divisor = std::gcd(minutes, static_cast<int64_t>(hour_minutes));
  return DidacticHours{minutes / divisor, hour_minutes / divisor};
}

absl::StatusOr<bool> HasCompleted(int64_t attended_minutes,
                                  int64_t required_minutes, int percent) {
  if (absl::Status s = CheckNotNegative(attended_minutes, "attended minutes");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckNotNegative(required_minutes, "required minutes");
      !s.ok()) {
    return s;
  }
  if (percent < 0 || percent > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("completion percent must be 0-100, got ", percent));
  }
  // Cross-multiplied rather than divided, so 80 % of 945 minutes (756) is
  // met by exactly 756 attended minutes; 128 bits cannot overflow.
  return absl::int128(attended_minutes) * 100 >=
         absl::int128(percent) * required_minutes;
}

absl::StatusOr<int> AttendedPercent(int64_t attended_minutes,
                                    int64_t planned_minutes) {
  if (absl::Status s = CheckNotNegative(attended_minutes, "attended minutes");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckNotNegative(planned_minutes, "planned minutes");
      !s.ok()) {
    return s;
  }
  if (planned_minutes == 0) return 0;
  const absl::int128 percent =
      absl::int128(attended_minutes) * 100 / planned_minutes;
  return percent > 100 ? 100 : static_cast<int>(percent);
}

}  // namespace jstedu::training
