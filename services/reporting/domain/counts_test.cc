// The maintained counts' bookkeeping (counts.h): what changes between
// stored and computed records, how cells move, and cells read back as
// weighted records giving the figures the records give.

#include "services/reporting/domain/counts.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/domain/figures.h"

namespace jstedu::reporting {
namespace {

Record At(const std::string& id, const std::string& voivodeship, int month,
          int day) {
  Record record;
  record.id = id;
  record.application_id = id;
  record.voivodeship = voivodeship;
  record.date = absl::CivilDay(2017, month, day);
  return record;
}

TEST(DiffRecords, OnlyWhatDiffersIsRemovedAndAdded) {
  MeasureRecords stored;
  stored["JST_SUPPORTED"] = {At("a", "14", 4, 3), At("b", "14", 4, 4),
                             At("c", "02", 5, 1)};
  MeasureRecords computed;
  computed["JST_SUPPORTED"] = {At("a", "14", 4, 3),   // as stored
                               At("b", "14", 5, 4),   // moved day
                               At("d", "02", 5, 2)};  // new; c gone
  const RecordChanges changes = DiffRecords(stored, computed);
  std::vector<std::string> removed, added;
  for (const auto& [measure, r] : changes.removed) removed.push_back(r.id);
  for (const auto& [measure, r] : changes.added) added.push_back(r.id);
  EXPECT_THAT(removed, ::testing::UnorderedElementsAre("b", "c"));
  EXPECT_THAT(added, ::testing::UnorderedElementsAre("b", "d"));
  const CellCounts delta = CellDelta(changes);
  const CellCounts want = {
      {{"JST_SUPPORTED", "14", absl::CivilMonth(2017, 4)}, -1},
      {{"JST_SUPPORTED", "14", absl::CivilMonth(2017, 5)}, 1}};
  // c (02, May) out and d (02, May) in: that cell does not move.
  EXPECT_EQ(delta, want);
  EXPECT_TRUE(DiffRecords(computed, computed).empty());
}

TEST(RecordKey, ACaseMeasureIsKeyedByItsCase) {
  Record plan = At("app", "14", 6, 1);
  plan.case_id = "case";
  EXPECT_EQ(RecordKey(plan), "case");
  EXPECT_EQ(RecordKey(At("app", "14", 6, 1)), "app");
}

TEST(CellRecords, GiveTheFiguresOfTheRecordsForWholeMonths) {
  MeasureRecords records;
  records["PLANS_ADOPTED"] = {At("a", "14", 4, 3), At("b", "14", 4, 30),
                              At("c", "02", 6, 1)};
  records["JST_SUPPORTED"] = {At("a", "14", 3, 3), At("b", "14", 4, 4),
                              At("c", "02", 5, 1), At("d", "02", 5, 9)};
  const MeasureRecords cells = CellRecords(CountCells(records));
  EXPECT_EQ(cells.at("JST_SUPPORTED").size(), 3u);  // 14/03, 14/04, 02/05
  EXPECT_TRUE(cells.at("STAGE_ROLLOUT").empty());   // every measure present
  Filter filter;
  filter.period = {absl::CivilDay(2017, 4, 1), absl::CivilDay(2017, 6, 30)};
  for (const char* measure : {"PLANS_ADOPTED", "JST_SUPPORTED"}) {
    EXPECT_EQ(CountMatching(cells.at(measure), filter),
              CountMatching(records.at(measure), filter));
  }
  filter.voivodeship = "02";
  EXPECT_EQ(CountMatching(cells.at("JST_SUPPORTED"), filter), 2);
  filter.voivodeship = "";
  const std::vector<Dimension> by{Dimension::kVoivodeship, Dimension::kMonth};
  const auto from_cells = Breakdown(cells.at("PLANS_ADOPTED"),
                                    &cells.at("JST_SUPPORTED"), filter, by);
  const auto from_records = Breakdown(records.at("PLANS_ADOPTED"),
                                      &records.at("JST_SUPPORTED"), filter, by);
  ASSERT_EQ(from_cells.size(), from_records.size());
  for (size_t i = 0; i < from_cells.size(); ++i) {
    EXPECT_EQ(from_cells[i].values, from_records[i].values);
    EXPECT_EQ(from_cells[i].numerator, from_records[i].numerator);
    EXPECT_EQ(from_cells[i].denominator, from_records[i].denominator);
  }
}

}  // namespace
}  // namespace jstedu::reporting
