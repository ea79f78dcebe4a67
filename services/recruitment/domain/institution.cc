#include "services/recruitment/domain/institution.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jstedu::recruitment {
namespace {

constexpr std::size_t kMaxPlaceCodePoints = 100;
constexpr std::size_t kMaxNumberCodePoints = 20;

bool AllDigits(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// `text` without spaces and '-'.
std::string Compact(const std::string& text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ' && c != '-') compact.push_back(c);
  }
  return compact;
}

class Collector {
 public:
  void Add(const char* field, std::string description) {
    list_.push_back({field, std::move(description)});
  }
  // Checks optional free text; keeps it in *out when fine.
  void Text(const char* field, const std::string& value, std::size_t max,
            std::string* out) {
    std::string problem = FreeTextProblem(value, max);
    if (problem.empty()) {
      *out = value;
    } else {
      Add(field, std::move(problem));
    }
  }
  bool empty() const { return list_.empty(); }
  std::vector<FieldViolation> Take() { return std::move(list_); }

 private:
  std::vector<FieldViolation> list_;
};

void CheckNip(const std::string& value, std::string* out, Collector* problems) {
  const std::string digits = Compact(value);
  if (digits.size() != 10 || !AllDigits(digits)) {
    problems->Add("nip", "must be 10 digits (spaces and '-' are allowed)");
  } else if (!IsValidNip(digits)) {
    problems->Add("nip", "check digit does not match");
  } else {
    *out = digits;
  }
}

void CheckPostcode(const std::string& value, std::string* out,
                   Collector* problems) {
  std::string digits = value;
  if (digits.size() == 6 && digits[2] == '-') digits.erase(2, 1);
  if (digits.size() != 5 || !AllDigits(digits)) {
    problems->Add("postcode", "must be a Polish postcode written NN-NNN");
    return;
  }
  *out = absl::StrCat(digits.substr(0, 2), "-", digits.substr(2));
}

void CheckDegurba(const std::string& value, std::optional<int>* out,
                  Collector* problems) {
  if (value == "1" || value == "2" || value == "3") {
    *out = value[0] - '0';
  } else {
    problems->Add("degurba",
                  "must be 1 (cities), 2 (towns and suburbs) or 3 (rural "
                  "areas)");
  }
}

}  // namespace

bool InstitutionData::operator==(const InstitutionData& other) const {
  return nip == other.nip && locality == other.locality &&
         street == other.street && building_number == other.building_number &&
         flat_number == other.flat_number && postcode == other.postcode &&
         degurba == other.degurba && phone == other.phone &&
         email == other.email;
}

bool IsValidNip(const std::string& digits) {
  constexpr int kWeights[] = {6, 5, 7, 2, 3, 4, 5, 6, 7};
  if (digits.size() != 10 || !AllDigits(digits)) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += kWeights[i] * (digits[i] - '0');
  const int check = sum % 11;
  return check != 10 && check == digits[9] - '0';
}

std::vector<FieldViolation> ValidateInstitution(const InstitutionInput& raw,
                                                InstitutionData* out) {
  InstitutionInput in = raw;
  for (std::string* field :
       {&in.nip, &in.locality, &in.street, &in.building_number, &in.flat_number,
        &in.postcode, &in.degurba, &in.phone, &in.email}) {
    *field = TrimField(*field);
  }
  Collector problems;
  InstitutionData data;
  if (!in.nip.empty()) CheckNip(in.nip, &data.nip, &problems);
  problems.Text("locality", in.locality, kMaxPlaceCodePoints, &data.locality);
  problems.Text("street", in.street, kMaxPlaceCodePoints, &data.street);
  problems.Text("building_number", in.building_number, kMaxNumberCodePoints,
                &data.building_number);
  problems.Text("flat_number", in.flat_number, kMaxNumberCodePoints,
                &data.flat_number);
  if (!in.postcode.empty())
    CheckPostcode(in.postcode, &data.postcode, &problems);
  if (!in.degurba.empty()) CheckDegurba(in.degurba, &data.degurba, &problems);
  if (!in.phone.empty()) {
    std::string problem = PhoneProblem(in.phone, &data.phone);
    if (!problem.empty()) problems.Add("phone", std::move(problem));
  }
  if (!in.email.empty()) {
    std::string problem = EmailProblem(in.email, &data.email);
    if (!problem.empty()) problems.Add("email", std::move(problem));
  }
  if (problems.empty() && out != nullptr) *out = std::move(data);
  return problems.Take();
}

InstitutionInput ToInput(const InstitutionData& data) {
  InstitutionInput input;
  input.nip = data.nip;
  input.locality = data.locality;
  input.street = data.street;
  input.building_number = data.building_number;
  input.flat_number = data.flat_number;
  input.postcode = data.postcode;
  input.degurba = data.degurba ? absl::StrCat(*data.degurba) : "";
  input.phone = data.phone;
  input.email = data.email;
  return input;
}

std::optional<int> EffectiveDegurba(const InstitutionData& data,
                                    std::optional<int> registry_degurba) {
  return data.degurba ? data.degurba : registry_degurba;
}

std::vector<std::string> MissingInstitutionFields(
    const InstitutionData& data, std::optional<int> registry_degurba) {
  std::vector<std::string> missing;
  if (data.nip.empty()) missing.push_back("institution.nip");
  if (data.locality.empty()) missing.push_back("institution.locality");
  if (data.building_number.empty()) {
    missing.push_back("institution.building_number");
  }
  if (data.postcode.empty()) missing.push_back("institution.postcode");
  if (!EffectiveDegurba(data, registry_degurba)) {
    missing.push_back("institution.degurba");
  }
  if (data.phone.empty() && data.email.empty()) {
    missing.push_back("institution.contact");
  }
  return missing;
}

}  // namespace jstedu::recruitment
