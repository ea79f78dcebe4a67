#pragma once

// The institution block of the EU-funds monitoring record: the JST that
// takes part, as its application records it (docs/DOMAIN.md, "The
// ministry's participant record"). Public data of a public body, not
// personal data: it may travel in events and answers.
//
// InstitutionInput holds fields as text ("" = not given). Validation trims
// surrounding whitespace and reports every problem, each on its field
// ("nip", "locality", …; callers prefix "institution."):
//   - nip: the tax id, 10 digits with its check digit (weights
//     6,5,7,2,3,4,5,6,7, sum mod 11); spaces and '-' between digits are
//     allowed and dropped ("526-000-12-46" is stored "5260001246").
//   - locality, street: at most 100 characters without control characters.
//   - building_number, flat_number: at most 20 such characters.
//   - postcode: NN-NNN (or NNNNN, stored NN-NNN).
//   - degurba: the urbanisation degree 1 (cities), 2 (towns and suburbs)
//     or 3 (rural areas); "" = the registry's class for the JST's TERYT
//     code (the office loads those, degurba_csv.h).
//   - phone, email: the participant's rules (participant.h).
// Every field is optional for a valid block; a complete monitoring record
// needs nip, locality, building_number, postcode, a DEGURBA class (the
// block's or the registry's) and a contact (phone or e-mail):
// MissingInstitutionFields. A street is not required: many villages have
// none, and the address is then the locality and building number.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "services/recruitment/domain/participant.h"

namespace jstedu::recruitment {

struct InstitutionInput {
  std::string nip;
  std::string locality;
  std::string street;
  std::string building_number;
  std::string flat_number;
  std::string postcode;
  std::string degurba;  // "1" | "2" | "3" | ""
  std::string phone;
  std::string email;
};

// A valid, normalised block.
struct InstitutionData {
  std::string nip;  // 10 digits or ""
  std::string locality;
  std::string street;
  std::string building_number;
  std::string flat_number;
  std::string postcode;        // NN-NNN or ""
  std::optional<int> degurba;  // the block's own class, 1..3
  std::string phone;
  std::string email;

  bool operator==(const InstitutionData& other) const;
};

// Validates `input`; on success fills *out (when not null) and returns no
// violations; on failure *out is left untouched.
std::vector<FieldViolation> ValidateInstitution(const InstitutionInput& input,
                                                InstitutionData* out);

// The inverse of validation: ValidateInstitution(ToInput(d)) gives back d.
InstitutionInput ToInput(const InstitutionData& data);

// The class in force: the block's own, else the registry's (nullopt when
// neither is known).
std::optional<int> EffectiveDegurba(const InstitutionData& data,
                                    std::optional<int> registry_degurba);

// Names of the fields the monitoring record needs and the block lacks,
// prefixed "institution." ("institution.nip", "institution.locality",
// "institution.building_number", "institution.postcode",
// "institution.degurba", "institution.contact"); empty when complete.
std::vector<std::string> MissingInstitutionFields(
    const InstitutionData& data, std::optional<int> registry_degurba);

// True for 10 digits whose check digit is right.
bool IsValidNip(const std::string& digits);

}  // namespace jstedu::recruitment
