#include "services/training/domain/icalendar.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/civil_time.h"

namespace jstedu::training {
namespace {

// RFC 5545 3.1: content lines longer than this many octets, CRLF excluded,
// are folded.
constexpr std::size_t kMaxLineOctets = 75;

absl::Time UtcInstant(absl::CivilSecond civil) {
  return absl::FromCivil(civil, absl::UTCTimeZone());
}

absl::CivilDay LastSundayOf(int64_t year, int month) {
  absl::CivilDay day = absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
  while (absl::GetWeekday(day) != absl::Weekday::sunday) --day;
  return day;
}

// The rule the VTIMEZONE below states: clocks change at 01:00 UTC (02:00 CET
// in spring, 03:00 CEST in autumn) on the last Sundays of March and October.
absl::Time SummerTimeStart(int64_t year) {
  return UtcInstant(absl::CivilSecond(LastSundayOf(year, 3)) + 3600);
}
absl::Time SummerTimeEnd(int64_t year) {
  return UtcInstant(absl::CivilSecond(LastSundayOf(year, 10)) + 3600);
}

// Both observances start in 1996; before the first onset a client has no
// rule to go by.
absl::Time FirstOnset() { return SummerTimeStart(1996); }

// Appends `line` and CRLF to `out`, folded (RFC 5545 3.1) so that no line
// exceeds kMaxLineOctets: each continuation line starts with one space,
// which counts. A cut never falls before a UTF-8 continuation byte, so no
// character is split across lines.
void AppendContentLine(absl::string_view line, std::string& out) {
  std::size_t limit = kMaxLineOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while ((static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.data(), cut);
    out.append("\r\n ");
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;
  }
  out.append(line.data(), line.size());
  out.append("\r\n");
}

// RFC 5545 3.3.11. Tab is allowed in TEXT; every other ASCII control
// character is not, so it is dropped (a CR of a CRLF included: the LF alone
// becomes "\n").
std::string EscapeText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char octet = static_cast<unsigned char>(c);
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case ';':
        out.append("\\;");
        break;
      case ',':
        out.append("\\,");
        break;
      case '\n':
        out.append("\\n");
        break;
      default:
        if ((octet < 0x20 && c != '\t') || octet == 0x7F) break;
        out.push_back(c);
    }
  }
  return out;
}

// Well-formed UTF-8: no stray continuation bytes, no truncated, overlong or
// surrogate sequences, nothing above U+10FFFF. Feeds must be UTF-8 (RFC 5545
// 3.1.4) and folding relies on it.
bool IsValidUtf8(absl::string_view text) {
  constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    std::size_t length;
    uint32_t code_point;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string FormatUtc(absl::Time instant) {
  return absl::FormatTime("%Y%m%dT%H%M%SZ", instant, absl::UTCTimeZone());
}

std::string Rfc3339Utc(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", instant, absl::UTCTimeZone());
}

bool IsInfinite(absl::Time instant) {
  return instant == absl::InfiniteFuture() || instant == absl::InfinitePast();
}

absl::Status EventError(const CalendarEvent& event, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("event \"", event.uid, "\": ", problem));
}

// `instant` (the event's `what`) can be written and is described alike by
// tzdata and by the feed's VTIMEZONE.
absl::Status CheckEventInstant(const CalendarEvent& event,
                               absl::string_view what, absl::Time instant,
                               absl::TimeZone zone) {
  if (IsInfinite(instant)) {
    return EventError(event, absl::StrCat(what, " is infinite"));
  }
  if (instant != absl::FromUnixSeconds(absl::ToUnixSeconds(instant))) {
    return EventError(event, absl::StrCat(what, " ", Rfc3339Utc(instant),
                                          " has a fraction of a second; "
                                          "iCalendar has whole seconds"));
  }
  if (instant < FirstOnset()) {
    return EventError(
        event, absl::StrCat(what, " ", Rfc3339Utc(instant), " is before ",
                            Rfc3339Utc(FirstOnset()),
                            ", where the feed's VTIMEZONE rules begin"));
  }
  absl::Duration tzdata_offset = absl::Seconds(zone.At(instant).offset);
  absl::Duration feed_offset = WarsawVTimeZoneOffset(instant);
  if (tzdata_offset != feed_offset) {
    return absl::FailedPreconditionError(absl::StrCat(
        "event \"", event.uid, "\": at ", Rfc3339Utc(instant), " tzdata puts ",
        kProgrammeTimeZoneName, " at UTC+", absl::FormatDuration(tzdata_offset),
        " but the feed's VTIMEZONE says UTC+",
        absl::FormatDuration(feed_offset),
        "; the VTIMEZONE in icalendar.cc must follow the law"));
  }
  return absl::OkStatus();
}

absl::Status CheckEvent(const CalendarEvent& event, std::size_t position,
                        absl::TimeZone zone) {
  if (event.uid.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event #", position + 1, " has an empty uid"));
  }
  for (const std::string* text :
       {&event.uid, &event.summary, &event.location, &event.description}) {
    if (!IsValidUtf8(*text)) {
      return EventError(event, "text is not valid UTF-8");
    }
  }
  for (auto [what, instant] :
       {std::pair{"start", event.start}, std::pair{"end", event.end}}) {
    absl::Status status = CheckEventInstant(event, what, instant, zone);
    if (!status.ok()) return status;
  }
  if (event.end <= event.start) {
    return EventError(
        event, absl::StrCat("end ", Rfc3339Utc(event.end),
                            " is not after start ", Rfc3339Utc(event.start)));
  }
  if (event.last_modified.has_value() && IsInfinite(*event.last_modified)) {
    return EventError(event, "last_modified is infinite");
  }
  return absl::OkStatus();
}

