#pragma once

// An application's status and the rules of its changes, as pure functions
// of the facts the store read under the application's (and edition's) row
// lock. Each returns exactly the error the store answers (FailedPrecondition
// with a google.rpc.PreconditionFailure naming the rule, or InvalidArgument
// naming the field); the store calls it inside the transaction.
//
//   SUBMITTED ──qualify──► QUALIFIED (a free place) or WAITLISTED (full)
//   WAITLISTED ──qualify / a place frees──► QUALIFIED
//   SUBMITTED, WAITLISTED ──reject──► REJECTED
//   any but WITHDRAWN ──withdraw──► WITHDRAWN
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/status/errors.h"

namespace jstedu::recruitment {

// The county workshop group, which a city with county rights may join.
inline constexpr int kCountyGroup = 3;

enum class ApplicationStatus {
  kSubmitted,
  kWaitlisted,
  kQualified,
  kRejected,
  kWithdrawn,
};

inline constexpr ApplicationStatus kAllApplicationStatuses[] = {
    ApplicationStatus::kSubmitted, ApplicationStatus::kWaitlisted,
    ApplicationStatus::kQualified, ApplicationStatus::kRejected,
    ApplicationStatus::kWithdrawn};

// "SUBMITTED" … (the proto enum's names, also stored in the database).
const char* ApplicationStatusName(ApplicationStatus status);
std::optional<ApplicationStatus> ApplicationStatusFromName(
    std::string_view name);

// The subject a rule of application `id` names: "applications/<id>".
std::string ApplicationSubject(const std::string& id);

// STATUS: only a SUBMITTED or WAITLISTED application is qualified.
absl::Status MayQualify(const std::string& id, ApplicationStatus status);

// STATUS: only a SUBMITTED or WAITLISTED application is rejected (a
// qualified JST withdraws).
absl::Status MayReject(const std::string& id, ApplicationStatus status);

// STATUS: a WITHDRAWN application is not withdrawn again.
absl::Status MayWithdraw(const std::string& id, ApplicationStatus status);

// APPLICATION_OPEN: the team of a REJECTED or WITHDRAWN application does
// not change (no participant added or imported).
absl::Status TeamMayChange(const std::string& id, ApplicationStatus status);

// InvalidArgument moveToCountyGroup: only a city with county rights moves
// to the county group.
absl::Status MayMoveToCountyGroup(bool move_to_county_group,
                                  bool city_with_county_rights);

// The counted, active representatives of an application.
struct TeamCounts {
  int active = 0;
  int undeclared = 0;  // of the active: no declaration recorded
};

// The qualification rules the team does not meet (empty: eligible):
// MIN_REPRESENTATIVES (fewer active than the edition's minimum) and
// DECLARATIONS_RECORDED (an active one without a declaration).
std::vector<errors::Rule> UnmetQualificationRules(const std::string& id,
                                                  const TeamCounts& team,
                                                  int min_representatives);

// The workshop group a qualified application joins: a move asked for now
// (the county group, 3) wins; else one asked for when it was waitlisted;
// else its JST's group in the registry.
int WorkshopGroupOnQualification(bool move_to_county_group, int requested_group,
                                 int registry_group);

}  // namespace jstedu::recruitment
