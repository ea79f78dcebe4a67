#pragma once

// The JST registry's domain: local government units eligible for the
// programme, as read from the official TERC register, and the rules that
// derive their kind and workshop group.

#include <string>

#include "absl/status/status.h"

namespace jstedu::recruitment {

enum class JstKind {
  kUrbanCommune,  // gmina miejska, RODZ 1 (incl. cities with county rights)
  kRuralCommune,  // gmina wiejska, RODZ 2
  kUrbanRuralCommune,  // gmina miejsko-wiejska, RODZ 3
  kCounty,             // powiat (county code below 61)
};

struct Jst {
  std::string teryt;  // 7 digits WWPPGGR (commune) or 4 digits WWPP (county)
  std::string name;
  JstKind kind = JstKind::kRuralCommune;
  bool city_with_county_rights = false;
  std::string voivodeship;    // WW
  std::string county;         // WWPP
  int workshop_group = 0;     // see WorkshopGroupFor
  std::string register_date;  // YYYY-MM-DD (STAN_NA)
  // The urbanisation degree 1..3 the office loaded (LoadDegurba); 0 when
  // not loaded. Not part of the TERC register.
  int degurba = 0;

  bool operator==(const Jst& other) const;
};

// Workshop group by kind: 1 rural, 2 urban (a city with county rights is an
// urban commune, so 2 as well), 3 county, 4 urban-rural.
int WorkshopGroupFor(JstKind kind);

// Stable names used in the database and APIs ("URBAN_COMMUNE", …).
const char* JstKindName(JstKind kind);
// Inverse of JstKindName; false for an unknown name.
bool ParseJstKind(const std::string& name, JstKind* kind);

// County codes 61 and above belong to cities with county rights.
inline constexpr int kFirstCityCountyCode = 61;

// True for a two-digit voivodeship code: even, 02..32.
bool IsVoivodeshipCode(const std::string& code);

// How a TERYT code looks: kMalformed (not 2, 4 or 7 digits), or well-formed
// (which does not mean it is a JST: voivodeships and RODZ 4/5/8/9 units are
// well-formed codes of non-JSTs).
enum class TerytShape { kMalformed, kVoivodeship, kCounty, kCommune };
TerytShape ShapeOfTeryt(const std::string& code);

// NOT_FOUND for `teryt` (errors::NotFoundInScope, kind "JST"). The one
// answer for a code that is not a JST and for a JST outside the caller's
// scope, so the two cannot be told apart.
absl::Status JstNotFound(const std::string& teryt);

}  // namespace jstedu::recruitment
