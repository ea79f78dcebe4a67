#include "common/time/civil_time.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jstedu {
namespace {

// "YYYY-MM-DDTHH:MM": the separators' positions; every other position holds
// a digit.
constexpr std::size_t kLocalDateTimeLength = 16;
constexpr struct {
  std::size_t position;
  char separator;
} kSeparators[] = {{4, '-'}, {7, '-'}, {10, 'T'}, {13, ':'}};

bool IsSeparatorPosition(std::size_t position) {
  for (const auto& s : kSeparators) {
    if (s.position == position) return true;
  }
  return false;
}

bool HasLocalDateTimeShape(std::string_view text) {
  if (text.size() != kLocalDateTimeLength) return false;
  for (const auto& s : kSeparators) {
    if (text[s.position] != s.separator) return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsSeparatorPosition(i)) continue;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

// The number written by the digits text[begin, begin + count); the caller
// has checked they are digits.
int NumberAt(std::string_view text, std::size_t begin, std::size_t count) {
  int value = 0;
  for (std::size_t i = begin; i < begin + count; ++i) {
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// absl::CivilMinute normalises out-of-range fields (31 April becomes 1 May,
// 24:00 the next day), so the fields are valid exactly when they survive
// the round trip.
bool IsRealCivilMinute(int year, int month, int day, int hour, int minute) {
  absl::CivilMinute civil(year, month, day, hour, minute);
  return civil.year() == year && civil.month() == month && civil.day() == day &&
         civil.hour() == hour && civil.minute() == minute;
}

// "+02:00 (CEST)": the offset and abbreviation in force at `instant`.
std::string OffsetAndAbbreviation(absl::Time instant, absl::TimeZone zone) {
  return absl::StrCat(absl::FormatTime("%Ez", instant, zone), " (",
                      zone.At(instant).zone_abbr, ")");
}

// "02:00": the time of day of `civil`, for messages about one night.
std::string FormatWallClock(absl::CivilSecond civil) {
  return absl::FormatCivilTime(absl::CivilMinute(civil)).substr(11);
}

absl::Status GapError(absl::CivilMinute local, absl::TimeZone zone,
                      const absl::TimeZone::TimeInfo& info) {
  // For a skipped time `pre` (old offset) lies after `post` (new offset) by
  // exactly the length of the jump, so the gap starts that long before the
  // wall-clock time shown at the transition.
  absl::CivilSecond gap_end = zone.At(info.trans).cs;
  absl::CivilSecond gap_start =
      gap_end - absl::ToInt64Seconds(info.pre - info.post);
  return absl::InvalidArgumentError(absl::StrCat(
      absl::FormatCivilTime(local), " does not exist in ",
      kProgrammeTimeZoneName,
      ": it falls in the spring-forward gap, when clocks jump from ",
      FormatWallClock(gap_start), " ",
      OffsetAndAbbreviation(info.trans - absl::Seconds(1), zone), " to ",
      FormatWallClock(gap_end), " ", OffsetAndAbbreviation(info.trans, zone)));
}

absl::Status AmbiguityError(absl::CivilMinute local, absl::TimeZone zone,
                            const absl::TimeZone::TimeInfo& info) {
  return absl::InvalidArgumentError(absl::StrCat(
      absl::FormatCivilTime(local), " is ambiguous in ", kProgrammeTimeZoneName,
      ": it falls in the autumn overlap and occurs twice, first at ",
      OffsetAndAbbreviation(info.pre, zone), " and ",
      absl::FormatDuration(info.post - info.pre), " later at ",
      OffsetAndAbbreviation(info.post, zone),
      "; say whether the earlier or the later instant is meant"));
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadZone(std::string_view name) {
  std::string zone_name(name);
  absl::TimeZone zone;
  // absl::LoadTimeZone falls back to UTC on failure; computing in UTC would
  // silently shift every instant by one or two hours, so refuse instead.
  if (!absl::LoadTimeZone(zone_name, &zone)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "time zone ", zone_name,
        " is not in the system's tzdata (install the tzdata package or set "
        "TZDIR); refusing to fall back to UTC"));
  }
  return zone;
}

absl::StatusOr<absl::TimeZone> ProgrammeTimeZone() {
  // Loaded once: reading tzdata on every conversion is wasted I/O. A failure
  // is cached too, since tzdata does not appear while the process runs.
  // Leaked on purpose (no destructor runs at exit).
  static const absl::StatusOr<absl::TimeZone>* const kZone =
      new absl::StatusOr<absl::TimeZone>(LoadZone(kProgrammeTimeZoneName));
  return *kZone;
}

const absl::TimeZone& ProgrammeZone() {
  static const absl::TimeZone* const kZone = [] {
    absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
    if (!zone.ok()) {
      std::fprintf(stderr, "fatal: %s\n", zone.status().ToString().c_str());
      std::abort();
    }
    return new absl::TimeZone(*zone);
  }();
  return *kZone;
}

absl::CivilDay ProgrammeDay(absl::Time instant) {
  return absl::ToCivilDay(instant, ProgrammeZone());
}

absl::StatusOr<absl::CivilMinute> ParseLocalDateTime(std::string_view text) {
  // Hand-written rather than absl::ParseCivilTime, which also accepts
  // signed and five-digit years; people and clients get one spelling.
  if (!HasLocalDateTimeShape(text)) {
    return absl::InvalidArgumentError(
        "local date-time must be written exactly as YYYY-MM-DDTHH:MM");
  }
  int year = NumberAt(text, 0, 4);
  int month = NumberAt(text, 5, 2);
  int day = NumberAt(text, 8, 2);
  int hour = NumberAt(text, 11, 2);
  int minute = NumberAt(text, 14, 2);
  if (!IsRealCivilMinute(year, month, day, hour, minute)) {
    return absl::InvalidArgumentError(
        absl::StrCat("local date-time ", std::string(text),
                     " is not a real calendar date and time of day"));
  }
  return absl::CivilMinute(year, month, day, hour, minute);
}

absl::StatusOr<absl::Time> LocalToInstant(absl::CivilMinute local,
                                          AmbiguousTime ambiguous) {
  absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();
  absl::TimeZone::TimeInfo info = zone->At(absl::CivilSecond(local));
  switch (info.kind) {
    case absl::TimeZone::TimeInfo::UNIQUE:
      return info.pre;
    case absl::TimeZone::TimeInfo::SKIPPED:
      return GapError(local, *zone, info);
    case absl::TimeZone::TimeInfo::REPEATED:
      switch (ambiguous) {
        case AmbiguousTime::kEarlierInstant:
          return info.pre;
        case AmbiguousTime::kLaterInstant:
          return info.post;
        case AmbiguousTime::kRefuse:
          break;
      }
      return AmbiguityError(local, *zone, info);
  }
  return absl::InternalError("unknown kind of civil time");
}

absl::StatusOr<absl::Time> ParseLocalInstant(std::string_view text,
                                             AmbiguousTime ambiguous) {
  absl::StatusOr<absl::CivilMinute> local = ParseLocalDateTime(text);
  if (!local.ok()) return local.status();
  return LocalToInstant(*local, ambiguous);
}

absl::StatusOr<std::string> FormatLocal(absl::Time instant) {
  if (instant == absl::InfiniteFuture() || instant == absl::InfinitePast()) {
    return absl::InvalidArgumentError("an infinite time has no local form");
  }
  absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
  if (!zone.ok()) return zone.status();
  // %E*S prints fractional seconds only when there are any.
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*S%Ez", instant, *zone);
}

}  // namespace jstedu
