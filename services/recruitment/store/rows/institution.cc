#include "services/recruitment/store/rows/institution.h"

#include "common/status/errors.h"
#include "common/status/fields.h"

namespace jstedu::recruitment {
namespace {

std::optional<int> ClassOrNone(int degurba) {
  return degurba == 0 ? std::nullopt : std::optional<int>(degurba);
}

}  // namespace

InstitutionRow ReadInstitution(const pqxx::row& row) {
  InstitutionRow out;
  InstitutionData& d = out.data;
  d.nip = row["nip"].as<std::string>();
  d.locality = row["locality"].as<std::string>();
  d.street = row["street"].as<std::string>();
  d.building_number = row["building_number"].as<std::string>();
  d.flat_number = row["flat_number"].as<std::string>();
  d.postcode = row["postcode"].as<std::string>();
  d.degurba = ClassOrNone(row["own_degurba"].as<int>());
  d.phone = row["institution_phone"].as<std::string>();
  d.email = row["institution_email"].as<std::string>();
  out.registry_degurba = ClassOrNone(row["registry_degurba"].as<int>());
  return out;
}

v1::Institution InstitutionProto(const InstitutionRow& institution) {
  const InstitutionData& d = institution.data;
  v1::Institution out;
  out.set_nip(d.nip);
  out.set_locality(d.locality);
  out.set_street(d.street);
  out.set_building_number(d.building_number);
  out.set_flat_number(d.flat_number);
  out.set_postcode(d.postcode);
  out.set_degurba(
      EffectiveDegurba(d, institution.registry_degurba).value_or(0));
  out.set_degurba_from_registry(!d.degurba &&
                                institution.registry_degurba.has_value());
  out.set_phone(d.phone);
  out.set_email(d.email);
  for (const std::string& field : institution.Missing()) {
    out.add_missing_fields(errors::JsonFieldPath(field));
  }
  return out;
}

}  // namespace jstedu::recruitment
