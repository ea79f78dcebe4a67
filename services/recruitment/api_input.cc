#include "services/recruitment/api_input.h"

#include <google/protobuf/util/time_util.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/status/fields.h"
#include "common/time/civil_time.h"

namespace jstedu::recruitment {
namespace {

bool IsSet(const google::protobuf::Timestamp& ts) {
  return ts.seconds() != 0 || ts.nanos() != 0;
}

// Recruitment instants between 2000-01-01 and 2100-01-01 (UTC).
bool InProgrammeRange(const google::protobuf::Timestamp& ts) {
  return ts.seconds() >= 946684800 && ts.seconds() < 4102444800 &&
         ts.nanos() >= 0 && ts.nanos() < 1000000000;
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// An enum's name; "" for 0 (not given); the number itself for a value the
// enum does not have, so that validation refuses it.
template <typename Enum>
std::string EnumText(int value, const std::string& (*name)(Enum),
                     bool (*valid)(int)) {
  if (value == 0) return "";
  return valid(value) ? name(static_cast<Enum>(value)) : absl::StrCat(value);
}

}  // namespace

std::vector<errors::FieldProblem> EditionProblems(const v1::Edition& e,
                                                  const std::string& prefix) {
  std::vector<errors::FieldProblem> problems;
  auto add = [&](const std::string& field, const std::string& description) {
    problems.push_back({FieldPath(prefix, field), description});
  };
  if (!ids::IsEditionCode(e.code())) {
    add("code",
        "must be 2 to 32 characters of A-Z, 0-9 and '-', starting with a "
        "letter or digit");
  }
  const std::string name(absl::StripAsciiWhitespace(e.name()));
  if (name.empty() || name.size() > 200 || name != e.name()) {
    add("name", "must be 1 to 200 characters without surrounding spaces");
  }
  if (e.kind() != v1::PILOT && e.kind() != v1::ROLLOUT)
    add("kind", "must be PILOT or ROLLOUT");
  if (e.capacity() < 1 || e.capacity() > 10000)
    add("capacity", "must be 1 to 10000 JSTs");
  if (e.min_representatives() < 1 || e.min_representatives() > 100) {
    add("min_representatives", "must be 1 to 100");
  }
  absl::CivilDay starts, ends;
  const bool starts_ok = ParseIsoDate(e.starts_on(), &starts);
  const bool ends_ok = ParseIsoDate(e.ends_on(), &ends);
  if (!starts_ok) add("starts_on", "must be a date YYYY-MM-DD");
  if (!ends_ok) add("ends_on", "must be a date YYYY-MM-DD");
  if (starts_ok && ends_ok && ends < starts)
    add("ends_on", "must not be before startsOn");
  const bool opens_ok = IsSet(e.recruitment_opens_at());
  const bool closes_ok = IsSet(e.recruitment_closes_at());
  if (!opens_ok)
    add("recruitment_opens_at", "is required (an RFC 3339 instant)");
  if (!closes_ok)
    add("recruitment_closes_at", "is required (an RFC 3339 instant)");
  if (opens_ok && !InProgrammeRange(e.recruitment_opens_at())) {
    add("recruitment_opens_at", "must be between 2000 and 2100");
  }
  if (closes_ok && !InProgrammeRange(e.recruitment_closes_at())) {
    add("recruitment_closes_at", "must be between 2000 and 2100");
  }
  if (opens_ok && closes_ok &&
      TimeOf(e.recruitment_closes_at()) <= TimeOf(e.recruitment_opens_at())) {
    add("recruitment_closes_at", "must be after recruitmentOpensAt");
  }
  // The recruitment window lies within the edition, in Europe/Warsaw days:
  // it opens on startsOn or later, before the edition has ended, and closes
  // (exclusive) at the end of endsOn at the latest.
  if (starts_ok && ends_ok && !(ends < starts)) {
    const absl::Time first = absl::FromCivil(starts, ProgrammeZone());
    const absl::Time after_last = absl::FromCivil(ends + 1, ProgrammeZone());
    const std::string period = absl::StrCat(" (", e.starts_on(), " to ",
                                            e.ends_on(), ", Europe/Warsaw)");
    if (opens_ok && InProgrammeRange(e.recruitment_opens_at())) {
      const absl::Time opens = TimeOf(e.recruitment_opens_at());
      if (opens < first || opens >= after_last) {
        add("recruitment_opens_at", "must lie within the edition" + period);
      }
    }
    if (closes_ok && InProgrammeRange(e.recruitment_closes_at()) &&
        TimeOf(e.recruitment_closes_at()) > after_last) {
      add("recruitment_closes_at",
          "must not be after the edition ends" + period);
    }
  }
  return problems;
}

bool IsUpdatableEditionField(const std::string& path) {
  static const std::set<std::string> kFields = {"name",
                                                "kind",
                                                "capacity",
                                                "min_representatives",
                                                "starts_on",
                                                "ends_on",
                                                "recruitment_opens_at",
                                                "recruitment_closes_at"};
  return kFields.count(path) > 0;
}

bool IsUpdatableParticipantField(const std::string& path) {
  static const std::set<std::string> kFields = {"first_name",
                                                "last_name",
                                                "pesel",
                                                "no_pesel",
                                                "other_identifier",
                                                "sex",
                                                "birth_date",
                                                "education_level",
                                                "email",
                                                "phone",
                                                "position",
                                                "target_group",
                                                "participation_start",
                                                "minority_or_foreign_origin",
                                                "homeless",
                                                "disability",
                                                "other_disadvantage"};
  return kFields.count(path) > 0;
}

ParticipantInput InputFromProto(const v1::Participant& p) {
  ParticipantInput in;
  in.first_name = p.first_name();
  in.last_name = p.last_name();
  in.pesel = p.pesel();
  in.no_pesel = p.no_pesel();
  in.other_identifier = p.other_identifier();
  in.sex = EnumText<v1::Sex>(p.sex(), &v1::Sex_Name, &v1::Sex_IsValid);
  in.birth_date = p.birth_date();
  in.education_level = EnumText<v1::EducationLevel>(
      p.education_level(), &v1::EducationLevel_Name,
      &v1::EducationLevel_IsValid);
  in.email = p.email();
  in.phone = p.phone();
  in.position = p.position();
  in.target_group = EnumText<v1::TargetGroup>(
      p.target_group(), &v1::TargetGroup_Name, &v1::TargetGroup_IsValid);
  in.participation_start = p.participation_start();
  if (p.has_declaration()) {
    in.declaration_signed_on = p.declaration().signed_on();
    in.information_clause_handed_over =
        p.declaration().information_clause_handed_over();
  }
  auto answer = [](v1::SituationAnswer value) {
    return EnumText<v1::SituationAnswer>(value, &v1::SituationAnswer_Name,
                                         &v1::SituationAnswer_IsValid);
  };
  in.minority_or_foreign_origin = answer(p.minority_or_foreign_origin());
  in.homeless = answer(p.homeless());
  in.disability = answer(p.disability());
  in.other_disadvantage = answer(p.other_disadvantage());
  return in;
}

namespace {

// An institution block as domain input (degurba 0 = "": the registry's).
InstitutionInput InstitutionInputFromProto(const v1::Institution& i) {
  InstitutionInput in;
  in.nip = i.nip();
  in.locality = i.locality();
  in.street = i.street();
  in.building_number = i.building_number();
  in.flat_number = i.flat_number();
  in.postcode = i.postcode();
  in.degurba = i.degurba() == 0 ? "" : absl::StrCat(i.degurba());
  in.phone = i.phone();
  in.email = i.email();
  return in;
}

}  // namespace

void ValidateInstitutionBlock(const v1::Institution& institution,
                              InstitutionData* out,
                              std::vector<errors::FieldProblem>* problems) {
  AddViolations(
      "institution",
      ValidateInstitution(InstitutionInputFromProto(institution), out),
      problems);
}

void ApplyMask(const v1::Participant& from,
               const std::vector<std::string>& paths, ParticipantInput* into) {
  const ParticipantInput in = InputFromProto(from);
  const std::set<std::string> mask(paths.begin(), paths.end());
  const bool identity_changes = mask.count("pesel") || mask.count("no_pesel");
  if (identity_changes) {
    // Derived again from the new PESEL unless given in the same update.
    if (!mask.count("sex")) into->sex.clear();
    if (!mask.count("birth_date")) into->birth_date.clear();
  }
  for (const std::string& path : paths) {
    if (path == "first_name") into->first_name = in.first_name;
    if (path == "last_name") into->last_name = in.last_name;
    if (path == "pesel") into->pesel = in.pesel;
    if (path == "no_pesel") into->no_pesel = in.no_pesel;
    if (path == "other_identifier")
      into->other_identifier = in.other_identifier;
    if (path == "sex") into->sex = in.sex;
    if (path == "birth_date") into->birth_date = in.birth_date;
    if (path == "education_level") into->education_level = in.education_level;
    if (path == "email") into->email = in.email;
    if (path == "phone") into->phone = in.phone;
    if (path == "position") into->position = in.position;
    if (path == "target_group") into->target_group = in.target_group;
    if (path == "participation_start")
      into->participation_start = in.participation_start;
    if (path == "minority_or_foreign_origin") {
      into->minority_or_foreign_origin = in.minority_or_foreign_origin;
    }
    if (path == "homeless") into->homeless = in.homeless;
    if (path == "disability") into->disability = in.disability;
    if (path == "other_disadvantage")
      into->other_disadvantage = in.other_disadvantage;
  }
}

std::string FieldPath(const std::string& prefix, const std::string& field) {
  std::string path = errors::JsonFieldPath(field);
  if (field == "declaration_signed_on") path = "declaration.signedOn";
  if (field == "information_clause_handed_over") {
    path = "declaration.informationClauseHandedOver";
  }
  return prefix.empty() ? path : absl::StrCat(prefix, ".", path);
}

void AddViolations(const std::string& prefix,
                   const std::vector<FieldViolation>& violations,
                   std::vector<errors::FieldProblem>* problems) {
  for (const FieldViolation& v : violations) {
    problems->push_back({FieldPath(prefix, v.field), v.description});
  }
}

std::string ReasonProblem(const std::string& text) {
  const std::string trimmed(absl::StripAsciiWhitespace(text));
  if (trimmed.empty()) return "is required";
  if (trimmed.size() > 2000 || text.size() > 2000)
    return "must be at most 500 characters";
  // Control characters are the request check's (errors::CheckRequestText).
  size_t code_points = 0;
  for (unsigned char c : trimmed) {
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  if (code_points > 500) return "must be at most 500 characters";
  return "";
}

}  // namespace jstedu::recruitment