// DTSTART or DTEND. Warsaw wall-clock time with TZID, unless that wall-clock
// time happens twice: RFC 5545 3.3.5 then means the first occurrence but
// pytz, for one, takes the second, so UTC leaves no reader room to differ.
std::string DateTimeLine(absl::string_view name, absl::Time instant,
                         absl::TimeZone zone) {
  absl::CivilSecond local = zone.At(instant).cs;
  if (zone.At(local).kind == absl::TimeZone::TimeInfo::REPEATED) {
    return absl::StrCat(name, ":", FormatUtc(instant));
  }
  return absl::StrCat(name, ";TZID=", kProgrammeTimeZoneName, ":",
                      absl::FormatTime("%Y%m%dT%H%M%S", instant, zone));
}

void AppendTextLine(absl::string_view name, absl::string_view text,
                    std::string& out) {
  if (text.empty()) return;
  AppendContentLine(absl::StrCat(name, ":", EscapeText(text)), out);
}

void AppendEvent(const CalendarEvent& event, absl::Time dtstamp,
                 absl::TimeZone zone, std::string& out) {
  AppendContentLine("BEGIN:VEVENT", out);
  AppendTextLine("UID", event.uid, out);
  AppendContentLine(absl::StrCat("DTSTAMP:", FormatUtc(dtstamp)), out);
  AppendContentLine(DateTimeLine("DTSTART", event.start, zone), out);
  AppendContentLine(DateTimeLine("DTEND", event.end, zone), out);
  AppendTextLine("SUMMARY", event.summary, out);
  AppendTextLine("LOCATION", event.location, out);
  AppendTextLine("DESCRIPTION", event.description, out);
  if (event.last_modified.has_value()) {
    AppendContentLine(
        absl::StrCat("LAST-MODIFIED:", FormatUtc(*event.last_modified)), out);
  }
  AppendContentLine("END:VEVENT", out);
}

// The rule WarsawVTimeZoneOffset computes, as RFC 5545 writes it. Each
// DTSTART is the wall-clock time of the change in the offset it changes
// from (TZOFFSETFROM): 1996-03-31 02:00 CET and 1996-10-27 03:00 CEST, both
// 01:00 UTC.
void AppendVTimeZone(std::string& out) {
  AppendContentLine("BEGIN:VTIMEZONE", out);
  AppendContentLine(absl::StrCat("TZID:", kProgrammeTimeZoneName), out);
  for (absl::string_view line : {
           "BEGIN:STANDARD",
           "DTSTART:19961027T030000",
           "TZOFFSETFROM:+0200",
           "TZOFFSETTO:+0100",
           "TZNAME:CET",
           "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
           "END:STANDARD",
           "BEGIN:DAYLIGHT",
           "DTSTART:19960331T020000",
           "TZOFFSETFROM:+0100",
           "TZOFFSETTO:+0200",
           "TZNAME:CEST",
           "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
           "END:DAYLIGHT",
           "END:VTIMEZONE",
       }) {
    AppendContentLine(line, out);
  }
}

}  // namespace

absl::Duration WarsawVTimeZoneOffset(absl::Time instant) {
  int64_t year = absl::ToCivilYear(instant, absl::UTCTimeZone()).year();
  bool summer =
      SummerTimeStart(year) <= instant && instant < SummerTimeEnd(year);
  return absl::Hours(summer ? 2 : 1);
}

absl::StatusOr<std::string> WriteICalendar(const Calendar& calendar,
                                           absl::Time dtstamp) {
  if (IsInfinite(dtstamp)) {
    return absl::InvalidArgumentError("dtstamp is infinite");
  }
  if (!IsValidUtf8(calendar.name)) {
    return absl::InvalidArgumentError("calendar name is not valid UTF-8");
  }
  absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();

  std::vector<const CalendarEvent*> events;
  events.reserve(calendar.events.size());
  std::set<absl::string_view> uids;
  for (std::size_t i = 0; i < calendar.events.size(); ++i) {
    const CalendarEvent& event = calendar.events[i];
    absl::Status status = CheckEvent(event, i, *zone);
    if (!status.ok()) return status;
    // Clients key events by UID: a second one would silently replace the
    // first.
    if (!uids.insert(event.uid).second) {
      return EventError(event, "uid is used by more than one event");
    }
    events.push_back(&event);
  }
  std::sort(events.begin(), events.end(),
            [](const CalendarEvent* a, const CalendarEvent* b) {
              return std::tie(a->start, a->uid) < std::tie(b->start, b->uid);
            });

  std::string out;
  AppendContentLine("BEGIN:VCALENDAR", out);
  AppendContentLine("VERSION:2.0", out);
  AppendContentLine(absl::StrCat("PRODID:", kICalendarProductId), out);
  AppendContentLine("CALSCALE:GREGORIAN", out);
  AppendContentLine("METHOD:PUBLISH", out);
  AppendTextLine("X-WR-CALNAME", calendar.name, out);
  AppendContentLine(absl::StrCat("X-WR-TIMEZONE:", kProgrammeTimeZoneName),
                    out);
  AppendVTimeZone(out);
  for (const CalendarEvent* event : events) {
    AppendEvent(*event, dtstamp, *zone, out);
  }
  AppendContentLine("END:VCALENDAR", out);
  return out;
}

}  // namespace jstedu::training
