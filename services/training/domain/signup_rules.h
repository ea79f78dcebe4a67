#pragma once

// The rules of a module's logistics sign-ups, as pure functions: the store
// reads the module under its row lock (and the seats confirmed so far) and
// calls these in the same transaction.
//
// A sign-up is for a participant on a roster of the module's edition,
// asks for a shuttle or parking only where the module has them, and comes
// before the module ends. One at or after the sign-up deadline (exclusive)
// waits for the office; a seat (shuttle, parking) is confirmed while fewer
// than the module's are, else waitlisted.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace jstedu::training {

// Sign-up statuses and seat states as the database keeps them (the API's
// are "SIGNUP_" + and "SEAT_" + these).
inline constexpr char kSignupConfirmed[] = "CONFIRMED";
inline constexpr char kSignupPendingApproval[] = "PENDING_APPROVAL";
inline constexpr char kSignupApproved[] = "APPROVED";
inline constexpr char kSignupRefused[] = "REFUSED";
inline constexpr char kSeatNotRequested[] = "NOT_REQUESTED";
inline constexpr char kSeatConfirmed[] = "CONFIRMED";
inline constexpr char kSeatWaitlisted[] = "WAITLISTED";

// What the rules know of the module.
struct SignupModuleFacts {
  std::string module_id;
  std::string edition;
  int shuttle_seats = 0;
  int parking_places = 0;
  absl::Time end;
  std::optional<absl::Time> signup_deadline;
};

// What a participant asks for.
struct SignupRequest {
  std::string participant_id;
  bool rostered = false;  // on a workshop group's roster now
  std::string edition;    // the participant's
  bool shuttle = false;
  bool parking = false;
};

// FailedPrecondition naming each rule the request breaks: NOT_ROSTERED
// (subject participants/<id>), NO_SHUTTLE, NO_PARKING, MODULE_OVER
// (subject modules/<id>); OK when none.
absl::Status SignupRules(const SignupModuleFacts& module,
                         const SignupRequest& request, absl::Time now);

// A request at or after the deadline is late (waits for the office).
bool IsLateSignup(const SignupModuleFacts& module, absl::Time now);

// The seat a sign-up gets: NOT_REQUESTED unless `requested`; WAITLISTED
// when `late`; else CONFIRMED while `taken` < `limit`, WAITLISTED after.
std::string SeatFor(bool requested, bool late, int taken, int limit);

// Whether sign-up `signup_id` in `status` may be approved (`approve`) or
// refused: approving takes a sign-up pending approval, refusing one pending
// approval or approved by the office (a cancellation). FailedPrecondition
// SIGNUP_STATUS (subject signups/<id>) otherwise.
absl::Status SignupDecidable(const std::string& signup_id,
                             std::string_view status, bool approve);

}  // namespace jstedu::training
