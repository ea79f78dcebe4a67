// Reconciliation (reconciliation.h): which records and fields differ
// between the projection and the source services.

#include "services/reporting/domain/reconciliation.h"

#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::reporting {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using Row = std::tuple<std::string, std::string, std::string, std::string,
                       std::string, std::string>;

// measure, record, kind, field, projected, source.
std::vector<Row> Rows(const Reconciliation& reconciled,
                      const std::string& measure) {
  std::vector<Row> rows;
  for (const v1::RecordDifference& d : reconciled.differences) {
    if (d.measure() != measure) continue;
    rows.emplace_back(d.measure(), d.record_id(), d.kind(), d.field(),
                      d.projected(), d.source());
  }
  return rows;
}

Facts Edition() {
  Facts facts;
  facts.edition.code = "PILOT-2017";
  facts.edition.known = true;
  facts.edition.kind = 1;
  facts.edition.min_representatives = 3;
  facts.edition.starts_on = absl::CivilDay(2017, 4, 1);
  facts.edition.ends_on = absl::CivilDay(2017, 12, 31);
  return facts;
}

JstFact Qualified(const std::string& id, absl::CivilDay day) {
  JstFact jst;
  jst.application_id = id;
  jst.teryt = "1465011";
  jst.voivodeship = "14";
  jst.jst_kind = 1;
  jst.qualified = true;
  jst.qualified_on = day;
  return jst;
}

TEST(Reconcile, TheSameFactsDifferNowhere) {
  Facts facts = Edition();
  facts.jsts.push_back(Qualified("a1", absl::CivilDay(2017, 4, 3)));
  const Reconciliation reconciled =
      ReconcileFacts(facts, {{"p1", 90}}, facts, {{"p1", 90}});
  EXPECT_THAT(reconciled.differences, IsEmpty());
  ASSERT_EQ(reconciled.measures.size(), Measures().size());
  for (size_t i = 0; i < Measures().size(); ++i) {
    EXPECT_EQ(reconciled.measures[i].measure(), Measures()[i].name);
    EXPECT_EQ(reconciled.measures[i].projected(),
              reconciled.measures[i].source());
  }
}

TEST(Reconcile, ListsRecordsExtraMissingAndFieldsThatDiffer) {
  Facts projected = Edition();
  projected.jsts.push_back(Qualified("a1", absl::CivilDay(2017, 4, 3)));
  projected.jsts.push_back(Qualified("a3", absl::CivilDay(2017, 4, 5)));
  Facts source = Edition();
  source.jsts.push_back(Qualified("a1", absl::CivilDay(2017, 4, 4)));
  source.jsts.push_back(Qualified("a2", absl::CivilDay(2017, 4, 5)));
  const Reconciliation reconciled = ReconcileFacts(projected, {}, source, {});
  EXPECT_THAT(
      Rows(reconciled, "JST_SUPPORTED"),
      ElementsAre(
          Row{"JST_SUPPORTED", "a1", "FIELD_DIFFERS", "date", "2017-04-03",
              "2017-04-04"},
          Row{"JST_SUPPORTED", "a2", "MISSING_IN_PROJECTION", "", "", ""},
          Row{"JST_SUPPORTED", "a3", "EXTRA_IN_PROJECTION", "", "", ""}));
  for (const v1::MeasureReconciliation& row : reconciled.measures) {
    if (row.measure() != "JST_SUPPORTED") continue;
    EXPECT_EQ(row.projected(), 2);
    EXPECT_EQ(row.source(), 2);
  }
}

TEST(Reconcile, EditionFieldsByJsonNameAndMinutesWithAbsentAsZero) {
  Facts projected = Edition();
  Facts source = Edition();
  source.edition.min_representatives = 4;
  source.edition.ends_on = absl::CivilDay(2018, 1, 31);
  const Reconciliation reconciled = ReconcileFacts(
      projected, {{"p1", 90}, {"p2", 30}}, source, {{"p1", 90}, {"p3", 45}});
  EXPECT_THAT(Rows(reconciled, "EDITION"),
              ElementsAre(Row{"EDITION", "PILOT-2017", "FIELD_DIFFERS",
                              "minRepresentatives", "3", "4"},
                          Row{"EDITION", "PILOT-2017", "FIELD_DIFFERS",
                              "endsOn", "2017-12-31", "2018-01-31"}));
  EXPECT_THAT(Rows(reconciled, "ATTENDED_MINUTES"),
              ElementsAre(Row{"ATTENDED_MINUTES", "p2", "FIELD_DIFFERS",
                              "attendedMinutes", "30", "0"},
                          Row{"ATTENDED_MINUTES", "p3", "FIELD_DIFFERS",
                              "attendedMinutes", "0", "45"}));
  // The edition first, the minutes last.
  EXPECT_EQ(reconciled.differences.front().measure(), "EDITION");
  EXPECT_EQ(reconciled.differences.back().measure(), "ATTENDED_MINUTES");
}

}  // namespace
}  // namespace jstedu::reporting
