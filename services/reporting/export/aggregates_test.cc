#include "services/reporting/export/aggregates.h"

#include <string>
#include <vector>

#include "common/csv/test_csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::reporting::exportfmt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kMonth[] = "2017-04-01/P1M";

AggregateRow Row(std::string code, std::string dimension,
                 std::string dimension_value, std::string period,
                 std::string value) {
  AggregateRow row;
  row.code = std::move(code);
  row.name_pl = "Liczba przeszkolonych przedstawicieli JST";
  row.name_en = "Officials trained";
  row.unit = "osoby";
  row.dimension = std::move(dimension);
  row.dimension_value = std::move(dimension_value);
  row.period = std::move(period);
  row.value = std::move(value);
  return row;
}

AdxHeader Header() {
  return AdxHeader{"pilot", "2018-06-01T10:00:00Z", "2017-04-01/2018-05-31"};
}

std::string Adx(const std::vector<AggregateRow>& rows,
                const AdxHeader& header = Header()) {
  absl::StatusOr<std::string> adx = AggregatesAdx(header, rows);
  EXPECT_TRUE(adx.ok()) << adx.status();
  return adx.ok() ? *adx : "";
}

absl::StatusCode AdxError(const std::vector<AggregateRow>& rows,
                          const AdxHeader& header = Header()) {
  return AggregatesAdx(header, rows).status().code();
}

TEST(AggregatesCsvTest, HeaderAndOneRowPerAggregate) {
  AggregateRow ratio =
      Row("JSTEDU_PLAN_RATE", "TOTAL", "", "2017-04-01/2018-05-31", "0.9");
  ratio.name_pl = "Odsetek JST z planem, \"przyjętym\"";
  ratio.unit = "%";
  ratio.numerator = 27;
  ratio.denominator = 30;
  ratio.target = "0.9";
  AggregateRow count =
      Row("JSTEDU_OFFICIALS_TRAINED", "SEX", "K", kMonth, "41");
  count.numerator = 41;
  std::vector<std::vector<std::string>> table =
      csv::testing::ReadCsv(AggregatesCsv({ratio, count}));
  ASSERT_THAT(table, SizeIs(3));
  EXPECT_THAT(table[0],
              ElementsAre("code", "name_pl", "name_en", "unit", "dimension",
                          "dimension_value", "period", "value", "numerator",
                          "denominator", "target"));
  EXPECT_THAT(
      table[1],
      ElementsAre("JSTEDU_PLAN_RATE", "Odsetek JST z planem, \"przyjętym\"",
                  "Officials trained", "%", "TOTAL", "",
                  "2017-04-01/2018-05-31", "0.9", "27", "30", "0.9"));
  EXPECT_THAT(table[2], ElementsAre("JSTEDU_OFFICIALS_TRAINED",
                                    "Liczba przeszkolonych przedstawicieli JST",
                                    "Officials trained", "osoby", "SEX", "K",
                                    kMonth, "41", "41", "", ""));
}

TEST(AdxPeriodTest, KeepsStartAndDuration) {
  EXPECT_EQ(AdxPeriod("2017-04-01/P1M").value(), "2017-04-01/P1M");
  EXPECT_EQ(AdxPeriod("2017-04-01/P1Y2M3D").value(), "2017-04-01/P1Y2M3D");
  EXPECT_EQ(AdxPeriod("2017-04-01/P14D").value(), "2017-04-01/P14D");
}

TEST(AdxPeriodTest, TurnsStartAndEndIntoDurationEndDayIncluded) {
  EXPECT_EQ(AdxPeriod("2017-04-01/2018-05-31").value(), "2017-04-01/P1Y2M");
  EXPECT_EQ(AdxPeriod("2016-04-18/2018-05-31").value(), "2016-04-18/P2Y1M14D");
  EXPECT_EQ(AdxPeriod("2017-04-01/2017-04-30").value(), "2017-04-01/P1M");
  EXPECT_EQ(AdxPeriod("2017-04-05/2017-04-05").value(), "2017-04-05/P1D");
  EXPECT_EQ(AdxPeriod("2017-04-19/2017-04-21").value(), "2017-04-19/P3D");
  // Months are added as XML Schema adds them: the day is pinned to the end
  // of a shorter month (2017-01-31 + P1M = 2017-02-28).
  EXPECT_EQ(AdxPeriod("2017-01-31/2017-02-27").value(), "2017-01-31/P1M");
  EXPECT_EQ(AdxPeriod("2017-01-31/2017-03-30").value(), "2017-01-31/P2M");
  EXPECT_EQ(AdxPeriod("2020-02-29/2021-02-27").value(), "2020-02-29/P1Y");
  EXPECT_EQ(AdxPeriod("2016-12-31/2017-12-30").value(), "2016-12-31/P1Y");
}

