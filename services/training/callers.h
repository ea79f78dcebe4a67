#pragma once

// Who calls, as training's stores take it: the actor a change records and
// the participants a caller may act for (training_service.h lists the
// scopes).

#include <string>

#include "common/grpc/caller.h"
#include "services/training/store/rows/participant.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

inline rows::Actor ActorOf(const grpcutil::Caller& caller) {
  return {caller.subject, caller.role_name, caller.traceparent};
}

// The participants the caller may act for, decided by the store in the
// transaction that reads or writes for one (foreign ones are NOT_FOUND like
// unknown ones).
inline rows::PlaceScope ScopeOf(const grpcutil::Caller& caller) {
  return [&caller](const rows::ParticipantPlace& place) {
    return grpcutil::CoversJst(caller, place.teryt, place.voivodeship);
  };
}

// An expert acts only on what is its own (the communities it moderates,
// its tables, the JSTs it guards): its subject, which the store checks;
// "" for the other roles.
inline std::string ExpertSubjectOf(const grpcutil::Caller& caller) {
  return caller.role == auth::v1::EXPERT ? caller.subject : "";
}

// The JST a list is limited to for the caller ("" = none).
inline std::string JstFilterOf(const grpcutil::Caller& caller) {
  return caller.role == auth::v1::JST ? caller.jst : "";
}

}  // namespace jstedu::training
