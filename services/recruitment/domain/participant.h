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
// (MissingMonitoringFields): education_level, position, a contact (email or
// phone), and the four disadvantaged-situation answers
// (minority_or_foreign_origin, homeless, disability, other_disadvantage:
// each YES, NO or REFUSED, "refused to answer"). Those answers are personal
// data, disability a special category (GDPR art. 9): never in events, logs
// or messages.
//
// Messages never contain the PESEL, names or contacts entered.
//
// The rules in detail (each field gets at most one violation, for the first
// rule it breaks; violations come in ParticipantInput field order):
//
//   - Trimming: ASCII whitespace and NO-BREAK SPACE (U+00A0) around every
//     text field are removed first; the trimmed value is what is checked
//     and stored. Inner spaces are kept.
//   - Text must be valid UTF-8; lengths count Unicode code points.
//   - first_name, last_name: 1..100 code points of letters, spaces, '-',
//     '\'' and '.', with at least one letter. A letter is an ASCII letter
//     or any code point from U+00C0 on except × ÷, the punctuation blocks
//     (U+2000–U+206F, U+2E00–U+2E7F, U+3000–U+303F), private-use and
//     special code points (so every script, and ąćęłńóśźż, passes; the
//     typographic apostrophe U+2019 does not). ASCII digits and control or
//     invisible format characters are rejected with their own messages.
//   - pesel / no_pesel / other_identifier: a pesel with no_pesel is a
//     violation on "no_pesel"; a pesel with other_identifier one on
//     "other_identifier"; no pesel and no no_pesel one on "pesel"; no_pesel
//     without other_identifier one on "other_identifier".
//     other_identifier: 1..50 code points without control or invisible
//     format characters. A PESEL encoding a date after `today` is rejected.
//   - sex, birth_date: with a PESEL (valid or not) optional, and compared
//     with it only when it is valid ("does not match the PESEL"); without
//     one required. birth_date must not be after `today`.
//   - Enum names (sex, education_level, target_group) are matched
//     case-insensitively and stored as the canonical value.
//   - Dates: ParseIsoDate. participation_start (default `today`) must not
//     be before the birth date; it may be in the future (a planned start).
//   - email: at most 254 bytes, no spaces or control characters, exactly
//     one '@', a non-empty local part, a domain with a dot that neither
//     starts nor ends it and no empty label ("a..b"). The domain is stored
//     lower-cased, the local part as entered.
//   - phone: spaces and '-' removed, then an optional leading '+' and 9..15
//     digits; stored in that compact form.
//   - position: at most 200 code points without control characters.
//   - minority_or_foreign_origin, homeless, disability, other_disadvantage:
//     YES, NO or REFUSED, or the Polish TAK, NIE, ODMOWA (as a CSV file
//     from a JST's office may say it), case-insensitive; stored as the
//     canonical value.
//   - declaration_signed_on, information_clause_handed_over: when either is
//     given both are required; the date must not be after `today` nor
//     before the birth date, and the clause must be true.
//
// Thread-safety: pure functions.

#include <cstddef>
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
  std::string target_group;         // "DECISION_MAKER" | "OPERATIONAL_STAFF" |
                                    // "COUNCILLOR_OR_SOCIAL_PARTNER"
  std::string participation_start;  // YYYY-MM-DD | "" (today)
  std::string declaration_signed_on;  // YYYY-MM-DD | ""
  std::optional<bool> information_clause_handed_over;
  // The disadvantaged-situation answers: "YES" | "NO" | "REFUSED" | "".
  std::string minority_or_foreign_origin;
  std::string homeless;
  std::string disability;
  std::string other_disadvantage;
};

enum class EducationLevel {
  kIsced0,
  kIsced1,
  kIsced2,
  kIsced3,
  kIsced4,
  kIsced5To8
};
enum class TargetGroup {
  kDecisionMaker,
  kOperationalStaff,
  kCouncillorOrSocialPartner
};
// An answer to a disadvantaged-situation question of the monitoring record.
enum class SituationAnswer { kYes, kNo, kRefused };

