#include "services/reporting/domain/figures.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(ParsePeriod, DurationsAndRanges) {
  auto month = ParsePeriod("2017-04-01/P1M");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->first, D(2017, 4, 1));
  EXPECT_EQ(month->last, D(2017, 4, 30));
  auto quarter = ParsePeriod("2017-10-01/P3M");
  ASSERT_TRUE(quarter.ok());
  EXPECT_EQ(quarter->last, D(2017, 12, 31));
  auto year = ParsePeriod("2016-01-01/P1Y");
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->last, D(2016, 12, 31));
  EXPECT_EQ(ParsePeriod("2017-04-01/P2W")->last, D(2017, 4, 14));
  // Month ends clamp as in XML Schema (and ADX): Jan 31 + 1 month = Feb 28.
  EXPECT_EQ(ParsePeriod("2017-01-31/P1M")->last, D(2017, 2, 27));
  EXPECT_EQ(ParsePeriod("2016-02-29/P1Y")->last, D(2017, 2, 27));
  EXPECT_EQ(ParsePeriod("2017-04-01/P10D")->last, D(2017, 4, 10));
  auto range = ParsePeriod("2016-04-18/2018-05-31");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(FormatPeriod(*range), "2016-04-18/2018-05-31");
}

TEST(ParsePeriod, RefusesWhatIsNotAnInterval) {
  for (const char* bad :
       {"", "2017-04", "2017-13-01/P1M", "2017-04-01", "2017-04-01/P0M",
        "2017-04-01/PXM", "2017-04-01/P1H", "2017-04-01/2017-03-31",
        "2017-04-01/P1M/P1M", "2017-04-01/P-1M"}) {
    auto parsed = ParsePeriod(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("period"))
        << bad;
  }
}

TEST(PeriodsIn, ListsCalendarPeriodsOverlappingTheRange) {
  const Period range{D(2017, 3, 20), D(2017, 7, 2)};
  EXPECT_THAT(PeriodsIn(Dimension::kMonth, range),
              ElementsAre("2017-03-01/P1M", "2017-04-01/P1M", "2017-05-01/P1M",
                          "2017-06-01/P1M", "2017-07-01/P1M"));
  EXPECT_THAT(
      PeriodsIn(Dimension::kQuarter, range),
      ElementsAre("2017-01-01/P3M", "2017-04-01/P3M", "2017-07-01/P3M"));
  EXPECT_THAT(
      PeriodsIn(Dimension::kYear, {D(2016, 4, 18), D(2018, 5, 31)}),
      ElementsAre("2016-01-01/P1Y", "2017-01-01/P1Y", "2018-01-01/P1Y"));
}

TEST(CountPeriodsIn, AgreesWithPeriodsIn) {
  for (const Period& range : {Period{D(2017, 3, 20), D(2017, 7, 2)},
                              Period{D(2016, 4, 18), D(2018, 5, 31)},
                              Period{D(2017, 12, 31), D(2018, 1, 1)},
                              Period{D(2017, 5, 5), D(2017, 5, 5)}}) {
    for (Dimension d :
         {Dimension::kMonth, Dimension::kQuarter, Dimension::kYear}) {
      EXPECT_EQ(CountPeriodsIn(d, range),
                static_cast<int64_t>(PeriodsIn(d, range).size()));
    }
  }
  EXPECT_EQ(CountPeriodsIn(Dimension::kMonth, {D(1000, 1, 1), D(9999, 12, 31)}),
            9000 * 12);
}

TEST(Evaluate, CountsAndExactPercentages) {
  EXPECT_EQ(Evaluate({"A", "", ""}, 12, 0)->text, "12");
  // 2 of 3 = 66.666… → 66.67 (half up); 27 of 30 = 90.00.
  EXPECT_EQ(Evaluate({"A", "B", "100"}, 2, 3)->text, "66.67");
  EXPECT_EQ(Evaluate({"A", "B", "100"}, 27, 30)->text, "90.00");
  EXPECT_EQ(Evaluate({"A", "B", "100"}, 1, 8)->text, "12.50");
  EXPECT_EQ(Evaluate({"A", "B", "100"}, 0, 0)->text, "");
  EXPECT_EQ(Evaluate({"A", "B", "1.5"}, 1, 3)->text, "0.50");
  EXPECT_FALSE(Evaluate({"A", "B", "1e2"}, 1, 3).ok());
  EXPECT_EQ(Percent(449, 500), "89.80");
  EXPECT_EQ(Decimal(1000, 90), "11.11");
}

Record R(const std::string& id, const std::string& voivodeship, int sex,
         absl::CivilDay date) {
  Record r;
  r.id = id;
  r.voivodeship = voivodeship;
  r.sex = sex;
  r.date = date;
  return r;
}

TEST(Breakdown, CountsPerValueAndListsEmptyPeriods) {
  const std::vector<Record> records = {R("a", "02", 1, D(2017, 4, 3)),
                                       R("b", "02", 2, D(2017, 6, 9)),
                                       R("c", "14", 1, D(2017, 6, 30))};
  Filter all;
  all.period = {D(2017, 4, 1), D(2017, 6, 30)};
  auto by_region = Breakdown(records, nullptr, all, {Dimension::kVoivodeship});
  ASSERT_EQ(by_region.size(), 2u);
  EXPECT_EQ(by_region[0].values[0], "02");
  EXPECT_EQ(by_region[0].numerator, 2);
  EXPECT_EQ(by_region[1].numerator, 1);
  auto by_month = Breakdown(records, nullptr, all, {Dimension::kMonth});
  ASSERT_EQ(by_month.size(), 3u);  // May has no record and is listed
  EXPECT_EQ(by_month[1].values[0], "2017-05-01/P1M");
  EXPECT_EQ(by_month[1].numerator, 0);
  EXPECT_EQ(by_month[2].numerator, 2);
  Filter june = all;
  june.period = *ParsePeriod("2017-06-01/P1M");
  june.sex = 1;
  EXPECT_EQ(CountMatching(records, june), 1);
}

