#include "services/recruitment/domain/jst.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::recruitment {

bool Jst::operator==(const Jst& other) const {
  return teryt == other.teryt && name == other.name && kind == other.kind &&
         city_with_county_rights == other.city_with_county_rights &&
         voivodeship == other.voivodeship && county == other.county &&
         workshop_group == other.workshop_group &&
         register_date == other.register_date && degurba == other.degurba;
}

int WorkshopGroupFor(JstKind kind) {
  switch (kind) {
    case JstKind::kRuralCommune:
      return 1;
    case JstKind::kUrbanCommune:
      return 2;
    case JstKind::kCounty:
      return 3;
    case JstKind::kUrbanRuralCommune:
      return 4;
  }
  return 0;
}

const char* JstKindName(JstKind kind) {
  switch (kind) {
    case JstKind::kUrbanCommune:
      return "URBAN_COMMUNE";
    case JstKind::kRuralCommune:
      return "RURAL_COMMUNE";
    case JstKind::kUrbanRuralCommune:
      return "URBAN_RURAL_COMMUNE";
    case JstKind::kCounty:
      return "COUNTY";
  }
  return "";
}

bool ParseJstKind(const std::string& name, JstKind* kind) {
  for (JstKind candidate : {JstKind::kUrbanCommune, JstKind::kRuralCommune,
                            JstKind::kUrbanRuralCommune, JstKind::kCounty}) {
    if (name == JstKindName(candidate)) {
      *kind = candidate;
      return true;
    }
  }
  return false;
}

namespace {

bool AllDigits(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

}  // namespace

bool IsVoivodeshipCode(const std::string& code) {
  if (code.size() != 2 || !AllDigits(code)) return false;
  int value = (code[0] - '0') * 10 + (code[1] - '0');
  return value >= 2 && value <= 32 && value % 2 == 0;
}

TerytShape ShapeOfTeryt(const std::string& code) {
  if (!AllDigits(code)) return TerytShape::kMalformed;
  switch (code.size()) {
    case 2:
      return TerytShape::kVoivodeship;
    case 4:
      return TerytShape::kCounty;
    case 7:
      return TerytShape::kCommune;
    default:
      return TerytShape::kMalformed;
  }
}

absl::Status JstNotFound(const std::string& teryt) {
  return errors::NotFoundInScope("JST", teryt);
}

}  // namespace jstedu::recruitment