TEST(AdxPeriodTest, RejectsOtherForms) {
  for (const char* period :
       {"", "2017-04-01", "2017-04-01/", "2017-04-01/P", "2017-04-01/P1W",
        "2017-04-01/PT1H", "2017-04-01/P1D1M", "2017-04-01/P1.5M",
        "2017-02-30/P1M", "2017-04-01/2017-04-31", "2017-05-01/2017-04-30",
        "17-04-01/P1M", "2017-04-01/P1M/x", "2017-04-01T00:00:00/P1M"}) {
    EXPECT_EQ(AdxPeriod(period).status().code(),
              absl::StatusCode::kInvalidArgument)
        << period;
  }
}

TEST(AggregatesAdxTest, ExactOutput) {
  AggregateRow total =
      Row("JSTEDU_OFFICIALS_TRAINED", "TOTAL", "", kMonth, "90");
  AggregateRow women =
      Row("JSTEDU_OFFICIALS_TRAINED", "SEX", "K", kMonth, "41");
  AggregateRow lodz =
      Row("JSTEDU_OFFICIALS_TRAINED", "VOIVODESHIP", "10", kMonth, "12");
  AggregateRow rate = Row("JSTEDU_PLAN_RATE", "TOTAL", "", "", "0.9");
  EXPECT_EQ(
      Adx({total, women, lodz, rate}),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<adx xmlns=\"urn:ihe:qrph:adx:2015\" "
      "exported=\"2018-06-01T10:00:00Z\">\n"
      "  <group orgUnit=\"PL\" period=\"2017-04-01/P1M\" "
      "dataSet=\"JSTEDU-pilot\">\n"
      "    <dataValue dataElement=\"JSTEDU_OFFICIALS_TRAINED\" value=\"90\"/>\n"
      "    <dataValue dataElement=\"JSTEDU_OFFICIALS_TRAINED\" value=\"41\" "
      "SEX=\"K\"/>\n"
      "  </group>\n"
      "  <group orgUnit=\"10\" period=\"2017-04-01/P1M\" "
      "dataSet=\"JSTEDU-pilot\">\n"
      "    <dataValue dataElement=\"JSTEDU_OFFICIALS_TRAINED\" value=\"12\"/>\n"
      "  </group>\n"
      "  <group orgUnit=\"PL\" period=\"2017-04-01/P1Y2M\" "
      "dataSet=\"JSTEDU-pilot\">\n"
      "    <dataValue dataElement=\"JSTEDU_PLAN_RATE\" value=\"0.9\"/>\n"
      "  </group>\n"
      "</adx>\n");
}

TEST(AggregatesAdxTest, GroupsByOrgUnitAndPeriodInFirstSeenOrder) {
  const char* code = "C";
  std::string adx =
      Adx({Row(code, "VOIVODESHIP", "14", kMonth, "1"),
           Row(code, "TOTAL", "", "2017-05-01/P1M", "2"),
           Row(code, "JST_KIND", "gmina wiejska", kMonth, "3"),
           Row(code, "VOIVODESHIP", "14", "2017-05-01/P1M", "4"),
           Row(code, "VOIVODESHIP", "12", kMonth, "5"),
           Row(code, "SEX", "M", "2017-05-01/P1M", "6"),
           // The same group as the first row, its period written as dates.
           Row("D", "VOIVODESHIP", "14", "2017-04-01/2017-04-30", "7")});
  std::vector<std::string> groups;
  for (size_t pos = adx.find("<group "); pos != std::string::npos;
       pos = adx.find("<group ", pos + 1)) {
    groups.push_back(adx.substr(pos, adx.find('>', pos) - pos + 1));
  }
  const std::string data_set = " dataSet=\"JSTEDU-pilot\">";
  EXPECT_THAT(
      groups,
      ElementsAre(
          "<group orgUnit=\"14\" period=\"2017-04-01/P1M\"" + data_set,
          "<group orgUnit=\"PL\" period=\"2017-05-01/P1M\"" + data_set,
          "<group orgUnit=\"PL\" period=\"2017-04-01/P1M\"" + data_set,
          "<group orgUnit=\"14\" period=\"2017-05-01/P1M\"" + data_set,
          "<group orgUnit=\"12\" period=\"2017-04-01/P1M\"" + data_set));
  EXPECT_THAT(adx, HasSubstr("value=\"1\"/>\n    <dataValue dataElement=\"D\" "
                             "value=\"7\"/>\n  </group>"));
  EXPECT_THAT(adx, HasSubstr("value=\"2\"/>\n    <dataValue dataElement=\"C\" "
                             "value=\"6\" SEX=\"M\"/>\n  </group>"));
  EXPECT_THAT(adx, HasSubstr("value=\"3\" JST_KIND=\"gmina wiejska\"/>"));
}

