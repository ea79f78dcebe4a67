#pragma once

// Parsing the official TERC register (GUS, "TERC_Urzedowy_*.csv").
//
// The file is UTF-8 (an optional BOM is accepted), ';'-separated, CRLF or
// LF, with the header WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA. Which rows
// are JSTs:
//   * a commune row (GMI set) of RODZ 1, 2 or 3 → URBAN_COMMUNE,
//     RURAL_COMMUNE or URBAN_RURAL_COMMUNE, 7-digit code WWPPGGR; an urban
//     commune whose county code is 61+ is a city with county rights;
//   * a county row (POW set, GMI empty) with county code below 61 → COUNTY,
//     4-digit code WWPP;
//   * not JSTs: voivodeship rows, RODZ 4/5 (town and rural parts of an
//     urban-rural commune), RODZ 8/9 (districts, delegations), and the
//     county-level rows of cities with county rights (the city is its
//     commune row).
// Every row is validated, JST or not; the first problem is returned as
// InvalidArgument "line N: …" and no result is produced (so a load is all or
// nothing). A code appearing twice (any row, JST or not) is an error. Names
// are kept as written and are not unique.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/recruitment/domain/jst.h"

namespace jstedu::recruitment {

struct TercRegister {
  std::vector<Jst> jsts;  // in file order
  int communes = 0;
  int counties = 0;
  int skipped_rows = 0;  // valid rows that are not JSTs
};

absl::StatusOr<TercRegister> ParseTerc(const std::string& text);

}  // namespace jstedu::recruitment
