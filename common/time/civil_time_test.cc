#include "common/time/civil_time.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The instant of a UTC wall-clock reading, built without the code under test.
absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute),
                         absl::UTCTimeZone());
}

absl::Time MustParse(const std::string& text,
                     AmbiguousTime ambiguous = AmbiguousTime::kRefuse) {
  absl::StatusOr<absl::Time> instant = ParseLocalInstant(text, ambiguous);
  EXPECT_TRUE(instant.ok()) << text << ": " << instant.status();
  return instant.value_or(absl::InfinitePast());
}

std::string MustFormat(absl::Time instant) {
  absl::StatusOr<std::string> text = FormatLocal(instant);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.value_or("");
}

void ExpectMalformed(const std::string& text) {
  absl::StatusOr<absl::CivilMinute> local = ParseLocalDateTime(text);
  EXPECT_TRUE(absl::IsInvalidArgument(local.status()))
      << "'" << text << "': " << local.status();
}

// ---------------------------------------------------------------------------
// The zone.

TEST(ProgrammeTimeZoneTest, IsWarsawFromTzdata) {
  absl::StatusOr<absl::TimeZone> zone = ProgrammeTimeZone();
  ASSERT_TRUE(zone.ok()) << zone.status();
  EXPECT_EQ(zone->name(), "Europe/Warsaw");
}

TEST(LoadZoneTest, UnknownZoneIsAnErrorNotUtc) {
  absl::StatusOr<absl::TimeZone> zone = LoadZone("Europe/Atlantis");
  EXPECT_TRUE(absl::IsFailedPrecondition(zone.status())) << zone.status();
  EXPECT_THAT(std::string(zone.status().message()),
              AllOf(HasSubstr("Europe/Atlantis"), HasSubstr("tzdata")));
}

// ---------------------------------------------------------------------------
// Parsing.

TEST(ParseLocalDateTimeTest, ReadsAllFields) {
  absl::StatusOr<absl::CivilMinute> local =
      ParseLocalDateTime("2017-04-05T11:00");
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_EQ(*local, absl::CivilMinute(2017, 4, 5, 11, 0));
  local = ParseLocalDateTime("2016-02-29T23:59");
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_EQ(*local, absl::CivilMinute(2016, 2, 29, 23, 59));
}

TEST(ParseLocalDateTimeTest, RefusesOtherSpellings) {
  ExpectMalformed("");
  ExpectMalformed("2017-04-05");
  ExpectMalformed("2017-04-05 11:00");
  ExpectMalformed("2017-04-05t11:00");
  ExpectMalformed("2017-04-05T11:00:00");
  ExpectMalformed("2017-04-05T11:00Z");
  ExpectMalformed("2017-04-05T11:00+02:00");
  ExpectMalformed("2017-4-5T11:00");
  ExpectMalformed("2017-04-05T1:00");
  ExpectMalformed("+2017-04-05T11:00");
  ExpectMalformed("12017-04-05T11:00");
  ExpectMalformed(" 2017-04-05T11:00");
  ExpectMalformed("2017-04-05T11:00 ");
  ExpectMalformed("2017/04/05T11:00");
  ExpectMalformed("2017-04-0xT11:00");
}

TEST(ParseLocalDateTimeTest, RefusesFieldsOutOfRangeInsteadOfNormalising) {
  ExpectMalformed("2017-02-29T10:00");
  ExpectMalformed("2017-04-31T10:00");
  ExpectMalformed("2017-13-01T10:00");
  ExpectMalformed("2017-00-10T10:00");
  ExpectMalformed("2017-04-00T10:00");
  ExpectMalformed("2017-04-05T24:00");
  ExpectMalformed("2017-04-05T11:60");
}

// ---------------------------------------------------------------------------
// Local time to UTC: the DOMAIN facts on both sides of the spring change.

TEST(LocalToInstantTest, ModuleOneStartIsNineUtcInSummerTime) {
  EXPECT_EQ(MustParse("2017-04-05T11:00"), Utc(2017, 4, 5, 9, 0));
}

TEST(LocalToInstantTest, ShuttleDeadlineIsFourteenUtcInWinterTime) {
  EXPECT_EQ(MustParse("2017-03-24T15:00"), Utc(2017, 3, 24, 14, 0));
}

TEST(LocalToInstantTest, JustAroundTheSpringChange) {
  EXPECT_EQ(MustParse("2017-03-26T01:59"), Utc(2017, 3, 26, 0, 59));
  EXPECT_EQ(MustParse("2017-03-26T03:00"), Utc(2017, 3, 26, 1, 0));
}

