#pragma once

// The rules of a case's commands and timeline beyond the workflow's
// legality and guards (workflow.h), as pure functions: the facts come from
// the store, read under the case's row lock, and each answer is exactly
// the error the API documents. The store calls them in the same
// transaction (store/case_command_store.h, store/activity_store.h,
// store/case_lifecycle_store.h).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "services/advisory/domain/workflow.h"

namespace jstedu::advisory {

// The statuses of an action of the schedule (as stored).
inline constexpr char kActionPlanned[] = "PLANNED";
inline constexpr char kActionDone[] = "DONE";
inline constexpr char kActionDropped[] = "DROPPED";

// ABORTED when the record (`what`: "case <id>", "good practice <id>") is at
// another version than the command expects.
absl::Status CheckExpectedVersion(const std::string& what, int64_t actual,
                                  int64_t expected);

// Only the case's guardian approves its action schedule: PERMISSION_DENIED
// unless `caller_subject` is the guardian's subject ("" = no guardian).
absl::Status CheckGuardianApproves(const std::string& guardian_subject,
                                   const std::string& caller_subject);

// The plan the case adopted, if any.
struct AdoptedPlan {
  std::string adopted_on;
  std::string document_reference;
};

// A plan is adopted once: FAILED_PRECONDITION PLAN_ALREADY_ADOPTED.
absl::Status CheckPlanNotAdopted(const std::string& case_id,
                                 const std::optional<AdoptedPlan>& adopted);

// An action completed or dropped must be PLANNED: NOT_FOUND when the case
// has no such action (`status` nullopt), FAILED_PRECONDITION ACTION_CLOSED
// when it is DONE or DROPPED.
absl::Status CheckActionOpen(const std::string& action_id,
                             const std::optional<std::string>& status);

// An activity may be recorded unless the case was withdrawn
// (CASE_WITHDRAWN) or it is a second visit at the JST's office
// (`second_office_visit`: OFFICE_VISIT_RECORDED).
absl::Status CheckActivityAllowed(const std::string& case_id, Stage stage,
                                  bool second_office_visit);

// What a JstWithdrawn does to a case in `stage`.
enum class WithdrawalEffect {
  kClose,       // the case becomes WITHDRAWN (and CaseWithdrawn is published)
  kRecordOnly,  // COMPLETED: the adopted plan stands; a history row tells
  kNothing,     // already WITHDRAWN
};
WithdrawalEffect OnWithdrawal(Stage stage);

}  // namespace jstedu::advisory