TEST(AggregatesAdxTest, EscapesEveryAttributeValue) {
  AdxHeader header = Header();
  header.edition = "pilot & \"rollout\" <2017> 'A'";
  AggregateRow row =
      Row("JSTEDU_OFFICIALS_TRAINED", "TARGET_GROUP",
          "radni & partnerzy <społeczni> \"NGO\" 'x'\tz\nw\r.", kMonth, "3");
  std::string adx = Adx({row}, header);
  EXPECT_THAT(adx, HasSubstr("dataSet=\"JSTEDU-pilot &amp; &quot;rollout&quot;"
                             " &lt;2017&gt; &apos;A&apos;\""));
  EXPECT_THAT(adx, HasSubstr("TARGET_GROUP=\"radni &amp; partnerzy "
                             "&lt;społeczni&gt; &quot;NGO&quot; &apos;x&apos;"
                             "&#9;z&#10;w&#13;.\"/>"));
  EXPECT_THAT(adx, Not(HasSubstr("<2017>")));
  EXPECT_THAT(adx, Not(HasSubstr("'A'")));
}

TEST(AggregatesAdxTest, SameInputSameBytes) {
  std::vector<AggregateRow> rows = {Row("A", "TOTAL", "", kMonth, "1"),
                                    Row("A", "SEX", "K", kMonth, "0"),
                                    Row("B", "VOIVODESHIP", "32", "", "2")};
  EXPECT_EQ(Adx(rows), Adx(rows));
}

TEST(AggregatesAdxTest, UsesWholePeriodForRowsWithoutOne) {
  AdxHeader header = Header();
  header.whole_period = "2016-04-18/2018-05-31";
  EXPECT_THAT(Adx({Row("A", "TOTAL", "", "", "1")}, header),
              HasSubstr("period=\"2016-04-18/P2Y1M14D\""));
  header.whole_period = "";
  EXPECT_EQ(AdxError({Row("A", "TOTAL", "", "", "1")}, header),
            absl::StatusCode::kInvalidArgument);
}

TEST(AggregatesAdxTest, RejectsInvalidHeaders) {
  std::vector<AggregateRow> rows = {Row("A", "TOTAL", "", kMonth, "1")};
  EXPECT_EQ(AdxError({}), absl::StatusCode::kInvalidArgument);
  for (const char* exported :
       {"", "2018-06-01 10:00:00Z", "2018-06-01T10:00:00",
        "2018-06-01T10:00:00+02:00", "2018-06-31T10:00:00Z",
        "2018-06-01T24:00:00Z", "2018-06-01T10:00:00.Z"}) {
    AdxHeader header = Header();
    header.exported_at = exported;
    EXPECT_EQ(AdxError(rows, header), absl::StatusCode::kInvalidArgument)
        << exported;
  }
  AdxHeader fraction = Header();
  fraction.exported_at = "2018-06-01T10:00:00.250Z";
  EXPECT_TRUE(AggregatesAdx(fraction, rows).ok());
  AdxHeader no_edition = Header();
  no_edition.edition = "";
  EXPECT_EQ(AdxError(rows, no_edition), absl::StatusCode::kInvalidArgument);
  AdxHeader bad_whole = Header();
  bad_whole.whole_period = "2017";
  EXPECT_EQ(AdxError(rows, bad_whole), absl::StatusCode::kInvalidArgument);
}

