#include "services/reporting/export/sl2014.h"

#include <set>

#include "common/crypto/digest.h"
#include "common/csv/csv_writer.h"

namespace jstedu::reporting::exportfmt {
namespace {

constexpr char kIdColumn[] = "ID uczestnika";
constexpr char kInstitutionPrefix[] = "Instytucja: ";
constexpr char kPseudonymPrefix[] = "HMAC-SHA256:";

struct InstitutionColumn {
  const char* header;
  std::string Institution::*field;
};

// SL2014 order; the same order as the struct.
constexpr InstitutionColumn kInstitutionColumns[] = {
    {"Kraj", &Institution::country},
    {"Nazwa instytucji", &Institution::name},
    {"NIP", &Institution::nip},
    {"Typ instytucji", &Institution::institution_type},
    {"Województwo", &Institution::voivodeship},
    {"Powiat", &Institution::county},
    {"Gmina", &Institution::commune},
    {"Miejscowość", &Institution::locality},
    {"Ulica", &Institution::street},
    {"Nr budynku", &Institution::building_number},
    {"Nr lokalu", &Institution::flat_number},
    {"Kod pocztowy", &Institution::postcode},
    {"Obszar wg stopnia urbanizacji (DEGURBA)", &Institution::degurba},
    {"Telefon kontaktowy", &Institution::phone},
    {"Adres e-mail", &Institution::email},
    {"Data rozpoczęcia udziału w projekcie", &Institution::participation_start},
    {"Data zakończenia udziału w projekcie", &Institution::participation_end},
    {"Czy wsparciem zostali objęci pracownicy instytucji",
     &Institution::staff_supported},
    {"Rodzaj przyznanego wsparcia", &Institution::support_kind},
    {"Data rozpoczęcia udziału we wsparciu", &Institution::support_start},
    {"Data zakończenia udziału we wsparciu", &Institution::support_end},
};

// Exactly one of `text` and `flag` is set.
struct PersonColumn {
  const char* header;
  std::string Person::*text;
  bool Person::*flag;
};

constexpr PersonColumn kPersonColumns[] = {
    {"Kraj", &Person::country, nullptr},
    {"Rodzaj uczestnika", &Person::participant_kind, nullptr},
    {"Nazwa instytucji", &Person::institution_name, nullptr},
    {"Imię", &Person::first_name, nullptr},
    {"Nazwisko", &Person::last_name, nullptr},
    {"PESEL", &Person::pesel, nullptr},
    {"Brak PESEL", nullptr, &Person::no_pesel},
    {"Płeć", &Person::sex, nullptr},
    {"Wiek w chwili przystąpienia do projektu", &Person::age_at_start, nullptr},
    {"Wykształcenie", &Person::education_level, nullptr},
    {"Województwo", &Person::voivodeship, nullptr},
    {"Powiat", &Person::county, nullptr},
    {"Gmina", &Person::commune, nullptr},
    {"Miejscowość", &Person::locality, nullptr},
    // SL2014 splits it into street, building and flat number; we hold one.
    {"Adres (ulica, nr budynku, nr lokalu)", &Person::address, nullptr},
    {"Kod pocztowy", &Person::postcode, nullptr},
    {"Obszar wg stopnia urbanizacji (DEGURBA)", &Person::degurba, nullptr},
    {"Telefon kontaktowy", &Person::phone, nullptr},
    {"Adres e-mail", &Person::email, nullptr},
    {"Data rozpoczęcia udziału w projekcie", &Person::participation_start,
     nullptr},
    {"Data zakończenia udziału w projekcie", &Person::participation_end,
     nullptr},
    {"Status osoby na rynku pracy w chwili przystąpienia do projektu",
     &Person::labour_market_status, nullptr},
    {"Wykonywany zawód", &Person::occupation, nullptr},
    {"Zatrudniony w", &Person::employer, nullptr},
    {"Sytuacja osoby w momencie zakończenia udziału w projekcie",
     &Person::situation_on_leaving, nullptr},
    {"Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej "
     "ścieżką uczestnictwa",
     &Person::ended_as_planned, nullptr},
    {"Rodzaj przyznanego wsparcia", &Person::support_kind, nullptr},
    {"Data rozpoczęcia udziału we wsparciu", &Person::support_start, nullptr},
    {"Data zakończenia udziału we wsparciu", &Person::support_end, nullptr},
    {"Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba "
     "obcego pochodzenia",
     &Person::minority_or_foreign_origin, nullptr},
    {"Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
     &Person::homeless, nullptr},
    {"Osoba z niepełnosprawnościami", &Person::disability, nullptr},
    {"Osoba w innej niekorzystnej sytuacji społecznej",
     &Person::other_disadvantage, nullptr},
};

std::vector<std::string> BuildColumns() {
  std::set<std::string> person_headers;
  for (const PersonColumn& column : kPersonColumns) {
    person_headers.insert(column.header);
  }
  std::vector<std::string> columns = {kIdColumn};
  for (const InstitutionColumn& column : kInstitutionColumns) {
    std::string header = column.header;
    if (person_headers.count(header) > 0) header.insert(0, kInstitutionPrefix);
    columns.push_back(std::move(header));
  }
  for (const PersonColumn& column : kPersonColumns) {
    columns.push_back(column.header);
  }
  return columns;
}

// In the order of ParticipantColumns().
std::vector<std::string> Values(const ParticipantRecord& record) {
  std::vector<std::string> values = {record.participant_id};
  for (const InstitutionColumn& column : kInstitutionColumns) {
    values.push_back(record.institution.*column.field);
  }
  for (const PersonColumn& column : kPersonColumns) {
    if (column.text != nullptr) {
      values.push_back(record.person.*column.text);
    } else {
      values.push_back(record.person.*column.flag ? "Tak" : "Nie");
    }
  }
  return values;
}

}  // namespace

const std::vector<std::string>& ParticipantColumns() {
  static const auto* const kColumns =
      new std::vector<std::string>(BuildColumns());
  return *kColumns;
}

std::string ParticipantCsv(const std::vector<ParticipantRecord>& records) {
  std::string file = csv::CsvRow(ParticipantColumns());
  for (const ParticipantRecord& record : records) {
    file.append(csv::CsvRow(Values(record)));
  }
  return file;
}

std::map<std::string, std::string> ParticipantFields(
    const ParticipantRecord& record) {
  const std::vector<std::string>& columns = ParticipantColumns();
  std::vector<std::string> values = Values(record);
  std::map<std::string, std::string> fields;
  for (size_t i = 0; i < columns.size(); ++i) {
    fields.emplace(columns[i], std::move(values[i]));
  }
  return fields;
}

ParticipantRecord Pseudonymise(ParticipantRecord record,
                               std::string_view hmac_key) {
  Person& person = record.person;
  if (!person.pesel.empty()) {
    person.pesel =
        kPseudonymPrefix + crypto::HmacSha256Hex(hmac_key, person.pesel);
  }
  person.first_name.clear();
  person.last_name.clear();
  person.address.clear();
  person.phone.clear();
  person.email.clear();
  person.minority_or_foreign_origin.clear();
  person.homeless.clear();
  person.disability.clear();
  person.other_disadvantage.clear();
  return record;
}

}  // namespace jstedu::reporting::exportfmt