// The four disadvantaged-situation answers; nullopt = not asked yet.
struct SituationAnswers {
  std::optional<SituationAnswer> minority_or_foreign_origin;
  std::optional<SituationAnswer> homeless;
  std::optional<SituationAnswer> disability;
  std::optional<SituationAnswer> other_disadvantage;

  bool operator==(const SituationAnswers& other) const;
};

struct DeclarationData {
  absl::CivilDay signed_on;
  bool information_clause_handed_over = true;

  bool operator==(const DeclarationData& other) const;
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
  SituationAnswers situation;

  bool operator==(const ParticipantData& other) const;
};

struct FieldViolation {
  std::string field;        // ParticipantInput field name
  std::string description;  // e.g. "check digit does not match"
};

// Validates `input`; on success fills *out and returns no violations (on
// failure *out is left untouched; `out` may be null to only validate).
// `today` is the current date in Europe/Warsaw (the default start date and
// the latest allowed birth and declaration date).
std::vector<FieldViolation> ValidateParticipant(const ParticipantInput& input,
                                                absl::CivilDay today,
                                                ParticipantData* out);

// The inverse of validation, for updates: the record as input text
// (canonical names, ISO dates, no_pesel = no PESEL). With a PESEL, sex and
// birth_date are left empty since the PESEL gives them, so an update that
// only corrects the PESEL validates against the new number; an update
// switching to no_pesel must then give them. ValidateParticipant(
// ToInput(d), today, &x) gives back d for any valid d.
ParticipantInput ToInput(const ParticipantData& data);

// Names of the person's fields complete EU-monitoring data needs and `data`
// lacks ("education_level", "position", "contact",
// "minority_or_foreign_origin", "homeless", "disability",
// "other_disadvantage"); empty when complete. The whole record also needs
// the employer's institution block (institution.h,
// MissingInstitutionFields).
std::vector<std::string> MissingMonitoringFields(const ParticipantData& data);

// Whether `after` differs from `before` only in fields of the monitoring
// record that may still be completed after participation ends (result
// data are collected up to 4 weeks after it): education_level, position,
// email, phone and the four situation answers.
bool OnlyMonitoringFieldsDiffer(const ParticipantData& before,
                                const ParticipantData& after);

// Stable names ("FEMALE", "ISCED_5_8", "DECISION_MAKER") and their
// inverses (case-insensitive, since CSV cells arrive as typed; false for an
// unknown name).
const char* SexName(Sex sex);
const char* EducationLevelName(EducationLevel level);
const char* TargetGroupName(TargetGroup group);
bool ParseSex(const std::string& name, Sex* sex);
bool ParseEducationLevel(const std::string& name, EducationLevel* level);
bool ParseTargetGroup(const std::string& name, TargetGroup* group);
const char* SituationAnswerName(SituationAnswer answer);  // "YES", …
// Also the Polish TAK, NIE, ODMOWA.
bool ParseSituationAnswer(const std::string& name, SituationAnswer* answer);

// Field rules shared with the institution block (institution.h): each
// returns "" for a valid value (setting *normalised) or the problem.
// E-mail: the rules above; phone: the rules above; free text: at most
// `max_code_points` code points without control characters.
std::string EmailProblem(const std::string& value, std::string* normalised);
std::string PhoneProblem(const std::string& value, std::string* normalised);
std::string FreeTextProblem(const std::string& value,
                            std::size_t max_code_points);
// Strips ASCII whitespace and NO-BREAK SPACE from both ends.
std::string TrimField(const std::string& text);

// YYYY-MM-DD, strictly (a real date, 4-digit year 1800..2299).
bool ParseIsoDate(const std::string& text, absl::CivilDay* day);
std::string FormatIsoDate(absl::CivilDay day);

}  // namespace jstedu::recruitment
