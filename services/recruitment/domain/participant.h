#pragma once

// A participant (a JST's representative) as entered, and the rules that
// turn it into a valid record.
//
// ParticipantInput holds fields as text, the way both the API (enum names,
// ISO dates) and a CSV file deliver them; "" means not given. Validation
// trims surrounding whitespace, checks every field and reports *every*
// problem (not only the first), each with the field's name as in
// ParticipantInput ("pesel", "birth_date", "declaration_signed_on", …), so
// callers can map it to an API field path or a CSV column.
//
// Required: first_name, last_name, target_group, and either pesel or
// no_pesel with other_identifier (then also sex and birth_date). With a
// PESEL, sex and birth_date are derived; when given they must agree.
// participation_start defaults to `today`. The declaration is optional, but
// when any of its fields is given both are required and the clause must
// have been handed over.
//
// Optional for a valid record but required for complete EU-monitoring data
// (MissingMonitoringFields): education_level, position, and a contact (email
// or phone).
//
// Messages never contain the PESEL, names or contacts entered.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/recruitment/domain/pesel.h"

namespace jstedu::recruitment {

struct ParticipantInput {
  std::string first_name;
  std::string last_name;
  std::string pesel;
  bool no_pesel = false;
  std::string other_identifier;
  std::string sex;              // "FEMALE" | "MALE" | ""
  std::string birth_date;       // YYYY-MM-DD | ""
  std::string education_level;  // "ISCED_0" … "ISCED_5_8" | ""
  std::string email;
  std::string phone;
  std::string position;
  std::string target_group;  // "DECISION_MAKER" | "OPERATIONAL_STAFF" |
                             // "COUNCILLOR_OR_SOCIAL_PARTNER"
  std::string participation_start;  // YYYY-MM-DD | "" (today)
  std::string declaration_signed_on;  // YYYY-MM-DD | ""
  std::optional<bool> information_clause_handed_over;
};

enum class EducationLevel { kIsced0, kIsced1, kIsced2, kIsced3, kIsced4, kIsced5To8 };
enum class TargetGroup { kDecisionMaker, kOperationalStaff, kCouncillorOrSocialPartner };

struct DeclarationData {
  absl::CivilDay signed_on;
  bool information_clause_handed_over = true;
};

// A valid, normalised participant record.
struct ParticipantData {
  std::string first_name;
  std::string last_name;
  std::string pesel;             // "" when no_pesel
  std::string other_identifier;  // "" unless no_pesel
  Sex sex = Sex::kFemale;
  absl::CivilDay birth_date;
  std::optional<EducationLevel> education_level;
  std::string email;  // "" when not given
  std::string phone;  // normalised: digits with an optional leading '+'
  std::string position;
  TargetGroup target_group = TargetGroup::kDecisionMaker;
  absl::CivilDay participation_start;
  int age_at_start = 0;  // AgeOn(birth_date, participation_start)
  std::optional<DeclarationData> declaration;

  bool operator==(const ParticipantData& other) const;
};

struct FieldViolation {
  std::string field;        // ParticipantInput field name
  std::string description;  // e.g. "check digit does not match"
};

// Validates `input`; on success fills *out and returns no violations.
// `today` is the current date in Europe/Warsaw (the default start date and
// the latest allowed declaration date).
std::vector<FieldViolation> ValidateParticipant(const ParticipantInput& input,
                                                absl::CivilDay today,
                                                ParticipantData* out);

// The inverse of validation, for updates: the record as input text.
ParticipantInput ToInput(const ParticipantData& data);

// Names of the fields complete EU-monitoring data needs and `data` lacks
// ("education_level", "position", "contact"); empty when complete.
std::vector<std::string> MissingMonitoringFields(const ParticipantData& data);

// Stable names ("FEMALE", "ISCED_5_8", "DECISION_MAKER") and their
// inverses (false for an unknown name).
const char* SexName(Sex sex);
const char* EducationLevelName(EducationLevel level);
const char* TargetGroupName(TargetGroup group);
bool ParseSex(const std::string& name, Sex* sex);
bool ParseEducationLevel(const std::string& name, EducationLevel* level);
bool ParseTargetGroup(const std::string& name, TargetGroup* group);

// YYYY-MM-DD, strictly (a real date, 4-digit year 1800..2299).
bool ParseIsoDate(const std::string& text, absl::CivilDay* day);
std::string FormatIsoDate(absl::CivilDay day);

}  // namespace jstedu::recruitment
