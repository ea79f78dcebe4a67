#include "services/training/domain/icalendar.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The instant of a UTC wall-clock reading, built without the code under test.
absl::Time Utc(int year, int month, int day, int hour, int minute,
               int second = 0) {
  return absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second),
      absl::UTCTimeZone());
}

// The injected "now" of every feed here.
absl::Time Dtstamp() { return Utc(2017, 3, 1, 8, 0); }

CalendarEvent Event(std::string uid, absl::Time start, absl::Time end,
                    std::string summary = "") {
  CalendarEvent event;
  event.uid = std::move(uid);
  event.start = start;
  event.end = end;
  event.summary = std::move(summary);
  return event;
}

std::string MustWrite(const Calendar& calendar) {
  absl::StatusOr<std::string> feed = WriteICalendar(calendar, Dtstamp());
  EXPECT_TRUE(feed.ok()) << feed.status();
  return feed.value_or("");
}

std::string MustWrite(std::vector<CalendarEvent> events) {
  return MustWrite(Calendar{"Szkolenia", std::move(events)});
}

// The feed's physical lines, without their CRLF.
std::vector<std::string> PhysicalLines(const std::string& feed) {
  std::vector<std::string> lines = absl::StrSplit(feed, "\r\n");
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// The content lines, unfolded as RFC 5545 3.1 says a reader does.
std::vector<std::string> ContentLines(const std::string& feed) {
  return PhysicalLines(absl::StrReplaceAll(feed, {{"\r\n ", ""}}));
}

// The unfolded lines of property `name` (with or without parameters),
// outside the VTIMEZONE.
std::vector<std::string> Property(const std::string& feed,
                                  const std::string& name) {
  std::vector<std::string> found;
  bool in_vtimezone = false;
  for (const std::string& line : ContentLines(feed)) {
    if (line == "BEGIN:VTIMEZONE") in_vtimezone = true;
    if (line == "END:VTIMEZONE") in_vtimezone = false;
    if (in_vtimezone) continue;
    if (absl::StartsWith(line, name + ":") ||
        absl::StartsWith(line, name + ";")) {
      found.push_back(line);
    }
  }
  return found;
}

// InvalidArgument whose message names the event (`who`) and `why`.
void ExpectInvalidArgument(std::vector<CalendarEvent> events,
                           const std::string& who, const std::string& why) {
  absl::StatusOr<std::string> feed =
      WriteICalendar(Calendar{"Szkolenia", std::move(events)}, Dtstamp());
  EXPECT_TRUE(absl::IsInvalidArgument(feed.status())) << feed.status();
  EXPECT_THAT(std::string(feed.status().message()),
              AllOf(HasSubstr(who), HasSubstr(why)));
}

// ---------------------------------------------------------------------------
// The calendar and its VTIMEZONE.

TEST(ICalendarTest, CalendarPropertiesNameTheProductAndTheZone) {
  std::vector<std::string> lines =
      ContentLines(MustWrite(Calendar{"Szkolenia JST", {}}));
  ASSERT_GE(lines.size(), 8u);
  EXPECT_THAT(
      std::vector<std::string>(lines.begin(), lines.begin() + 7),
      ElementsAre("BEGIN:VCALENDAR", "VERSION:2.0",
                  "PRODID:-//jstedu//training//PL", "CALSCALE:GREGORIAN",
                  "METHOD:PUBLISH", "X-WR-CALNAME:Szkolenia JST",
                  "X-WR-TIMEZONE:Europe/Warsaw"));
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
}

TEST(ICalendarTest, VTimeZoneDescribesWarsawSince1996) {
  std::string feed = MustWrite(Calendar{"Szkolenia", {}});
  EXPECT_THAT(feed, HasSubstr("BEGIN:VTIMEZONE\r\n"
                              "TZID:Europe/Warsaw\r\n"
                              "BEGIN:STANDARD\r\n"
                              "DTSTART:19961027T030000\r\n"
                              "TZOFFSETFROM:+0200\r\n"
                              "TZOFFSETTO:+0100\r\n"
                              "TZNAME:CET\r\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                              "END:STANDARD\r\n"
                              "BEGIN:DAYLIGHT\r\n"
                              "DTSTART:19960331T020000\r\n"
                              "TZOFFSETFROM:+0100\r\n"
                              "TZOFFSETTO:+0200\r\n"
                              "TZNAME:CEST\r\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                              "END:DAYLIGHT\r\n"
                              "END:VTIMEZONE\r\n"));
}

TEST(WarsawVTimeZoneOffsetTest, ObservancesStartOnTheLastSundaysOf1996) {
  for (absl::CivilDay day :
       {absl::CivilDay(1996, 3, 31), absl::CivilDay(1996, 10, 27)}) {
    EXPECT_EQ(absl::GetWeekday(day), absl::Weekday::sunday) << day;
    EXPECT_NE((day + 7).month(), day.month()) << day;
  }
  // 02:00 CET and 03:00 CEST, the two DTSTARTs, are both 01:00 UTC.
  EXPECT_EQ(WarsawVTimeZoneOffset(Utc(1996, 3, 31, 0, 59, 59)), absl::Hours(1));
  EXPECT_EQ(WarsawVTimeZoneOffset(Utc(1996, 3, 31, 1, 0)), absl::Hours(2));
  EXPECT_EQ(WarsawVTimeZoneOffset(Utc(1996, 10, 27, 0, 59, 59)),
            absl::Hours(2));
  EXPECT_EQ(WarsawVTimeZoneOffset(Utc(1996, 10, 27, 1, 0)), absl::Hours(1));
}

TEST(WarsawVTimeZoneOffsetTest, AgreesWithTzdataEveryHourFrom1996To2100) {
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  int disagreements = 0;
  for (absl::Time t = Utc(1996, 3, 31, 1, 0); t < Utc(2100, 1, 1, 0, 0);
       t += absl::Hours(1)) {
    // On the hour and one second before it: the changes fall on the hour.
    for (absl::Time instant : {t, t - absl::Seconds(1)}) {
      absl::Duration tzdata = absl::Seconds(warsaw.At(instant).offset);
      if (WarsawVTimeZoneOffset(instant) != tzdata && ++disagreements <= 5) {
        ADD_FAILURE() << "at " << instant << " tzdata says " << tzdata;
      }
    }
  }
  EXPECT_EQ(disagreements, 0);
}

// ---------------------------------------------------------------------------
// Events' times.

TEST(ICalendarTest, AprilModuleIsWrittenInCest) {
  std::string feed = MustWrite({Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                                      Utc(2017, 4, 5, 12, 30))});
  EXPECT_THAT(Property(feed, "DTSTART"),
              ElementsAre("DTSTART;TZID=Europe/Warsaw:20170405T110000"));
  EXPECT_THAT(Property(feed, "DTEND"),
              ElementsAre("DTEND;TZID=Europe/Warsaw:20170405T143000"));
}

