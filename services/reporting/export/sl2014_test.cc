#include "services/reporting/export/sl2014.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/crypto/digest.h"
#include "common/csv/test_csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::reporting::exportfmt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";

ParticipantRecord Official() {
  ParticipantRecord record;
  record.participant_id = "7f1c0b7e-0001";
  Institution& jst = record.institution;
  jst.country = "Polska";
  jst.name = "Gmina Łęczyca, Urząd \"Miejski\"";
  jst.nip = "7750011111";
  jst.institution_type = "Jednostka samorządu terytorialnego";
  jst.voivodeship = "łódzkie";
  jst.county = "łęczycki";
  jst.commune = "Łęczyca";
  jst.locality = "Łęczyca";
  jst.street = "Konopnickiej";
  jst.building_number = "14";
  jst.postcode = "99-100";
  jst.degurba = "2";
  jst.phone = "+48 24 721 00 00";
  jst.email = "gmina@leczyca.example";
  jst.participation_start = "2017-04-05";
  jst.staff_supported = "Tak";
  Person& person = record.person;
  person.country = "Polska";
  person.participant_kind = "Pracownik instytucji";
  person.institution_name = jst.name;
  person.first_name = "Żaneta";
  person.last_name = "Brzęczyszczykiewicz";
  person.pesel = "85122407463";
  person.sex = "Kobieta";
  person.age_at_start = "31";
  person.education_level = "Wyższe (ISCED 5-8)";
  person.voivodeship = "łódzkie";
  person.locality = "Łęczyca";
  person.address = "ul. Ogrodowa 3 m. 4";
  person.postcode = "99-100";
  person.phone = "+48 600 100 200";
  person.email = "z.brzeczyszczykiewicz@example.pl";
  person.participation_start = "2017-04-05";
  person.labour_market_status = "Osoba pracująca";
  person.occupation = "Pracownik instytucji systemu oświaty";
  person.employer = "Urząd Gminy Łęczyca";
  person.minority_or_foreign_origin = "Odmowa podania informacji";
  person.homeless = "Nie";
  return record;
}

TEST(ParticipantColumnsTest, FiftyFiveDistinctColumnsInSl2014Order) {
  const std::vector<std::string>& columns = ParticipantColumns();
  ASSERT_THAT(columns, SizeIs(55));
  EXPECT_EQ(std::set<std::string>(columns.begin(), columns.end()).size(),
            columns.size());
  EXPECT_EQ(columns[0], "ID uczestnika");
  EXPECT_EQ(columns[1], "Instytucja: Kraj");
  EXPECT_EQ(columns[2], "Instytucja: Nazwa instytucji");
  EXPECT_EQ(columns[3], "NIP");
  EXPECT_EQ(columns[9], "Ulica");
  EXPECT_EQ(columns[18], "Czy wsparciem zostali objęci pracownicy instytucji");
  EXPECT_EQ(columns[21], "Instytucja: Data zakończenia udziału we wsparciu");
  EXPECT_EQ(columns[22], "Kraj");
  EXPECT_EQ(columns[25], "Imię");
  EXPECT_EQ(columns[27], "PESEL");
  EXPECT_EQ(columns[28], "Brak PESEL");
  EXPECT_EQ(columns[54], "Osoba w innej niekorzystnej sytuacji społecznej");
  EXPECT_EQ(&ParticipantColumns(), &columns);  // built once
}

TEST(ParticipantCsvTest, HeaderAndRowsHaveTheSameColumnCount) {
  ParticipantRecord second = Official();
  second.participant_id = "7f1c0b7e-0002";
  second.person.pesel = "";
  second.person.no_pesel = true;
  second.person.last_name = "O'Connor, \"Jr\"\nlinia 2";
  second.person.occupation = "=HYPERLINK(\"http://evil\",\"x\")";
  std::string file = ParticipantCsv({Official(), second});
  std::vector<std::vector<std::string>> table = csv::testing::ReadCsv(file);
  ASSERT_THAT(table, SizeIs(3));
  EXPECT_EQ(table[0], ParticipantColumns());
  for (const auto& row : table) EXPECT_THAT(row, SizeIs(55));
  EXPECT_EQ(table[1][0], "7f1c0b7e-0001");
  EXPECT_EQ(table[2][0], "7f1c0b7e-0002");
  EXPECT_EQ(table[1][27], "85122407463");
  EXPECT_EQ(table[1][28], "Nie");
  EXPECT_EQ(table[2][27], "");
  EXPECT_EQ(table[2][28], "Tak");
  EXPECT_EQ(table[2][26], "O'Connor, \"Jr\"\nlinia 2");
  EXPECT_EQ(table[2][44], "'=HYPERLINK(\"http://evil\",\"x\")");
}

TEST(ParticipantCsvTest, PolishCharactersSurvive) {
  std::string file = ParticipantCsv({Official()});
  EXPECT_THAT(file, HasSubstr("Żaneta,Brzęczyszczykiewicz,85122407463"));
  EXPECT_THAT(file, HasSubstr("\"Gmina Łęczyca, Urząd \"\"Miejski\"\"\""));
  EXPECT_THAT(file, HasSubstr("Wiek w chwili przystąpienia do projektu"));
  EXPECT_EQ(file.rfind("ID uczestnika,Instytucja: Kraj,", 0), 0u);  // no BOM
}

TEST(ParticipantCsvTest, NoRecordsGivesTheHeaderOnly) {
  EXPECT_EQ(csv::testing::ReadCsv(ParticipantCsv({})),
            std::vector<std::vector<std::string>>{ParticipantColumns()});
}

