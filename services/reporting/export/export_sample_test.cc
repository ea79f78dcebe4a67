// Writes sample exports with awkward values for tests/export/
// validate_export.py, which reads them back with Python's csv and
// xml.etree (ctest: reporting_export_sample, then reporting_export_validate*).
// The directory comes from JSTEDU_EXPORT_SAMPLE_DIR (a temporary directory
// when unset). Expectations are computed from the inputs, not from the
// files.

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/csv/csv_writer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/reporting/export/aggregates.h"
#include "services/reporting/export/sl2014.h"

namespace jstedu::reporting::exportfmt {
namespace {

constexpr char kKey[] = "sample key: 32 bytes or more, not a real one";
constexpr char kEdition[] = "pilot-2017";

ParticipantRecord Participant(std::string id, std::string pesel,
                              std::string first_name, std::string last_name) {
  ParticipantRecord record;
  record.participant_id = std::move(id);
  Institution& jst = record.institution;
  jst.country = "Polska";
  jst.name = "Gmina \"Łódź-Bałuty\", Urząd <Miasta> & Co";
  jst.nip = "7251234567";
  jst.institution_type = "Jednostka samorządu terytorialnego";
  jst.voivodeship = "ŁÓDZKIE";
  jst.county = "Łódź";
  jst.commune = "Łódź-Bałuty";
  jst.locality = "Łódź";
  jst.street = "ul. Źródlana";
  jst.building_number = "1";
  jst.flat_number = "";
  jst.postcode = "91-001";
  jst.degurba = "1";
  jst.phone = "+48 42 555 01 00";
  jst.email = "oswiata@lodz.example";
  jst.participation_start = "2017-04-05";
  jst.participation_end = "2017-11-24";
  jst.staff_supported = "Tak";
  jst.support_kind = "Szkolenie, doradztwo";
  jst.support_start = "2017-04-05";
  jst.support_end = "2017-11-24";
  Person& person = record.person;
  person.country = "Polska";
  person.participant_kind = "Pracownik instytucji";
  person.institution_name = jst.name;
  person.first_name = std::move(first_name);
  person.last_name = std::move(last_name);
  person.pesel = std::move(pesel);
  person.no_pesel = person.pesel.empty();
  person.sex = "Kobieta";
  person.age_at_start = "45";
  person.education_level = "Wyższe (ISCED 5-8)";
  person.voivodeship = "ŁÓDZKIE";
  person.county = "Łódź";
  person.commune = "Łódź-Bałuty";
  person.locality = "Łódź";
  person.postcode = "91-001";
  person.degurba = "1";
  person.participation_start = "2017-04-05";
  person.participation_end = "2017-11-24";
  person.labour_market_status = "Osoba pracująca";
  person.occupation = "Pracownik instytucji systemu oświaty";
  person.employer = "Urząd Miasta Łodzi";
  person.situation_on_leaving = "Inne";
  person.ended_as_planned = "Tak";
  person.support_kind = "Szkolenie";
  person.support_start = "2017-04-05";
  person.support_end = "2017-11-24";
  person.minority_or_foreign_origin = "Odmowa podania informacji";
  person.homeless = "Nie";
  person.disability = "Nie";
  person.other_disadvantage = "Nie";
  return record;
}

std::vector<ParticipantRecord> SampleParticipants() {
  ParticipantRecord first =
      Participant("p-0001", "85122407463", "Żaneta", "Brzęczyszczykiewicz");
  first.person.address = " ul. Źródlana 1 m. 2 ";
  first.person.phone = "+48 600 100 200";
  first.person.email = "z.brzeczyszczykiewicz@example.pl";
  first.person.occupation = "=HYPERLINK(\"http://evil.example\",\"kliknij\")";
  ParticipantRecord second =
      Participant("p-0002", "44051401359", "Konstanty",
                  "O'Connor-Źdźbło, \"Junior\"\r\nlinia 2");
  second.person.sex = "Mężczyzna";
  second.person.address = "Al. Kościuszki 5, lok. 7\nII piętro";
  second.person.phone = "+48-601-200-300";
  second.person.email = "@konstanty.example";
  second.person.other_disadvantage = "\t=1+1";
  second.person.age_at_start = "-5";  // nonsense, but must stay a number
  ParticipantRecord third = Participant("p-0003", "", "Jadwiga", "Ćwiek");
  third.person.address = "Piotrkowska 100";
  third.person.phone = "+48 602 300 400";
  third.person.email = "j.cwiek@example.pl";
  third.person.employer = "Szkoła 'Pod Lipami' & <Przedszkole>";
  return {first, second, third};
}

// Secrets of SampleParticipants that a pseudonymised export must not hold.
std::vector<std::string> Secrets(const std::vector<ParticipantRecord>& all) {
  std::vector<std::string> secrets;
  for (const ParticipantRecord& record : all) {
    for (const std::string* value :
         {&record.person.pesel, &record.person.first_name,
          &record.person.last_name, &record.person.address,
          &record.person.phone, &record.person.email}) {
      if (!value->empty()) secrets.push_back(*value);
    }
  }
  return secrets;
}

AggregateRow Aggregate(std::string code, std::string dimension,
                       std::string dimension_value, std::string period,
                       std::string value) {
  AggregateRow row;
  row.code = std::move(code);
  row.name_pl = "Liczba przedstawicieli JST, którzy ukończyli \"szkolenie\"";
  row.name_en = "Officials trained, <all> & \"completed\"";
  row.unit = "osoby";
  row.dimension = std::move(dimension);
  row.dimension_value = std::move(dimension_value);
  row.period = std::move(period);
  row.value = std::move(value);
  row.numerator = 0;
  return row;
}

std::vector<AggregateRow> SampleAggregates() {
  const std::string month = "2017-04-01/P1M";
  const std::string whole = "2017-04-01/2018-05-31";
  AggregateRow rate = Aggregate("JSTEDU_PLAN_RATE", "TOTAL", "", whole, "0.9");
  rate.name_pl = "=Odsetek JST z przyjętym planem";
  rate.unit = "%";
  rate.numerator = 27;
  rate.denominator = 30;
  rate.target = "0.9";
  return {
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "TOTAL", "", month, "90"),
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "SEX", "K", month, "41"),
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "VOIVODESHIP", "10", month, "12"),
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "JST_KIND", "gmina miejsko-wiejska",
                month, "30"),
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "TARGET_GROUP",
                "radni & partnerzy <społeczni> \"NGO\" 'rodzice'", month, "7"),
      Aggregate("JSTEDU_OFFICIALS_TRAINED", "TARGET_GROUP",
                "wiersz 1\nwiersz 2\ttab", month, "-3"),
      rate,
      Aggregate("JSTEDU_JST_SUPPORTED", "VOIVODESHIP", "10", whole, "5"),
  };
}