TEST(AggregatesAdxTest, RejectsInvalidRows) {
  const std::vector<AggregateRow> bad = {
      Row("", "TOTAL", "", kMonth, "1"),
      Row("A B", "TOTAL", "", kMonth, "1"),
      Row("A", "REGION", "x", kMonth, "1"),
      Row("A", "total", "", kMonth, "1"),
      Row("A", "TOTAL", "PL", kMonth, "1"),
      Row("A", "SEX", "", kMonth, "1"),
      Row("A", "VOIVODESHIP", "mazowieckie", kMonth, "1"),
      Row("A", "VOIVODESHIP", "15", kMonth, "1"),
      Row("A", "VOIVODESHIP", "34", kMonth, "1"),
      Row("A", "TOTAL", "", "2017-04-01/P1W", "1"),
      Row("A", "TOTAL", "", kMonth, ""),
      Row("A", "TOTAL", "", kMonth, "1e3"),
      Row("A", "TOTAL", "", kMonth, "0,9"),
      Row("A", "TOTAL", "", kMonth, ".9"),
      Row("A", "TOTAL", "", kMonth, "NaN"),
      Row("A", "SEX", "K\x01", kMonth, "1"),
      Row("A", "SEX", "\xff", kMonth, "1"),
      Row("A", "SEX", "\xc5", kMonth, "1"),          // truncated sequence
      Row("A", "SEX", "\xc0\xaf", kMonth, "1"),      // overlong
      Row("A", "SEX", "\xed\xa0\x80", kMonth, "1"),  // surrogate
      Row("A", "SEX", "\xef\xbf\xbf", kMonth, "1"),  // U+FFFF
  };
  for (const AggregateRow& row : bad) {
    EXPECT_EQ(AdxError({Row("OK", "TOTAL", "", kMonth, "1"), row}),
              absl::StatusCode::kInvalidArgument)
        << row.code << "|" << row.dimension << "|" << row.dimension_value << "|"
        << row.period << "|" << row.value;
  }
  absl::Status status =
      AggregatesAdx(Header(), {Row("OK", "TOTAL", "", kMonth, "1"),
                               Row("A", "REGION", "x", kMonth, "1")})
          .status();
  EXPECT_THAT(std::string(status.message()), HasSubstr("aggregate row 1"));
}

TEST(AggregatesAdxTest, AcceptsDecimalsAndPolishText) {
  EXPECT_THAT(Adx({Row("A", "TOTAL", "", kMonth, "-0.25"),
                   Row("A", "JST_KIND", "gmina miejsko-wiejska", kMonth, "0"),
                   Row("A", "TARGET_GROUP",
                       "Radni i partnerzy społeczni – "
                       "NGO, rodzice, pracodawcy",
                       kMonth, "12.50")}),
              HasSubstr("TARGET_GROUP=\"Radni i partnerzy społeczni – NGO, "
                        "rodzice, pracodawcy\""));
}

TEST(AggregatesAdxTest, RejectsDuplicateValues) {
  EXPECT_EQ(AdxError({Row("A", "SEX", "K", kMonth, "1"),
                      Row("A", "SEX", "K", "2017-04-01/2017-04-30", "2")}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AdxError({Row("A", "VOIVODESHIP", "14", kMonth, "1"),
                      Row("A", "VOIVODESHIP", "14", kMonth, "1")}),
            absl::StatusCode::kInvalidArgument);
  // Different category, code or period: fine.
  EXPECT_EQ(AdxError({Row("A", "SEX", "K", kMonth, "1"),
                      Row("A", "SEX", "M", kMonth, "1"),
                      Row("B", "SEX", "K", kMonth, "1"),
                      Row("A", "SEX", "K", "2017-05-01/P1M", "1"),
                      Row("A", "JST_KIND", "K", kMonth, "1")}),
            absl::StatusCode::kOk);
}

TEST(AggregateKeyedValuesTest, KeysByCodeDimensionValueAndPeriod) {
  std::map<std::string, std::string> values = AggregateKeyedValues(
      {Row("A", "TOTAL", "", kMonth, "90"), Row("A", "SEX", "K", kMonth, "41"),
       Row("A", "TARGET_GROUP", "x|y\\z", kMonth, "3")});
  EXPECT_THAT(values,
              ElementsAre(std::pair<const std::string, std::string>(
                              "A|SEX|K|2017-04-01/P1M", "41"),
                          std::pair<const std::string, std::string>(
                              "A|TARGET_GROUP|x\\|y\\\\z|2017-04-01/P1M", "3"),
                          std::pair<const std::string, std::string>(
                              "A|TOTAL||2017-04-01/P1M", "90")));
}

TEST(AggregateKeyedValuesTest, EscapingKeepsKeysApart) {
  std::map<std::string, std::string> values =
      AggregateKeyedValues({Row("A|B", "SEX", "K", kMonth, "1"),
                            Row("A", "B|SEX", "K", kMonth, "2")});
  EXPECT_THAT(values, SizeIs(2));
}

}  // namespace
}  // namespace jstedu::reporting::exportfmt