TEST(ICalendarTest, NovemberModuleIsWrittenInCet) {
  std::string feed = MustWrite({Event(
      "module-5@jstedu", Utc(2017, 11, 22, 10, 0), Utc(2017, 11, 22, 13, 30))});
  EXPECT_THAT(Property(feed, "DTSTART"),
              ElementsAre("DTSTART;TZID=Europe/Warsaw:20171122T110000"));
  EXPECT_THAT(Property(feed, "DTEND"),
              ElementsAre("DTEND;TZID=Europe/Warsaw:20171122T143000"));
}

TEST(ICalendarTest, EventAcrossTheAutumnDstNightHasBothWallClocks) {
  // 22:00 CEST on Saturday to 07:00 CET on Sunday: ten hours.
  std::string feed = MustWrite({Event("night@jstedu", Utc(2017, 10, 28, 20, 0),
                                      Utc(2017, 10, 29, 6, 0))});
  EXPECT_THAT(Property(feed, "DTSTART"),
              ElementsAre("DTSTART;TZID=Europe/Warsaw:20171028T220000"));
  EXPECT_THAT(Property(feed, "DTEND"),
              ElementsAre("DTEND;TZID=Europe/Warsaw:20171029T070000"));
}

TEST(ICalendarTest, EventAcrossTheSpringDstNightHasBothWallClocks) {
  // 22:00 CET on Saturday to 08:00 CEST on Sunday: nine hours.
  std::string feed = MustWrite(
      {Event("night@jstedu", Utc(2017, 3, 25, 21, 0), Utc(2017, 3, 26, 6, 0))});
  EXPECT_THAT(Property(feed, "DTSTART"),
              ElementsAre("DTSTART;TZID=Europe/Warsaw:20170325T220000"));
  EXPECT_THAT(Property(feed, "DTEND"),
              ElementsAre("DTEND;TZID=Europe/Warsaw:20170326T080000"));
}

