#pragma once

// iCalendar (RFC 5545) feeds of the training schedule, for participants'
// and trainers' calendar applications to subscribe to.
//
// Instants are stored in UTC; a feed shows them as Europe/Warsaw wall-clock
// times ("DTSTART;TZID=Europe/Warsaw:20170405T110000") next to a VTIMEZONE
// that describes that zone, so every client shows the hour people were told.
//
// What a feed looks like:
//   - VCALENDAR with VERSION:2.0, PRODID:-//jstedu//training//PL,
//     CALSCALE:GREGORIAN, METHOD:PUBLISH, X-WR-CALNAME (the calendar's name,
//     left out when empty) and X-WR-TIMEZONE:Europe/Warsaw;
//   - one VTIMEZONE, TZID:Europe/Warsaw: STANDARD (CET, +0100) from the last
//     Sunday of October 03:00 local and DAYLIGHT (CEST, +0200) from the last
//     Sunday of March 02:00 local, both yearly since 1996 (the EU rule);
//   - one VEVENT per event, sorted by (start, uid) so that the same calendar
//     always gives the same bytes: UID, DTSTAMP (UTC), DTSTART, DTEND,
//     then SUMMARY, LOCATION and DESCRIPTION when non-empty and
//     LAST-MODIFIED (UTC) when set.
//
// DTSTART and DTEND are Warsaw local time with TZID, except for a wall-clock
// time that happens twice (the autumn repeated hour, e.g. 2017-10-29 02:30,
// once in CEST and again in CET). RFC 5545 3.3.5 reads such a local time as
// its first occurrence while common libraries (python's pytz, for one) pick
// the second, so such an instant is written in UTC ("...T003000Z"), which
// every reader understands alike.
//
// Text values (the calendar's name, UID, SUMMARY, LOCATION, DESCRIPTION) are
// escaped per RFC 5545 3.3.11: backslash, semicolon and comma get a
// backslash, a line feed becomes "\n", carriage returns and every other
// ASCII control character except tab are dropped. UTF-8 is kept as it is.
// Content lines longer than 75 octets are folded (CRLF and one space) at a
// character boundary, never inside a UTF-8 sequence. Every line, the last
// one included, ends with CRLF.
//
// Thread-safety: pure functions (the zone is loaded thread-safely once per
// process, see civil_time.h).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jstedu::training {

inline constexpr char kICalendarProductId[] = "-//jstedu//training//PL";

// One session of the schedule as a VEVENT.
struct CalendarEvent {
  // Stable and unique in the calendar, e.g. "<session-uuid>@jstedu": clients
  // recognise an event they already have by it. Must not be empty.
  std::string uid;
  // Finite instants in whole seconds (iCalendar has no fractions of a
  // second); `end` must be after `start`, and both on or after 1996-03-31
  // 01:00 UTC, the first change of clocks the VTIMEZONE describes.
  absl::Time start;
  absl::Time end;
  // Free text, UTF-8; each is left out of the feed when empty.
  std::string summary;
  std::string location;
  std::string description;
  // When the session last changed (written in UTC, fractions of a second
  // dropped); no LAST-MODIFIED when unset.
  std::optional<absl::Time> last_modified;
};

struct Calendar {
  // X-WR-CALNAME: the name clients show for the subscription, e.g.
  // "Szkolenia JST – Gmina Przykładowo". Left out when empty.
  std::string name;
  // In any order; the feed sorts them.
  std::vector<CalendarEvent> events;
};

// The calendar as an iCalendar feed (UTF-8, CRLF line endings). `dtstamp` is
// when the feed is produced (the caller's clock; written in UTC, fractions
// of a second dropped) and becomes every event's DTSTAMP.
//
// Errors:
//   - InvalidArgument naming the event's uid for an event with an empty uid
//     (named by its position then), a uid used twice, an infinite or
//     fractional start or end, end <= start, an instant before 1996-03-31
//     01:00 UTC, text that is not valid UTF-8 or an infinite last_modified;
//     InvalidArgument for an infinite `dtstamp`;
//   - FailedPrecondition when tzdata lacks Europe/Warsaw (never a feed in
//     UTC), or when tzdata's offset at an event's start or end differs from
//     the one the VTIMEZONE gives (the law changed and this file did not).
absl::StatusOr<std::string> WriteICalendar(const Calendar& calendar,
                                           absl::Time dtstamp);

// The UTC offset the feed's VTIMEZONE gives at `instant`: +02:00 from the
// last Sunday of March 01:00 UTC until the last Sunday of October 01:00 UTC
// of the same year, +01:00 otherwise. Computed from the rule alone, without
// tzdata, so tests can hold the VTIMEZONE against tzdata.
absl::Duration WarsawVTimeZoneOffset(absl::Time instant);

}  // namespace jstedu::training