// The data values an ADX reader must find, from the rows and the rules of
// aggregates.h (the periods converted by hand).
nlohmann::json ExpectedDataValues(const std::vector<AggregateRow>& rows) {
  nlohmann::json values = nlohmann::json::array();
  for (const AggregateRow& row : rows) {
    nlohmann::json value = {
        {"orgUnit",
         row.dimension == "VOIVODESHIP" ? row.dimension_value : "PL"},
        {"period", row.period == "2017-04-01/2018-05-31" ? "2017-04-01/P1Y2M"
                                                         : row.period},
        {"dataSet", std::string("JSTEDU-") + kEdition},
        {"dataElement", row.code},
        {"value", row.value}};
    if (row.dimension != "TOTAL" && row.dimension != "VOIVODESHIP") {
      value[row.dimension] = row.dimension_value;
    }
    values.push_back(value);
  }
  return values;
}

std::string Guarded(const std::string& value) {
  return csv::NeedsFormulaGuard(value) ? "'" + value : value;
}

nlohmann::json ExpectedParticipantRows(
    const std::vector<ParticipantRecord>& records) {
  nlohmann::json rows = nlohmann::json::array();
  rows.push_back(ParticipantColumns());
  for (const ParticipantRecord& record : records) {
    std::map<std::string, std::string> fields = ParticipantFields(record);
    nlohmann::json row = nlohmann::json::array();
    for (const std::string& column : ParticipantColumns()) {
      row.push_back(Guarded(fields[column]));
    }
    rows.push_back(row);
  }
  return rows;
}

nlohmann::json ExpectedAggregateRows(const std::vector<AggregateRow>& rows) {
  nlohmann::json table = nlohmann::json::array();
  table.push_back({"code", "name_pl", "name_en", "unit", "dimension",
                   "dimension_value", "period", "value", "numerator",
                   "denominator", "target"});
  for (const AggregateRow& row : rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const std::string& cell :
         {row.code, row.name_pl, row.name_en, row.unit, row.dimension,
          row.dimension_value, row.period, row.value,
          std::to_string(row.numerator),
          row.denominator ? std::to_string(*row.denominator) : "",
          row.target.value_or("")}) {
      cells.push_back(Guarded(cell));
    }
    table.push_back(cells);
  }
  return table;
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  file.close();
  EXPECT_TRUE(file) << "cannot write " << path;
}

TEST(ExportSampleTest, WritesFilesForTheValidator) {
  const char* dir = std::getenv("JSTEDU_EXPORT_SAMPLE_DIR");
  const std::string out = dir != nullptr ? dir : ::testing::TempDir();
  std::vector<ParticipantRecord> participants = SampleParticipants();
  std::vector<ParticipantRecord> pseudonymised;
  for (const ParticipantRecord& record : participants) {
    pseudonymised.push_back(Pseudonymise(record, kKey));
  }
  std::vector<AggregateRow> aggregates = SampleAggregates();
  absl::StatusOr<std::string> adx = AggregatesAdx(
      AdxHeader{kEdition, "2018-06-01T10:00:00Z", "2017-04-01/2018-05-31"},
      aggregates);
  ASSERT_TRUE(adx.ok()) << adx.status();

  WriteFile(out + "/participants.csv", ParticipantCsv(participants));
  WriteFile(out + "/participants_pseudonymised.csv",
            ParticipantCsv(pseudonymised));
  WriteFile(out + "/aggregates.csv", AggregatesCsv(aggregates));
  WriteFile(out + "/aggregates.adx", *adx);
  std::string secrets;
  for (const std::string& secret : Secrets(participants)) {
    // One per line: a secret with a line break is listed line by line.
    for (char c : secret) secrets.push_back(c == '\r' ? '\n' : c);
    secrets.push_back('\n');
  }
  WriteFile(out + "/pseudonymised_must_not_contain.txt", secrets);
  nlohmann::json expectations = {
      {"participants.csv", {{"rows", ExpectedParticipantRows(participants)}}},
      {"participants_pseudonymised.csv",
       {{"rows", ExpectedParticipantRows(pseudonymised)}}},
      {"aggregates.csv", {{"rows", ExpectedAggregateRows(aggregates)}}},
      {"aggregates.adx", {{"dataValues", ExpectedDataValues(aggregates)}}}};
  WriteFile(out + "/expectations.json", expectations.dump(2) + "\n");
}

}  // namespace
}  // namespace jstedu::reporting::exportfmt