// The rules of measures.h, one fact at a time.
TEST(ComputeMeasures, FollowsTheRules) {
  Facts facts;
  facts.edition.min_representatives = 3;
  auto jst = [](const std::string& id, bool qualified, bool withdrawn) {
    JstFact j;
    j.application_id = id;
    j.voivodeship = "02";
    j.qualified = qualified;
    j.withdrawn = withdrawn;
    j.qualified_on = D(2017, 4, 1);
    return j;
  };
  facts.jsts = {jst("A", true, false), jst("B", true, true),
                jst("C", false, true)};
  auto person = [](const std::string& id, const std::string& app,
                   bool declaration, bool complete, int status) {
    ParticipantFact p;
    p.participant_id = id;
    p.application_id = app;
    p.declaration_recorded = declaration;
    p.monitoring_complete = complete;
    p.status = status;
    p.participation_start = D(2017, 3, 1);
    return p;
  };
  const int active = recruitment::v1::PARTICIPANT_ACTIVE;
  const int left = recruitment::v1::PARTICIPANT_WITHDRAWN;
  facts.participants = {
      person("a1", "A", true, true, active),
      person("a2", "A", true, false, active),  // incomplete data
      person("a3", "A", false, true, active),  // no declaration
      person("a4", "A", true, true, left),     // left later: still started
      person("b1", "B", true, true, left),     // JST withdrew after start
      person("c1", "C", true, true, left)};    // JST never qualified
  for (const char* id : {"a1", "a2", "a4", "b1", "c1"}) {
    facts.completions[id] = D(2017, 11, 20);
  }
  CaseFact plan;
  plan.case_id = "k1";
  plan.application_id = "A";
  plan.stage = advisory::v1::COMPLETED;
  plan.opened_on = D(2017, 4, 2);
  plan.plan_adopted_on = D(2017, 12, 1);
  CaseFact withdrawn = plan;
  withdrawn.case_id = "k2";
  withdrawn.application_id = "B";
  withdrawn.stage = advisory::v1::WITHDRAWN;
  // B withdrew after its workflow was COMPLETED: advisory keeps the case,
  // and the adopted plan stands.
  CaseFact completed_then_left = plan;
  completed_then_left.case_id = "k3";
  completed_then_left.application_id = "B";
  facts.cases = {plan, withdrawn, completed_then_left};

  const MeasureRecords m = ComputeMeasures(facts);
  auto ids = [&](const std::string& measure) {
    std::vector<std::string> out;
    for (const Record& r : m.at(measure)) out.push_back(r.id);
    return out;
  };
  EXPECT_THAT(ids("JST_SUPPORTED"), ElementsAre("A"));
  // One rule (StandingOf): a2's incomplete record counts in no measure of
  // officials, only in OFFICIALS_INCOMPLETE (the data-quality list).
  EXPECT_THAT(ids("OFFICIALS_SUPPORTED"), ElementsAre("a1", "a4", "b1"));
  EXPECT_THAT(ids("OFFICIALS_INCOMPLETE"), ElementsAre("a2"));
  EXPECT_THAT(ids("OFFICIALS_TRAINED"), ElementsAre("a1", "a4", "b1"));
  EXPECT_THAT(ids("PLANS_ADOPTED"), ElementsAre("A", "B"));
  EXPECT_EQ(m.at("PLANS_ADOPTED")[0].date, D(2017, 12, 1));
  // A has 3 ACTIVE representatives (a1, a2, a3): the team-size rule counts
  // them whatever their records; only 2 are trained officials (a1, a4).
  EXPECT_THAT(ids("JST_BELOW_MINIMUM"), ElementsAre());
  EXPECT_THAT(ids("JST_TRAINED_BELOW_MINIMUM"), ElementsAre("A"));
  EXPECT_THAT(ids("STAGE_COMPLETED"), ElementsAre("k1", "k3"));
  EXPECT_THAT(ids("STAGE_WITHDRAWN"), ElementsAre("k2"));
  EXPECT_THAT(ids("STAGE_ROLLOUT"), ElementsAre());
}

TEST(StandingOf, IsTheOneRuleForWhoIsCounted) {
  JstFact qualified;
  qualified.qualified = true;
  JstFact never = qualified;
  never.qualified = false;
  ParticipantFact p;
  p.declaration_recorded = true;
  p.monitoring_complete = true;
  p.status = recruitment::v1::PARTICIPANT_ACTIVE;
  EXPECT_EQ(StandingOf(p, &qualified), Standing::kCounted);
  EXPECT_EQ(StandingOf(p, &never), Standing::kNotStarted);
  EXPECT_EQ(StandingOf(p, nullptr), Standing::kNotStarted);
  p.monitoring_complete = false;
  EXPECT_EQ(StandingOf(p, &qualified), Standing::kIncomplete);
  p.declaration_recorded = false;
  EXPECT_EQ(StandingOf(p, &qualified), Standing::kNotStarted);
  p.declaration_recorded = true;
  p.monitoring_complete = true;
  p.status = recruitment::v1::PARTICIPANT_NOT_COUNTED;
  EXPECT_EQ(StandingOf(p, &qualified), Standing::kNotStarted);
}

}  // namespace
}  // namespace jstedu::reporting
