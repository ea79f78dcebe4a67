#pragma once

// An application's institution block as stored, with the registry's DEGURBA
// class of its JST: read by the application and participant readers (the
// columns of JSTEDU_INSTITUTION_COLUMNS, application_queries.h) and answered
// as a v1::Institution.
//
// Thread-safety: plain values and pure functions.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/institution.h"

namespace jstedu::recruitment {

struct InstitutionRow {
  InstitutionData data;
  std::optional<int> registry_degurba;

  // What the block lacks for the monitoring record.
  std::vector<std::string> Missing() const {
    return MissingInstitutionFields(data, registry_degurba);
  }
};

// The columns of JSTEDU_INSTITUTION_COLUMNS, by name.
InstitutionRow ReadInstitution(const pqxx::row& row);

v1::Institution InstitutionProto(const InstitutionRow& institution);

}  // namespace jstedu::recruitment
