#!/usr/bin/env python3
"""Reads iCalendar feeds back with an independent parser (python3-icalendar).

usage: validate_ics.py [--expect EXPECTATIONS.json] FEED.ics...

Each feed must
  - be UTF-8 with CRLF line endings only, lines of at most 75 octets
    (RFC 5545 3.1), and parse with icalendar.Calendar.from_ical;
  - have VERSION:2.0 and a PRODID;
  - give every VEVENT a UID (unique in the feed), DTSTAMP in UTC, DTSTART and
    DTEND as timezone-aware date-times, DTEND after DTSTART;
  - write DTSTART/DTEND as Europe/Warsaw local time (TZID=Europe/Warsaw,
    with a VTIMEZONE of that TZID in the file), where the wall-clock time
    exists and happens only once, and pytz's offset for it equals both
    the system tzdata's (dateutil) and the file's own VTIMEZONE's; or, only
    for a wall-clock time that happens twice (the autumn repeated hour,
    which RFC 5545 and pytz read differently), in UTC.

EXPECTATIONS.json maps a UID to its expected UTC start, as an ISO 8601
string ("2017-04-05T09:00:00Z"), or to {"start": ..., "end": ...}. Every UID
in it must be in one of the feeds.

Exit status 0 when every feed passes, 1 with one line per problem otherwise,
2 for a usage error. python3-icalendar is required: without it the check
fails, it is never skipped.
"""

import argparse
import datetime
import json
import sys

try:
    import icalendar
    import pytz
    from dateutil import tz as dateutil_tz
except ImportError as error:
    print(f"validate_ics: {error}: install python3-icalendar "
          "(tools/packages/build.txt) and run Debian's /usr/bin/python3",
          file=sys.stderr)
    sys.exit(1)

ZONE = "Europe/Warsaw"
MAX_LINE_OCTETS = 75
UTC = datetime.timezone.utc


def check_lines(raw, problems):
    """RFC 5545 3.1: CRLF everywhere, at most 75 octets a line, UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(f"not UTF-8: {error}")
    if not raw.endswith(b"\r\n"):
        problems.append("the last line does not end with CRLF")
    if raw.replace(b"\r\n", b"").count(b"\n"):
        problems.append("bare LF (lines must end with CRLF)")
    if raw.replace(b"\r\n", b"").count(b"\r"):
        problems.append("bare CR (lines must end with CRLF)")
    for number, line in enumerate(raw.split(b"\r\n"), start=1):
        if len(line) > MAX_LINE_OCTETS:
            problems.append(f"line {number} has {len(line)} octets, "
                            f"more than {MAX_LINE_OCTETS}")


def wall_clock_kind(naive):
    """'unique', 'repeated' or 'skipped' for a Warsaw wall-clock time."""
    try:
        pytz.timezone(ZONE).localize(naive, is_dst=None)
    except pytz.exceptions.AmbiguousTimeError:
        return "repeated"
    except pytz.exceptions.NonExistentTimeError:
        return "skipped"
    return "unique"


def check_date_time(uid, name, prop, vtimezones, problems):
    """The property's value as an aware datetime, or None after a problem."""
    if prop is None:
        problems.append(f"{uid}: no {name}")
        return None
    value = prop.dt
    if not isinstance(value, datetime.datetime):
        problems.append(f"{uid}: {name} {value!r} is not a date-time")
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        problems.append(f"{uid}: {name} {value} is floating (no zone)")
        return None
    tzid = prop.params.get("TZID")
    if tzid is None:
        # UTC: allowed only for a wall-clock time that happens twice.
        if value.utcoffset() != datetime.timedelta(0):
            problems.append(f"{uid}: {name} {value} has neither TZID nor UTC")
            return None
        local = value.astimezone(pytz.timezone(ZONE)).replace(tzinfo=None)
        if wall_clock_kind(local) != "repeated":
            problems.append(f"{uid}: {name} is in UTC but {local} happens "
                            f"once in {ZONE}: write it with TZID={ZONE}")
        return value
    if tzid != ZONE:
        problems.append(f"{uid}: {name} has TZID={tzid}, not {ZONE}")
        return None
    if tzid not in vtimezones:
        problems.append(f"{uid}: {name} uses TZID={tzid} but the file has "
                        "no VTIMEZONE with that TZID")
        return None
    naive = value.replace(tzinfo=None)
    kind = wall_clock_kind(naive)
    if kind != "unique":
        problems.append(f"{uid}: {name} {naive} is {kind} in {ZONE}; readers "
                        "would disagree on its instant")
        return None
    # Three readings of one wall-clock time must agree: pytz (what
    # icalendar used), the system tzdata (dateutil) and the VTIMEZONE.
    offsets = {
        "pytz": value.utcoffset(),
        "tzdata": naive.replace(tzinfo=dateutil_tz.gettz(ZONE)).utcoffset(),
        "VTIMEZONE": vtimezones[tzid].localize(naive).utcoffset(),
    }
    if len(set(offsets.values())) != 1:
        readings = ", ".join(f"{k} {v}" for k, v in offsets.items())
        problems.append(f"{uid}: {name} {naive} offsets differ: {readings}")
        return None
    return value