TEST(ICalendarTest, RepeatedAutumnHourIsWrittenInUtc) {
  // 02:00–02:59:59 happens at 00:00Z (CEST) and again at 01:00Z (CET).
  struct Case {
    absl::Time start;
    std::string dtstart;
  } cases[] = {
      {Utc(2017, 10, 28, 23, 59, 59),
       "DTSTART;TZID=Europe/Warsaw:20171029T015959"},
      {Utc(2017, 10, 29, 0, 0), "DTSTART:20171029T000000Z"},
      {Utc(2017, 10, 29, 0, 30), "DTSTART:20171029T003000Z"},
      {Utc(2017, 10, 29, 1, 30), "DTSTART:20171029T013000Z"},
      {Utc(2017, 10, 29, 1, 59, 59), "DTSTART:20171029T015959Z"},
      {Utc(2017, 10, 29, 2, 0), "DTSTART;TZID=Europe/Warsaw:20171029T030000"},
  };
  for (const Case& c : cases) {
    std::string feed =
        MustWrite({Event("early@jstedu", c.start, c.start + absl::Hours(3))});
    EXPECT_THAT(Property(feed, "DTSTART"), ElementsAre(c.dtstart));
  }
}

TEST(ICalendarTest, DtstampAndLastModifiedAreUtc) {
  CalendarEvent event =
      Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0), Utc(2017, 4, 5, 12, 30));
  event.last_modified = Utc(2017, 2, 14, 16, 45, 30) + absl::Milliseconds(250);
  std::string feed = MustWrite({event});
  EXPECT_THAT(Property(feed, "DTSTAMP"),
              ElementsAre("DTSTAMP:20170301T080000Z"));
  EXPECT_THAT(Property(feed, "LAST-MODIFIED"),
              ElementsAre("LAST-MODIFIED:20170214T164530Z"));
}

TEST(ICalendarTest, EmptyTextAndUnsetLastModifiedAreLeftOut) {
  std::string feed =
      MustWrite(Calendar{"",
                         {Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                                Utc(2017, 4, 5, 12, 30))}});
  for (const char* name : {"X-WR-CALNAME", "SUMMARY", "LOCATION", "DESCRIPTION",
                           "LAST-MODIFIED"}) {
    EXPECT_THAT(Property(feed, name), ElementsAre()) << name;
  }
  EXPECT_THAT(Property(feed, "UID"), ElementsAre("UID:module-1@jstedu"));
}

// ---------------------------------------------------------------------------
// Text: escaping, UTF-8, folding, line endings.

TEST(ICalendarTest, EscapesTextPerRfc5545) {
  CalendarEvent event =
      Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0), Utc(2017, 4, 5, 12, 30),
            "a\\b;c,d\ne\r\nf\x01g\th\x7Fi:\"j\"");
  event.location = "Urząd Gminy, ul. Główna 1; sala 12";
  event.description = "Linia 1\nLinia 2\r\n\\n to nie nowa linia";
  std::string feed = MustWrite({event});
  EXPECT_THAT(Property(feed, "SUMMARY"),
              ElementsAre("SUMMARY:a\\\\b\\;c\\,d\\ne\\nfg\thi:\"j\""));
  EXPECT_THAT(Property(feed, "LOCATION"),
              ElementsAre("LOCATION:Urząd Gminy\\, ul. Główna 1\\; sala 12"));
  EXPECT_THAT(
      Property(feed, "DESCRIPTION"),
      ElementsAre("DESCRIPTION:Linia 1\\nLinia 2\\n\\\\n to nie nowa linia"));
}

TEST(ICalendarTest, EscapesTheCalendarNameAndUid) {
  std::string feed = MustWrite(Calendar{
      "Gmina A, powiat B; 2017",
      {Event("a,b;c@jstedu", Utc(2017, 4, 5, 9, 0), Utc(2017, 4, 5, 12, 30))}});
  EXPECT_THAT(Property(feed, "X-WR-CALNAME"),
              ElementsAre("X-WR-CALNAME:Gmina A\\, powiat B\\; 2017"));
  EXPECT_THAT(Property(feed, "UID"), ElementsAre("UID:a\\,b\\;c@jstedu"));
}

