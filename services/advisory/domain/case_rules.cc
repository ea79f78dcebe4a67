#include "services/advisory/domain/case_rules.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::advisory {

absl::Status CheckExpectedVersion(const std::string& what, int64_t actual,
                                  int64_t expected) {
  if (actual == expected) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(what, " is at version ", actual,
                                         ", not ", expected,
                                         "; read it again and retry"));
}

absl::Status CheckGuardianApproves(const std::string& guardian_subject,
                                   const std::string& caller_subject) {
  if (!guardian_subject.empty() && guardian_subject == caller_subject) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the case's guardian approves its action schedule");
}

absl::Status CheckPlanNotAdopted(const std::string& case_id,
                                 const std::optional<AdoptedPlan>& adopted) {
  if (!adopted) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"PLAN_ALREADY_ADOPTED", absl::StrCat("cases/", case_id),
        absl::StrCat("the plan was adopted on ", adopted->adopted_on, " (",
                     adopted->document_reference, ")")}});
}

absl::Status CheckActionOpen(const std::string& action_id,
                             const std::optional<std::string>& status) {
  if (!status) {
    return errors::NotFoundResource(
        "action", action_id,
        absl::StrCat("the case has no action ", action_id));
  }
  if (*status == kActionPlanned) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"ACTION_CLOSED", absl::StrCat("actions/", action_id),
        absl::StrCat("the action is already ", *status)}});
}

absl::Status CheckActivityAllowed(const std::string& case_id, Stage stage,
                                  bool second_office_visit) {
  const std::string subject = absl::StrCat("cases/", case_id);
  if (stage == Stage::kWithdrawn) {
    return errors::RulesNotMet({{"CASE_WITHDRAWN", subject,
                                 "the JST withdrew; its timeline is closed"}});
  }
  if (second_office_visit) {
    return errors::RulesNotMet(
        {{"OFFICE_VISIT_RECORDED", subject,
          "the one-off visit at the JST's office is recorded"}});
  }
  return absl::OkStatus();
}

WithdrawalEffect OnWithdrawal(Stage stage) {
  if (stage == Stage::kCompleted) return WithdrawalEffect::kRecordOnly;
  if (IsClosed(stage)) return WithdrawalEffect::kNothing;
  return WithdrawalEffect::kClose;
}

}  // namespace jstedu::advisory
