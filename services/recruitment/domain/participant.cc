#include "services/recruitment/domain/participant.h"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace jstedu::recruitment {
namespace {

constexpr std::size_t kMaxNameCodePoints = 100;
constexpr std::size_t kMaxOtherIdentifierCodePoints = 50;
constexpr std::size_t kMaxPositionCodePoints = 200;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMinPhoneDigits = 9;
constexpr std::size_t kMaxPhoneDigits = 15;
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2299;

constexpr char kNbsp[] = "\xC2\xA0";  // U+00A0 in UTF-8

// ---------------------------------------------------------------------------
// Text helpers.

// Strips ASCII whitespace and NO-BREAK SPACE from both ends: spreadsheets
// and copy-paste from web pages put NBSP around cell values. (absl's
// string_view is not std's in this build, hence absl::string_view here.)
std::string Trim(absl::string_view text) {
  while (true) {
    absl::string_view before = text;
    text = absl::StripAsciiWhitespace(text);
    if (absl::ConsumePrefix(&text, kNbsp)) continue;
    if (absl::ConsumeSuffix(&text, kNbsp)) continue;
    if (text == before) break;
  }
  return std::string(text);
}

// Decodes strict UTF-8 (no overlong forms, surrogates or values above
// U+10FFFF). False for invalid input.
bool DecodeUtf8(absl::string_view text, std::u32string* code_points) {
  code_points->clear();
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    int length;
    char32_t value;
    char32_t minimum;
    if (lead < 0x80) {
      length = 1, value = lead, minimum = 0;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      value = (value << 6) | (next & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF ||
        (value >= 0xD800 && value <= 0xDFFF)) {
      return false;
    }
    code_points->push_back(value);
    i += length;
  }
  return true;
}

bool InRange(char32_t c, char32_t low, char32_t high) {
  return c >= low && c <= high;
}

// C0, DEL and C1 controls, and the invisible format characters that can
// hide or reorder text (zero-width characters, bidi controls, line and
// paragraph separators, the BOM).
bool IsControlOrFormat(char32_t c) {
  return c < 0x20 || InRange(c, 0x7F, 0x9F) || InRange(c, 0x200B, 0x200F) ||
         InRange(c, 0x2028, 0x202E) || InRange(c, 0x2060, 0x206F) ||
         c == 0xFEFF;
}

// A letter, by the rule the header documents: ASCII letters, and any code
// point from U+00C0 on except × and ÷, punctuation and space blocks,
// private-use and special code points. Cheaper and more predictable than a
// Unicode database, and lets every script (and ąćęłńóśźż) through.
bool IsNameLetter(char32_t c) {
  if (c < 0x80) return absl::ascii_isalpha(static_cast<unsigned char>(c));
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  return !InRange(c, 0x2000, 0x206F) &&  // General Punctuation
         !InRange(c, 0x2E00, 0x2E7F) &&  // Supplemental Punctuation
         !InRange(c, 0x3000, 0x303F) &&  // CJK Symbols and Punctuation
         !InRange(c, 0xE000, 0xF8FF) &&  // Private Use Area
         !InRange(c, 0xFDD0, 0xFDEF) &&  // noncharacters
         !InRange(c, 0xFFF0, 0xFFFF) &&  // Specials (incl. U+FFFD)
         c != 0xFEFF && c < 0xF0000;     // BOM; supplementary private use
}

bool IsNameSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == '\'' || c == '.';
}

// ---------------------------------------------------------------------------
// Collecting violations.

class Violations {
 public:
  void Add(std::string field, std::string description) {
    list_.push_back({std::move(field), std::move(description)});
  }
  bool empty() const { return list_.empty(); }
  std::vector<FieldViolation> Take() { return std::move(list_); }

 private:
  std::vector<FieldViolation> list_;
};

// ---------------------------------------------------------------------------
// Field rules. Each checks one (trimmed) field and adds at most one
// violation for it: the first rule it breaks.