TEST(ICalendarTest, FoldsLongPolishSummaryAt75OctetsBetweenCharacters) {
  std::string summary;
  for (int i = 0; i < 8; ++i) summary += "Zażółć gęślą jaźń – źdźbło żółwia. ";
  std::string feed = MustWrite({Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                                      Utc(2017, 4, 5, 12, 30), summary)});

  int continuation_lines = 0;
  for (const std::string& line : PhysicalLines(feed)) {
    EXPECT_LE(line.size(), 75u) << line;
    if (line.empty() || line[0] != ' ') continue;
    ++continuation_lines;
    // One space, then a whole character: never a UTF-8 continuation byte.
    ASSERT_GE(line.size(), 2u);
    EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80) << line;
    EXPECT_NE(line[1], ' ') << "a fold must add exactly one space";
  }
  EXPECT_GE(continuation_lines, 5);
  // Each physical line ends on a whole character: its last lead byte has
  // all its continuation bytes.
  for (const std::string& line : PhysicalLines(feed)) {
    std::size_t i = line.size();
    std::size_t trailing = 0;
    while (i > 0 && (static_cast<unsigned char>(line[i - 1]) & 0xC0) == 0x80) {
      --i;
      ++trailing;
    }
    if (i == 0 || static_cast<unsigned char>(line[i - 1]) < 0x80) continue;
    unsigned char lead = static_cast<unsigned char>(line[i - 1]);
    std::size_t expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    EXPECT_EQ(trailing, expected) << line;
  }
  // Unfolding gives the UTF-8 text back unchanged (nothing to escape here).
  EXPECT_THAT(Property(feed, "SUMMARY"), ElementsAre("SUMMARY:" + summary));
}

TEST(ICalendarTest, FoldCutsBeforeATwoOctetCharacterThatWouldCrossOctet75) {
  // "SUMMARY:" is 8 octets; 66 more make 74, so "ż" would take octets 75
  // and 76 and goes to the next line whole.
  std::string feed =
      MustWrite({Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                       Utc(2017, 4, 5, 12, 30), std::string(66, 'a') + "żx")});
  EXPECT_THAT(PhysicalLines(feed), Contains("SUMMARY:" + std::string(66, 'a')));
  EXPECT_THAT(PhysicalLines(feed), Contains(" żx"));

  // With 67, the line is exactly 75 octets and "ż" starts the next one.
  feed =
      MustWrite({Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                       Utc(2017, 4, 5, 12, 30), std::string(67, 'a') + "żx")});
  EXPECT_THAT(PhysicalLines(feed), Contains("SUMMARY:" + std::string(67, 'a')));
  EXPECT_THAT(PhysicalLines(feed), Contains(" żx"));

  // A 75-octet line is not folded at all.
  feed = MustWrite({Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0),
                          Utc(2017, 4, 5, 12, 30), std::string(67, 'a'))});
  EXPECT_THAT(PhysicalLines(feed), Contains("SUMMARY:" + std::string(67, 'a')));
  for (const std::string& line : PhysicalLines(feed)) {
    EXPECT_FALSE(absl::StartsWith(line, " ")) << line;
  }
}

TEST(ICalendarTest, UsesCrlfOnlyAndEndsWithCrlf) {
  CalendarEvent event =
      Event("module-1@jstedu", Utc(2017, 4, 5, 9, 0), Utc(2017, 4, 5, 12, 30),
            "Wiersz 1\nWiersz 2\r\nWiersz 3\rkoniec" + std::string(100, 'x'));
  event.description = std::string(200, 'y');
  std::string feed = MustWrite({event});
  ASSERT_GE(feed.size(), 2u);
  EXPECT_EQ(feed.substr(feed.size() - 2), "\r\n");
  for (std::size_t i = 0; i < feed.size(); ++i) {
    if (feed[i] == '\r') {
      ASSERT_LT(i + 1, feed.size());
      EXPECT_EQ(feed[i + 1], '\n') << "bare CR at octet " << i;
    }
    if (feed[i] == '\n') {
      EXPECT_TRUE(i > 0 && feed[i - 1] == '\r') << "bare LF at octet " << i;
    }
  }
}

// ---------------------------------------------------------------------------
// Order.

std::vector<std::string> Uids(const std::string& feed) {
  return Property(feed, "UID");
}

