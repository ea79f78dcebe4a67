// query.h: the days figures span when no period is asked for, with "today"
// pinned (the service's clock, never the wall clock); which filters and
// breakdowns an indicator's subject takes.

#include "services/reporting/query.h"

#include "gtest/gtest.h"

namespace jstedu::reporting {
namespace {

constexpr absl::CivilDay kToday(2017, 5, 10);

TEST(DisplayRange, WithNeitherDatesNorRecordsIsTheDayGivenAsToday) {
  Counted counted;
  QueryInput input;
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, kToday);
  EXPECT_EQ(range.last, kToday);
}

TEST(DisplayRange, TheEditionsDatesWidenedToItsRecordsIgnoreToday) {
  Counted counted;
  counted.facts.edition.known = true;
  counted.facts.edition.starts_on = absl::CivilDay(2017, 4, 1);
  counted.facts.edition.ends_on = absl::CivilDay(2017, 12, 31);
  Record early;
  early.date = absl::CivilDay(2017, 3, 2);
  counted.measures["OFFICIALS_SUPPORTED"] = {early};
  QueryInput input;
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, absl::CivilDay(2017, 3, 2));
  EXPECT_EQ(range.last, absl::CivilDay(2017, 12, 31));
}

TEST(DisplayRange, AnAskedPeriodIsKept) {
  Counted counted;
  QueryInput input;
  input.period_given = true;
  input.filter.period =
      Period{absl::CivilDay(2017, 4, 1), absl::CivilDay(2017, 4, 30)};
  const Period range = DisplayRange(counted, input, kToday);
  EXPECT_EQ(range.first, absl::CivilDay(2017, 4, 1));
  EXPECT_EQ(range.last, absl::CivilDay(2017, 4, 30));
}

v1::IndicatorDefinition Counting(v1::Subject subject) {
  v1::IndicatorDefinition d;
  d.set_code("X");
  d.set_numerator("X");
  d.set_subject(subject);
  return d;
}

TEST(NotApplicable, AMeetingIsOfNoVoivodeshipJstOrKindAndBreaksDownByPeriod) {
  const v1::IndicatorDefinition meetings = Counting(v1::SUBJECT_MEETING);
  Filter filter;
  EXPECT_EQ(NotApplicable(meetings, filter, {Dimension::kQuarter}).reason, "");
  filter.voivodeship = "14";
  EXPECT_EQ(NotApplicable(meetings, filter, {}).field, "voivodeship");
  filter = Filter{};
  filter.teryt = "1465011";
  EXPECT_EQ(NotApplicable(meetings, filter, {}).field, "teryt");
  filter = Filter{};
  filter.jst_kind = 1;
  EXPECT_EQ(NotApplicable(meetings, filter, {}).field, "kind");
  filter = Filter{};
  const Inapplicable by_kind =
      NotApplicable(meetings, filter, {Dimension::kMonth, Dimension::kJstKind});
  EXPECT_EQ(by_kind.field, "dimensions");
  EXPECT_NE(by_kind.reason.find("by period only"), std::string::npos);
  // A JST's indicator takes a voivodeship, not a sex.
  const v1::IndicatorDefinition jsts = Counting(v1::SUBJECT_JST);
  filter.voivodeship = "14";
  EXPECT_EQ(NotApplicable(jsts, filter, {Dimension::kJstKind}).reason, "");
  filter.sex = 1;
  EXPECT_EQ(NotApplicable(jsts, filter, {}).field, "sex");
  filter.sex = 0;
  filter.target_group = 2;
  EXPECT_EQ(NotApplicable(jsts, filter, {}).field, "targetGroup");
}

}  // namespace
}  // namespace jstedu::reporting