TEST(LocalToInstantTest, TimeInTheSpringGapIsRefusedNamingTheGap) {
  absl::StatusOr<absl::Time> instant = ParseLocalInstant("2017-03-26T02:30");
  ASSERT_TRUE(absl::IsInvalidArgument(instant.status())) << instant.status();
  EXPECT_THAT(
      std::string(instant.status().message()),
      AllOf(HasSubstr("2017-03-26T02:30"), HasSubstr("does not exist"),
            HasSubstr("spring-forward gap"), HasSubstr("02:00 +01:00 (CET)"),
            HasSubstr("03:00 +02:00 (CEST)")));
}

TEST(LocalToInstantTest, GapIsRefusedWhateverTheAmbiguityChoice) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      ParseLocalInstant("2017-03-26T02:00", AmbiguousTime::kEarlierInstant)
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ParseLocalInstant("2017-03-26T02:59", AmbiguousTime::kLaterInstant)
          .status()));
}

TEST(LocalToInstantTest, AmbiguousAutumnTimeIsRefusedByDefault) {
  absl::StatusOr<absl::Time> instant = ParseLocalInstant("2017-10-29T02:30");
  ASSERT_TRUE(absl::IsInvalidArgument(instant.status())) << instant.status();
  EXPECT_THAT(std::string(instant.status().message()),
              AllOf(HasSubstr("2017-10-29T02:30"), HasSubstr("ambiguous"),
                    HasSubstr("+02:00 (CEST)"), HasSubstr("+01:00 (CET)")));
}

TEST(LocalToInstantTest, AmbiguousAutumnTimeResolvesAsChosen) {
  EXPECT_EQ(MustParse("2017-10-29T02:30", AmbiguousTime::kEarlierInstant),
            Utc(2017, 10, 29, 0, 30));
  EXPECT_EQ(MustParse("2017-10-29T02:30", AmbiguousTime::kLaterInstant),
            Utc(2017, 10, 29, 1, 30));
}

TEST(LocalToInstantTest, UnambiguousTimesIgnoreTheChoice) {
  for (AmbiguousTime choice :
       {AmbiguousTime::kRefuse, AmbiguousTime::kEarlierInstant,
        AmbiguousTime::kLaterInstant}) {
    EXPECT_EQ(MustParse("2017-10-29T01:59", choice), Utc(2017, 10, 28, 23, 59));
    EXPECT_EQ(MustParse("2017-10-29T03:00", choice), Utc(2017, 10, 29, 2, 0));
  }
}

TEST(LocalToInstantTest, TakesCivilMinutesDirectly) {
  absl::StatusOr<absl::Time> instant =
      LocalToInstant(absl::CivilMinute(2017, 11, 22, 14, 30));
  ASSERT_TRUE(instant.ok()) << instant.status();
  EXPECT_EQ(*instant, Utc(2017, 11, 22, 13, 30));
}

TEST(ParseLocalInstantTest, MalformedTextIsRefusedBeforeConversion) {
  EXPECT_TRUE(
      absl::IsInvalidArgument(ParseLocalInstant("2017-04-05 11:00").status()));
}

// ---------------------------------------------------------------------------
// UTC back to local time.

TEST(FormatLocalTest, WritesRfc3339WithTheOffsetInForce) {
  EXPECT_EQ(MustFormat(Utc(2017, 4, 5, 9, 0)), "2017-04-05T11:00:00+02:00");
  EXPECT_EQ(MustFormat(Utc(2017, 3, 24, 14, 0)), "2017-03-24T15:00:00+01:00");
}

TEST(FormatLocalTest, DistinguishesTheTwoAutumnOccurrences) {
  EXPECT_EQ(MustFormat(Utc(2017, 10, 29, 0, 30)), "2017-10-29T02:30:00+02:00");
  EXPECT_EQ(MustFormat(Utc(2017, 10, 29, 1, 30)), "2017-10-29T02:30:00+01:00");
}

TEST(FormatLocalTest, KeepsFractionalSecondsWhenPresent) {
  EXPECT_EQ(MustFormat(Utc(2017, 4, 5, 9, 0) + absl::Seconds(1) +
                       absl::Milliseconds(500)),
            "2017-04-05T11:00:01.5+02:00");
}

TEST(FormatLocalTest, RefusesInfiniteTimes) {
  EXPECT_TRUE(
      absl::IsInvalidArgument(FormatLocal(absl::InfiniteFuture()).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(FormatLocal(absl::InfinitePast()).status()));
}

TEST(FormatLocalTest, RoundTripsThroughParsing) {
  for (const char* local :
       {"2017-03-24T15:00", "2017-04-05T11:00", "2017-06-23T14:30",
        "2017-10-16T11:00", "2017-11-22T14:30"}) {
    EXPECT_EQ(MustFormat(MustParse(local)).substr(0, 16), local);
  }
}

}  // namespace
}  // namespace jstedu