void CheckName(const std::string& field, const std::string& value,
               Violations* violations) {
  if (value.empty()) return violations->Add(field, "is required");
  std::u32string code_points;
  if (!DecodeUtf8(value, &code_points)) {
    return violations->Add(field, "is not valid UTF-8");
  }
  if (code_points.size() > kMaxNameCodePoints) {
    return violations->Add(field, "must be at most 100 characters long");
  }
  bool has_letter = false;
  for (char32_t c : code_points) {
    if (c < 0x80 && absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return violations->Add(field, "must not contain digits");
    }
    if (IsControlOrFormat(c)) {
      return violations->Add(field, "must not contain control characters");
    }
    if (IsNameLetter(c)) {
      has_letter = true;
    } else if (!IsNameSeparator(c)) {
      return violations->Add(
          field,
          "may contain only letters, spaces, hyphens, apostrophes and dots");
    }
  }
  if (!has_letter) violations->Add(field, "must contain a letter");
}

// Free text without control characters, at most `max_code_points` long.
// False (with a violation added) when it breaks a rule.
bool CheckFreeText(const std::string& field, const std::string& value,
                   std::size_t max_code_points, Violations* violations) {
  std::string problem = FreeTextProblem(value, max_code_points);
  if (problem.empty()) return true;
  violations->Add(field, std::move(problem));
  return false;
}

// Why `text` is not an ISO date, or "" when it is one (then *day is set).
std::string IsoDateProblem(const std::string& text, absl::CivilDay* day) {
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    shaped = shaped && i < text.size() &&
             absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
  }
  if (!shaped) return "must be a date written YYYY-MM-DD";
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int date = std::stoi(text.substr(8, 2));
  if (year < kMinYear || year > kMaxYear) {
    return "must be a date between 1800 and 2299";
  }
  absl::CivilDay civil(year, month, date);
  if (civil.year() != year || civil.month() != month || civil.day() != date) {
    return "is not a real calendar date";
  }
  *day = civil;
  return "";
}

// Parses a date field; nullopt (with a violation when given but bad) when
// there is no usable date.
std::optional<absl::CivilDay> CheckDate(const std::string& field,
                                        const std::string& value,
                                        Violations* violations) {
  if (value.empty()) return std::nullopt;
  absl::CivilDay day;
  std::string problem = IsoDateProblem(value, &day);
  if (!problem.empty()) {
    violations->Add(field, problem);
    return std::nullopt;
  }
  return day;
}

// Sets *normalised when `value` is a valid address.
void CheckEmail(const std::string& value, std::string* normalised,
                Violations* violations) {
  std::string problem = EmailProblem(value, normalised);
  if (!problem.empty()) violations->Add("email", std::move(problem));
}

// Sets *normalised when `value` is a valid number.
void CheckPhone(const std::string& value, std::string* normalised,
                Violations* violations) {
  std::string problem = PhoneProblem(value, normalised);
  if (!problem.empty()) violations->Add("phone", std::move(problem));
}