TEST(ICalendarTest, SortsEventsByStartThenUid) {
  absl::Time april = Utc(2017, 4, 5, 9, 0);
  absl::Time june = Utc(2017, 6, 21, 9, 0);
  std::string feed = MustWrite({
      Event("c@jstedu", june, june + absl::Hours(2)),
      Event("b@jstedu", april, april + absl::Hours(3)),
      Event("a@jstedu", june, june + absl::Hours(1)),
      Event("d@jstedu", april, april + absl::Hours(1)),
  });
  EXPECT_THAT(Uids(feed), ElementsAre("UID:b@jstedu", "UID:d@jstedu",
                                      "UID:a@jstedu", "UID:c@jstedu"));
}

TEST(ICalendarTest, SameEventsInAnyOrderGiveTheSameBytes) {
  std::vector<CalendarEvent> events;
  for (int i = 0; i < 4; ++i) {
    absl::Time start = Utc(2017, 4, 5 + i % 2, 9, 0);
    events.push_back(Event(absl::StrCat("s", i, "@jstedu"), start,
                           start + absl::Hours(1), absl::StrCat("dzień ", i)));
  }
  std::sort(events.begin(), events.end(),
            [](const CalendarEvent& a, const CalendarEvent& b) {
              return a.uid < b.uid;
            });
  const std::string first = MustWrite(events);
  do {
    EXPECT_EQ(MustWrite(events), first);
  } while (
      std::next_permutation(events.begin(), events.end(),
                            [](const CalendarEvent& a, const CalendarEvent& b) {
                              return a.uid < b.uid;
                            }));
}

// ---------------------------------------------------------------------------
// Refusals.

TEST(ICalendarRefusalTest, EndNotAfterStartNamesTheUid) {
  absl::Time start = Utc(2017, 4, 5, 9, 0);
  ExpectInvalidArgument({Event("zero@jstedu", start, start)}, "zero@jstedu",
                        "is not after start");
  ExpectInvalidArgument(
      {Event("backwards@jstedu", start, start - absl::Minutes(1))},
      "backwards@jstedu", "is not after start");
}

TEST(ICalendarRefusalTest, EmptyUidIsNamedByPosition) {
  absl::Time start = Utc(2017, 4, 5, 9, 0);
  ExpectInvalidArgument({Event("ok@jstedu", start, start + absl::Hours(1)),
                         Event("", start, start + absl::Hours(1))},
                        "event #2", "empty uid");
}

TEST(ICalendarRefusalTest, UidUsedTwice) {
  absl::Time start = Utc(2017, 4, 5, 9, 0);
  ExpectInvalidArgument(
      {Event("twice@jstedu", start, start + absl::Hours(1)),
       Event("twice@jstedu", start + absl::Hours(2), start + absl::Hours(3))},
      "twice@jstedu", "more than one event");
}

TEST(ICalendarRefusalTest, FractionOfASecond) {
  absl::Time start = Utc(2017, 4, 5, 9, 0) + absl::Milliseconds(1);
  ExpectInvalidArgument({Event("frac@jstedu", start, start + absl::Hours(1))},
                        "frac@jstedu", "fraction of a second");
}

TEST(ICalendarRefusalTest, InfiniteTimes) {
  absl::Time start = Utc(2017, 4, 5, 9, 0);
  ExpectInvalidArgument(
      {Event("forever@jstedu", start, absl::InfiniteFuture())},
      "forever@jstedu", "end is infinite");
  CalendarEvent event = Event("edited@jstedu", start, start + absl::Hours(1));
  event.last_modified = absl::InfinitePast();
  ExpectInvalidArgument({event}, "edited@jstedu", "last_modified is infinite");
  absl::StatusOr<std::string> feed =
      WriteICalendar(Calendar{"Szkolenia", {}}, absl::InfiniteFuture());
  EXPECT_TRUE(absl::IsInvalidArgument(feed.status())) << feed.status();
}

TEST(ICalendarRefusalTest, BeforeTheVTimeZoneRulesBegin) {
  absl::Time start = Utc(1995, 6, 1, 9, 0);
  ExpectInvalidArgument({Event("old@jstedu", start, start + absl::Hours(1))},
                        "old@jstedu", "before 1996-03-31T01:00:00Z");
}