def check_event(event, vtimezones, problems):
    """(uid, start, end) of a VEVENT, start/end None after a problem."""
    uid = str(event.get("UID", ""))
    if not uid:
        problems.append("a VEVENT has no UID")
        uid = "(no UID)"
    dtstamp = event.get("DTSTAMP")
    if dtstamp is None:
        problems.append(f"{uid}: no DTSTAMP")
    elif getattr(dtstamp.dt, "utcoffset", lambda: None)() != datetime.timedelta(0):
        problems.append(f"{uid}: DTSTAMP {dtstamp.dt} is not in UTC")
    start = check_date_time(uid, "DTSTART", event.get("DTSTART"), vtimezones,
                            problems)
    end = check_date_time(uid, "DTEND", event.get("DTEND"), vtimezones,
                          problems)
    if start is not None and end is not None and not end > start:
        problems.append(f"{uid}: DTEND {end} is not after DTSTART {start}")
    return uid, start, end


def check_feed(path, problems):
    """{uid: (start, end)} of the feed at `path`, appending its problems."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as error:
        problems.append(f"cannot read: {error}")
        return {}
    check_lines(raw, problems)
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except Exception as error:  # any parser failure is a finding
        problems.append(f"does not parse: {error}")
        return {}
    if str(calendar.get("VERSION", "")) != "2.0":
        problems.append("VERSION is not 2.0")
    if not calendar.get("PRODID"):
        problems.append("no PRODID")
    vtimezones = {}
    for vtimezone in calendar.walk("VTIMEZONE"):
        vtimezones[str(vtimezone["TZID"])] = vtimezone.to_tz()
    events = {}
    for event in calendar.walk("VEVENT"):
        uid, start, end = check_event(event, vtimezones, problems)
        if uid in events:
            problems.append(f"{uid}: UID used twice")
        events[uid] = (start, end)
    return events


def parse_utc(text):
    value = datetime.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no offset")
    return value.astimezone(UTC)


def check_expectations(path, events, problems):
    try:
        with open(path, encoding="utf-8") as file:
            expectations = json.load(file)
    except (OSError, ValueError) as error:
        problems.append(f"cannot read expectations: {error}")
        return
    for uid, expected in expectations.items():
        if isinstance(expected, str):
            expected = {"start": expected}
        if uid not in events:
            problems.append(f"{uid}: expected but in no feed")
            continue
        for key, value in zip(("start", "end"), events[uid]):
            if key not in expected or value is None:
                continue
            want = parse_utc(expected[key])
            got = value.astimezone(UTC)
            if got != want:
                problems.append(f"{uid}: {key} is {got.isoformat()} in UTC "
                                f"(written {value.isoformat()}), expected "
                                f"{want.isoformat()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", metavar="EXPECTATIONS.json")
    parser.add_argument("feeds", nargs="+", metavar="FEED.ics")
    args = parser.parse_args()

    failed = False
    events = {}
    for path in args.feeds:
        problems = []
        events.update(check_feed(path, problems))
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
    if args.expect:
        problems = []
        check_expectations(args.expect, events, problems)
        for problem in problems:
            print(f"{args.expect}: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
    if failed:
        return 1
    print(f"validate_ics: {len(args.feeds)} feed(s), {len(events)} event(s) "
          f"valid (icalendar {icalendar.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
