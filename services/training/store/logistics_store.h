#pragma once

// Logistics of a module (migration 0002): participants' sign-ups for
// accommodation, the shuttle and parking, the office's decisions on late
// ones, and the rooming and shuttle lists made from them.
//
// Each method is one transaction. Seats (shuttle, parking) are counted
// under the module row's lock (FOR UPDATE), so no two sign-ups take the
// last one.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/store/rows/participant.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

using rows::Actor;
using rows::ParticipantPlace;
using rows::PlaceScope;

class LogisticsStore {
 public:
  explicit LogisticsStore(pg::Pool& pool) : pool_(pool) {}

  // NotFound for a participant unknown or outside `scope`, and for an
  // unknown module; FailedPrecondition NOT_ROSTERED, NO_SHUTTLE, NO_PARKING,
  // MODULE_OVER;
  // AlreadyExists for a second sign-up in force. A request at or after the
  // module's sign-up deadline waits for the office (PENDING_APPROVAL).
  absl::StatusOr<v1::Signup> CreateSignup(const std::string& module_id,
                                          const std::string& participant_id,
                                          const PlaceScope& scope,
                                          bool accommodation, bool shuttle,
                                          bool parking, absl::Time now,
                                          const Actor& actor);
  // `status`, `voivodeship`, `teryt`: "" = any.
  absl::StatusOr<std::vector<v1::Signup>> ListSignups(
      const std::string& module_id, const std::string& status,
      const std::string& voivodeship, const std::string& teryt);
  // FailedPrecondition SIGNUP_STATUS when the sign-up cannot be decided so.
  absl::StatusOr<v1::Signup> DecideSignup(const std::string& id, bool approve,
                                          const std::string& reason,
                                          const Actor& actor);
  absl::StatusOr<v1::RoomingList> RoomingList(const std::string& module_id);
  absl::StatusOr<v1::ShuttleList> ShuttleList(const std::string& module_id);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