TEST(ICalendarRefusalTest, TextThatIsNotUtf8) {
  absl::Time start = Utc(2017, 4, 5, 9, 0);
  for (std::string bad : {"\xC5", "\xC5z", "\xC0\xAF", "\xED\xA0\x80", "\xFF",
                          "\xF4\x90\x80\x80"}) {
    ExpectInvalidArgument(
        {Event("latin2@jstedu", start, start + absl::Hours(1), "Urz" + bad)},
        "latin2@jstedu", "not valid UTF-8");
  }
  absl::StatusOr<std::string> feed = WriteICalendar(Calendar{"Gmina \xA3\xF3"
                                                             "d\xBC",
                                                             {}},
                                                    Dtstamp());
  EXPECT_TRUE(absl::IsInvalidArgument(feed.status())) << feed.status();
}

// ---------------------------------------------------------------------------
// The sample feed tests/ics/validate_ics.py reads back (ctest
// training_icalendar_validate_ics). Written to $JSTEDU_ICS_SAMPLE_DIR when
// set, else to the test's temporary directory.

Calendar SampleCalendar() {
  CalendarEvent april = Event(
      "module-1-day-1@jstedu", Utc(2017, 4, 5, 9, 0), Utc(2017, 4, 5, 12, 30),
      "Moduł 1, dzień 1: Zarządzanie projektem w jednostce samorządu "
      "terytorialnego – wprowadzenie, cele i harmonogram szkolenia");
  april.location = "Urząd Gminy Łódź-Bałuty, ul. Źródlana 1; sala 12";
  april.description = "Prowadzący: dr Józef Żółć\nZabierz: laptop, dowód";
  april.last_modified = Utc(2017, 2, 14, 16, 45, 30);
  CalendarEvent november =
      Event("module-5-day-1@jstedu", Utc(2017, 11, 22, 10, 0),
            Utc(2017, 11, 22, 13, 30), "Moduł 5, dzień 1");
  return Calendar{"Szkolenia JST – pilotaż 2017",
                  {november, april,
                   Event("autumn-night@jstedu", Utc(2017, 10, 28, 20, 0),
                         Utc(2017, 10, 29, 6, 0), "Noc zmiany czasu (jesień)"),
                   Event("spring-night@jstedu", Utc(2017, 3, 25, 21, 0),
                         Utc(2017, 3, 26, 6, 0), "Noc zmiany czasu (wiosna)"),
                   Event("repeated-hour-cest@jstedu", Utc(2017, 10, 29, 0, 30),
                         Utc(2017, 10, 29, 2, 30), "02:30 CEST"),
                   Event("repeated-hour-cet@jstedu", Utc(2017, 10, 29, 1, 30),
                         Utc(2017, 10, 29, 3, 0), "02:30 CET")}};
}

// {"<uid>": {"start": "<UTC>", "end": "<UTC>"}, ...} from the instants
// themselves, not from the feed.
std::string SampleExpectations(const Calendar& calendar) {
  std::vector<std::string> entries;
  for (const CalendarEvent& event : calendar.events) {
    entries.push_back(absl::StrCat(
        "  \"", event.uid, "\": {\"start\": \"",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", event.start,
                         absl::UTCTimeZone()),
        "\", \"end\": \"",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", event.end, absl::UTCTimeZone()),
        "\"}"));
  }
  return absl::StrCat("{\n", absl::StrJoin(entries, ",\n"), "\n}\n");
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  file.close();
  EXPECT_TRUE(file) << "cannot write " << path;
}

TEST(ICalendarSampleTest, WritesTheFeedForTheValidator) {
  const char* dir = std::getenv("JSTEDU_ICS_SAMPLE_DIR");
  std::string out_dir = dir != nullptr ? dir : ::testing::TempDir();
  Calendar calendar = SampleCalendar();
  std::string feed = MustWrite(calendar);
  ASSERT_FALSE(feed.empty());
  EXPECT_THAT(Uids(feed), AllOf(Contains("UID:module-1-day-1@jstedu"),
                                Contains("UID:repeated-hour-cet@jstedu")));
  WriteFile(absl::StrCat(out_dir, "/training_sample.ics"), feed);
  WriteFile(absl::StrCat(out_dir, "/training_sample_expectations.json"),
            SampleExpectations(calendar));
}

}  // namespace
}  // namespace jstedu::training
