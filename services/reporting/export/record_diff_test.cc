#include "services/reporting/export/record_diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/export/sl2014.h"

namespace jstedu::reporting::exportfmt {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

auto Change(const std::string& field, const std::string& before,
            const std::string& after) {
  return AllOf(Field(&FieldChange::field, field),
               Field(&FieldChange::before, before),
               Field(&FieldChange::after, after));
}

TEST(DiffRecordsTest, EqualSnapshotsHaveNoDifference) {
  Records records = {{"p1", {{"Płeć", "Kobieta"}, {"Wiek", "44"}}},
                     {"p2", {{"Płeć", "Mężczyzna"}}}};
  RecordDiff diff = DiffRecords(records, records);
  EXPECT_TRUE(diff.empty());
  EXPECT_TRUE(DiffRecords({}, {}).empty());
}

TEST(DiffRecordsTest, AddedAndRemovedKeysAreSorted) {
  Records before = {{"b", {{"x", "1"}}}, {"d", {{"x", "1"}}}, {"c", {}}};
  Records after = {{"e", {{"x", "1"}}}, {"a", {}}, {"c", {}}};
  RecordDiff diff = DiffRecords(before, after);
  EXPECT_THAT(diff.added, ElementsAre("a", "e"));
  EXPECT_THAT(diff.removed, ElementsAre("b", "d"));
  EXPECT_THAT(diff.changed, IsEmpty());
}

TEST(DiffRecordsTest, ChangedRecordsListOnlyChangedFieldsInOrder) {
  Records before = {{"p1", {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"gone", "x"}}},
                    {"p2", {{"a", "same"}}},
                    {"p3", {{"z", "old"}}}};
  Records after = {{"p1", {{"a", "1"}, {"b", "20"}, {"c", "3"}, {"new", "y"}}},
                   {"p2", {{"a", "same"}}},
                   {"p3", {{"z", "new"}}}};
  RecordDiff diff = DiffRecords(before, after);
  EXPECT_THAT(diff.added, IsEmpty());
  EXPECT_THAT(diff.removed, IsEmpty());
  ASSERT_EQ(diff.changed.size(), 2u);
  EXPECT_EQ(diff.changed[0].key, "p1");
  EXPECT_THAT(diff.changed[0].fields,
              ElementsAre(Change("b", "2", "20"), Change("gone", "x", ""),
                          Change("new", "", "y")));
  EXPECT_EQ(diff.changed[1].key, "p3");
  EXPECT_THAT(diff.changed[1].fields, ElementsAre(Change("z", "old", "new")));
}

TEST(DiffRecordsTest, AbsentFieldEqualsEmptyField) {
  Records before = {{"p1", {{"a", ""}, {"b", "1"}}}};
  Records after = {{"p1", {{"b", "1"}, {"c", ""}}}};
  EXPECT_TRUE(DiffRecords(before, after).empty());
}

TEST(DiffRecordsTest, AllThreeKindsTogether) {
  Records before = {
      {"keep", {{"v", "1"}}}, {"drop", {{"v", "1"}}}, {"edit", {{"v", "1"}}}};
  Records after = {
      {"keep", {{"v", "1"}}}, {"edit", {{"v", "2"}}}, {"add", {{"v", "1"}}}};
  RecordDiff diff = DiffRecords(before, after);
  EXPECT_THAT(diff.added, ElementsAre("add"));
  EXPECT_THAT(diff.removed, ElementsAre("drop"));
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].key, "edit");
  EXPECT_THAT(diff.changed[0].fields, ElementsAre(Change("v", "1", "2")));
}

TEST(DiffRecordsTest, ParticipantSnapshotsDiffByColumn) {
  ParticipantRecord record;
  record.participant_id = "p-1";
  record.institution.name = "Gmina Łęczyca";
  record.person.email = "a@example.pl";
  record.person.situation_on_leaving = "";
  ParticipantRecord later = record;
  later.person.email = "b@example.pl";
  later.person.situation_on_leaving = "osoba pracująca";
  later.institution.email = "gmina@example.pl";
  RecordDiff diff = DiffRecords({{"p-1", ParticipantFields(record)}},
                                {{"p-1", ParticipantFields(later)}});
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_THAT(
      diff.changed[0].fields,
      ElementsAre(
          Change("Adres e-mail", "a@example.pl", "b@example.pl"),
          Change("Instytucja: Adres e-mail", "", "gmina@example.pl"),
          Change("Sytuacja osoby w momencie zakończenia udziału w projekcie",
                 "", "osoba pracująca")));
}

}  // namespace
}  // namespace jstedu::reporting::exportfmt
