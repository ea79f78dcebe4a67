// The rules of a case's commands and timeline beyond the workflow table:
// versions, the guardian's approval, one plan, open actions, activities,
// withdrawals.
#include "services/advisory/domain/case_rules.h"

#include "common/status/errors.h"
#include "gtest/gtest.h"

namespace jstedu::advisory {
namespace {

TEST(CaseRules, AStaleVersionIsAborted) {
  EXPECT_TRUE(CheckExpectedVersion("case c1", 4, 4).ok());
  const absl::Status stale = CheckExpectedVersion("case c1", 5, 4);
  EXPECT_TRUE(absl::IsAborted(stale)) << stale;
  EXPECT_EQ(stale.message(),
            "case c1 is at version 5, not 4; read it again and retry");
}

TEST(CaseRules, OnlyTheGuardianApprovesTheSchedule) {
  EXPECT_TRUE(CheckGuardianApproves("edu-a", "edu-a").ok());
  for (const auto& [guardian, caller] :
       std::vector<std::pair<std::string, std::string>>{
           {"edu-a", "per-a"}, {"", "per-a"}, {"", ""}}) {
    const absl::Status refused = CheckGuardianApproves(guardian, caller);
    EXPECT_TRUE(absl::IsPermissionDenied(refused)) << guardian << caller;
    EXPECT_EQ(refused.message(),
              "only the case's guardian approves its action schedule");
  }
}

TEST(CaseRules, APlanIsAdoptedOnce) {
  EXPECT_TRUE(CheckPlanNotAdopted("c1", std::nullopt).ok());
  const absl::Status twice = CheckPlanNotAdopted(
      "c1", AdoptedPlan{"2026-02-28", "Uchwała nr XII/87/2026"});
  EXPECT_EQ(twice, errors::RulesNotMet(
                       {{"PLAN_ALREADY_ADOPTED", "cases/c1",
                         "the plan was adopted on 2026-02-28 (Uchwała nr "
                         "XII/87/2026)"}}));
}

TEST(CaseRules, OnlyAPlannedActionIsCompletedOrDropped) {
  EXPECT_TRUE(CheckActionOpen("a1", std::string(kActionPlanned)).ok());
  const absl::Status missing = CheckActionOpen("a1", std::nullopt);
  EXPECT_EQ(missing, errors::NotFoundResource("action", "a1",
                                              "the case has no action a1"));
  for (const char* closed : {kActionDone, kActionDropped}) {
    EXPECT_EQ(CheckActionOpen("a1", std::string(closed)),
              errors::RulesNotMet(
                  {{"ACTION_CLOSED", "actions/a1",
                    std::string("the action is already ") + closed}}));
  }
}

TEST(CaseRules, AWithdrawnCaseTakesNoActivityAndTheOfficeIsVisitedOnce) {
  for (Stage stage : kAllStages) {
    if (stage == Stage::kWithdrawn) continue;
    EXPECT_TRUE(CheckActivityAllowed("c1", stage, false).ok())
        << StageName(stage);
  }
  EXPECT_EQ(
      CheckActivityAllowed("c1", Stage::kWithdrawn, false),
      errors::RulesNotMet({{"CASE_WITHDRAWN", "cases/c1",
                            "the JST withdrew; its timeline is closed"}}));
  EXPECT_EQ(CheckActivityAllowed("c1", Stage::kRollout, true),
            errors::RulesNotMet(
                {{"OFFICE_VISIT_RECORDED", "cases/c1",
                  "the one-off visit at the JST's office is recorded"}}));
  // A withdrawn case is said as such first.
  EXPECT_EQ(CheckActivityAllowed("c1", Stage::kWithdrawn, true),
            CheckActivityAllowed("c1", Stage::kWithdrawn, false));
}

TEST(CaseRules, AWithdrawalClosesAnOpenCaseAndOnlyRecordsACompletedOne) {
  EXPECT_EQ(OnWithdrawal(Stage::kAreaChoice), WithdrawalEffect::kClose);
  EXPECT_EQ(OnWithdrawal(Stage::kNeedsDiagnosis), WithdrawalEffect::kClose);
  EXPECT_EQ(OnWithdrawal(Stage::kRollout), WithdrawalEffect::kClose);
  EXPECT_EQ(OnWithdrawal(Stage::kCompleted), WithdrawalEffect::kRecordOnly);
  EXPECT_EQ(OnWithdrawal(Stage::kWithdrawn), WithdrawalEffect::kNothing);
}

}  // namespace
}  // namespace jstedu::advisory