TEST(ParticipantFieldsTest, EveryColumnWithItsValue) {
  std::map<std::string, std::string> fields = ParticipantFields(Official());
  ASSERT_THAT(fields, SizeIs(55));
  for (const std::string& column : ParticipantColumns()) {
    EXPECT_EQ(fields.count(column), 1u) << column;
  }
  EXPECT_EQ(fields["ID uczestnika"], "7f1c0b7e-0001");
  EXPECT_EQ(fields["Instytucja: Nazwa instytucji"],
            "Gmina Łęczyca, Urząd \"Miejski\"");
  EXPECT_EQ(fields["Nazwisko"], "Brzęczyszczykiewicz");
  EXPECT_EQ(fields["Telefon kontaktowy"], "+48 600 100 200");
  EXPECT_EQ(fields["Instytucja: Telefon kontaktowy"], "+48 24 721 00 00");
  EXPECT_EQ(fields["Brak PESEL"], "Nie");
  EXPECT_EQ(fields["Osoba należąca do mniejszości narodowej lub etnicznej, "
                   "migrant, osoba obcego pochodzenia"],
            "Odmowa podania informacji");
}

TEST(PseudonymiseTest, ReplacesPeselAndBlanksDirectIdentifiers) {
  ParticipantRecord original = Official();
  ParticipantRecord pseudonymised = Pseudonymise(original, kKey);
  const Person& person = pseudonymised.person;
  EXPECT_EQ(person.pesel, "HMAC-SHA256:" + crypto::HmacSha256Hex(
                                               kKey, original.person.pesel));
  EXPECT_THAT(person.pesel, SizeIs(12 + 64));
  EXPECT_EQ(person.first_name, "");
  EXPECT_EQ(person.last_name, "");
  EXPECT_EQ(person.address, "");
  EXPECT_EQ(person.phone, "");
  EXPECT_EQ(person.email, "");
  // Special-category answers (disability) and the other situation answers.
  EXPECT_EQ(person.minority_or_foreign_origin, "");
  EXPECT_EQ(person.homeless, "");
  EXPECT_EQ(person.disability, "");
  EXPECT_EQ(person.other_disadvantage, "");
}

TEST(PseudonymiseTest, KeepsEverythingElse) {
  ParticipantRecord original = Official();
  std::map<std::string, std::string> before = ParticipantFields(original);
  std::map<std::string, std::string> after =
      ParticipantFields(Pseudonymise(original, kKey));
  const std::set<std::string> replaced = {
      "PESEL",
      "Imię",
      "Nazwisko",
      "Adres (ulica, nr budynku, nr lokalu)",
      "Telefon kontaktowy",
      "Adres e-mail",
      "Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba "
      "obcego pochodzenia",
      "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
      "Osoba z niepełnosprawnościami",
      "Osoba w innej niekorzystnej sytuacji społecznej"};
  for (const auto& [column, value] : before) {
    if (replaced.count(column) == 0) {
      EXPECT_EQ(after[column], value) << column;
    }
  }
  EXPECT_EQ(after["Płeć"], "Kobieta");
  EXPECT_EQ(after["Wiek w chwili przystąpienia do projektu"], "31");
  EXPECT_EQ(after["Instytucja: Telefon kontaktowy"], "+48 24 721 00 00");
}

TEST(PseudonymiseTest, StableForTheSameKeyAndDifferentForAnother) {
  ParticipantRecord original = Official();
  std::string first = Pseudonymise(original, kKey).person.pesel;
  EXPECT_EQ(Pseudonymise(original, kKey).person.pesel, first);
  EXPECT_NE(
      Pseudonymise(original, "another key, also 32 bytes long").person.pesel,
      first);
  ParticipantRecord other = original;
  other.person.pesel = "44051401359";
  EXPECT_NE(Pseudonymise(other, kKey).person.pesel, first);
}

TEST(PseudonymiseTest, EmptyPeselStaysEmpty) {
  ParticipantRecord original = Official();
  original.person.pesel = "";
  original.person.no_pesel = true;
  ParticipantRecord pseudonymised = Pseudonymise(original, kKey);
  EXPECT_EQ(pseudonymised.person.pesel, "");
  EXPECT_TRUE(pseudonymised.person.no_pesel);
}

TEST(PseudonymiseTest, ExportHoldsNoPeselNameOrContact) {
  ParticipantRecord a = Official();
  ParticipantRecord b = Official();
  b.participant_id = "7f1c0b7e-0002";
  b.person.pesel = "44051401359";
  b.person.first_name = "Konstanty";
  b.person.last_name = "Ćwikliński";
  std::string file =
      ParticipantCsv({Pseudonymise(a, kKey), Pseudonymise(b, kKey)});
  for (const char* secret :
       {"85122407463", "44051401359", "Żaneta", "Brzęczyszczykiewicz",
        "Konstanty", "Ćwikliński", "ul. Ogrodowa 3 m. 4", "+48 600 100 200",
        "z.brzeczyszczykiewicz@example.pl"}) {
    EXPECT_THAT(file, Not(HasSubstr(secret))) << secret;
  }
  EXPECT_THAT(file, HasSubstr("HMAC-SHA256:" +
                              crypto::HmacSha256Hex(kKey, "44051401359")));
  std::vector<std::vector<std::string>> table = csv::testing::ReadCsv(file);
  ASSERT_THAT(table, SizeIs(3));
  for (const auto& row : table) EXPECT_THAT(row, SizeIs(55));
}

}  // namespace
}  // namespace jstedu::reporting::exportfmt
