#pragma once

// The programme's civil time. People enter and read times in Europe/Warsaw
// ("module 1 starts 5 April 2017 11:00"); the service stores UTC instants.
//
// Daylight-saving changes are never guessed at:
//   - a local time in the spring-forward gap (e.g. 2017-03-26 02:30, when
//     clocks jump from 02:00 CET to 03:00 CEST) does not exist and is
//     refused;
//   - a local time in the autumn overlap (e.g. 2017-10-29 02:30, which
//     happens once in CEST and again an hour later in CET) is refused unless
//     the caller says which of the two instants it means.
//
// The one place the programme's zone is loaded (every service uses it). The
// zone comes from the system's tzdata, loaded once per process. If it is
// missing every function here returns FailedPrecondition rather than
// quietly computing in UTC, which would shift every stored instant, and a
// service refuses to start (ServiceHost::Start), so ProgrammeZone() and
// ProgrammeDay() — for code that runs only in a started service or a test —
// can answer without a status.
//
// Thread-safety: pure functions; the zone is loaded thread-safely on first
// use.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace jstedu {

inline constexpr char kProgrammeTimeZoneName[] = "Europe/Warsaw";

// What to do with a local time that occurs twice (the autumn overlap).
enum class AmbiguousTime {
  // Refuse with InvalidArgument naming both candidate offsets (the default:
  // a wrong guess moves a session by an hour).
  kRefuse,
  // The first occurrence: still summer time (CEST, +02:00).
  kEarlierInstant,
  // The second occurrence: already winter time (CET, +01:00).
  kLaterInstant,
};

// Europe/Warsaw, loaded on first call and cached for the process.
// FailedPrecondition if tzdata does not know the zone.
absl::StatusOr<absl::TimeZone> ProgrammeTimeZone();

// ProgrammeTimeZone() for code past the start-up check: aborts the process
// with a message on stderr when tzdata lacks the zone (never UTC).
const absl::TimeZone& ProgrammeZone();

// The programme's civil day (Europe/Warsaw) of an instant.
absl::CivilDay ProgrammeDay(absl::Time instant);

// Loads `name` from tzdata without caching; FailedPrecondition if it is not
// there. ProgrammeTimeZone() uses it; exposed so the failure is testable.
absl::StatusOr<absl::TimeZone> LoadZone(std::string_view name);

// Parses exactly "YYYY-MM-DDTHH:MM" (four-digit year, two-digit fields, a
// literal 'T', no seconds, no offset, no surrounding spaces) naming a real
// calendar date and a time 00:00..23:59. InvalidArgument otherwise.
absl::StatusOr<absl::CivilMinute> ParseLocalDateTime(std::string_view text);

// The instant at which the programme's clocks show `local`. InvalidArgument
// for a time in the spring-forward gap (the message names the gap) and, when
// `ambiguous` is kRefuse, for a time in the autumn overlap (the message names
// both offsets).
absl::StatusOr<absl::Time> LocalToInstant(
    absl::CivilMinute local, AmbiguousTime ambiguous = AmbiguousTime::kRefuse);

// ParseLocalDateTime followed by LocalToInstant.
absl::StatusOr<absl::Time> ParseLocalInstant(
    std::string_view text, AmbiguousTime ambiguous = AmbiguousTime::kRefuse);

// `instant` as RFC 3339 local time with its offset, e.g.
// "2017-04-05T11:00:00+02:00". Fractional seconds appear only when non-zero
// (nothing is dropped). InvalidArgument for an infinite time.
absl::StatusOr<std::string> FormatLocal(absl::Time instant);

}  // namespace jstedu
