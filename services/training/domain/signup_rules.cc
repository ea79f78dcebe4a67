#include "services/training/domain/signup_rules.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::training {

absl::Status SignupRules(const SignupModuleFacts& module,
                         const SignupRequest& request, absl::Time now) {
  std::vector<errors::Rule> rules;
  const std::string subject = absl::StrCat("modules/", module.module_id);
  if (!request.rostered || request.edition != module.edition) {
    rules.push_back({"NOT_ROSTERED",
                     absl::StrCat("participants/", request.participant_id),
                     "the participant is not on a roster of the module's "
                     "edition"});
  }
  if (request.shuttle && module.shuttle_seats == 0) {
    rules.push_back({"NO_SHUTTLE", subject, "the module has no shuttle"});
  }
  if (request.parking && module.parking_places == 0) {
    rules.push_back(
        {"NO_PARKING", subject, "the module has no parking places"});
  }
  if (now >= module.end) {
    rules.push_back({"MODULE_OVER", subject, "the module has ended"});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

bool IsLateSignup(const SignupModuleFacts& module, absl::Time now) {
  return module.signup_deadline.has_value() && now >= *module.signup_deadline;
}

std::string SeatFor(bool requested, bool late, int taken, int limit) {
  if (!requested) return kSeatNotRequested;
  if (late) return kSeatWaitlisted;
  return taken < limit ? kSeatConfirmed : kSeatWaitlisted;
}

absl::Status SignupDecidable(const std::string& signup_id,
                             std::string_view status, bool approve) {
  if (status == kSignupPendingApproval ||
      (!approve && status == kSignupApproved)) {
    return absl::OkStatus();
  }
  return errors::RulesNotMet(
      {{"SIGNUP_STATUS", absl::StrCat("signups/", signup_id),
        absl::StrCat(approve ? "only a sign-up pending approval can be "
                               "approved"
                             : "only a sign-up pending approval or approved "
                               "by the office can be refused",
                     "; this one is SIGNUP_", std::string(status))}});
}

}  // namespace jstedu::training
