#include "services/training/store/rows/participant.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "services/training/store/rows/queries.h"

namespace jstedu::training::rows {

ParticipantPlace PlaceFromRow(const pqxx::row& r) {
  ParticipantPlace place;
  place.participant_id = r["participant_id"].as<std::string>();
  place.edition = r["edition"].as<std::string>();
  place.teryt = r["teryt"].as<std::string>();
  place.voivodeship = r["voivodeship"].as<std::string>();
  place.workshop_group = r["workshop_group"].as<int>();
  place.rostered = r["rostered"].as<bool>();
  place.declaration_recorded = r["declaration_recorded"].as<bool>();
  place.sex = r["sex"].as<std::string>();
  return place;
}

absl::StatusOr<ParticipantPlace> ReadPlace(pqxx::transaction_base& tx,
                                           const std::string& id, bool lock) {
  if (lock) pg::Exec(tx, queries::kLockPlace, id);
  auto rows = pg::Exec(tx, queries::kSelectPlace, id);
  if (rows.empty()) return errors::NotFoundInScope("participant", id);
  return PlaceFromRow(rows[0]);
}

absl::StatusOr<ParticipantPlace> ReadPlaceInScope(pqxx::transaction_base& tx,
                                                  const std::string& id,
                                                  const PlaceScope& scope) {
  auto place = ReadPlace(tx, id, /*lock=*/false);
  if (place.ok() && scope && !scope(*place)) {
    return errors::NotFoundInScope("participant", id);
  }
  return place;
}

}  // namespace jstedu::training::rows
