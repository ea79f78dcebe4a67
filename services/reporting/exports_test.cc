// The aggregates export's rows over real definitions: every row is one ADX
// accepts, also for a range of exactly one month (whose whole-range row and
// month row would otherwise be the same data value twice).

#include "services/reporting/exports.h"

#include <set>

#include "common/crypto/digest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/export/sl2014.h"

namespace jstedu::reporting {
namespace {

Counted OneJstInApril() {
  Counted counted;
  JstFact jst;
  jst.application_id = "A";
  jst.teryt = "1465011";
  jst.voivodeship = "14";
  jst.jst_kind = recruitment::v1::URBAN_COMMUNE;
  jst.qualified = true;
  jst.qualified_on = absl::CivilDay(2017, 4, 3);
  counted.facts.jsts = {jst};
  counted.measures = ComputeMeasures(counted.facts);
  Definition supported;
  supported.proto.set_code("JST_SUPPORTED");
  supported.proto.set_unit(v1::COUNT);
  supported.proto.set_numerator("JST_SUPPORTED");
  supported.proto.set_subject(v1::SUBJECT_JST);
  supported.target = "30";
  Definition effectiveness;
  effectiveness.proto.set_code("PLAN_EFFECTIVENESS");
  effectiveness.proto.set_unit(v1::PERCENT);
  effectiveness.proto.set_numerator("PLANS_ADOPTED");
  effectiveness.proto.set_denominator("JST_SUPPORTED");
  effectiveness.proto.set_factor("100");
  effectiveness.proto.set_subject(v1::SUBJECT_JST);
  counted.definitions = {supported, effectiveness};
  return counted;
}

TEST(AggregateRows, AOneMonthRangeIsNotRepeatedAsItsMonth) {
  const Period april{absl::CivilDay(2017, 4, 1), absl::CivilDay(2017, 4, 30)};
  const auto rows = AggregateRows(OneJstInApril(), april);
  int totals = 0;
  for (const auto& row : rows) {
    if (row.code == "JST_SUPPORTED" && row.dimension == "TOTAL") ++totals;
  }
  EXPECT_EQ(totals, 1);
  auto adx = exportfmt::AggregatesAdx(
      {"PILOT", "2017-05-01T10:00:00Z", FormatPeriod(april)}, rows);
  EXPECT_TRUE(adx.ok()) << adx.status();
}

TEST(AggregateRows, LongerRangesListEachMonthAndRatiosOverNothingHaveNoRow) {
  const Period spring{absl::CivilDay(2017, 3, 1), absl::CivilDay(2017, 5, 31)};
  const auto rows = AggregateRows(OneJstInApril(), spring);
  std::vector<std::string> months;
  for (const auto& row : rows) {
    if (row.code == "JST_SUPPORTED" && row.dimension == "TOTAL") {
      months.push_back(row.period + "=" + row.value);
    }
    // 0 plans of 1 JST is 0.00; before April nothing is supported, so March
    // has no PLAN_EFFECTIVENESS row at all (never a made-up 0).
    if (row.code == "PLAN_EFFECTIVENESS") {
      EXPECT_NE(row.period, "2017-03-01/P1M");
      EXPECT_EQ(row.value, "0.00");
    }
  }
  EXPECT_THAT(months, ::testing::ElementsAre(
                          "2017-03-01/2017-05-31=1", "2017-03-01/P1M=0",
                          "2017-04-01/P1M=1", "2017-05-01/P1M=0"));
  auto adx = exportfmt::AggregatesAdx(
      {"PILOT", "2017-06-01T10:00:00Z", FormatPeriod(spring)}, rows);
  EXPECT_TRUE(adx.ok()) << adx.status();
}

}  // namespace
}  // namespace jstedu::reporting

namespace jstedu::reporting {
namespace {

namespace fmt = exportfmt;

constexpr char kKey[] = "a-test-key-of-at-least-thirty-two-bytes!";
constexpr char kId[] = "9d0c7d4e-5f7a-4c41-8b8e-1c2f3a4b5c6d";

recruitment::v1::Participant Anna() {
  recruitment::v1::Participant p;
  p.set_id(kId);
  p.set_first_name("Anna");
  p.set_last_name("Nowak");
  p.set_pesel("85031412357");
  p.set_email("anna@example.pl");
  p.set_disability(recruitment::v1::YES);
  p.set_homeless(recruitment::v1::NO);
  p.set_minority_or_foreign_origin(recruitment::v1::NO);
  p.set_other_disadvantage(recruitment::v1::REFUSED);
  return p;
}

// The stored records of a snapshot made before issue 16: every personal
// column (the person's address, then personal, included) an unbound
// "hmac:" digest of the value the file held; the rest as written.
SnapshotRecords OldSnapshot(const std::map<std::string, std::string>& file) {
  std::map<std::string, std::string> fields;
  const std::set<std::string> personal = {
      "Imię",         "Nazwisko",
      "PESEL",        "Telefon kontaktowy",
      "Adres e-mail", "Adres (ulica, nr budynku, nr lokalu)"};
  for (const std::string& column : fmt::ParticipantColumns()) {
    auto value = file.find(column);
    const std::string text = value == file.end() ? "" : value->second;
    fields[column] = personal.count(column) > 0
                         ? "hmac:" + crypto::HmacSha256Hex(kKey, text)
                         : text;
  }
  return {{kId, fields}};
}

TEST(RewriteIdentified, WritesSnapshotsFromBeforeTheBoundDigestsAgain) {
  // The situation answers were not in files before issue 16: the old
  // snapshot holds them empty and plain, and they are written as stored.
  const SnapshotRecords stored =
      OldSnapshot({{"ID uczestnika", kId},
                   {"Imię", "Anna"},
                   {"Nazwisko", "Nowak"},
                   {"PESEL", "85031412357"},
                   {"Adres e-mail", "anna@example.pl"},
                   {"Wykonywany zawód", "Skarbnik"}});
  auto file = RewriteIdentified(stored, {{kId, Anna()}}, kKey);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_THAT(*file, ::testing::HasSubstr("Anna"));
  EXPECT_THAT(*file, ::testing::HasSubstr("85031412357"));
  EXPECT_THAT(*file, ::testing::HasSubstr("Skarbnik"));
  EXPECT_THAT(*file, ::testing::Not(::testing::HasSubstr("hmac")));

  recruitment::v1::Participant renamed = Anna();
  renamed.set_last_name("Kowalska");
  auto refused = RewriteIdentified(stored, {{kId, renamed}}, kKey);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("changed since the snapshot"));
}

}  // namespace
}  // namespace jstedu::reporting
