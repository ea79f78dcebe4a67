#pragma once

// Where a participant belongs (from recruitment's events), as the stores
// read it.

#include <functional>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"

namespace jstedu::training::rows {

struct ParticipantPlace {
  std::string participant_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  int workshop_group = 0;
  // On a workshop group's roster now (active, JST qualified, not withdrawn).
  bool rostered = false;
  bool declaration_recorded = false;
  std::string sex;  // recruitment's Sex name
};

// A row of the place queries (queries::kSelectPlace's columns).
ParticipantPlace PlaceFromRow(const pqxx::row& r);

// Participant `id`'s place (its roster_participant row locked FOR UPDATE
// when `lock`); NotFound otherwise.
absl::StatusOr<ParticipantPlace> ReadPlace(pqxx::transaction_base& tx,
                                           const std::string& id, bool lock);

// Whether a caller may act for a participant (the service's scope of the
// caller); empty: for everyone.
using PlaceScope = std::function<bool(const ParticipantPlace&)>;

// ReadPlace (not locked), then NotFound like an unknown participant when
// the place is outside `scope`: the scope is decided in the transaction
// that reads or writes for the participant.
absl::StatusOr<ParticipantPlace> ReadPlaceInScope(pqxx::transaction_base& tx,
                                                  const std::string& id,
                                                  const PlaceScope& scope);

}  // namespace jstedu::training::rows
