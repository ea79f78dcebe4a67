#pragma once

// The participant file for the ministry, in the layout of the EU-funds
// monitoring system (SL2014, participant module PEFS; see
// docs/DOMAIN.md, "The ministry's participant record"). The managing
// authority's annex is the final word on the layout; the column names below
// follow the public tools.
//
// One row per official: "ID uczestnika" (the surrogate participant id, the
// key for diffs between snapshots; PESEL is not unique enough, see the
// domain brief), then the institution block (the JST the official works for)
// and then the person block. A header name used in both blocks is prefixed
// "Instytucja: " in the institution block, so the single header row names
// every column once: "Instytucja: Kraj", ..., "Kraj" (the person's).
//
// Values are written as given (codes, dates and free text are the caller's
// to fill in the ministry's dictionaries), except Person::no_pesel, written
// "Tak" (true) or "Nie" (false). CSV as in csv.h: RFC 4180, UTF-8 without a
// BOM, CRLF, with the formula-injection guard.
//
// Thread-safety: pure functions; ParticipantColumns() builds its list once,
// thread-safely.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jstedu::reporting::exportfmt {

// The institution block: the JST that takes part. Strings as the ministry's
// tool expects them (dates YYYY-MM-DD; DEGURBA "1", "2" or "3").
struct Institution {
  std::string country;  // "Polska"
  std::string name;
  std::string nip;  // 10 digits
  std::string institution_type;
  std::string voivodeship;
  std::string county;
  std::string commune;
  std::string locality;
  std::string street;
  std::string building_number;
  std::string flat_number;
  std::string postcode;  // "00-950"
  std::string degurba;
  std::string phone;
  std::string email;
  std::string participation_start;
  std::string participation_end;
  std::string staff_supported;  // "Tak" / "Nie"
  std::string support_kind;
  std::string support_start;
  std::string support_end;
};

// The person block: one official.
struct Person {
  std::string country;
  std::string participant_kind;  // institutional staff
  std::string institution_name;
  std::string first_name;
  std::string last_name;
  std::string pesel;  // 11 digits; empty when no_pesel
  bool no_pesel = false;
  std::string sex;           // "Kobieta" / "Mężczyzna"
  std::string age_at_start;  // whole years, from the PESEL on joining
  std::string education_level;
  std::string voivodeship;
  std::string county;
  std::string commune;
  std::string locality;
  std::string address;  // street, building and flat number
  std::string postcode;
  std::string degurba;
  std::string phone;
  std::string email;
  std::string participation_start;
  std::string participation_end;
  std::string labour_market_status;
  std::string occupation;
  std::string employer;
  std::string situation_on_leaving;
  std::string ended_as_planned;
  std::string support_kind;
  std::string support_start;
  std::string support_end;
  // "Tak", "Nie" or "Odmowa podania informacji" (refused to answer).
  std::string minority_or_foreign_origin;
  std::string homeless;
  std::string disability;
  std::string other_disadvantage;
};

struct ParticipantRecord {
  std::string participant_id;  // surrogate key, never the PESEL
  Institution institution;
  Person person;
};

// The header names in file order: "ID uczestnika", the 21 institution
// columns (duplicates prefixed "Instytucja: "), then the 33 person columns
// (55 in all). All different. Stable: the column ids of the export and the
// field names of ParticipantFields.
const std::vector<std::string>& ParticipantColumns();

// The header row and one row per record, in the order given.
std::string ParticipantCsv(const std::vector<ParticipantRecord>& records);

// One record as header name → value (every column of ParticipantColumns(),
// values exactly as ParticipantCsv writes them before CSV quoting and the
// formula guard). For DiffRecords (record_diff.h), keyed by participant_id.
std::map<std::string, std::string> ParticipantFields(
    const ParticipantRecord& record);

// Pseudonymisation keys shorter than this do not make guessing infeasible;
// callers reject them when they read their configuration.
inline constexpr size_t kMinPseudonymKeyBytes = 32;

// The record with the direct identifiers of the person replaced, for
// exports that must not carry them (GDPR art. 4(5), 25 and 89):
//   - PESEL becomes "HMAC-SHA256:" and the 64 lowercase hex digits of
//     HMAC-SHA256(hmac_key, PESEL as given); an empty PESEL stays empty;
//   - first name, last name, the person's address, phone and e-mail become
//     empty;
//   - the four disadvantaged-situation answers become empty: a disability
//     answer is a special category of personal data (GDPR art. 9), no
//     indicator of the programme counts them, and beside sex, age and
//     employer a yes would single out an official of a small JST.
// Everything else stays, because the indicators and the ministry's checks
// need it: participant_id (already a surrogate), "Brak PESEL", sex, age at
// start, education, the person's voivodeship, county, commune, locality,
// postcode and DEGURBA (regional breakdowns), dates, labour-market status,
// occupation, employer, situation on leaving, support, and the whole
// institution block (a public body's data).
//
// Why keyed: the same PESEL gives the same pseudonym in every snapshot made
// with the same key, so the ministry can link records across snapshots and
// spot duplicates without ever seeing a PESEL. A plain hash would not
// protect it: there are only about 10^10 PESELs (fewer valid ones), and
// hashing them all takes minutes, which turns any unkeyed hash back into the
// PESEL. Without the key that enumeration is impossible. The key is a
// secret of the reporting service (at least kMinPseudonymKeyBytes random
// bytes); a new key gives new pseudonyms, so links end at a key change.
//
// The result is pseudonymised, not anonymous, and remains personal data:
// occupation, sex and age can single out an official of a small JST.
ParticipantRecord Pseudonymise(ParticipantRecord record,
                               std::string_view hmac_key);

}  // namespace jstedu::reporting::exportfmt
