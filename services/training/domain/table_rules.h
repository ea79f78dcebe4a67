#pragma once

// The rules of expert tables (docs/programme-parts.md, part 2), as pure
// functions: the store reads the facts under its locks and calls these in
// the same transaction.
//
//   - A slot lies within its module, and its expert is nowhere else then:
//     no other slot of the expert's, no session the expert trains.
//   - A booking is for an official on a roster of the module's edition, of
//     a slot not yet started and not full, once per official and slot, and
//     the official is nowhere else then: no other booking in force, no
//     session of the official's workshop group (or of all groups).
//   - A booking is cancelled once, before its slot starts.
//
// Thread-safety: pure functions.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace jstedu::training {

// Something that takes a person's time: "sessions/<id>",
// "table-slots/<id>" or "table-bookings/<id>", and when.
struct Busy {
  std::string name;
  absl::Time start;
  absl::Time end;
};

// Whether [a_start, a_end) and [b_start, b_end) share an instant.
bool Overlaps(absl::Time a_start, absl::Time a_end, absl::Time b_start,
              absl::Time b_end);

struct SlotFacts {
  std::string slot_id;  // its id, already made
  absl::Time start;
  absl::Time end;
  absl::Time module_start;
  absl::Time module_end;
  std::string expert;
  // The expert's other slots and the sessions the expert trains (any that
  // overlap the slot are named).
  std::vector<Busy> expert_busy;
};

// FailedPrecondition SLOT_OUTSIDE_MODULE (subject table-slots/<id>) and an
// EXPERT_BUSY for each of the expert's overlapping slots and sessions
// (subject "table-slots/<id>,<other>"); OK when none.
absl::Status SlotRules(const SlotFacts& facts);

struct BookingFacts {
  std::string slot_id;
  absl::Time slot_start;
  absl::Time slot_end;
  int capacity = 1;
  int booked = 0;  // bookings in force of the slot
  std::string module_edition;
  std::string participant_id;
  bool rostered = false;        // on a workshop group's roster now
  std::string edition;          // the participant's
  bool already_booked = false;  // a booking in force of this slot
  // The participant's other bookings in force and its group's sessions
  // (any that overlap the slot are named).
  std::vector<Busy> participant_busy;
};

// FailedPrecondition naming each rule booking breaks at `now`:
// NOT_ROSTERED (subject participants/<id>), SLOT_STARTED, SLOT_FULL,
// ALREADY_BOOKED (subject table-slots/<id>), PARTICIPANT_BUSY for each
// overlapping booking or session (subject "participants/<id>,<other>");
// OK when none.
absl::Status BookingRules(const BookingFacts& facts, absl::Time now);

// FailedPrecondition BOOKING_CANCELLED (already) or SLOT_STARTED (subject
// table-bookings/<id>); OK otherwise.
absl::Status CancelRules(const std::string& booking_id, bool cancelled,
                         absl::Time slot_start, absl::Time now);

}  // namespace jstedu::training