// Case-insensitive lookup of `name` among the stable names of `values`.
template <typename Enum, typename NameFn>
bool ParseEnum(const std::string& name, std::initializer_list<Enum> values,
               NameFn name_of, Enum* out) {
  for (Enum value : values) {
    if (absl::EqualsIgnoreCase(name, name_of(value))) {
      *out = value;
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// The trimmed input.

ParticipantInput Trimmed(const ParticipantInput& input) {
  ParticipantInput trimmed = input;
  for (std::string* field :
       {&trimmed.first_name, &trimmed.last_name, &trimmed.pesel,
        &trimmed.other_identifier, &trimmed.sex, &trimmed.birth_date,
        &trimmed.education_level, &trimmed.email, &trimmed.phone,
        &trimmed.position, &trimmed.target_group, &trimmed.participation_start,
        &trimmed.declaration_signed_on, &trimmed.minority_or_foreign_origin,
        &trimmed.homeless, &trimmed.disability, &trimmed.other_disadvantage}) {
    *field = Trim(*field);
  }
  return trimmed;
}

// ---------------------------------------------------------------------------
// Identity: pesel / no_pesel / other_identifier, sex and birth date.

// What the identity fields establish. Sex and birth date are unset when
// unknown (missing, malformed, or from a PESEL that is invalid).
struct Identity {
  std::optional<Sex> sex;
  std::optional<absl::CivilDay> birth_date;
};

// Checks which identifier is used. Returns the PESEL facts when a valid
// PESEL is given.
std::optional<PeselFacts> CheckIdentifier(const ParticipantInput& in,
                                          absl::CivilDay today,
                                          Violations* violations) {
  bool has_pesel = !in.pesel.empty();
  bool has_other = !in.other_identifier.empty();
  std::optional<PeselFacts> facts;
  if (has_pesel) {
    absl::StatusOr<PeselFacts> parsed = ParsePesel(in.pesel);
    if (!parsed.ok()) {
      violations->Add("pesel", std::string(parsed.status().message()));
    } else if (parsed->birth_date > today) {
      // A well-formed PESEL of a 2100s date: nobody entered has it yet.
      violations->Add("pesel", "encodes a birth date in the future");
    } else {
      facts = *parsed;
    }
    if (in.no_pesel) {
      violations->Add("no_pesel", "must not be set when a PESEL is given");
    }
    if (has_other) {
      violations->Add("other_identifier",
                      "must be empty when a PESEL is given");
    }
  } else if (!in.no_pesel) {
    violations->Add("pesel",
                    "is required unless no_pesel is set with other_identifier");
  } else if (!has_other) {
    violations->Add("other_identifier", "is required when no_pesel is set");
  } else {
    CheckFreeText("other_identifier", in.other_identifier,
                  kMaxOtherIdentifierCodePoints, violations);
  }
  return facts;
}

Identity CheckIdentity(const ParticipantInput& in, absl::CivilDay today,
                       Violations* violations) {
  std::optional<PeselFacts> facts = CheckIdentifier(in, today, violations);
  // With a PESEL (even an invalid one, which is already reported) sex and
  // birth date are optional; without one they are the only source.
  bool required = in.pesel.empty();

  std::optional<Sex> sex;
  if (in.sex.empty()) {
    if (required) violations->Add("sex", "is required when there is no PESEL");
  } else {
    Sex parsed;
    if (!ParseSex(in.sex, &parsed)) {
      violations->Add("sex", "must be FEMALE or MALE");
    } else if (facts && facts->sex != parsed) {
      violations->Add("sex", "does not match the PESEL");
    } else {
      sex = parsed;
    }
  }

  std::optional<absl::CivilDay> birth_date;
  if (in.birth_date.empty()) {
    if (required) {
      violations->Add("birth_date", "is required when there is no PESEL");
    }
  } else {
    birth_date = CheckDate("birth_date", in.birth_date, violations);
    if (birth_date && facts && facts->birth_date != *birth_date) {
      violations->Add("birth_date", "does not match the PESEL");
      birth_date.reset();
    } else if (birth_date && *birth_date > today) {
      violations->Add("birth_date", "must not be in the future");
      birth_date.reset();
    }
  }

  Identity identity;
  identity.sex = facts ? std::optional<Sex>(facts->sex) : sex;
  identity.birth_date =
      facts ? std::optional<absl::CivilDay>(facts->birth_date) : birth_date;
  return identity;
}

// ---------------------------------------------------------------------------
// The declaration.

std::optional<DeclarationData> CheckDeclaration(
    const ParticipantInput& in, absl::CivilDay today,
    std::optional<absl::CivilDay> birth_date, Violations* violations) {
  bool has_date = !in.declaration_signed_on.empty();
  bool has_clause = in.information_clause_handed_over.has_value();
  if (!has_date && !has_clause) return std::nullopt;

  std::optional<absl::CivilDay> signed_on;
  if (!has_date) {
    violations->Add("declaration_signed_on",
                    "is required when information_clause_handed_over is given");
  } else {
    signed_on = CheckDate("declaration_signed_on", in.declaration_signed_on,
                          violations);
    if (signed_on && *signed_on > today) {
      violations->Add("declaration_signed_on", "must not be in the future");
    } else if (signed_on && birth_date && *signed_on < *birth_date) {
      violations->Add("declaration_signed_on",
                      "must not be before the birth date");
    }
  }
  if (!has_clause) {
    violations->Add("information_clause_handed_over",
                    "is required when declaration_signed_on is given");
  } else if (!*in.information_clause_handed_over) {
    violations->Add("information_clause_handed_over",
                    "the information clause on personal data must be handed "
                    "over before the declaration is recorded");
  }
  if (!signed_on) return std::nullopt;
  DeclarationData declaration;
  declaration.signed_on = *signed_on;
  declaration.information_clause_handed_over = true;
  return declaration;
}

// The four disadvantaged-situation answers; "" leaves one not asked.
void CheckSituation(const ParticipantInput& in, SituationAnswers* out,
                    Violations* violations) {
  const std::pair<const char*, std::pair<const std::string*,
                                         std::optional<SituationAnswer>*>>
      questions[] = {
          {"minority_or_foreign_origin",
           {&in.minority_or_foreign_origin, &out->minority_or_foreign_origin}},
          {"homeless", {&in.homeless, &out->homeless}},
          {"disability", {&in.disability, &out->disability}},
          {"other_disadvantage",
           {&in.other_disadvantage, &out->other_disadvantage}}};
  for (const auto& [field, answer] : questions) {
    const std::string& text = *answer.first;
    if (text.empty()) continue;
    SituationAnswer parsed;
    if (ParseSituationAnswer(text, &parsed)) {
      *answer.second = parsed;
    } else {
      violations->Add(field, "must be YES, NO or REFUSED (refused to answer)");
    }
  }
}

}  // namespace

std::string FreeTextProblem(const std::string& value,
                            std::size_t max_code_points) {
  std::u32string code_points;
  if (!DecodeUtf8(value, &code_points)) {
    return "is not valid UTF-8";
  }
  if (code_points.size() > max_code_points) {
    return absl::StrFormat("must be at most %d characters long",
                           max_code_points);
  }
  for (char32_t c : code_points) {
    if (IsControlOrFormat(c)) {
      return "must not contain control characters";
    }
  }
  return "";
}

std::string EmailProblem(const std::string& value, std::string* normalised) {
  if (value.size() > kMaxEmailBytes) {
    return "must be at most 254 characters long";
  }
  std::u32string code_points;
  if (!DecodeUtf8(value, &code_points)) {
    return "is not valid UTF-8";
  }
  for (char32_t c : code_points) {
    if (c == ' ' || c == 0xA0 || IsControlOrFormat(c)) {
      return "must not contain spaces or control characters";
    }
  }
  std::size_t at = value.find('@');
  if (at == std::string::npos || value.find('@', at + 1) != std::string::npos) {
    return "must contain exactly one '@'";
  }
  std::string local = value.substr(0, at);
  std::string domain = value.substr(at + 1);
  if (local.empty()) {
    return "must have a name before the '@'";
  }
  if (domain.find('.') == std::string::npos || domain.front() == '.' ||
      domain.back() == '.' || absl::StrContains(domain, "..")) {
    return "must have a domain with a dot after the '@' (like "
           "example.pl)";
  }
  // Domains are case-insensitive, local parts formally are not: only the
  // domain is lower-cased, so one address is stored one way.
  *normalised = absl::StrCat(local, "@", absl::AsciiStrToLower(domain));
  return "";
}

std::string PhoneProblem(const std::string& value, std::string* normalised) {
  std::string compact;
  for (char c : value) {
    if (c != ' ' && c != '-') compact.push_back(c);
  }
  absl::string_view digits = compact;
  bool international = absl::ConsumePrefix(&digits, "+");
  bool all_digits = !digits.empty();
  for (char c : digits) {
    all_digits =
        all_digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  }
  if (!all_digits || digits.size() < kMinPhoneDigits ||
      digits.size() > kMaxPhoneDigits) {
    return "must be 9 to 15 digits with an optional leading '+' "
           "(spaces and '-' are allowed between them)";
  }
  *normalised = absl::StrCat(international ? "+" : "", digits);
  return "";
}

std::string TrimField(const std::string& text) { return Trim(text); }

// ---------------------------------------------------------------------------
// Names and dates.

const char* SexName(Sex sex) {
  switch (sex) {
    case Sex::kFemale:
      return "FEMALE";
    case Sex::kMale:
      return "MALE";
  }
  return "";
}

const char* EducationLevelName(EducationLevel level) {
  switch (level) {
    case EducationLevel::kIsced0:
      return "ISCED_0";
    case EducationLevel::kIsced1:
      return "ISCED_1";
    case EducationLevel::kIsced2:
      return "ISCED_2";
    case EducationLevel::kIsced3:
      return "ISCED_3";
    case EducationLevel::kIsced4:
      return "ISCED_4";
    case EducationLevel::kIsced5To8:
      return "ISCED_5_8";
  }
  return "";
}

const char* TargetGroupName(TargetGroup group) {
  switch (group) {
    case TargetGroup::kDecisionMaker:
      return "DECISION_MAKER";
    case TargetGroup::kOperationalStaff:
      return "OPERATIONAL_STAFF";
    case TargetGroup::kCouncillorOrSocialPartner:
      return "COUNCILLOR_OR_SOCIAL_PARTNER";
  }
  return "";
}

bool ParseSex(const std::string& name, Sex* sex) {
  return ParseEnum(name, {Sex::kFemale, Sex::kMale}, SexName, sex);
}

bool ParseEducationLevel(const std::string& name, EducationLevel* level) {
  return ParseEnum(name,
                   {EducationLevel::kIsced0, EducationLevel::kIsced1,
                    EducationLevel::kIsced2, EducationLevel::kIsced3,
                    EducationLevel::kIsced4, EducationLevel::kIsced5To8},
                   EducationLevelName, level);
}

bool ParseTargetGroup(const std::string& name, TargetGroup* group) {
  return ParseEnum(name,
                   {TargetGroup::kDecisionMaker, TargetGroup::kOperationalStaff,
                    TargetGroup::kCouncillorOrSocialPartner},
                   TargetGroupName, group);
}

const char* SituationAnswerName(SituationAnswer answer) {
  switch (answer) {
    case SituationAnswer::kYes:
      return "YES";
    case SituationAnswer::kNo:
      return "NO";
    case SituationAnswer::kRefused:
      return "REFUSED";
  }
  return "";
}

bool ParseSituationAnswer(const std::string& name, SituationAnswer* answer) {
  constexpr std::pair<const char*, SituationAnswer> kPolish[] = {
      {"TAK", SituationAnswer::kYes},
      {"NIE", SituationAnswer::kNo},
      {"ODMOWA", SituationAnswer::kRefused}};
  for (const auto& [word, value] : kPolish) {
    if (absl::EqualsIgnoreCase(name, word)) {
      *answer = value;
      return true;
    }
  }
  return ParseEnum(
      name,
      {SituationAnswer::kYes, SituationAnswer::kNo, SituationAnswer::kRefused},
      SituationAnswerName, answer);
}

bool ParseIsoDate(const std::string& text, absl::CivilDay* day) {
  absl::CivilDay parsed;
  if (!IsoDateProblem(text, &parsed).empty()) return false;
  *day = parsed;
  return true;
}

std::string FormatIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

// ---------------------------------------------------------------------------
// The record.

bool DeclarationData::operator==(const DeclarationData& other) const {
  return signed_on == other.signed_on &&
         information_clause_handed_over == other.information_clause_handed_over;
}

bool SituationAnswers::operator==(const SituationAnswers& other) const {
  return minority_or_foreign_origin == other.minority_or_foreign_origin &&
         homeless == other.homeless && disability == other.disability &&
         other_disadvantage == other.other_disadvantage;
}

bool ParticipantData::operator==(const ParticipantData& other) const {
  return first_name == other.first_name && last_name == other.last_name &&
         pesel == other.pesel && other_identifier == other.other_identifier &&
         sex == other.sex && birth_date == other.birth_date &&
         education_level == other.education_level && email == other.email &&
         phone == other.phone && position == other.position &&
         target_group == other.target_group &&
         participation_start == other.participation_start &&
         age_at_start == other.age_at_start &&
         declaration == other.declaration && situation == other.situation;
}

std::vector<FieldViolation> ValidateParticipant(const ParticipantInput& input,
                                                absl::CivilDay today,
                                                ParticipantData* out) {
  const ParticipantInput in = Trimmed(input);
  Violations violations;
  ParticipantData data;

  CheckName("first_name", in.first_name, &violations);
  CheckName("last_name", in.last_name, &violations);
  data.first_name = in.first_name;
  data.last_name = in.last_name;

  Identity identity = CheckIdentity(in, today, &violations);
  data.pesel = in.pesel;
  data.other_identifier = in.no_pesel ? in.other_identifier : "";
  if (identity.sex) data.sex = *identity.sex;
  if (identity.birth_date) data.birth_date = *identity.birth_date;

  if (!in.education_level.empty()) {
    EducationLevel level;
    if (ParseEducationLevel(in.education_level, &level)) {
      data.education_level = level;
    } else {
      violations.Add("education_level",
                     "must be ISCED_0, ISCED_1, ISCED_2, ISCED_3, ISCED_4 or "
                     "ISCED_5_8");
    }
  }
  if (!in.email.empty()) CheckEmail(in.email, &data.email, &violations);
  if (!in.phone.empty()) CheckPhone(in.phone, &data.phone, &violations);
  if (CheckFreeText("position", in.position, kMaxPositionCodePoints,
                    &violations)) {
    data.position = in.position;
  }

  constexpr char kTargetGroups[] =
      "DECISION_MAKER, OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER";
  if (in.target_group.empty()) {
    violations.Add("target_group",
                   absl::StrCat("is required: ", kTargetGroups));
  } else if (!ParseTargetGroup(in.target_group, &data.target_group)) {
    violations.Add("target_group", absl::StrCat("must be ", kTargetGroups));
  }

  data.participation_start = today;
  if (!in.participation_start.empty()) {
    std::optional<absl::CivilDay> start =
        CheckDate("participation_start", in.participation_start, &violations);
    if (start) data.participation_start = *start;
  }
  if (identity.birth_date && data.participation_start < *identity.birth_date) {
    violations.Add("participation_start", "must not be before the birth date");
  }
  data.age_at_start = AgeOn(data.birth_date, data.participation_start);

  data.declaration =
      CheckDeclaration(in, today, identity.birth_date, &violations);
  CheckSituation(in, &data.situation, &violations);

  if (violations.empty() && out != nullptr) *out = std::move(data);
  return violations.Take();
}

ParticipantInput ToInput(const ParticipantData& data) {
  ParticipantInput input;
  input.first_name = data.first_name;
  input.last_name = data.last_name;
  input.pesel = data.pesel;
  input.no_pesel = data.pesel.empty();
  input.other_identifier = data.other_identifier;
  // With a PESEL, sex and birth date are derived: left empty so that an
  // update correcting only the PESEL is not refused as disagreeing with
  // the facts of the old number.
  if (data.pesel.empty()) {
    input.sex = SexName(data.sex);
    input.birth_date = FormatIsoDate(data.birth_date);
  }
  if (data.education_level) {
    input.education_level = EducationLevelName(*data.education_level);
  }
  input.email = data.email;
  input.phone = data.phone;
  input.position = data.position;
  input.target_group = TargetGroupName(data.target_group);
  input.participation_start = FormatIsoDate(data.participation_start);
  if (data.declaration) {
    input.declaration_signed_on = FormatIsoDate(data.declaration->signed_on);
    input.information_clause_handed_over =
        data.declaration->information_clause_handed_over;
  }
  auto name = [](const std::optional<SituationAnswer>& answer) {
    return answer ? std::string(SituationAnswerName(*answer)) : std::string();
  };
  input.minority_or_foreign_origin =
      name(data.situation.minority_or_foreign_origin);
  input.homeless = name(data.situation.homeless);
  input.disability = name(data.situation.disability);
  input.other_disadvantage = name(data.situation.other_disadvantage);
  return input;
}

bool OnlyMonitoringFieldsDiffer(const ParticipantData& before,
                                const ParticipantData& after) {
  ParticipantData rest = after;
  rest.education_level = before.education_level;
  rest.position = before.position;
  rest.email = before.email;
  rest.phone = before.phone;
  rest.situation = before.situation;
  return rest == before;
}

std::vector<std::string> MissingMonitoringFields(const ParticipantData& data) {
  std::vector<std::string> missing;
  if (!data.education_level) missing.push_back("education_level");
  if (data.position.empty()) missing.push_back("position");
  if (data.email.empty() && data.phone.empty()) missing.push_back("contact");
  const SituationAnswers& situation = data.situation;
  if (!situation.minority_or_foreign_origin) {
    missing.push_back("minority_or_foreign_origin");
  }
  if (!situation.homeless) missing.push_back("homeless");
  if (!situation.disability) missing.push_back("disability");
  if (!situation.other_disadvantage) missing.push_back("other_disadvantage");
  return missing;
}

}  // namespace jstedu::recruitment
