#pragma once

// Expert tables during modules (migration 0009, docs/programme-parts.md
// part 2): a module's tables, their slots and the officials' bookings.
// The rules are domain/table_rules.h, decided here in the transaction that
// writes:
//   - a slot under its expert's advisory lock, the one a session of the
//     same person takes ("training.trainer:<subject>"), so a slot and a
//     session never both take one hour of one person;
//   - a booking under its participant's row lock, then its slot's row lock
//     (the order of stores.h), so a slot is never over-booked and a
//     participant never booked twice at once;
//   - a cancellation under the booking row's lock.
//
// `expert`: the subject who must be the table's expert for the change,
// PermissionDenied otherwise; "" when the caller may act on any table.
// `scope`: the participants the caller may act for (NotFound like an
// unknown one otherwise); empty for all.
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
using rows::PlaceScope;

// A slot to open (its shape checked by the service).
struct SlotInput {
  absl::Time start;
  absl::Time end;
  int capacity = 1;
};

class TableStore {
 public:
  explicit TableStore(pg::Pool& pool) : pool_(pool) {}

  // `table`'s topic, title, expert and room (checked by the service).
  // NotFound for an unknown module.
  absl::StatusOr<v1::ExpertTable> CreateTable(const std::string& module_id,
                                              const v1::ExpertTable& table,
                                              absl::Time now,
                                              const Actor& actor);
  // With their slots. NotFound for an unknown module.
  absl::StatusOr<std::vector<v1::ExpertTable>> ListTables(
      const std::string& module_id);
  // FailedPrecondition SLOT_OUTSIDE_MODULE, EXPERT_BUSY.
  absl::StatusOr<v1::TableSlot> CreateSlot(const std::string& table_id,
                                           const SlotInput& slot,
                                           const std::string& expert,
                                           absl::Time now, const Actor& actor);
  // FailedPrecondition NOT_ROSTERED, SLOT_STARTED, SLOT_FULL,
  // ALREADY_BOOKED, PARTICIPANT_BUSY.
  absl::StatusOr<v1::TableBooking> Book(const std::string& slot_id,
                                        const std::string& participant_id,
                                        const PlaceScope& scope, absl::Time now,
                                        const Actor& actor);
  // FailedPrecondition BOOKING_CANCELLED, SLOT_STARTED; NotFound for a
  // booking unknown or of a participant outside `scope`.
  absl::StatusOr<v1::TableBooking> Cancel(const std::string& booking_id,
                                          const PlaceScope& scope,
                                          absl::Time now, const Actor& actor);
  // Of `voivodeship` and `teryt` ("" any). NotFound for an unknown table.
  absl::StatusOr<std::vector<v1::TableBooking>> ListBookings(
      const std::string& table_id, bool include_cancelled,
      const std::string& expert, const std::string& voivodeship,
      const std::string& teryt);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
